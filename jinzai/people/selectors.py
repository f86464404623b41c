"""Reads of staff, scoped by the acting membership (never by bare id)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from jinzai.core.access import FieldScope, SystemActor, can_see_field, field_scope
from jinzai.core.roles import Role
from jinzai.core.selectors import descendant_ids
from jinzai.core.text import search_terms

from .models import Assignment, Staff

# The field that decides whether a person appears at all (lists, the 人財カード, pickers).
PERSON = "people.name"


def rows_with_field(
    viewer,
    qs: QuerySet,
    key: str,
    *,
    staff: str = "staff",
    unit: str | None = None,
    scope: FieldScope | None = None,
) -> QuerySet:
    """Rows about people (``staff`` is the lookup of the person), limited to the people whose field ``key``
    the viewer may read (core.access field table). ``unit`` overrides the unit that a manager's scope
    is matched against (default: the person's current unit)."""
    scope = scope or field_scope(viewer, key)
    qs = qs.filter(organisation=viewer.organisation) if scope.organisation_id is not None else qs.none()
    if scope.everyone:
        return qs
    prefix = "" if staff == "pk" else f"{staff}__"
    condition = Q(pk__in=[])
    if scope.staff_id is not None:
        condition |= Q(**{("pk" if staff == "pk" else f"{staff}_id"): scope.staff_id})
    if scope.unit_ids:
        condition |= Q(**{f"{unit or prefix + 'current_unit'}_id__in": list(scope.unit_ids)})
    return qs.filter(condition)


def staff_with_field(viewer, key: str) -> QuerySet[Staff]:
    """The people whose field ``key`` the viewer may read."""
    return rows_with_field(viewer, Staff.objects.all(), key, staff="pk", unit="current_unit")


def staff_visible_to(viewer) -> QuerySet[Staff]:
    """The people the viewer may open at all (their 人財カード, lists and pickers)."""
    return staff_with_field(viewer, PERSON)


def staff_population(viewer) -> QuerySet[Staff]:
    """The people counted in the viewer's aggregates (whole numbers, never names): the organisation for
    hr, dx_office and executives, a manager's units, a person themselves."""
    qs = Staff.objects.filter(organisation=viewer.organisation)
    if isinstance(viewer, SystemActor):
        return qs
    role = Role(viewer.role)
    if role in {Role.HR, Role.DX_OFFICE, Role.EXECUTIVE}:
        return qs
    return staff_visible_to(viewer)


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


def find_staff_by_no(viewer, staff_no: str) -> Staff | None:
    """The person with this 職員番号 among those the viewer may see (None when there is nobody)."""
    if not staff_no:
        return None
    return staff_visible_to(viewer).filter(staff_no=staff_no).select_related("current_unit").first()


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


# The master fields of a 人財カード / list row and their keys in the field table (core.access).
MASTER_FIELD_KEYS = {
    "staff_no": "people.staff_no",
    "name": "people.name",
    "kana": "people.kana",
    "current_unit": "people.current_unit",
    "grade": "people.grade",
    "employment_type": "people.employment_type",
    "hired_on": "people.hired_on",
    "retired_on": "people.retired_on",
    "assignments": "people.assignments",
    "email": "people.email",
    "phone": "people.phone",
    "birth_date": "people.birth_date",
}


def visible_staff_fields(viewer, staff: Staff | None = None) -> set[str]:
    """Which master fields the viewer may read: of ``staff`` (a 人財カード), or, without ``staff``, of every
    person the viewer's lists show (a column is shown only when it is readable on every row)."""
    if staff is not None:
        return {name for name, key in MASTER_FIELD_KEYS.items() if can_see_field(viewer, staff, key)}
    base = field_scope(viewer, PERSON)
    return {name for name, key in MASTER_FIELD_KEYS.items() if field_scope(viewer, key).covers(base)}


def staff_counts(viewer) -> dict[str, int]:
    qs = staff_population(viewer)
    return {
        "active": qs.filter(retired_on__isnull=True).count(),
        "retired": qs.filter(retired_on__isnull=False).count(),
    }


def staff_by_employment(viewer) -> list[dict]:
    from django.db.models import Count

    from .models import EmploymentType

    rows = (
        staff_population(viewer)
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
    from jinzai.core.selectors import recent_imports as recent

    return recent(viewer, "staff", limit=limit)


def waiting_imports(viewer, kinds) -> list[dict]:
    """Uploads still in preview (to confirm or discard), per importer: ``{"kind", "n", "latest", "at"}``
    with the newest record's id and time — one query, whatever the number of importers (the home's
    「対応が必要なこと」, core.selectors.imports_waiting counts the same rows)."""
    from django.db.models import Count, Max

    from jinzai.core.models import ImportRecord
    from jinzai.core.selectors import imports_of_kinds

    kinds = list(kinds)
    if not kinds:
        return []
    return list(
        imports_of_kinds(viewer, kinds)
        .filter(status=ImportRecord.Status.PREVIEWED)
        .values("kind")
        .annotate(n=Count("id"), latest=Max("id"), at=Max("created_at"))
        .order_by("kind")
    )
