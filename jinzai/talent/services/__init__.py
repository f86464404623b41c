"""Writes of the talent app: talent types, sub-roles and designations. Every write is audited.

Types and sub-roles are never deleted (designations and plans refer to them); they are retired.
Designations are never overwritten in a way that loses history: ending one sets `ended_on`.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from jinzai.core import hooks
from jinzai.core.access import ensure_can
from jinzai.core.audit import audit, audit_many, build_event
from jinzai.core.bulk import insert_and_fetch, update_rows
from jinzai.core.dates import format_date
from jinzai.people.models import Staff

from ..models import Designation, SubRole, TalentType

TYPE_FIELDS = ("name", "description", "sort_order")
SUB_ROLE_FIELDS = ("name", "description", "sort_order", "is_active")
DESIGNATION_EDIT_FIELDS = ("method", "duties", "note")


def _set(obj: Any, values: dict[str, Any], allowed: tuple[str, ...]) -> list[str]:
    changed = []
    for key, value in values.items():
        if key not in allowed:
            raise ValueError(f"{key} cannot be changed here")
        if getattr(obj, key) != value:
            setattr(obj, key, value)
            changed.append(key)
    return changed


def _clean_name(name: str) -> str:
    """A name as typed (全角カッコ stay 全角), without surrounding or repeated whitespace."""
    name = re.sub(r"\s+", " ", name or "").strip()
    if not name:
        raise ValidationError("名称を入力してください。")
    return name


# --- talent types -------------------------------------------------------------------------------


def _check_type_name(organisation, name: str, exclude_pk: int | None = None) -> None:
    """Names must differ even when compared width-insensitively (imports match names that way)."""
    from jinzai.core.importing import name_key

    qs = TalentType.objects.filter(organisation=organisation)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    if any(name_key(other) == name_key(name) for other in qs.values_list("name", flat=True)):
        raise ValidationError(f"人材像「{name}」はすでにあります。別の名称にしてください。")


@transaction.atomic
def talent_type_create(
    *,
    actor: Any,
    name: str,
    description: str = "",
    parent: TalentType | None = None,
    sort_order: int | None = None,
) -> TalentType:
    """Add a type, optionally as a tier under a top-level type (e.g. ゴールド/シルバー/ブロンズ)."""
    ensure_can(actor, "talent.type_manage")
    organisation = actor.organisation
    name = _clean_name(name)
    if parent is not None:
        if parent.organisation_id != organisation.pk:
            raise ValidationError("上位の人材像は同じ団体のものから選んでください。")
        if parent.parent_id is not None:
            raise ValidationError("階層は1段までです。上位には、階層でない人材像を選んでください。")
        if not parent.is_active:
            raise ValidationError("使用をやめた人材像の下には追加できません。")
    _check_type_name(organisation, name)
    if sort_order is None:
        siblings = TalentType.objects.filter(organisation=organisation, parent=parent)
        sort_order = (siblings.aggregate(m=Max("sort_order"))["m"] or 0) + 10
    talent_type = TalentType.objects.create(
        organisation=organisation,
        kind=TalentType.Kind.CUSTOM,
        name=name,
        description=description,
        parent=parent,
        sort_order=sort_order,
    )
    audit(
        actor,
        "talent_type.create",
        talent_type,
        changed=["name", "description", "sort_order"] + (["parent"] if parent else []),
    )
    hooks.TALENT_TYPE_CREATED.run(talent_type)
    return talent_type


@transaction.atomic
def talent_type_update(*, actor: Any, talent_type: TalentType, **values: Any) -> TalentType:
    """Rename, describe or reorder a type (retiring has its own service)."""
    ensure_can(actor, "talent.type_manage", talent_type)
    if "name" in values:
        values["name"] = _clean_name(values["name"])
        _check_type_name(talent_type.organisation, values["name"], exclude_pk=talent_type.pk)
    changed = _set(talent_type, values, TYPE_FIELDS)
    if changed:
        talent_type.save(update_fields=changed)
        audit(actor, "talent_type.update", talent_type, changed=changed)
    return talent_type


@transaction.atomic
def talent_type_retire(*, actor: Any, talent_type: TalentType, retired_on: date) -> int:
    """Stop using a type from `retired_on`. Designations stay as they are; returns how many are active."""
    from ..selectors import active_count_of_type

    ensure_can(actor, "talent.type_manage", talent_type)
    if retired_on is None:
        raise ValidationError("使用をやめる日を入力してください。")
    if talent_type.is_active is False and talent_type.retired_on == retired_on:
        return active_count_of_type(talent_type)
    talent_type.is_active, talent_type.retired_on = False, retired_on
    talent_type.save(update_fields=["is_active", "retired_on"])
    active = active_count_of_type(talent_type)
    audit(
        actor,
        "talent_type.retire",
        talent_type,
        changed=["is_active", "retired_on"],
        detail={"retired_on": retired_on.isoformat(), "active_designations": active},
    )
    return active


@transaction.atomic
def talent_type_reactivate(*, actor: Any, talent_type: TalentType) -> TalentType:
    ensure_can(actor, "talent.type_manage", talent_type)
    if talent_type.is_active:
        return talent_type
    talent_type.is_active, talent_type.retired_on = True, None
    talent_type.save(update_fields=["is_active", "retired_on"])
    audit(actor, "talent_type.reactivate", talent_type, changed=["is_active", "retired_on"])
    return talent_type


# --- sub-roles ----------------------------------------------------------------------------------


def _check_sub_role_name(talent_type: TalentType, name: str, exclude_pk: int | None = None) -> None:
    from jinzai.core.importing import name_key

    qs = SubRole.objects.filter(talent_type=talent_type)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    if any(name_key(other) == name_key(name) for other in qs.values_list("name", flat=True)):
        raise ValidationError(f"「{talent_type.name}」には区分「{name}」がすでにあります。")


@transaction.atomic
def sub_role_create(
    *, actor: Any, talent_type: TalentType, name: str, description: str = "", sort_order: int | None = None
) -> SubRole:
    ensure_can(actor, "talent.type_manage", talent_type)
    name = _clean_name(name)
    _check_sub_role_name(talent_type, name)
    if sort_order is None:
        sort_order = (talent_type.sub_roles.aggregate(m=Max("sort_order"))["m"] or 0) + 10
    sub_role = SubRole.objects.create(
        organisation=talent_type.organisation,
        talent_type=talent_type,
        name=name,
        description=description,
        sort_order=sort_order,
    )
    audit(actor, "sub_role.create", sub_role, changed=["name", "description", "sort_order"])
    return sub_role


@transaction.atomic
def sub_role_update(*, actor: Any, sub_role: SubRole, **values: Any) -> SubRole:
    """Rename, describe, reorder, retire (is_active=False) or reactivate a sub-role."""
    ensure_can(actor, "talent.type_manage", sub_role)
    if "name" in values:
        values["name"] = _clean_name(values["name"])
        _check_sub_role_name(sub_role.talent_type, values["name"], exclude_pk=sub_role.pk)
    changed = _set(sub_role, values, SUB_ROLE_FIELDS)
    if changed:
        sub_role.save(update_fields=changed)
        action = "sub_role.update"
        if changed == ["is_active"]:
            action = "sub_role.reactivate" if sub_role.is_active else "sub_role.retire"
        audit(actor, action, sub_role, changed=changed)
    return sub_role


# --- designations -------------------------------------------------------------------------------


def _period(start: date, end: date | None) -> str:
    return f"{format_date(start)}〜{format_date(end) if end else ''}"


def role_label(talent_type: TalentType, sub_role: SubRole | None) -> str:
    return f"{talent_type.name}（{sub_role.name}）" if sub_role else talent_type.name


def overlapping(
    staff_id: int,
    talent_type_id: int,
    sub_role_id: int | None,
    start: date,
    end: date | None,
    exclude_pk: int | None = None,
):
    """Designations of the same person, type and sub-role whose period meets [start, end]."""
    qs = Designation.objects.filter(staff_id=staff_id, talent_type_id=talent_type_id, sub_role_id=sub_role_id)
    qs = qs.exclude(ended_on__lt=start)
    if end is not None:
        qs = qs.filter(started_on__lte=end)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs


def check_designation(
    *,
    organisation,
    staff: Staff,
    talent_type: TalentType,
    sub_role: SubRole | None,
    started_on: date,
    ended_on: date | None,
) -> None:
    """The rules of a new designation; raises ValidationError with a message per broken rule."""
    if staff.organisation_id != organisation.pk or talent_type.organisation_id != organisation.pk:
        raise ValidationError("職員と人材像は同じ団体のものから選んでください。")
    if sub_role is not None and sub_role.talent_type_id != talent_type.pk:
        raise ValidationError(f"区分「{sub_role.name}」は人材像「{talent_type.name}」の区分ではありません。")
    errors = []
    if staff.retired_on is not None:
        errors.append(
            f"{staff.name}さんは退職しています（退職日 {format_date(staff.retired_on)}）。退職した職員は新しく指定できません。"
        )
    if not talent_type.is_active:
        errors.append(f"人材像「{talent_type.name}」は使用をやめています。使用中の人材像を選んでください。")
    if sub_role is not None and not sub_role.is_active:
        errors.append(f"区分「{sub_role.name}」は使用をやめています。使用中の区分を選んでください。")
    if started_on is None:
        errors.append("開始日を入力してください。")
    elif ended_on is not None and ended_on < started_on:
        errors.append("終了日は開始日以後の日付にしてください。")
    if errors:
        raise ValidationError(errors)
    clash = overlapping(
        staff.pk, talent_type.pk, sub_role.pk if sub_role else None, started_on, ended_on
    ).first()
    if clash is not None:
        raise ValidationError(
            f"{staff.name}さんは、{_period(clash.started_on, clash.ended_on)}の期間、すでに"
            f"「{role_label(talent_type, sub_role)}」に指定されています。"
            "同じ人材像・区分の指定は期間が重ならないようにしてください（続けるときは今の指定を終了してから）。"
        )


@transaction.atomic
def designation_create(
    *,
    actor: Any,
    staff: Staff,
    talent_type: TalentType,
    sub_role: SubRole | None = None,
    method: str = Designation.Method.NOMINATED,
    duties: str = "",
    started_on: date,
    ended_on: date | None = None,
    note: str = "",
    source: str = Designation.Source.MANUAL,
) -> Designation:
    ensure_can(actor, "talent.designation_manage", staff)
    organisation = actor.organisation
    if method not in Designation.Method.values:
        raise ValidationError("指定の方法を選んでください。")
    # One designation at a time per person: the overlap check below cannot race with another request.
    staff = Staff.objects.select_for_update().get(pk=staff.pk)
    check_designation(
        organisation=organisation,
        staff=staff,
        talent_type=talent_type,
        sub_role=sub_role,
        started_on=started_on,
        ended_on=ended_on,
    )
    designation = Designation.objects.create(
        organisation=organisation,
        staff=staff,
        talent_type=talent_type,
        sub_role=sub_role,
        method=method,
        duties=duties,
        started_on=started_on,
        ended_on=ended_on,
        note=note,
        source=source,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    changed = ["staff", "talent_type", "method", "started_on"]
    changed += [
        k
        for k, v in (("sub_role", sub_role), ("duties", duties), ("ended_on", ended_on), ("note", note))
        if v
    ]
    audit(actor, "designation.create", designation, changed=changed)
    return designation


@transaction.atomic
def designation_update(*, actor: Any, designation: Designation, **values: Any) -> Designation:
    """Edit the method, 事務分掌 or note of a designation that has not ended."""
    from ..selectors import is_current

    ensure_can(actor, "talent.designation_manage", designation)
    if not is_current(designation):
        raise ValidationError("終了した指定は変更できません（履歴として残します）。")
    if "method" in values and values["method"] not in Designation.Method.values:
        raise ValidationError("指定の方法を選んでください。")
    changed = _set(designation, values, DESIGNATION_EDIT_FIELDS)
    if changed:
        designation.save(update_fields=changed)
        audit(actor, "designation.update", designation, changed=changed)
    return designation


@transaction.atomic
def designation_end(*, actor: Any, designation: Designation, ended_on: date, reason: str = "") -> Designation:
    """End a designation on `ended_on` (its last day). The row stays as history.

    A designation with a planned end date that has not passed yet may be ended on another day.
    """
    from ..selectors import is_current

    ensure_can(actor, "talent.designation_manage", designation)
    designation = Designation.objects.select_for_update().get(pk=designation.pk)
    if not is_current(designation):
        raise ValidationError(f"この指定は {format_date(designation.ended_on)} に終了しています。")
    if ended_on is None:
        raise ValidationError("終了日を入力してください。")
    if ended_on < designation.started_on:
        raise ValidationError(
            f"終了日は開始日（{format_date(designation.started_on)}）以後の日付にしてください。"
        )
    clash = overlapping(
        designation.staff_id,
        designation.talent_type_id,
        designation.sub_role_id,
        designation.started_on,
        ended_on,
        exclude_pk=designation.pk,
    ).first()
    if clash is not None:
        raise ValidationError(
            f"{format_date(clash.started_on)}から始まる同じ人材像・区分の指定と期間が重なります。"
            "終了日をそれより前にしてください。"
        )
    designation.ended_on, designation.end_reason = ended_on, reason[:200]
    designation.save(update_fields=["ended_on", "end_reason"])
    audit(
        actor,
        "designation.end",
        designation,
        changed=["ended_on"] + (["end_reason"] if reason else []),
        detail={"ended_on": ended_on.isoformat()},
    )
    return designation


# --- import: the write step of talent.importing.DesignationImporter (core/importing.py runs it) -----


def designation_import_apply(*, actor: Any, plan: Any) -> dict:
    """Create the new designations and update the changed ones (inside the commit's transaction), on the
    write path of every import (core.bulk): one INSERT and one UPDATE per batch, the audit rows in one."""
    organisation = plan.organisation
    created_by = actor.pk if getattr(actor, "pk", None) else None
    rows = [
        {
            "organisation_id": organisation.pk,
            "staff_id": d.staff_id,
            "talent_type_id": d.talent_type_id,
            "sub_role_id": d.sub_role_id,
            "method": d.method,
            "duties": d.duties,
            "started_on": d.started_on,
            "ended_on": d.ended_on,
            "end_reason": d.end_reason,
            "note": d.note,
            "source": Designation.Source.IMPORT,
            "created_by_id": created_by,
        }
        for d in (row.data for row in plan.rows_of("add"))
    ]
    created = insert_and_fetch(
        Designation,
        rows,
        key=("staff_id", "talent_type_id", "sub_role_id", "started_on"),
        scope={"organisation_id": organisation.pk},
        related=("staff", "talent_type", "sub_role"),
    )
    events = [build_event(actor, "designation.create", d, changed=["import"]) for d in created]
    updates = {row.data.existing_id: row for row in plan.rows_of("update")}
    fields = ["method", "duties", "ended_on", "end_reason", "note"]
    changed_objs = []
    current = Designation.objects.select_for_update().select_related("staff", "talent_type", "sub_role")
    for designation in current.filter(pk__in=list(updates)):
        d = updates[designation.pk].data
        changed = [f for f in fields if getattr(designation, f) != getattr(d, f)]
        for f in changed:
            setattr(designation, f, getattr(d, f))
        changed_objs.append(designation)
        events.append(build_event(actor, "designation.update", designation, changed=["import", *changed]))
    update_rows(Designation, changed_objs, fields)
    audit_many(events)
    return {}
