"""Reads of staff, scoped by the acting membership (never by bare id)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from jinzai.core.access import SystemActor, can
from jinzai.core.roles import Role
from jinzai.core.selectors import descendant_ids, manager_scope_ids
from jinzai.core.text import search_terms

from .models import Assignment, Staff


def staff_visible_to(viewer) -> QuerySet[Staff]:
    qs = Staff.objects.filter(organisation=viewer.organisation)
    if isinstance(viewer, SystemActor):
        return qs
    role = Role(viewer.role)
    if role == Role.MANAGER:
        return qs.filter(current_unit_id__in=manager_scope_ids(viewer))
    if role == Role.STAFF:
        return qs.filter(pk=viewer.staff_id) if viewer.staff_id else qs.none()
    if role in {Role.HR, Role.DX_OFFICE, Role.EXECUTIVE}:
        return qs
    return qs.none()


def get_staff_for_viewer(viewer, pk: int) -> Staff:
    return get_object_or_404(staff_visible_to(viewer).select_related("grade", "current_unit"), pk=pk)


@dataclass(frozen=True)
class StaffFilter:
    q: str = ""
    unit_id: int | None = None
    grade_id: int | None = None
    employment_type: str = ""
    status: str = "active"  # active | retired | all
    sort: str = "staff_no"


SORTS = {
    "staff_no": ("staff_no",),
    "-staff_no": ("-staff_no",),
    "kana": ("kana", "staff_no"),
    "-kana": ("-kana", "staff_no"),
    "grade": ("grade__rank", "staff_no"),
    "-grade": ("-grade__rank", "staff_no"),
    "hired_on": ("hired_on", "staff_no"),
    "-hired_on": ("-hired_on", "staff_no"),
}


def staff_search(viewer, f: StaffFilter) -> QuerySet[Staff]:
    """Search by 氏名/ふりがな/職員番号 (width- and kana-insensitive) with filters; sub-units included."""
    qs = staff_visible_to(viewer)
    for term in search_terms(f.q):
        qs = qs.filter(search_text__contains=term)
    if f.unit_id:
        qs = qs.filter(current_unit_id__in=descendant_ids(viewer.organisation, [f.unit_id]))
    if f.grade_id:
        qs = qs.filter(grade_id=f.grade_id)
    if f.employment_type:
        qs = qs.filter(employment_type=f.employment_type)
    if f.status == "active":
        qs = qs.filter(retired_on__isnull=True)
    elif f.status == "retired":
        qs = qs.filter(retired_on__isnull=False)
    return qs.select_related("grade", "current_unit").order_by(*SORTS.get(f.sort, SORTS["staff_no"]))


def assignments_of(staff: Staff) -> QuerySet[Assignment]:
    return staff.assignments.select_related("unit", "grade").order_by("-started_on", "-id")


def visible_staff_fields(viewer, staff: Staff | None = None) -> set[str]:
    """Which master fields the viewer may read on a 人財カード or in a list."""
    fields = {
        "staff_no",
        "name",
        "kana",
        "employment_type",
        "grade",
        "current_unit",
        "hired_on",
        "retired_on",
    }
    if can(viewer, "people.staff_contact"):
        fields |= set(Staff.CONTACT_FIELDS)
    return fields


def staff_counts(viewer) -> dict[str, int]:
    qs = staff_visible_to(viewer)
    return {
        "active": qs.filter(retired_on__isnull=True).count(),
        "retired": qs.filter(retired_on__isnull=False).count(),
    }


def staff_by_employment(viewer) -> list[dict]:
    from django.db.models import Count

    from .models import EmploymentType

    rows = (
        staff_visible_to(viewer)
        .filter(retired_on__isnull=True)
        .values("employment_type")
        .annotate(n=Count("id"))
        .order_by("employment_type")
    )
    labels = dict(EmploymentType.choices)
    order = {value: i for i, value in enumerate(labels)}
    rows = sorted(rows, key=lambda r: order.get(r["employment_type"], len(order)))
    return [{"label": labels.get(r["employment_type"], r["employment_type"]), "n": r["n"]} for r in rows]


def recent_imports(viewer, limit: int = 5):
    from .models import StaffImport

    return StaffImport.objects.filter(organisation=viewer.organisation).order_by("-created_at")[:limit]
