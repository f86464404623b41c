"""The council and study groups (bodies, members, meetings) and the prefecture-wide Q&A board."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from jinzai.core.access import ensure_can
from jinzai.core.audit import audit

from ..models import Answer, CouncilBody, CouncilMeeting, CouncilMember, Question
from .common import clean_text, ensure_member, ensure_prefecture, role_of


def board_of(actor: Any):
    """The prefecture whose board and council the actor takes part in (its own, or its municipality's)."""
    org = actor.organisation
    if org is None:
        return None
    return org if org.kind == "prefecture" else org.prefecture


@transaction.atomic
def body_create(
    *, actor: Any, name: str, kind: str, purpose: str = "", parent: CouncilBody | None = None, members=()
):
    """members: [(organisation, role), …]; the prefecture itself is a member like the others."""
    prefecture = ensure_prefecture(actor, "region.council_manage")
    if kind not in CouncilBody.Kind.values:
        raise ValidationError("種類は一覧から選んでください。")
    if parent is not None and parent.organisation_id != prefecture.pk:
        raise ValidationError("上位の会議体は一覧から選んでください。")
    body = CouncilBody.objects.create(
        organisation=prefecture,
        name=clean_text(name, label="名称", required=True, max_length=120),
        kind=kind,
        parent=parent,
        purpose=clean_text(purpose, label="目的・テーマ", max_length=2000),
    )
    for org, role in members:
        _add_member(prefecture, body, org, role)
    audit(actor, "region.body.create", body, changed=["name", "kind", "members"])
    return body


def _add_member(prefecture, body: CouncilBody, org, role: str) -> CouncilMember:
    if role not in CouncilMember.Role.values:
        raise ValidationError("役割は一覧から選んでください。")
    if org.pk != prefecture.pk:
        ensure_member(prefecture, org, "region.council_manage")
    member, _ = CouncilMember.objects.update_or_create(
        body=body, member=org, defaults={"organisation": prefecture, "role": role}
    )
    return member


@transaction.atomic
def body_member_add(*, actor: Any, body: CouncilBody, member, role: str) -> CouncilMember:
    prefecture = ensure_prefecture(actor, "region.council_manage")
    if body.organisation_id != prefecture.pk:
        raise PermissionDenied("region.council_manage")
    row = _add_member(prefecture, body, member, role)
    audit(
        actor,
        "region.body.member_add",
        body,
        changed=["members"],
        detail={"member": member.code, "role": role},
    )
    return row


@transaction.atomic
def meeting_create(
    *,
    actor: Any,
    body: CouncilBody,
    held_on: date,
    title: str,
    place: str = "",
    agenda: str = "",
    materials: str = "",
    minutes: str = "",
) -> CouncilMeeting:
    prefecture = ensure_prefecture(actor, "region.council_manage")
    if body.organisation_id != prefecture.pk:
        raise PermissionDenied("region.council_manage")
    if held_on is None:
        raise ValidationError("開催日を入力してください。")
    meeting = CouncilMeeting.objects.create(
        organisation=prefecture,
        body=body,
        held_on=held_on,
        title=clean_text(title, label="会議名", required=True, max_length=120),
        place=clean_text(place, label="会場・方法", max_length=120),
        agenda=clean_text(agenda, label="議題", max_length=4000),
        materials=clean_text(materials, label="資料", max_length=4000),
        minutes=clean_text(minutes, label="議事録", max_length=20000),
    )
    audit(actor, "region.meeting.create", meeting, changed=["held_on", "title", "minutes"])
    return meeting


@transaction.atomic
def question_create(*, actor: Any, title: str, text: str, body: CouncilBody | None = None) -> Question:
    ensure_can(actor, "region.council_view")
    prefecture = board_of(actor)
    if prefecture is None:
        raise PermissionDenied("region.council_view")
    if body is not None and body.organisation_id != prefecture.pk:
        raise ValidationError("分科会は一覧から選んでください。")
    question = Question.objects.create(
        organisation=actor.organisation,
        prefecture=prefecture,
        body=body,
        title=clean_text(title, label="件名", required=True, max_length=120),
        text=clean_text(text, label="質問", required=True, max_length=4000),
        by_role=role_of(actor),
    )
    audit(actor, "region.question.create", question, changed=["title", "text"])
    return question


@transaction.atomic
def answer_create(*, actor: Any, question: Question, text: str) -> Answer:
    ensure_can(actor, "region.council_view")
    if board_of(actor) is None or question.prefecture_id != board_of(actor).pk:
        raise PermissionDenied("region.council_view")
    answer = Answer.objects.create(
        organisation=actor.organisation,
        question=question,
        text=clean_text(text, label="回答", required=True, max_length=4000),
        by_role=role_of(actor),
    )
    audit(actor, "region.answer.create", answer, changed=["text"], detail={"question": question.pk})
    return answer


@transaction.atomic
def question_resolve(*, actor: Any, question: Question) -> Question:
    ensure_can(actor, "region.council_view")
    if question.organisation_id != getattr(actor.organisation, "pk", None):
        raise ValidationError("解決済みにできるのは、質問した団体だけです。")
    question.is_resolved = True
    question.save(update_fields=["is_resolved"])
    audit(actor, "region.question.resolve", question, changed=["is_resolved"])
    return question
