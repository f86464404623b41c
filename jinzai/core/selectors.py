"""Reads of organisation structure, scoped by the acting membership."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from .models import AuditEvent, Grade, Membership, Organisation, Unit


def units_of(organisation: Organisation) -> QuerySet[Unit]:
    return Unit.objects.filter(organisation=organisation)


def units_visible_to(viewer) -> QuerySet[Unit]:
    return units_of(viewer.organisation)


def get_unit_for_viewer(viewer, pk: int) -> Unit:
    return get_object_or_404(units_visible_to(viewer), pk=pk)


def active_units(organisation: Organisation, on: date) -> QuerySet[Unit]:
    return units_of(organisation).filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=on), Q(valid_to__isnull=True) | Q(valid_to__gte=on)
    )


def descendant_ids(organisation: Organisation, roots: Iterable[int]) -> set[int]:
    """The given unit ids and every unit below them (one query, walked in memory)."""
    children: dict[int | None, list[int]] = defaultdict(list)
    for pk, parent_id in units_of(organisation).values_list("pk", "parent_id"):
        children[parent_id].append(pk)
    result: set[int] = set()
    stack = list(roots)
    while stack:
        pk = stack.pop()
        if pk in result:
            continue
        result.add(pk)
        stack.extend(children.get(pk, ()))
    return result


def manager_scope_ids(membership: Membership) -> set[int]:
    """Units a manager looks after, with everything below them."""
    roots = list(membership.units.values_list("pk", flat=True))
    return descendant_ids(membership.organisation, roots) if roots else set()


@dataclass
class UnitNode:
    unit: Unit
    depth: int
    path: str
    children: list[UnitNode] = field(default_factory=list)
    staff_count: int = 0


def unit_tree(organisation: Organisation, *, with_counts: bool = False) -> list[UnitNode]:
    """The unit tree flattened in display order (depth-first), each node with its path name."""
    qs = units_of(organisation).order_by("sort_order", "id")
    if with_counts:
        qs = qs.annotate(n=Count("current_staff", filter=Q(current_staff__retired_on__isnull=True)))
    by_parent: dict[int | None, list[Unit]] = defaultdict(list)
    for unit in qs:
        by_parent[unit.parent_id].append(unit)
    flat: list[UnitNode] = []

    def walk(parent_id: int | None, depth: int, prefix: str) -> None:
        for unit in by_parent.get(parent_id, ()):
            path = f"{prefix}{unit.name}" if not prefix else f"{prefix} ／ {unit.name}"
            node = UnitNode(unit=unit, depth=depth, path=path, staff_count=getattr(unit, "n", 0))
            flat.append(node)
            walk(unit.pk, depth + 1, path)

    walk(None, 0, "")
    return flat


def unit_paths(organisation: Organisation) -> dict[int, str]:
    return {node.unit.pk: node.path for node in unit_tree(organisation)}


def grades_of(organisation: Organisation) -> QuerySet[Grade]:
    return Grade.objects.filter(organisation=organisation).order_by("rank")


def memberships_of(organisation: Organisation) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(organisation=organisation)
        .select_related("user", "staff", "organisation")
        .prefetch_related("units")
        .order_by("user__username", "role")
    )


def get_membership_for_viewer(viewer, pk: int) -> Membership:
    return get_object_or_404(memberships_of(viewer.organisation), pk=pk)


def audit_events_for(viewer, *, actor: str = "", action: str = "", obj: str = "", since=None, until=None):
    qs = AuditEvent.objects.filter(organisation=viewer.organisation)
    if actor:
        qs = qs.filter(username__icontains=actor)
    if action:
        qs = qs.filter(action__startswith=action)
    if obj:
        qs = qs.filter(Q(object_repr__icontains=obj) | Q(object_id=obj))
    if since:
        qs = qs.filter(at__date__gte=since)
    if until:
        qs = qs.filter(at__date__lte=until)
    return qs.order_by("-at", "-id")


def member_organisations(viewer) -> QuerySet[Organisation]:
    """A prefecture's municipalities with aggregate counts only (no personal data)."""
    return (
        Organisation.objects.filter(prefecture=viewer.organisation)
        .annotate(active_staff=Count("staff", filter=Q(staff__retired_on__isnull=True)))
        .order_by("code")
    )


def jobs_of(viewer):
    """The viewer's own background jobs (a job's file holds what only its starter asked for)."""
    from .models import Job

    return Job.objects.filter(organisation=viewer.organisation, created_by=viewer)


def get_job_for_viewer(viewer, pk: int):
    return get_object_or_404(jobs_of(viewer), pk=pk)
