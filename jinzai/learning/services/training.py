"""Writes of training: courses, sessions, enrolments (apply → approve → confirm, waitlist), results, feedback.

Seats: an enrolment that is 申込・所属長承認済・受講確定 holds a seat; when a session is full a new one goes on
the waitlist. Every change of seats locks the session row (select_for_update), so two people can never
take the last seat together, and a cancellation promotes the first waitlisted person in the same
transaction.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from jinzai.core.access import SystemActor, can, ensure_can
from jinzai.core.audit import audit, audit_many, build_event
from jinzai.core.bulk import insert_and_fetch, update_rows
from jinzai.core.dates import format_date
from jinzai.core.roles import Role
from jinzai.core.selectors import manager_scope_ids
from jinzai.people.models import Staff

from ..models import Course, Enrolment, Feedback, Session

E = Enrolment.Status
COURSE_FIELDS = (
    "title",
    "provider_type",
    "provider_name",
    "mode",
    "hours",
    "fee",
    "step",
    "skill_items",
    "prepares_for",
    "description",
    "is_active",
)
SESSION_FIELDS = ("title", "starts_on", "ends_on", "venue", "capacity", "apply_deadline", "note")


def _today() -> date:
    from jinzai.core.services import today

    return today()


# --- courses and sessions ----------------------------------------------------------------------


def _refuse_managed(actor: Any, course: Course) -> None:
    """A prefecture's joint course copied into this catalog is changed by the prefecture (region app) only."""
    if course.managed_by_id and not isinstance(actor, SystemActor):
        raise ValidationError(
            "この研修は県が運営する共同研修です。日程や定員は県が決めるため、ここでは変更できません。"
        )


@transaction.atomic
def course_create(*, actor: Any, target_talent_types=(), **values: Any) -> Course:
    ensure_can(actor, "learning.course_manage")
    if not (values.get("title") or "").strip():
        raise ValidationError("研修名を入力してください。")
    course = Course.objects.create(organisation=actor.organisation, **values)
    course.target_talent_types.set(
        [t for t in target_talent_types if t.organisation_id == actor.organisation.pk]
    )
    audit(actor, "course.create", course, changed=sorted(values))
    return course


@transaction.atomic
def course_update(*, actor: Any, course: Course, target_talent_types=None, **values: Any) -> Course:
    ensure_can(actor, "learning.course_manage", course)
    _refuse_managed(actor, course)
    changed = []
    for key, value in values.items():
        if key not in COURSE_FIELDS:
            raise ValueError(f"{key} cannot be changed here")
        if getattr(course, key) != value:
            setattr(course, key, value)
            changed.append(key)
    if changed:
        course.save(update_fields=[("prepares_for" if k == "prepares_for" else k) for k in changed])
    if target_talent_types is not None:
        new = {t.pk for t in target_talent_types if t.organisation_id == course.organisation_id}
        if new != set(course.target_talent_types.values_list("pk", flat=True)):
            course.target_talent_types.set(new)
            changed.append("target_talent_types")
    if changed:
        audit(actor, "course.update", course, changed=changed)
    return course


def _check_session(values: dict) -> None:
    starts, ends = values.get("starts_on"), values.get("ends_on")
    if starts is None or ends is None:
        raise ValidationError("開始日と終了日を入力してください。")
    if ends < starts:
        raise ValidationError("終了日は開始日以後の日付にしてください。")
    deadline = values.get("apply_deadline")
    if deadline is not None and deadline > starts:
        raise ValidationError("申込締切は開始日以前の日付にしてください。")


@transaction.atomic
def session_create(*, actor: Any, course: Course, **values: Any) -> Session:
    ensure_can(actor, "learning.course_manage", course)
    _refuse_managed(actor, course)
    _check_session(values)
    session = Session.objects.create(organisation=course.organisation, course=course, **values)
    audit(actor, "session.create", session, changed=sorted(values))
    return session


@transaction.atomic
def session_update(*, actor: Any, session: Session, **values: Any) -> Session:
    ensure_can(actor, "learning.course_manage", session)
    session = Session.objects.select_for_update().get(pk=session.pk)
    _refuse_managed(actor, session.course)
    _check_session({k: getattr(session, k) for k in SESSION_FIELDS} | values)
    changed = [k for k, v in values.items() if getattr(session, k) != v]
    if any(k not in SESSION_FIELDS for k in values):
        raise ValueError("unknown session field")
    for key in changed:
        setattr(session, key, values[key])
    if changed:
        session.save(update_fields=changed)
        audit(actor, "session.update", session, changed=changed)
        if "capacity" in changed:
            _fill_from_waitlist(actor, session)
    return session


# --- seats ---------------------------------------------------------------------------------------


def _held(session: Session) -> int:
    return Enrolment.objects.filter(session=session, status__in=Enrolment.SEAT_HOLDING).count()


def _has_seat(session: Session) -> bool:
    return session.capacity is None or _held(session) < session.capacity


def _fill_from_waitlist(actor: Any, session: Session) -> list[Enrolment]:
    """Move waitlisted people (first come, first served) into free seats. The session must be locked."""
    promoted = []
    while _has_seat(session):
        nxt = (
            Enrolment.objects.select_for_update()
            .filter(session=session, status=E.WAITLISTED)
            .order_by("waitlisted_at", "id")
            .first()
        )
        if nxt is None:
            break
        if nxt.source == Enrolment.Source.OFFICE:
            nxt.status, nxt.fee = E.CONFIRMED, session.course.fee
        else:
            nxt.status = E.APPLIED
        nxt.save(update_fields=["status", "fee"])
        audit(actor, "enrolment.promote", nxt, changed=["status"], detail={"session": session.pk})
        promoted.append(nxt)
    return promoted


def _lock_session(session: Session) -> Session:
    return Session.objects.select_for_update(of=("self",)).select_related("course").get(pk=session.pk)


def _active(session: Session, staff: Staff) -> Enrolment | None:
    return Enrolment.objects.filter(session=session, staff=staff, status__in=Enrolment.ACTIVE).first()


@transaction.atomic
def enrolment_apply(*, actor: Any, session: Session, staff: Staff, today: date | None = None) -> Enrolment:
    """A staff member applies: a free seat → 申込 (所属長の承認待ち); a full session → キャンセル待ち."""
    ensure_can(actor, "learning.self_service", session)
    if not isinstance(actor, SystemActor) and actor.staff_id != staff.pk:
        raise PermissionDenied("learning.self_service")
    today = today or _today()
    session = _lock_session(session)
    if staff.retired_on is not None:
        raise ValidationError("退職した職員は申し込めません。")
    if not session.course.is_active:
        raise ValidationError("この研修は募集していません。")
    if session.starts_on <= today:
        raise ValidationError("この回はすでに始まっているため、申し込めません。")
    if session.apply_deadline is not None and today > session.apply_deadline:
        raise ValidationError(f"申込締切（{format_date(session.apply_deadline)}）を過ぎています。")
    if _active(session, staff) is not None:
        raise ValidationError("この回にはすでに申し込んでいます。")
    full = not _has_seat(session)
    enrolment = Enrolment.objects.create(
        organisation=session.organisation,
        session=session,
        staff=staff,
        status=E.WAITLISTED if full else E.APPLIED,
        waitlisted_at=timezone.now() if full else None,
        source=Enrolment.Source.APPLY,
    )
    audit(actor, "enrolment.waitlist" if full else "enrolment.apply", enrolment, changed=["status"])
    return enrolment


@transaction.atomic
def enrolment_register(*, actor: Any, session: Session, staff_list: list[Staff]) -> dict[str, list[Staff]]:
    """dx_office enrols a list of people directly (受講確定; キャンセル待ち when full)."""
    ensure_can(actor, "learning.course_manage", session)
    session = _lock_session(session)
    result: dict[str, list[Staff]] = {"confirmed": [], "waitlisted": [], "skipped": []}
    for staff in staff_list:
        if staff.organisation_id != session.organisation_id or staff.retired_on is not None:
            result["skipped"].append(staff)
            continue
        if _active(session, staff) is not None:
            result["skipped"].append(staff)
            continue
        full = not _has_seat(session)
        enrolment = Enrolment.objects.create(
            organisation=session.organisation,
            session=session,
            staff=staff,
            status=E.WAITLISTED if full else E.CONFIRMED,
            fee=0 if full else session.course.fee,
            waitlisted_at=timezone.now() if full else None,
            source=Enrolment.Source.OFFICE,
        )
        audit(actor, "enrolment.register", enrolment, changed=["status"])
        result["waitlisted" if full else "confirmed"].append(staff)
    return result


def _lock_enrolment(enrolment: Enrolment) -> tuple[Session, Enrolment]:
    session = _lock_session(enrolment.session)
    return session, Enrolment.objects.select_for_update(of=("self",)).select_related("staff").get(
        pk=enrolment.pk
    )


@transaction.atomic
def enrolment_approve(*, actor: Any, enrolment: Enrolment) -> Enrolment:
    """所属長 approves a 申込 of someone in their units."""
    ensure_can(actor, "learning.enrolment_approve", enrolment)
    _, enrolment = _lock_enrolment(enrolment)
    if getattr(
        actor, "role", ""
    ) == Role.MANAGER and enrolment.staff.current_unit_id not in manager_scope_ids(actor):
        raise PermissionDenied("learning.enrolment_approve")
    if enrolment.status != E.APPLIED:
        raise ValidationError("この申込は所属長の承認待ちではありません。")
    enrolment.status = E.APPROVED
    enrolment.save(update_fields=["status"])
    audit(actor, "enrolment.approve", enrolment, changed=["status"])
    return enrolment


@transaction.atomic
def enrolment_confirm(*, actor: Any, enrolment: Enrolment) -> Enrolment:
    """DX推進担当 confirms an approved 申込: 受講確定 (the fee is fixed now for the cost report)."""
    ensure_can(actor, "learning.course_manage", enrolment)
    session, enrolment = _lock_enrolment(enrolment)
    if enrolment.status != E.APPROVED:
        raise ValidationError("所属長の承認が済んだ申込だけ確定できます。")
    enrolment.status, enrolment.fee = E.CONFIRMED, session.course.fee
    enrolment.save(update_fields=["status", "fee"])
    audit(actor, "enrolment.confirm", enrolment, changed=["status", "fee"])
    return enrolment


@transaction.atomic
def enrolment_reject(*, actor: Any, enrolment: Enrolment, reason: str) -> Enrolment:
    """所属長 (their units) or DX推進担当 declines; the freed seat goes to the waitlist."""
    if not (can(actor, "learning.enrolment_approve") or can(actor, "learning.course_manage")):
        raise PermissionDenied("learning.enrolment_approve")
    ensure_can(actor, "learning.course_view", enrolment)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("不承認の理由を入力してください（本人に表示されます）。")
    session, enrolment = _lock_enrolment(enrolment)
    if getattr(
        actor, "role", ""
    ) == Role.MANAGER and enrolment.staff.current_unit_id not in manager_scope_ids(actor):
        raise PermissionDenied("learning.enrolment_approve")
    if enrolment.status not in (E.APPLIED, E.APPROVED, E.WAITLISTED):
        raise ValidationError("この申込は不承認にできる状態ではありません。")
    enrolment.status, enrolment.reason = E.REJECTED, reason[:300]
    enrolment.save(update_fields=["status", "reason"])
    audit(actor, "enrolment.reject", enrolment, changed=["status", "reason"])
    _fill_from_waitlist(actor, session)
    return enrolment


@transaction.atomic
def enrolment_cancel(*, actor: Any, enrolment: Enrolment, today: date | None = None) -> Enrolment:
    """The person (or DX推進担当) cancels; the first waitlisted person is promoted in the same transaction."""
    ensure_can(actor, "learning.self_service", enrolment)
    session, enrolment = _lock_enrolment(enrolment)
    own = isinstance(actor, SystemActor) or actor.staff_id == enrolment.staff_id
    if not (own or can(actor, "learning.course_manage")):
        raise PermissionDenied("learning.self_service")
    if enrolment.status not in Enrolment.ACTIVE:
        raise ValidationError("この申込はすでに取り消されているか、不承認になっています。")
    if enrolment.result:
        raise ValidationError("受講の結果が記録された申込は取り消せません。")
    enrolment.status = E.CANCELLED
    enrolment.save(update_fields=["status"])
    audit(actor, "enrolment.cancel", enrolment, changed=["status"])
    _fill_from_waitlist(actor, session)
    return enrolment


@transaction.atomic
def enrolment_record_results(
    *, actor: Any, session: Session, results: dict[int, str], completed_on: date | None = None
) -> int:
    """Attendance and completion of confirmed participants: {enrolment id: completed|attended|absent|""}."""
    ensure_can(actor, "learning.course_manage", session)
    session = _lock_session(session)
    completed_on = completed_on or session.ends_on
    changed = 0
    for enrolment in Enrolment.objects.select_for_update().filter(
        session=session, status=E.CONFIRMED, pk__in=list(results)
    ):
        result = results[enrolment.pk]
        if result not in Enrolment.Result.values:
            raise ValidationError("結果は一覧から選んでください。")
        if enrolment.result == result:
            continue
        enrolment.result = result
        enrolment.completed_on = completed_on if result == Enrolment.Result.COMPLETED else None
        enrolment.save(update_fields=["result", "completed_on"])
        audit(actor, "enrolment.result", enrolment, changed=["result", "completed_on"])
        changed += 1
    return changed


@transaction.atomic
def completion_record(
    *,
    actor: Any,
    staff: Staff,
    course: Course,
    completed_on: date,
    result: str = Enrolment.Result.COMPLETED,
    fee: int | None = None,
    today: date | None = None,
) -> Enrolment:
    """DX推進担当 records that one person completed (or attended) a course in the past — no session to set
    up, no application, no seat, no waitlist. The record lives in the course's own 「個別の記録」 session of
    that day (created once, never open for applications), so every report that reads completions by
    session (the cost report by fiscal year, plan targets, internal certification) counts it unchanged."""
    from ..selectors import RECORD_NOTE, RECORD_TITLE

    ensure_can(actor, "learning.course_manage", course)
    today = today or _today()
    if staff.organisation_id != course.organisation_id:
        raise ValidationError("同じ団体の職員を選んでください。")
    if course.managed_by_id and not isinstance(actor, SystemActor):
        raise ValidationError("県の共同研修の結果は、その開催回のページで記録してください。")
    if completed_on is None or completed_on > today:
        raise ValidationError("修了日には今日以前の日付を入力してください。")
    if result not in (Enrolment.Result.COMPLETED, Enrolment.Result.ATTENDED):
        raise ValidationError("結果は「修了」か「受講（未修了）」から選んでください。")
    if fee is not None and fee < 0:
        raise ValidationError("受講料は0円以上で入力してください。")
    session = (
        Session.objects.select_for_update(of=("self",))
        .filter(course=course, title=RECORD_TITLE, note=RECORD_NOTE, starts_on=completed_on)
        .first()
    )
    if session is None:
        session = Session.objects.create(
            organisation=course.organisation,
            course=course,
            title=RECORD_TITLE,
            note=RECORD_NOTE,
            starts_on=completed_on,
            ends_on=completed_on,
            apply_deadline=completed_on,
        )
        audit(actor, "session.create", session, changed=["title", "starts_on", "ends_on"])
    if _active(session, staff) is not None:
        raise ValidationError(
            f"{staff.name}さんの「{course.title}」は{format_date(completed_on)}の受講としてすでに記録されています。"
        )
    enrolment = Enrolment.objects.create(
        organisation=course.organisation,
        session=session,
        staff=staff,
        status=E.CONFIRMED,
        result=result,
        completed_on=completed_on if result == Enrolment.Result.COMPLETED else None,
        fee=course.fee if fee is None else fee,
        source=Enrolment.Source.OFFICE,
    )
    audit(actor, "enrolment.record", enrolment, changed=["status", "result", "completed_on", "fee"])
    return enrolment


@transaction.atomic
def feedback_submit(
    *, actor: Any, enrolment: Enrolment, satisfaction: int, usefulness: int, comments: str = ""
) -> Feedback:
    ensure_can(actor, "learning.self_service", enrolment)
    if not isinstance(actor, SystemActor) and actor.staff_id != enrolment.staff_id:
        raise PermissionDenied("learning.self_service")
    if enrolment.result != Enrolment.Result.COMPLETED:
        raise ValidationError("アンケートは研修を修了した後に回答できます。")
    if Feedback.objects.filter(enrolment=enrolment).exists():
        raise ValidationError("この研修のアンケートには回答済みです。")
    for value in (satisfaction, usefulness):
        if value not in range(1, 6):
            raise ValidationError("評価は1〜5で選んでください。")
    feedback = Feedback.objects.create(
        organisation=enrolment.organisation,
        enrolment=enrolment,
        satisfaction=satisfaction,
        usefulness=usefulness,
        comments=(comments or "").strip()[:2000],
    )
    audit(actor, "feedback.submit", feedback, changed=["satisfaction", "usefulness", "comments"])
    return feedback


def completion_import_apply(*, actor: Any, plan: Any) -> dict:
    """Record the results of a session's list (inside the import's transaction): new enrolments are
    confirmed with their result, existing ones get the result and the completion date. On the write path
    of every import (core.bulk): one INSERT and one UPDATE per batch, the audit rows in one."""
    session = plan.context
    fee = session.course.fee
    rows = plan.rows_of("add", "update")
    results = {d.enrolment_id: d for d in (row.data for row in rows) if d.enrolment_id}
    changed = []
    existing = Enrolment.objects.select_for_update().select_related("staff", "session__course")
    for enrolment in existing.filter(pk__in=list(results), session=session).order_by("pk"):
        d = results[enrolment.pk]
        if enrolment.status != Enrolment.Status.CONFIRMED:
            enrolment.fee = fee
        enrolment.status, enrolment.result, enrolment.completed_on = (
            Enrolment.Status.CONFIRMED,
            d.result,
            d.day,
        )
        changed.append(enrolment)
    if len(changed) != len(results):
        raise Enrolment.DoesNotExist("an enrolment of the list is no longer in the session")
    update_rows(Enrolment, changed, ["status", "result", "completed_on", "fee"])
    new = [
        {
            "organisation_id": plan.organisation.pk,
            "session_id": session.pk,
            "staff_id": d.staff_id,
            "status": Enrolment.Status.CONFIRMED,
            "result": d.result,
            "completed_on": d.day,
            "fee": fee,
            "source": Enrolment.Source.IMPORT,
        }
        for d in (row.data for row in rows)
        if not d.enrolment_id
    ]
    created = insert_and_fetch(
        Enrolment,
        new,
        key=("staff_id",),
        scope={"session_id": session.pk},
        related=("staff", "session__course"),
    )
    changed_fields = ["status", "result", "completed_on"]
    audit_many(
        [build_event(actor, "enrolment.import", e, changed=changed_fields) for e in [*changed, *created]]
    )
    return {}
