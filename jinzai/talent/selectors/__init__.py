"""Reads of talent types and designations, scoped by the acting membership (never by bare id).

Other apps (planning) count with `active_designations(organisation, on=…)` and show lists with
`designations_visible_to(viewer)`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import BooleanField, Case, Count, F, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from jinzai.core.selectors import descendant_ids
from jinzai.core.text import search_terms

from ..models import Designation, SubRole, TalentType

STATUS_ACTIVE, STATUS_ENDED, STATUS_ALL = "active", "ended", "all"


def _today() -> date:
    from jinzai.core.services import today

    return today()


# --- talent types -------------------------------------------------------------------------------


def tree_order(prefix: str = "") -> list:
    """Ordering of talent types in tree order (each type, then its tiers), for `order_by(*tree_order())`.

    Tiers are one level deep (talent_type_create refuses a tier of a tier), so a type sorts by its top
    type's place and then, below it, by its own. `prefix` orders a relation, e.g. ``"talent_type__"``.
    """
    p = prefix
    return [
        Coalesce(f"{p}parent__sort_order", f"{p}sort_order"),
        Coalesce(f"{p}parent_id", f"{p}id"),
        F(f"{p}parent_id").asc(nulls_first=True),
        f"{p}sort_order",
        f"{p}id",
    ]


def types_of(organisation) -> QuerySet[TalentType]:
    return TalentType.objects.filter(organisation=organisation).order_by(*tree_order())


def get_type_for_viewer(viewer, pk: int) -> TalentType:
    return get_object_or_404(types_of(viewer.organisation).select_related("parent"), pk=pk)


def get_sub_role_for_viewer(viewer, pk: int) -> SubRole:
    return get_object_or_404(
        SubRole.objects.filter(organisation=viewer.organisation).select_related("talent_type"), pk=pk
    )


def ordered_types(organisation, *, active_only: bool = False) -> list[tuple[TalentType, int]]:
    """Types in display order: each top-level type followed by its tiers, as (type, depth)."""
    qs = types_of(organisation)
    if active_only:
        qs = qs.filter(is_active=True)
    types = list(qs)
    ids = {t.pk for t in types}
    children: dict[int | None, list[TalentType]] = {}
    for t in types:
        parent = t.parent_id if t.parent_id in ids else None
        children.setdefault(parent, []).append(t)
    result: list[tuple[TalentType, int]] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for t in children.get(parent_id, ()):
            result.append((t, depth))
            walk(t.pk, depth + 1)

    walk(None, 0)
    return result


def type_rows(organisation) -> list[dict]:
    """The type list: each type with its sub-roles and the number of people designated today."""
    today = _today()
    counts = dict(
        active_designations(organisation, on=today)
        .values("talent_type_id")
        .annotate(n=Count("staff_id", distinct=True))
        .values_list("talent_type_id", "n")
    )
    sub_roles: dict[int, list[SubRole]] = {}
    for sub in SubRole.objects.filter(organisation=organisation).order_by("sort_order", "id"):
        sub_roles.setdefault(sub.talent_type_id, []).append(sub)
    return [
        {"type": t, "depth": depth, "sub_roles": sub_roles.get(t.pk, []), "active": counts.get(t.pk, 0)}
        for t, depth in ordered_types(organisation)
    ]


def active_count_of_type(talent_type: TalentType) -> int:
    return active_designations(talent_type.organisation).filter(talent_type=talent_type).count()


def active_count_of_sub_role(sub_role: SubRole) -> int:
    return active_designations(sub_role.organisation).filter(sub_role=sub_role).count()


# --- designations -------------------------------------------------------------------------------


def active_designations(organisation, on: date | None = None) -> QuerySet[Designation]:
    """Designations in force on `on` (default today) of people who had not retired before that day."""
    on = on or _today()
    return Designation.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=on),
        organisation=organisation,
        started_on__lte=on,
    ).exclude(staff__retired_on__lt=on)


def designations_visible_to(viewer) -> QuerySet[Designation]:
    """Every designation (history included) of the people whose designations the viewer may read
    (the field table in core.access: executives count them, they do not list them)."""
    from jinzai.people.selectors import rows_with_field

    return rows_with_field(viewer, Designation.objects.all(), "talent.designations")


def get_designation_for_viewer(viewer, pk: int) -> Designation:
    return get_object_or_404(
        designations_visible_to(viewer).select_related("staff", "talent_type", "sub_role"), pk=pk
    )


def is_current(designation: Designation, today: date | None = None) -> bool:
    """Not ended yet (a designation starting in the future counts as current: it can be edited/ended)."""
    today = today or _today()
    return designation.ended_on is None or designation.ended_on >= today


@dataclass(frozen=True)
class DesignationFilter:
    q: str = ""
    talent_type_id: int | None = None
    sub_role_id: int | None = None
    unit_id: int | None = None
    status: str = STATUS_ACTIVE  # active | ended | all
    today: date | None = field(default=None, compare=False)


def _current_q(today: date) -> Q:
    return Q(ended_on__isnull=True) | Q(ended_on__gte=today)


def designation_search(viewer, f: DesignationFilter) -> QuerySet[Designation]:
    """The designation list: filters, search by 氏名/ふりがな/職員番号 and sub-units included."""
    today = f.today or _today()
    qs = designations_visible_to(viewer)
    for term in search_terms(f.q):
        qs = qs.filter(staff__search_text__contains=term)
    if f.talent_type_id:
        qs = qs.filter(talent_type_id=f.talent_type_id)
    if f.sub_role_id:
        qs = qs.filter(sub_role_id=f.sub_role_id)
    if f.unit_id:
        qs = qs.filter(staff__current_unit_id__in=descendant_ids(viewer.organisation, [f.unit_id]))
    if f.status == STATUS_ACTIVE:
        qs = qs.filter(_current_q(today))
    elif f.status == STATUS_ENDED:
        qs = qs.filter(ended_on__lt=today)
    return qs.select_related("staff", "talent_type", "sub_role").order_by(
        Coalesce("talent_type__parent__sort_order", "talent_type__sort_order"),
        Coalesce("talent_type__parent_id", "talent_type_id"),
        "talent_type__sort_order",
        "talent_type_id",
        "sub_role__sort_order",
        "staff__staff_no",
        "-started_on",
        "-id",
    )


def counts_by_type(viewer, *, unit_id: int | None = None) -> list[dict]:
    """People holding a designation today, per type (a card each), within the viewer's scope."""
    today = _today()
    qs = designations_visible_to(viewer).filter(
        _current_q(today), started_on__lte=today, staff__retired_on__isnull=True
    )
    if unit_id:
        qs = qs.filter(staff__current_unit_id__in=descendant_ids(viewer.organisation, [unit_id]))
    counts = dict(
        qs.values("talent_type_id")
        .annotate(n=Count("staff_id", distinct=True))
        .values_list("talent_type_id", "n")
    )
    return [
        {"type": t, "depth": depth, "n": counts.get(t.pk, 0)}
        for t, depth in ordered_types(viewer.organisation)
        if t.is_active or counts.get(t.pk)
    ]


def designations_of_staff(staff, today: date | None = None) -> QuerySet[Designation]:
    """A person's full designation history: current ones first, then ended ones, newest first."""
    today = today or _today()
    return (
        staff.designations.select_related("talent_type", "sub_role")
        .annotate(
            current=Case(
                When(_current_q(today), then=Value(True)), default=Value(False), output_field=BooleanField()
            )
        )
        .order_by("-current", "-started_on", "-id")
    )


# --- imports ------------------------------------------------------------------------------------
