"""Reads of the learning app, scoped by the acting membership (never by bare id)."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from jinzai.core.access import can
from jinzai.core.text import search_terms

from .models import (
    Certification,
    Course,
    Curriculum,
    Enrolment,
    InternalCertification,
    InternalCertRule,
    Session,
    StaffCertification,
    SubsidyApplication,
    SubsidyRule,
)


def _today() -> date:
    from jinzai.core.services import today

    return today()


def _by_person(viewer, qs: QuerySet, field: str, staff_field: str = "staff") -> QuerySet:
    """Rows about people, limited to the people whose ``field`` the viewer may read (core.access table)."""
    from jinzai.people.selectors import rows_with_field

    return rows_with_field(viewer, qs, field, staff=staff_field)


def _own(viewer, qs: QuerySet) -> QuerySet:
    if not getattr(viewer, "staff_id", None):
        return qs.none()
    return qs.filter(organisation=viewer.organisation, staff_id=viewer.staff_id)


# --- catalog ------------------------------------------------------------------------------------


def certifications_of(organisation, *, active_only: bool = False) -> QuerySet[Certification]:
    qs = Certification.objects.filter(organisation=organisation)
    return qs.filter(is_active=True) if active_only else qs


def get_certification_for_viewer(viewer, pk: int) -> Certification:
    return get_object_or_404(certifications_of(viewer.organisation), pk=pk)


# --- staff certifications -----------------------------------------------------------------------


def staffcerts_visible_to(viewer) -> QuerySet[StaffCertification]:
    """Managers see their units' people, staff their own; hr/dx_office everyone; executives nobody's."""
    return _by_person(viewer, StaffCertification.objects.all(), "learning.certifications")


def get_proof_record_for_viewer(viewer, pk: int) -> StaffCertification:
    """The record whose proof file the viewer may download (the field table's 「証明書のファイル」)."""
    return get_object_or_404(
        _by_person(viewer, StaffCertification.objects.all(), "learning.proof").select_related(
            "staff", "certification"
        ),
        pk=pk,
    )


def get_staffcert_for_viewer(viewer, pk: int) -> StaffCertification:
    return get_object_or_404(
        staffcerts_visible_to(viewer).select_related("staff", "certification", "verified_by__user"), pk=pk
    )


def not_renewed() -> Q:
    renewals = StaffCertification.objects.filter(renewal_of=OuterRef("pk")).exclude(
        status=StaffCertification.Status.RETURNED
    )
    return ~Q(Exists(renewals))


def staffcert_search(
    viewer,
    *,
    q: str = "",
    status: str = "",
    certification_id: int | None = None,
    expiring_days: int | None = None,
) -> QuerySet[StaffCertification]:
    qs = staffcerts_visible_to(viewer).filter(staff__retired_on__isnull=True)
    for term in search_terms(q):
        qs = qs.filter(staff__search_text__contains=term)
    if status:
        qs = qs.filter(status=status)
    if certification_id:
        qs = qs.filter(certification_id=certification_id)
    if expiring_days is not None:
        today = _today()
        qs = qs.filter(
            not_renewed(),
            status=StaffCertification.Status.VERIFIED,
            expires_on__gte=today,
            expires_on__lte=today + timedelta(days=expiring_days),
        ).order_by("expires_on", "id")
    else:
        qs = qs.order_by("-created_at", "-id")
    return qs.select_related("staff", "certification", "staff__current_unit")


def certifications_of_staff(staff) -> QuerySet[StaffCertification]:
    return staff.certifications.select_related("certification").order_by(
        "certification__sort_order", "-valid_from", "-id"
    )


def status_word(record: StaffCertification, today: date, renewed_ids: set[int]) -> str:
    """有効 / 期限切れ / 更新済 / 確認待ち / 差戻し (always a word, never colour alone)."""
    if record.status == StaffCertification.Status.PENDING:
        return "確認待ち"
    if record.status == StaffCertification.Status.RETURNED:
        return "差戻し"
    if record.pk in renewed_ids:
        return "更新済"
    if record.expires_on is not None and record.expires_on < today:
        return "期限切れ"
    if record.expires_on is not None and record.expires_on <= today + timedelta(days=90):
        return "まもなく期限"
    return "有効"


def renewed_ids(records) -> set[int]:
    ids = [r.pk for r in records]
    return set(
        StaffCertification.objects.filter(renewal_of_id__in=ids)
        .exclude(status=StaffCertification.Status.RETURNED)
        .values_list("renewal_of_id", flat=True)
    )


# --- subsidies ----------------------------------------------------------------------------------


def subsidy_rules_of(organisation) -> QuerySet[SubsidyRule]:
    return SubsidyRule.objects.filter(organisation=organisation).select_related("certification")


def get_subsidy_rule_for_viewer(viewer, pk: int) -> SubsidyRule:
    return get_object_or_404(subsidy_rules_of(viewer.organisation), pk=pk)


def applications_visible_to(viewer) -> QuerySet[SubsidyApplication]:
    return _by_person(viewer, SubsidyApplication.objects.all(), "learning.subsidies").select_related(
        "staff", "rule__certification", "staff__current_unit"
    )


def action_statuses(viewer) -> list[str]:
    """The application states waiting for this viewer's step: a manager confirms 申請中; hr decides what
    the manager confirmed and pays the approved; dx_office pays the approved. Decided by permissions."""
    S = SubsidyApplication.Status
    statuses = []
    if can(viewer, "learning.subsidy_approve"):
        statuses.append(S.MANAGER_OK if can(viewer, "learning.subsidy_manage") else S.APPLIED)
    if can(viewer, "learning.subsidy_manage"):
        statuses.append(S.APPROVED)
    return statuses


def applications_action_first(viewer, fiscal_year: int) -> QuerySet[SubsidyApplication]:
    """The year's applications the viewer may see, those waiting for the viewer's step first, then the
    newest (issue 12 item 11)."""
    from django.db.models import Case, IntegerField, Value, When

    waiting = action_statuses(viewer)
    first = Case(When(status__in=waiting, then=Value(0)), default=Value(1), output_field=IntegerField())
    return (
        applications_visible_to(viewer)
        .filter(rule__fiscal_year=fiscal_year)
        .order_by(first, "-created_at", "-id")
    )


def get_application_for_viewer(viewer, pk: int) -> SubsidyApplication:
    return get_object_or_404(applications_visible_to(viewer), pk=pk)


def open_rules_for(staff, fiscal_year: int) -> QuerySet[SubsidyRule]:
    return subsidy_rules_of(staff.organisation).filter(is_active=True, fiscal_year__gte=fiscal_year - 1)


# --- training -----------------------------------------------------------------------------------


def courses_of(organisation) -> QuerySet[Course]:
    return Course.objects.filter(organisation=organisation)


def get_course_for_viewer(viewer, pk: int) -> Course:
    return get_object_or_404(courses_of(viewer.organisation).select_related("prepares_for"), pk=pk)


def sessions_of(organisation) -> QuerySet[Session]:
    return Session.objects.filter(organisation=organisation).select_related("course")


def get_session_for_viewer(viewer, pk: int) -> Session:
    return get_object_or_404(sessions_of(viewer.organisation), pk=pk)


def with_seats(qs: QuerySet[Session]) -> QuerySet[Session]:
    return qs.annotate(
        held=Count("enrolments", filter=Q(enrolments__status__in=Enrolment.SEAT_HOLDING)),
        waiting=Count("enrolments", filter=Q(enrolments__status=Enrolment.Status.WAITLISTED)),
        to_confirm=Count("enrolments", filter=Q(enrolments__status=Enrolment.Status.APPROVED)),
    )


def enrolments_visible_to(viewer) -> QuerySet[Enrolment]:
    return _by_person(viewer, Enrolment.objects.all(), "learning.enrolments").select_related(
        "staff", "session__course"
    )


def get_enrolment_for_viewer(viewer, pk: int) -> Enrolment:
    """Own enrolments for everyone; all of the organisation for DX推進担当; the units' for 所属長."""
    qs = Enrolment.objects.filter(organisation=viewer.organisation).select_related("staff", "session__course")
    if can(viewer, "learning.course_manage"):
        return get_object_or_404(qs, pk=pk)
    visible = enrolments_visible_to(viewer) if can(viewer, "learning.enrolment_approve") else _own(viewer, qs)
    return get_object_or_404(visible, pk=pk)


def approval_queue(viewer) -> QuerySet[Enrolment]:
    return (
        enrolments_visible_to(viewer)
        .filter(status=Enrolment.Status.APPLIED)
        .order_by("session__starts_on", "created_at")
    )


def my_enrolments(viewer) -> QuerySet[Enrolment]:
    return (
        _own(viewer, Enrolment.objects.all())
        .select_related("session__course", "feedback")
        .order_by("-session__starts_on", "-id")
    )


def open_sessions(organisation, today: date) -> QuerySet[Session]:
    return with_seats(
        sessions_of(organisation)
        .filter(course__is_active=True, starts_on__gt=today)
        .filter(Q(apply_deadline__isnull=True) | Q(apply_deadline__gte=today))
    ).order_by("starts_on", "id")


# Past completions the DX office records for one person live in a session of their own per course and
# day (services.training.completion_record): nobody applies to it.
RECORD_TITLE = "個別の記録"
RECORD_NOTE = "DX推進担当が個別に記録した受講です（申込は受け付けません）。"


def is_record_session(session: Session) -> bool:
    return session.title == RECORD_TITLE and session.note == RECORD_NOTE


def my_active_enrolment(viewer, session: Session) -> Enrolment | None:
    return _own(viewer, Enrolment.objects.filter(session=session, status__in=Enrolment.ACTIVE)).first()


def my_active_session_ids(viewer) -> set[int]:
    return set(
        _own(viewer, Enrolment.objects.filter(status__in=Enrolment.ACTIVE)).values_list(
            "session_id", flat=True
        )
    )


def apply_state(viewer, session: Session, *, applied: bool, today: date) -> dict:
    """Whether the viewer may apply to ``session`` now, and if not, why — in words, so that no session
    is shown without either an apply button or the reason (issue 12 item 10). ``session`` needs the
    seat annotations of ``with_seats``; ``applied`` says the viewer already has an active enrolment.

    Returns ``{"can", "full", "label" (the button's words), "reason", "no_record"}``."""
    from jinzai.core.dates import format_date

    full = session.capacity is not None and getattr(session, "held", 0) >= session.capacity
    label = "満席・キャンセル待ちで申し込む" if full else "申し込む"
    staff = viewer.staff if getattr(viewer, "staff_id", None) else None
    reason = ""
    if staff is None or not can(viewer, "learning.self_service"):
        reason = "職員レコードが結びついていないため、申し込めません。人事担当にお問い合わせください。"
    elif is_record_session(session):
        reason = "個別の受講記録のための回です。申込はできません。"
    elif applied:
        reason = "申込済みです。"
    elif staff.retired_on is not None:
        reason = "退職した職員は申し込めません。"
    elif not session.course.is_active:
        reason = "この研修はいま募集していません。"
    elif session.ends_on < today:
        reason = "この回は終了しました。"
    elif session.starts_on <= today:
        reason = "この回はすでに始まっているため、申し込めません。"
    elif session.apply_deadline is not None and session.apply_deadline < today:
        reason = f"申込締切（{format_date(session.apply_deadline)}）を過ぎたため、申し込めません。"
    return {
        "can": not reason,
        "full": full,
        "label": label,
        "reason": reason,
        "no_record": staff is None,
        "record": is_record_session(session),
    }


# --- internal certification ---------------------------------------------------------------------


def curricula_of(organisation) -> QuerySet[Curriculum]:
    return Curriculum.objects.filter(organisation=organisation).prefetch_related("courses")


def get_curriculum_for_viewer(viewer, pk: int) -> Curriculum:
    return get_object_or_404(curricula_of(viewer.organisation), pk=pk)


def internal_rules_of(organisation) -> QuerySet[InternalCertRule]:
    return InternalCertRule.objects.filter(organisation=organisation).select_related(
        "curriculum", "talent_type", "sub_role"
    )


def get_internal_rule_for_viewer(viewer, pk: int) -> InternalCertRule:
    return get_object_or_404(internal_rules_of(viewer.organisation), pk=pk)


def get_award_for_viewer(viewer, pk: int) -> InternalCertification:
    return get_object_or_404(
        awards_visible_to(viewer).select_related("rule", "staff"),
        pk=pk,
    )


def awards_visible_to(viewer) -> QuerySet[InternalCertification]:
    return _by_person(viewer, InternalCertification.objects.all(), "learning.internal_certs")


def session_roster(session) -> QuerySet[Enrolment]:
    """The confirmed participants of a session with their result (the list the completion import reads)."""
    return (
        session.enrolments.filter(status=Enrolment.Status.CONFIRMED)
        .select_related("staff")
        .order_by("staff__staff_no", "id")
    )


# --- 「対応が必要なこと」 (the home's tasks, core.hooks.HOME_TASKS): counts in the database -------------


def approval_summary(viewer) -> dict:
    """The applications a manager approves: how many, their course fees in total, the first session."""
    from django.db.models import Min, Sum

    return (
        approval_queue(viewer)
        .order_by()
        .aggregate(n=Count("id"), fee=Sum("session__course__fee"), first=Min("session__starts_on"))
    )


def subsidy_summary(viewer, status: str) -> dict:
    """The viewer's subsidy applications in ``status``: how many, the amount asked for, the first exam."""
    from django.db.models import Min, Sum

    return (
        applications_visible_to(viewer)
        .filter(status=status)
        .order_by()
        .aggregate(n=Count("id"), amount=Sum("amount"), first=Min("exam_on"))
    )


def proofs_waiting(viewer) -> dict:
    """Certifications of people in post waiting for hr's check: how many, since when."""
    from django.db.models import Min

    return (
        staffcerts_visible_to(viewer)
        .filter(status=StaffCertification.Status.PENDING, staff__retired_on__isnull=True)
        .order_by()
        .aggregate(n=Count("id"), oldest=Min("created_at"))
    )


def confirmations_waiting(organisation) -> dict:
    """Applications a manager approved that the training office has not confirmed yet (sessions to come)."""
    from django.db.models import Min

    return (
        Enrolment.objects.filter(
            organisation=organisation, status=Enrolment.Status.APPROVED, session__ends_on__gte=_today()
        )
        .order_by()
        .aggregate(
            n=Count("id"),
            sessions=Count("session_id", distinct=True),
            session_pk=Min("session_id"),
            first=Min("session__starts_on"),
        )
    )


def my_results(viewer, *, since) -> dict:
    """The person's results: certifications verified since ``since``, returned ones not registered again,
    and applications approved or confirmed for sessions still to come. Two queries."""
    from django.db.models import Min

    newer = StaffCertification.objects.filter(
        staff_id=OuterRef("staff_id"),
        certification_id=OuterRef("certification_id"),
        created_at__gt=OuterRef("created_at"),
    )
    S = StaffCertification.Status
    certs = _own(viewer, StaffCertification.objects.all()).aggregate(
        verified=Count("id", filter=Q(status=S.VERIFIED, verified_at__gte=since)),
        returned=Count("id", filter=Q(status=S.RETURNED) & ~Q(Exists(newer))),
    )
    enrolments = (
        _own(viewer, Enrolment.objects.all())
        .filter(
            status__in=[Enrolment.Status.APPROVED, Enrolment.Status.CONFIRMED],
            session__starts_on__gte=_today(),
        )
        .aggregate(approved=Count("id"), next_on=Min("session__starts_on"))
    )
    return certs | enrolments


def certification_overview(organisation, day: date) -> dict:
    """The home's DX picture: people in post, and how many hold a verified certification valid today —
    any, and of ITSS level 1–4 or higher (learning.reports). Two queries."""
    from jinzai.people.models import Staff

    from .reports import LEVELS, holders_by_level

    counts = holders_by_level(organisation, day)
    staff = Staff.objects.filter(organisation=organisation, retired_on__isnull=True).count()
    labels = [("any", "いずれかの資格")] + [(f"l{n}", f"ITSSレベル{n}以上の資格") for n in LEVELS]
    return {
        "staff": staff,
        "rows": [
            {
                "label": label,
                "n": counts.get(key) or 0,
                "share": round(100 * (counts.get(key) or 0) / staff, 1) if staff else 0,
            }
            for key, label in labels
        ],
    }


# --- reads the views used to write themselves --------------------------------------------------


def staff_by_numbers(organisation, numbers) -> dict:
    """{職員番号: Staff} of the organisation's staff with these numbers (a roster typed in by number)."""
    from jinzai.people.models import Staff

    return {s.staff_no: s for s in Staff.objects.filter(organisation=organisation, staff_no__in=numbers)}


def staff_in_bulk(organisation, ids) -> dict:
    from jinzai.people.models import Staff

    return Staff.objects.filter(organisation=organisation).in_bulk(list(ids))


def internal_holder_counts(organisation) -> dict[int, int]:
    """{rule id: people holding that internal certification (not revoked)}."""
    return {
        r["rule_id"]: r["n"]
        for r in InternalCertification.objects.filter(organisation=organisation, revoked_on__isnull=True)
        .values("rule_id")
        .annotate(n=Count("id"))
    }


def internal_holder_count(rule: InternalCertRule) -> int:
    return InternalCertification.objects.filter(rule=rule, revoked_on__isnull=True).count()


def applications_of_staff(staff) -> QuerySet[SubsidyApplication]:
    return SubsidyApplication.objects.filter(staff=staff).select_related("rule__certification")


def awards_of_staff(staff) -> QuerySet[InternalCertification]:
    return InternalCertification.objects.filter(staff=staff).select_related("rule")


def get_my_application(viewer, pk: int) -> SubsidyApplication:
    """The viewer's own subsidy application (404 for anyone else's, also for their manager)."""
    return get_object_or_404(
        SubsidyApplication.objects.filter(organisation=viewer.organisation, staff_id=viewer.staff_id or -1),
        pk=pk,
    )


def get_my_enrolment(viewer, pk: int) -> Enrolment:
    """The viewer's own enrolment (404 for anyone else's)."""
    return get_object_or_404(
        Enrolment.objects.filter(
            organisation=viewer.organisation, staff_id=viewer.staff_id or -1
        ).select_related("session__course"),
        pk=pk,
    )
