"""Reads of calls for applications and nominations, scoped by the viewer (never by bare id).

Applications and nominations are records about people: the field table (core.access) decides whose a viewer
may read — hr and dx_office everyone's, a manager those of their units, a person their own applications."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from ..models import Application, Call, Nomination, NominationTrack


def _today() -> date:
    from jinzai.core.services import today

    return today()


def calls_of(organisation) -> QuerySet[Call]:
    return (
        Call.objects.filter(organisation=organisation)
        .select_related("talent_type", "sub_role")
        .annotate(
            applied=Count("applications", filter=~Q(applications__status=Application.Status.WITHDRAWN)),
            awaiting=Count(
                "applications",
                filter=Q(applications__status=Application.Status.APPLIED, applications__manager_opinion=""),
            ),
        )
    )


def get_call_for_viewer(viewer, pk: int) -> Call:
    return get_object_or_404(calls_of(viewer.organisation), pk=pk)


def open_calls(organisation, day: date | None = None) -> QuerySet[Call]:
    day = day or _today()
    return (
        calls_of(organisation).filter(status=Call.Status.OPEN, deadline__gte=day).order_by("deadline", "id")
    )


def get_open_call_for_viewer(viewer, pk: int) -> Call:
    """A call the viewer can apply to (published, not past its deadline) — 404 otherwise."""
    return get_object_or_404(open_calls(viewer.organisation), pk=pk)


def applications_visible_to(viewer) -> QuerySet[Application]:
    from jinzai.people.selectors import rows_with_field

    return rows_with_field(viewer, Application.objects.all(), "talent.applications").select_related(
        "call", "call__talent_type", "call__sub_role", "staff", "staff__current_unit", "staff__grade"
    )


def applications_of_call(viewer, call: Call) -> QuerySet[Application]:
    return applications_visible_to(viewer).filter(call=call).order_by("applied_at", "id")


def my_applications(viewer) -> QuerySet[Application]:
    staff_id = getattr(viewer, "staff_id", None)
    if staff_id is None:
        return Application.objects.none()
    return applications_visible_to(viewer).filter(staff_id=staff_id).order_by("-applied_at", "-id")


def get_my_application(viewer, pk: int) -> Application:
    return get_object_or_404(my_applications(viewer), pk=pk)


def applications_to_review(viewer) -> QuerySet[Application]:
    """Applications from the manager's units that wait for their opinion (the person's own excepted)."""
    qs = applications_visible_to(viewer).filter(status=Application.Status.APPLIED)
    if getattr(viewer, "staff_id", None):
        qs = qs.exclude(staff_id=viewer.staff_id)
    return qs.order_by("manager_opinion", "call__deadline", "applied_at")


def get_application_to_review(viewer, pk: int) -> Application:
    return get_object_or_404(applications_to_review(viewer), pk=pk)


# --- nominations ---------------------------------------------------------------------------------


def nominations_visible_to(viewer) -> QuerySet[Nomination]:
    from jinzai.people.selectors import rows_with_field

    return (
        rows_with_field(viewer, Nomination.objects.all(), "talent.nominations")
        .select_related("staff", "staff__current_unit", "staff__grade")
        .prefetch_related("tracks__talent_type", "tracks__sub_role", "tracks__unit")
    )


def nomination_list(viewer, *, status: str = "") -> QuerySet[Nomination]:
    qs = nominations_visible_to(viewer)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-id")


def get_nomination_for_viewer(viewer, pk: int) -> Nomination:
    return get_object_or_404(nominations_visible_to(viewer), pk=pk)


def get_track_for_viewer(viewer, pk: int) -> NominationTrack:
    nominations = nominations_visible_to(viewer)
    return get_object_or_404(
        NominationTrack.objects.filter(nomination__in=nominations).select_related(
            "nomination", "nomination__staff", "talent_type", "sub_role", "unit"
        ),
        pk=pk,
    )


def nominations_decided_for(viewer, *, since) -> int:
    """How many of the viewer's own nominations had a track decided since ``since`` (the nominator's
    「対応が必要なこと」: the result to read and pass on)."""
    return (
        nominations_visible_to(viewer)
        .filter(nominated_by=viewer, tracks__decided_at__gte=since)
        .distinct()
        .order_by()
        .count()
    )


def nomination_counts(viewer) -> dict[str, int]:
    rows = dict(nominations_visible_to(viewer).values_list("status").annotate(n=Count("id")))
    return {value: rows.get(value, 0) for value in Nomination.Status.values}


def nominees(viewer) -> QuerySet:
    """The people the viewer may nominate: those they may open (a manager: their units), still employed."""
    from jinzai.people.selectors import staff_visible_to

    return staff_visible_to(viewer).filter(retired_on__isnull=True)


def nominee(viewer, pk: int):
    return nominees(viewer).filter(pk=pk).first()


def nominee_options(viewer, limit: int = 5000) -> list:
    return list(nominees(viewer).only("staff_no", "name", "current_unit_id")[:limit])
