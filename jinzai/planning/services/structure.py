"""Writes to the structure (実施体制): bodies, their members and meeting records."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from jinzai.core.access import ensure_can
from jinzai.core.audit import audit

from ..models import Body, BodyMember, Meeting

BODY_FIELDS = ("name", "kind", "parent", "purpose")
# A body sits below a body of a higher rank: 本部 → 委員会 → 作業部会.
RANK = {Body.Kind.HQ: 0, Body.Kind.COMMITTEE: 1, Body.Kind.WORKING_GROUP: 2}


def _check_body(body: Body) -> None:
    errors = []
    if not body.name.strip():
        errors.append("組織の名称を入力してください。")
    if body.kind not in RANK:
        errors.append("種類を「本部」「委員会」「作業部会」から選んでください。")
    parent = body.parent
    if parent is not None and body.kind in RANK:
        if parent.organisation_id != body.organisation_id:
            errors.append("上位の組織は同じ団体の組織から選んでください。")
        elif parent.pk == body.pk:
            errors.append("上位の組織に自分自身は選べません。")
        elif RANK[parent.kind] >= RANK[body.kind]:
            errors.append(
                f"{body.get_kind_display()}の上位に{parent.get_kind_display()}（{parent.name}）は置けません。"
                "上位には、本部 → 委員会 → 作業部会の順で上にある組織を選んでください。"
            )
    if body.pk and body.kind in RANK:
        for child in Body.objects.filter(parent=body):
            if RANK[child.kind] <= RANK[body.kind]:
                errors.append(
                    f"下に「{child.name}」（{child.get_kind_display()}）があるため、"
                    f"種類を{body.get_kind_display()}にはできません。"
                )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def body_create(*, actor: Any, name: str, kind: str, parent: Body | None = None, purpose: str = "") -> Body:
    ensure_can(actor, "planning.structure_edit")
    organisation = actor.organisation
    body = Body(
        organisation=organisation, name=name.strip(), kind=kind, parent=parent, purpose=purpose.strip()
    )
    _check_body(body)
    body.sort_order = (
        Body.objects.filter(organisation=organisation).aggregate(m=Max("sort_order"))["m"] or 0
    ) + 10
    body.save()
    audit(actor, "body.create", body, changed=list(BODY_FIELDS))
    return body


@transaction.atomic
def body_update(
    *, actor: Any, body: Body, name: str, kind: str, parent: Body | None = None, purpose: str = ""
) -> Body:
    ensure_can(actor, "planning.structure_edit", body)
    values = {"name": name.strip(), "kind": kind, "parent": parent, "purpose": purpose.strip()}
    changed = [k for k, v in values.items() if getattr(body, k) != v]
    if not changed:
        return body
    before = {k: getattr(body, k) for k in changed}
    for k in changed:
        setattr(body, k, values[k])
    try:
        _check_body(body)
    except ValidationError:
        for k, v in before.items():  # leave the caller's instance as stored
            setattr(body, k, v)
        raise
    body.save(update_fields=changed)
    audit(actor, "body.update", body, changed=changed)
    return body


@transaction.atomic
def body_member_add(*, actor: Any, body: Body, role: str, staff: Any = None, name: str = "") -> BodyMember:
    """Add a member: a staff record of the same organisation, or a free-text name for an outsider."""
    ensure_can(actor, "planning.structure_edit", body)
    errors = []
    name = name.strip()
    if role not in BodyMember.Role.values:
        errors.append("役割を一覧から選んでください。")
    if staff is not None:
        if staff.organisation_id != body.organisation_id:
            errors.append("構成員に選べるのは、この団体の職員だけです。")
        elif staff.retired_on is not None:
            errors.append(f"{staff.name}さんは退職しています。在職中の職員を選んでください。")
        elif body.members.filter(staff=staff).exists():
            errors.append(f"{staff.name}さんはすでに「{body.name}」の構成員です。")
        name = name or staff.name
    elif not name:
        errors.append("職員番号を入力するか、職員でない人は氏名を入力してください。")
    max_length = BodyMember._meta.get_field("name").max_length
    if len(name) > max_length:
        errors.append(f"氏名・職名は{max_length}文字以内にしてください。")
    if errors:
        raise ValidationError(errors)
    member = BodyMember.objects.create(
        organisation_id=body.organisation_id, body=body, staff=staff, name=name, role=role
    )
    audit(actor, "body_member.add", member, changed=["name", "role", "staff"], organisation=body.organisation)
    return member


@transaction.atomic
def body_member_remove(*, actor: Any, member: BodyMember) -> None:
    body = member.body
    ensure_can(actor, "planning.structure_edit", body)
    audit(
        actor,
        "body_member.remove",
        member,
        organisation=body.organisation,
        detail={"body": body.name, "name": member.name, "role": member.role},
    )
    member.delete()


@transaction.atomic
def meeting_create(*, actor: Any, body: Body, held_on: date | None, title: str, notes: str = "") -> Meeting:
    ensure_can(actor, "planning.structure_edit", body)
    errors = []
    title = title.strip()
    if held_on is None:
        errors.append("開催日を入力してください。")
    if not title:
        errors.append("件名を入力してください。")
    if errors:
        raise ValidationError(errors)
    meeting = Meeting.objects.create(
        organisation_id=body.organisation_id, body=body, held_on=held_on, title=title, notes=notes.strip()
    )
    audit(
        actor,
        "meeting.create",
        meeting,
        changed=["held_on", "title", "notes"],
        organisation=body.organisation,
    )
    return meeting
