"""Level criteria: conditions on confirmed skill levels that suggest an organisation's maturity level."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from jinzai.core.access import ensure_can
from jinzai.core.audit import audit
from jinzai.people.models import EmploymentType

from ..models import Item, LevelCriterion

FIELDS = ("talent_type", "level", "min_level", "min_share", "employment_types", "designated_only", "note")


def _check(organisation, values: dict, items: list[Item]) -> None:
    if values["talent_type"].organisation_id != organisation.pk:
        raise ValidationError("人材像は同じ団体のものから選んでください。")
    if not 1 <= int(values["level"]) <= 5:
        raise ValidationError("育成目標レベルは1〜5で選んでください。")
    if not items:
        raise ValidationError("スキル項目を1つ以上選んでください。")
    frameworks = {i.framework_id for i in items}
    if any(i.organisation_id != organisation.pk for i in items) or len(frameworks) != 1:
        raise ValidationError("スキル項目は、同じスキルマップの中から選んでください。")
    top = items[0].framework.level_count
    if not 1 <= int(values["min_level"]) <= top:
        raise ValidationError(f"必要なスキルレベルは1〜{top}で選んでください。")
    share = Decimal(values["min_share"])
    if not Decimal(0) < share <= Decimal(100):
        raise ValidationError("必要な割合は0より大きく100以下の数で入力してください。")
    if any(e not in EmploymentType.values for e in values.get("employment_types") or []):
        raise ValidationError("任用形態は一覧から選んでください。")


@transaction.atomic
def criterion_create(*, actor: Any, items: list[Item], **values: Any) -> LevelCriterion:
    ensure_can(actor, "skills.framework_manage")
    _check(actor.organisation, values, items)
    criterion = LevelCriterion.objects.create(
        organisation=actor.organisation, **{k: v for k, v in values.items() if k in FIELDS}
    )
    criterion.items.set(items)
    audit(actor, "skill_criterion.create", criterion, changed=[*FIELDS, "items"])
    return criterion


@transaction.atomic
def criterion_update(
    *, actor: Any, criterion: LevelCriterion, items: list[Item], **values: Any
) -> LevelCriterion:
    ensure_can(actor, "skills.framework_manage", criterion)
    _check(actor.organisation, values, items)
    changed = []
    for key in FIELDS:
        if key in values and getattr(criterion, key) != values[key]:
            setattr(criterion, key, values[key])
            changed.append(key)
    criterion.save()
    if {i.pk for i in items} != set(criterion.items.values_list("pk", flat=True)):
        criterion.items.set(items)
        changed.append("items")
    if changed:
        audit(actor, "skill_criterion.update", criterion, changed=changed)
    return criterion


@transaction.atomic
def criterion_delete(*, actor: Any, criterion: LevelCriterion) -> None:
    """A criterion is a setting, not a record: deleting it is fine (and audited)."""
    ensure_can(actor, "skills.framework_manage", criterion)
    audit(actor, "skill_criterion.delete", criterion, detail={"level": criterion.level})
    criterion.delete()
