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
