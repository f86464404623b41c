"""Writes to maturity levels (育成目標レベル) and level assessments (現状レベル評価)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from jinzai.core.access import ensure_can
from jinzai.core.audit import audit
from jinzai.core.dates import fiscal_year_of
from jinzai.core.models import Membership
from jinzai.core.services import today
from jinzai.talent.models import TalentType

from ..models import LevelAssessment, MaturityLevel

LEVEL_RANGE = range(1, 6)
NAME_MAX = MaturityLevel._meta.get_field("name").max_length
EARLIEST_FY = 2000


def _clean_levels(values: dict[int, dict[str, str]]) -> dict[int, dict[str, str]]:
    errors: list[str] = []
    cleaned: dict[int, dict[str, str]] = {}
    for level in LEVEL_RANGE:
        row = values.get(level) or {}
        name = (row.get("name") or "").strip()
        description = (row.get("description") or "").strip()
        if not name:
            errors.append(f"レベル{level}の名称を入力してください。")
        elif len(name) > NAME_MAX:
            errors.append(
                f"レベル{level}の名称は{NAME_MAX}文字以内にしてください（今は{len(name)}文字です）。"
            )
        if not description:
            errors.append(f"レベル{level}の状態の説明を入力してください。")
        cleaned[level] = {"name": name, "description": description}
    names = [v["name"] for v in cleaned.values() if v["name"]]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    for name in duplicates:
        errors.append(f"名称「{name}」が複数のレベルで使われています。レベルごとに違う名称にしてください。")
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def maturity_level_update(
    *, actor: Any, talent_type: TalentType, levels: dict[int, dict[str, str]]
) -> list[MaturityLevel]:
    """Save the five levels (name and description) of one talent type. Missing rows are created."""
    ensure_can(actor, "planning.level_manage", talent_type)
    cleaned = _clean_levels(levels)
    existing = {m.level: m for m in MaturityLevel.objects.filter(talent_type=talent_type)}
    result = []
    for level, values in cleaned.items():
        row = existing.get(level)
        if row is None:
            row = MaturityLevel.objects.create(
                organisation=talent_type.organisation, talent_type=talent_type, level=level, **values
            )
            audit(actor, "maturity_level.create", row, changed=["name", "description"])
        else:
            changed = [k for k, v in values.items() if getattr(row, k) != v]
            if changed:
                for k in changed:
                    setattr(row, k, values[k])
                row.save(update_fields=changed)
                audit(actor, "maturity_level.update", row, changed=changed)
        result.append(row)
    return result


@transaction.atomic
def level_assessment_create(
    *,
    actor: Any,
    talent_type: TalentType,
    fiscal_year: int,
    level: int,
    assessed_on: date,
    evidence: str = "",
    assessor: str = "",
) -> LevelAssessment:
    """Record the assessed current level of a talent type. Earlier records stay (history)."""
    ensure_can(actor, "planning.level_manage", talent_type)
    errors: list[str] = []
    if not talent_type.is_active:
        errors.append(f"人材像「{talent_type.name}」は使用をやめています。使用中の人材像を選んでください。")
    if level not in LEVEL_RANGE:
        errors.append("レベルは1から5の中から選んでください。")
    latest_fy = fiscal_year_of(today())  # a year that has begun
    if not EARLIEST_FY <= fiscal_year <= latest_fy:
        errors.append(f"年度は{EARLIEST_FY}年度から{latest_fy}年度までの中から選んでください。")
    if assessed_on is None:
        errors.append("評価日を入力してください。")
    elif assessed_on > today():
        errors.append("評価日に未来の日付は入れられません。評価した日を入力してください。")
    if errors:
        raise ValidationError(errors)
    record = LevelAssessment.objects.create(
        organisation=talent_type.organisation,
        talent_type=talent_type,
        fiscal_year=fiscal_year,
        level=level,
        evidence=evidence.strip(),
        assessor=assessor.strip(),
        assessed_on=assessed_on,
        created_by=actor if isinstance(actor, Membership) else None,
    )
    audit(
        actor,
        "level_assessment.create",
        record,
        changed=["talent_type", "fiscal_year", "level", "evidence", "assessor", "assessed_on"],
    )
    return record
