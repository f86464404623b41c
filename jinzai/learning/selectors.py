"""Reads of the learning app, scoped by the acting membership (never by bare id)."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from jinzai.core.access import SystemActor, can
from jinzai.core.roles import Role
from jinzai.core.selectors import manager_scope_ids
from jinzai.core.text import search_terms

from .models import (
    Certification,
    Course,
    Curriculum,
    Enrolment,
    InternalCertification,
    InternalCertRule,
    LearningImport,
    Session,
    StaffCertification,
    SubsidyApplication,
    SubsidyRule,
)


def _today() -> date:
    from jinzai.core.services import today

    return today()


def _by_person(viewer, qs: QuerySet, staff_field: str = "staff") -> QuerySet:
    """Rows about people, limited to the people the viewer may see (like people.staff_visible_to)."""
    qs = qs.filter(organisation=viewer.organisation)
    if isinstance(viewer, SystemActor):
        return qs
    role = Role(viewer.role)
    if role in {Role.HR, Role.DX_OFFICE, Role.EXECUTIVE}:
        return qs
    if role == Role.MANAGER:
        return qs.filter(**{f"{staff_field}__current_unit_id__in": manager_scope_ids(viewer)})
    if role == Role.STAFF and viewer.staff_id:
        return qs.filter(**{f"{staff_field}_id": viewer.staff_id})
    return qs.none()


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
    """Managers see their units' people, staff their own; hr/dx_office/executive everyone."""
    return _by_person(viewer, StaffCertification.objects.all())


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
    return _by_person(viewer, SubsidyApplication.objects.all()).select_related(
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
    return _by_person(viewer, Enrolment.objects.all()).select_related("staff", "session__course")


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
        InternalCertification.objects.filter(organisation=viewer.organisation).select_related(
            "rule", "staff"
        ),
        pk=pk,
    )


# --- imports ------------------------------------------------------------------------------------


def get_import_for_viewer(viewer, pk: int, kind: str) -> LearningImport:
    return get_object_or_404(
        LearningImport.objects.filter(organisation=viewer.organisation, kind=kind), pk=pk
    )


def recent_imports(viewer, kind: str, session=None, limit: int = 5):
    qs = LearningImport.objects.filter(organisation=viewer.organisation, kind=kind)
    if session is not None:
        qs = qs.filter(session=session)
    return qs.order_by("-created_at", "-id")[:limit]
