"""Hands-on support: contact persons, the annual visit plan, the visit log and follow-ups."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from jinzai.core.audit import audit

from ..models import Counterpart, FollowUp, Mode, Visit, VisitPlan
from .common import (
    clean_text,
    ensure_case_of,
    ensure_member,
    ensure_municipality,
    ensure_prefecture,
    is_system,
)


@transaction.atomic
def counterpart_save(
    *, actor: Any, municipality, prefecture_contact: str, municipal_contact: str = "", note: str = ""
) -> Counterpart:
    prefecture = ensure_prefecture(actor, "region.visit_manage")
    ensure_member(prefecture, municipality, "region.visit_manage")
    row, created = Counterpart.objects.select_for_update().get_or_create(
        organisation=prefecture, municipality=municipality
    )
    values = {
        "prefecture_contact": clean_text(prefecture_contact, label="県の担当者", max_length=100),
        "municipal_contact": clean_text(municipal_contact, label="市区町村の窓口", max_length=150),
        "note": clean_text(note, label="備考", max_length=200),
    }
    changed = [k for k, v in values.items() if getattr(row, k) != v]
    for key in changed:
        setattr(row, key, values[key])
    if changed or created:
        row.save()
        audit(actor, "region.counterpart.update", row, changed=changed)
    return row


@transaction.atomic
def visit_plan_create(
    *, actor: Any, municipality, fiscal_year: int, planned_month: int, purpose: str
) -> VisitPlan:
    prefecture = ensure_prefecture(actor, "region.visit_manage")
    ensure_member(prefecture, municipality, "region.visit_manage")
    if not 1 <= int(planned_month) <= 12:
        raise ValidationError("予定の月は1〜12で選んでください。")
    plan = VisitPlan.objects.create(
        organisation=prefecture,
        municipality=municipality,
        fiscal_year=fiscal_year,
        planned_month=planned_month,
        purpose=clean_text(purpose, label="目的", required=True, max_length=200),
    )
    audit(actor, "region.visitplan.create", plan, changed=["fiscal_year", "planned_month", "purpose"])
    return plan


@transaction.atomic
def visit_record(
    *,
    actor: Any,
    municipality,
    visited_on: date,
    attendees: str,
    hearing_notes: str,
    topics: str = "",
    mode: str = Mode.VISIT,
    plan: VisitPlan | None = None,
    follow_ups=(),
) -> Visit:
    """A visit with its follow-up actions: [(action, side, owner, due_on), …]."""
    prefecture = ensure_prefecture(actor, "region.visit_manage")
    ensure_member(prefecture, municipality, "region.visit_manage")
    if visited_on is None:
        raise ValidationError("訪問日を入力してください。")
    if mode not in Mode.values:
        raise ValidationError("形は一覧から選んでください。")
    if plan is not None and (
        plan.organisation_id != prefecture.pk or plan.municipality_id != municipality.pk
    ):
        raise ValidationError("訪問計画は、この団体の計画から選んでください。")
    visit = Visit.objects.create(
        organisation=municipality,
        prefecture=prefecture,
        plan=plan,
        visited_on=visited_on,
        mode=mode,
        attendees=clean_text(attendees, label="出席者", required=True, max_length=1000),
        topics=clean_text(topics, label="話題", max_length=2000),
        hearing_notes=clean_text(hearing_notes, label="ヒアリングの内容", required=True, max_length=8000),
        recorded_by=None if is_system(actor) else actor,
    )
    for action, side, owner, due_on in follow_ups:
        action = clean_text(action, label="対応すること", max_length=200)
        if not action:
            continue
        if side not in FollowUp.Side.values:
            raise ValidationError("フォローアップの担当は「県」か「市区町村」を選んでください。")
        if due_on is None:
            raise ValidationError(f"「{action}」の期限を入力してください。")
        FollowUp.objects.create(
            organisation=municipality,
            visit=visit,
            action=action,
            side=side,
            owner=clean_text(owner, label="担当者", max_length=100),
            due_on=due_on,
        )
    audit(
        actor,
        "region.visit.create",
        visit,
        organisation=actor.organisation,
        detail={"municipality": municipality.code},
    )
    return visit


@transaction.atomic
def followup_done(*, actor: Any, follow_up: FollowUp, done_on: date | None, reopen: bool = False) -> FollowUp:
    """Either side marks a follow-up done (or reopens it)."""
    follow_up = FollowUp.objects.select_for_update().select_related("visit").get(pk=follow_up.pk)
    if getattr(actor.organisation, "pk", None) == follow_up.organisation_id:
        ensure_municipality(actor, "region.visit_own")
    else:
        ensure_case_of(actor, "region.visit_manage", follow_up.visit)
    if reopen:
        follow_up.done_on = None
    else:
        if done_on is None:
            raise ValidationError("完了日を入力してください。")
        follow_up.done_on = done_on
    follow_up.save(update_fields=["done_on"])
    audit(
        actor, "region.followup.update", follow_up, organisation=follow_up.organisation, changed=["done_on"]
    )
    return follow_up


def ensure_visit_visible(actor: Any, visit: Visit) -> None:
    if visit.organisation_id == getattr(actor.organisation, "pk", None):
        return
    if visit.prefecture_id == getattr(actor.organisation, "pk", None):
        return
    raise PermissionDenied("region.visit")
