"""Support requests: the municipality submits, follows and assesses; the prefecture triages, chooses
experts and records dispatches under national schemes (their caps, decisions R9)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from jinzai.core.audit import audit
from jinzai.core.dates import fiscal_year_of, format_date
from jinzai.core.models import Organisation

from .. import schemes
from ..models import (
    AREA_LABELS,
    Dispatch,
    Expert,
    RequestEvent,
    RequestExpert,
    RequestFeedback,
    SupportRequest,
    WantedMode,
)
from .common import clean_text, ensure_case_of, ensure_municipality, is_system, role_of

S = SupportRequest.Status
MAX_HOURS = Decimal(24)


class CapExceeded(ValidationError):
    """A dispatch would break its scheme's cap (or a rule of it); recording it needs a stated reason."""

    def __init__(self, check: schemes.CapCheck):
        super().__init__(check.warnings)
        self.check = check


def _event(request: SupportRequest, actor: Any, kind: str, text: str = "") -> RequestEvent:
    return RequestEvent.objects.create(
        organisation_id=request.organisation_id,
        request=request,
        kind=kind,
        text=text,
        by_organisation=actor.organisation,
        by_role=role_of(actor),
        status=request.status,
    )


def _set_status(request: SupportRequest, status: str) -> None:
    request.status = status
    request.status_changed_at = timezone.now()
    request.save(update_fields=["status", "status_changed_at", "decline_reason", "assignee"])


def _lock(request: SupportRequest) -> SupportRequest:
    return SupportRequest.objects.select_for_update(of=("self",)).get(pk=request.pk)


def _today() -> date:
    from jinzai.core.services import today

    return today()


# --- the municipality's side ----------------------------------------------------------------------


@transaction.atomic
def request_submit(
    *,
    actor: Any,
    title: str,
    topic: str,
    description: str,
    contact: str,
    mode: str = WantedMode.EITHER,
    urgency: str = SupportRequest.Urgency.NORMAL,
    period_from: date | None = None,
    period_to: date | None = None,
    preferred_scheme: str = "",
    needed_items=(),
) -> SupportRequest:
    municipality = ensure_municipality(actor, "region.request_own")
    title = clean_text(title, label="件名", required=True, max_length=120)
    description = clean_text(description, label="相談したいこと", required=True, max_length=4000)
    contact = clean_text(contact, label="担当者・連絡先", required=True, max_length=200)
    if topic not in AREA_LABELS:
        raise ValidationError("分野は一覧から選んでください。")
    if mode not in WantedMode.values or urgency not in SupportRequest.Urgency.values:
        raise ValidationError("支援の形と緊急度は一覧から選んでください。")
    if preferred_scheme and preferred_scheme not in dict(schemes.dispatch_choices()):
        raise ValidationError("使いたい制度は一覧から選んでください。")
    if period_from and period_to and period_to < period_from:
        raise ValidationError("希望する時期の終わりは、始まり以後の日付にしてください。")
    items = list(needed_items)
    if any(item.organisation_id != municipality.prefecture_id for item in items):
        raise ValidationError("必要なスキルは一覧から選んでください。")
    request = SupportRequest.objects.create(
        organisation=municipality,
        prefecture_id=municipality.prefecture_id,
        title=title,
        topic=topic,
        description=description,
        contact=contact,
        mode=mode,
        urgency=urgency,
        period_from=period_from,
        period_to=period_to,
        preferred_scheme=preferred_scheme,
        created_by=None if is_system(actor) else actor,
    )
    request.needed_items.set(items)
    _event(request, actor, RequestEvent.Kind.SUBMITTED)
    audit(actor, "region.request.submit", request, changed=["title", "topic", "description"])
    return request


def _own(actor: Any, request: SupportRequest) -> None:
    municipality = ensure_municipality(actor, "region.request_own")
    if request.organisation_id != municipality.pk:
        raise PermissionDenied("region.request_own")


@transaction.atomic
def request_withdraw(*, actor: Any, request: SupportRequest, reason: str = "") -> SupportRequest:
    _own(actor, request)
    request = _lock(request)
    if request.status not in (S.SUBMITTED, S.ACCEPTED, S.MATCHED):
        raise ValidationError("支援が始まった要請や、終わった要請は取り下げられません。")
    _set_status(request, S.WITHDRAWN)
    _event(request, actor, RequestEvent.Kind.WITHDRAWN, clean_text(reason, label="理由", max_length=300))
    audit(actor, "region.request.withdraw", request, changed=["status"])
    return request


@transaction.atomic
def request_comment(*, actor: Any, request: SupportRequest, text: str) -> RequestEvent:
    """A message on the timeline, from either side."""
    if getattr(actor.organisation, "pk", None) == request.organisation_id:
        _own(actor, request)
    else:
        ensure_case_of(actor, "region.case_manage", request)
    text = clean_text(text, label="連絡の内容", required=True, max_length=2000)
    event = _event(_lock(request), actor, RequestEvent.Kind.COMMENT, text)
    audit(actor, "region.request.comment", request, organisation=request.organisation, changed=["events"])
    return event


@transaction.atomic
def request_feedback(
    *, actor: Any, request: SupportRequest, satisfaction: int, usefulness: int, comments: str = ""
) -> RequestFeedback:
    _own(actor, request)
    request = _lock(request)
    if request.status not in (S.IN_SUPPORT, S.DONE):
        raise ValidationError("評価は、支援を受けた後に入力できます。")
    if RequestFeedback.objects.filter(request=request).exists():
        raise ValidationError("この要請の評価は入力済みです。")
    for value in (satisfaction, usefulness):
        if value not in range(1, 6):
            raise ValidationError("評価は1〜5で選んでください。")
    feedback = RequestFeedback.objects.create(
        organisation_id=request.organisation_id,
        request=request,
        satisfaction=satisfaction,
        usefulness=usefulness,
        comments=clean_text(comments, label="ご意見", max_length=2000),
        submitted_by=None if is_system(actor) else actor,
    )
    if request.status == S.IN_SUPPORT:
        _set_status(request, S.DONE)
    _event(request, actor, RequestEvent.Kind.FEEDBACK, f"満足度 {satisfaction}・役立ち度 {usefulness}")
    audit(actor, "region.request.feedback", feedback, changed=["satisfaction", "usefulness", "comments"])
    return feedback


# --- the prefecture's side ------------------------------------------------------------------------


@transaction.atomic
def case_accept(*, actor: Any, request: SupportRequest) -> SupportRequest:
    ensure_case_of(actor, "region.case_manage", request)
    request = _lock(request)
    if request.status != S.SUBMITTED:
        raise ValidationError("受付待ちの要請だけ受け付けられます。")
    request.assignee = None if is_system(actor) else actor
    _set_status(request, S.ACCEPTED)
    _event(request, actor, RequestEvent.Kind.ACCEPTED)
    audit(
        actor, "region.case.accept", request, organisation=actor.organisation, changed=["status", "assignee"]
    )
    return request


@transaction.atomic
def case_decline(*, actor: Any, request: SupportRequest, reason: str) -> SupportRequest:
    ensure_case_of(actor, "region.case_manage", request)
    reason = clean_text(reason, label="見送りの理由", required=True, max_length=300)
    request = _lock(request)
    if request.status not in (S.SUBMITTED, S.ACCEPTED, S.MATCHED):
        raise ValidationError("支援が始まった要請や、終わった要請は見送りにできません。")
    request.decline_reason = reason
    _set_status(request, S.DECLINED)
    _event(request, actor, RequestEvent.Kind.DECLINED, reason)
    audit(
        actor,
        "region.case.decline",
        request,
        organisation=actor.organisation,
        changed=["status", "decline_reason"],
    )
    return request


@transaction.atomic
def case_assign(
    *, actor: Any, request: SupportRequest, expert: Expert, score: int = 0, reasons=(), note: str = ""
) -> RequestExpert:
    prefecture = ensure_case_of(actor, "region.case_manage", request)
    if expert.organisation_id != prefecture.pk or expert.is_withdrawn:
        raise ValidationError("人材バンクに登録されている専門家を選んでください。")
    request = _lock(request)
    if request.status not in (S.ACCEPTED, S.MATCHED, S.IN_SUPPORT):
        raise ValidationError("専門家は、受け付けた要請にだけ決められます（先に受け付けてください）。")
    if RequestExpert.objects.filter(request=request, expert=expert).exists():
        raise ValidationError(f"{expert.name}さんはすでにこの要請の専門家です。")
    assignment = RequestExpert.objects.create(
        organisation_id=request.organisation_id,
        request=request,
        expert=expert,
        score=max(0, min(int(score), 100)),
        reasons=list(reasons)[:12],
        note=clean_text(note, label="調整のメモ", max_length=200),
        assigned_by=None if is_system(actor) else actor,
    )
    if request.status == S.ACCEPTED:
        _set_status(request, S.MATCHED)
    _event(
        request,
        actor,
        RequestEvent.Kind.ASSIGNED,
        f"{expert.name}（{expert.affiliation or expert.get_kind_display()}）",
    )
    audit(actor, "region.case.assign", request, organisation=actor.organisation, detail={"expert": expert.pk})
    return assignment


@transaction.atomic
def case_close(*, actor: Any, request: SupportRequest) -> SupportRequest:
    ensure_case_of(actor, "region.case_manage", request)
    request = _lock(request)
    if request.status != S.IN_SUPPORT:
        raise ValidationError("支援中の要請だけ完了にできます。")
    _set_status(request, S.DONE)
    _event(request, actor, RequestEvent.Kind.CLOSED, "支援を終えました。評価の入力をお願いします。")
    audit(actor, "region.case.close", request, organisation=actor.organisation, changed=["status"])
    return request


def scheme_uses(municipality_id: int, scheme_key: str, fiscal_year: int, *, exclude_pk: int | None = None):
    qs = Dispatch.objects.filter(organisation_id=municipality_id, scheme=scheme_key, fiscal_year=fiscal_year)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return [schemes.Use(mode, hours) for mode, hours in qs.values_list("mode", "hours")]


def parse_hours(value: Any) -> Decimal:
    try:
        hours = Decimal(str(value)).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError):
        raise ValidationError("時間は数値で入力してください（例: 2、1.5）。") from None
    if not Decimal("0.5") <= hours <= MAX_HOURS:
        raise ValidationError("時間は0.5〜24の範囲で入力してください。")
    return hours


@transaction.atomic
def dispatch_record(
    *,
    actor: Any,
    request: SupportRequest,
    expert: Expert,
    scheme: str,
    held_on: date,
    hours: Any,
    mode: str,
    advice_kind: str = "",
    outcome: str = "",
    cap_reason: str = "",
) -> Dispatch:
    """Record a dispatch; raises CapExceeded when it breaks a cap and no reason was given."""
    prefecture = ensure_case_of(actor, "region.case_manage", request)
    if scheme not in dict(schemes.dispatch_choices()):
        raise ValidationError("制度は一覧から選んでください。")
    if expert.organisation_id != prefecture.pk or expert.is_withdrawn:
        raise ValidationError("人材バンクに登録されている専門家を選んでください。")
    if mode not in ("visit", "online"):
        raise ValidationError("形は「訪問」か「オンライン」を選んでください。")
    if held_on is None:
        raise ValidationError("実施日を入力してください。")
    hours = parse_hours(hours)
    kinds = dict(schemes.ADVICE_KINDS)
    if scheme == schemes.DX_ADVISOR and advice_kind not in kinds:
        raise ValidationError("DXアドバイザーの派遣では、助言の種類を選んでください。")
    if scheme != schemes.DX_ADVISOR:
        advice_kind = ""
    # One municipality's dispatches are counted under a lock on its row, so two people cannot both take
    # the last session of a cap.
    Organisation.objects.select_for_update().filter(pk=request.organisation_id).first()
    request = _lock(request)
    if request.status not in (S.ACCEPTED, S.MATCHED, S.IN_SUPPORT, S.DONE):
        raise ValidationError("派遣は、受け付けた要請にだけ記録できます。")
    fy = fiscal_year_of(held_on)
    check = schemes.check_cap(
        scheme, scheme_uses(request.organisation_id, scheme, fy), schemes.Use(mode, hours)
    )
    cap_reason = clean_text(cap_reason, label="上限を超えて記録する理由", max_length=300)
    if check is not None and check.warnings and not cap_reason:
        raise CapExceeded(check)
    dispatch = Dispatch.objects.create(
        organisation_id=request.organisation_id,
        prefecture=prefecture,
        request=request,
        expert=expert,
        scheme=scheme,
        advice_kind=advice_kind,
        held_on=held_on,
        fiscal_year=fy,
        hours=hours,
        mode=mode,
        outcome=clean_text(outcome, label="実施した内容", max_length=4000),
        cap_reason=cap_reason if check is not None and check.warnings else "",
        report_due_on=held_on + timedelta(days=Dispatch.REPORT_DAYS),
        recorded_by=None if is_system(actor) else actor,
    )
    if not RequestExpert.objects.filter(request=request, expert=expert).exists():
        RequestExpert.objects.create(
            organisation_id=request.organisation_id,
            request=request,
            expert=expert,
            assigned_by=None if is_system(actor) else actor,
        )
    if request.status in (S.ACCEPTED, S.MATCHED):
        _set_status(request, S.IN_SUPPORT)
    _event(
        request,
        actor,
        RequestEvent.Kind.DISPATCHED,
        f"{dispatch.get_scheme_display()}・{format_date(held_on)}・{hours:f}時間・{dispatch.get_mode_display()}",
    )
    audit(
        actor,
        "region.dispatch.create",
        dispatch,
        organisation=actor.organisation,
        changed=["held_on", "hours", "scheme"],
        detail={"municipality": request.organisation.code, "cap_reason": bool(dispatch.cap_reason)},
    )
    return dispatch


@transaction.atomic
def dispatch_report(*, actor: Any, dispatch: Dispatch, report: str, follow_ups: str = "") -> Dispatch:
    ensure_case_of(actor, "region.case_manage", dispatch)
    report = clean_text(report, label="助言の内容", required=True, max_length=4000)
    dispatch = Dispatch.objects.select_for_update().get(pk=dispatch.pk)
    dispatch.report = report
    dispatch.follow_ups = clean_text(follow_ups, label="今後の対応", max_length=2000)
    first = dispatch.reported_at is None
    dispatch.reported_at = timezone.now()
    dispatch.save(update_fields=["report", "follow_ups", "reported_at"])
    if first:
        _event(
            dispatch.request,
            actor,
            RequestEvent.Kind.REPORTED,
            f"{format_date(dispatch.held_on)}の派遣の報告",
        )
    audit(
        actor,
        "region.dispatch.report",
        dispatch,
        organisation=actor.organisation,
        changed=["report", "follow_ups"],
    )
    return dispatch
