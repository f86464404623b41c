"""Writes of the DX duties registry: duties (systems and tasks) and their primary and backup holders.
Nothing is deleted: a duty that is no longer needed gets an end date, a holder who stops gets one too."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from jinzai.core.access import ensure_can
from jinzai.core.audit import audit
from jinzai.core.dates import format_date

from .. import facts as fact_sources
from ..models import Duty, DutyHolder
from . import _set

DUTY_FIELDS = (
    "name",
    "kind",
    "category",
    "weight",
    "unit",
    "description",
    "outsourced",
    "contractor",
    "security_checked_on",
    "skill_keys",
    "started_on",
    "ended_on",
    "sort_order",
)


def _check_duty(organisation, values: dict[str, Any]) -> None:
    errors = []
    if not (values.get("name") or "").strip():
        errors.append("業務の名称を入力してください。")
    weight = values.get("weight")
    if not isinstance(weight, int) or not 1 <= weight <= 10:
        errors.append("重みは1〜10の整数で入力してください（手間や影響が大きいほど大きく）。")
    unit = values.get("unit")
    if unit is not None and unit.organisation_id != organisation.pk:
        errors.append("担当する所属は一覧から選んでください。")
    if values.get("kind") not in Duty.Kind.values:
        errors.append("種類（システム・業務）を選んでください。")
    if values.get("category") not in Duty.Category.values:
        errors.append("分類を選んでください。")
    if values.get("outsourced") and not (values.get("contractor") or "").strip():
        errors.append("委託しているときは委託先を入力してください。")
    started, ended = values.get("started_on"), values.get("ended_on")
    if started is None:
        errors.append("登録日を入力してください。")
    elif ended is not None and ended < started:
        errors.append("廃止日は登録日以後の日付にしてください。")
    for key in values.get("skill_keys") or []:
        if fact_sources.parse_key(key) is None:
            errors.append("必要なスキル・資格は一覧から選んでください。")
            break
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def duty_create(*, actor: Any, **values: Any) -> Duty:
    ensure_can(actor, "talent.duty_manage")
    organisation = actor.organisation
    values.setdefault("kind", Duty.Kind.SYSTEM)
    values.setdefault("category", Duty.Category.OTHER)
    values.setdefault("skill_keys", [])
    _check_duty(organisation, values)
    if values.get("sort_order") is None:
        values["sort_order"] = (
            Duty.objects.filter(organisation=organisation).aggregate(m=Max("sort_order"))["m"] or 0
        ) + 10
    values["name"] = values["name"].strip()
    duty = Duty.objects.create(
        organisation=organisation, **{k: v for k, v in values.items() if k in DUTY_FIELDS}
    )
    audit(
        actor,
        "duty.create",
        duty,
        changed=[k for k in DUTY_FIELDS if values.get(k) not in (None, "", [], False)],
    )
    return duty


@transaction.atomic
def duty_update(*, actor: Any, duty: Duty, **values: Any) -> Duty:
    ensure_can(actor, "talent.duty_manage", duty)
    merged = {k: values.get(k, getattr(duty, k)) for k in DUTY_FIELDS}
    _check_duty(duty.organisation, merged)
    if "name" in values:
        values["name"] = values["name"].strip()
    changed = _set(duty, values, DUTY_FIELDS)
    if changed:
        duty.save(update_fields=changed)
        audit(actor, "duty.update", duty, changed=changed)
    return duty


@transaction.atomic
def duty_holder_add(
    *,
    actor: Any,
    duty: Duty,
    staff,
    role: str = DutyHolder.Role.BACKUP,
    proficiency: int = DutyHolder.Proficiency.LEARNING,
    started_on: date,
    note: str = "",
) -> DutyHolder:
    """A person starts holding a duty (as primary or backup)."""
    ensure_can(actor, "talent.duty_manage", duty)
    if staff.organisation_id != duty.organisation_id:
        raise ValidationError("担当者は同じ団体の職員から選んでください。")
    if staff.retired_on is not None:
        raise ValidationError(f"{staff.name}さんは退職しています。")
    if role not in DutyHolder.Role.values:
        raise ValidationError("役割（主担当・副担当）を選んでください。")
    if proficiency not in DutyHolder.Proficiency.values:
        raise ValidationError("習熟の程度を選んでください。")
    if started_on is None:
        raise ValidationError("開始日を入力してください。")
    if not duty.is_active_on(started_on):
        raise ValidationError(
            f"「{duty.name}」はこの日に登録されていません（廃止済みか、登録日より前です）。"
        )
    if DutyHolder.objects.filter(duty=duty, staff=staff, ended_on__isnull=True).exists():
        raise ValidationError(f"{staff.name}さんは、すでに「{duty.name}」の担当です。")
    holder = DutyHolder.objects.create(
        organisation=duty.organisation,
        duty=duty,
        staff=staff,
        role=role,
        proficiency=proficiency,
        started_on=started_on,
        note=(note or "")[:200],
    )
    audit(actor, "duty_holder.create", holder, changed=["duty", "staff", "role", "proficiency", "started_on"])
    return holder


@transaction.atomic
def duty_holder_end(*, actor: Any, holder: DutyHolder, ended_on: date) -> DutyHolder:
    ensure_can(actor, "talent.duty_manage", holder)
    holder = DutyHolder.objects.select_for_update().get(pk=holder.pk)
    if holder.ended_on is not None:
        raise ValidationError(f"この担当は {format_date(holder.ended_on)} に終わっています。")
    if ended_on is None or ended_on < holder.started_on:
        raise ValidationError(f"終了日は開始日（{format_date(holder.started_on)}）以後の日付にしてください。")
    holder.ended_on = ended_on
    holder.save(update_fields=["ended_on"])
    audit(actor, "duty_holder.end", holder, changed=["ended_on"])
    return holder
