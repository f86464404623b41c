"""Where designated people serve on a day — main posting *and* concurrent posts (兼務) — and the coverage of
units by them. Reads the database, or the database as a draft transfer list would leave it (talent.planned).

Used by the leader-coverage metric, the candidate shortlists (units lacking a leader first), the transfer
simulation (units losing their only leader) and the 人財カード's ladder position.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q

from jinzai.core.models import Unit

from .. import planned
from ..models import Designation, TalentType


def leader_type_ids(organisation) -> frozenset[int]:
    """The DX推進リーダー type and its tiers (ゴールド・シルバー …)."""
    leader = TalentType.objects.filter(organisation=organisation, kind=TalentType.Kind.LEADER).first()
    if leader is None:
        return frozenset()
    return types_with_tiers(organisation, [leader.pk])


def types_with_tiers(organisation, type_ids) -> frozenset[int]:
    ids = set(type_ids)
    ids.update(
        TalentType.objects.filter(organisation=organisation, parent_id__in=list(ids)).values_list(
            "pk", flat=True
        )
    )
    return frozenset(ids)


def parent_map(organisation) -> dict[int, int | None]:
    return dict(Unit.objects.filter(organisation=organisation).values_list("pk", "parent_id"))


def owner_in(unit_id: int | None, wanted: set[int], parents: dict[int, int | None]) -> int | None:
    """The first unit of ``wanted`` at or above ``unit_id`` in the tree (a 係 rolls up to its 課)."""
    seen = 0
    while unit_id is not None and seen < 50:
        if unit_id in wanted:
            return unit_id
        unit_id, seen = parents.get(unit_id), seen + 1
    return None


def _posting_on(rows, day: date):
    for unit_id, grade_id, start, end in rows:
        if start <= day and (end is None or day <= end):
            return unit_id, grade_id
    return None


def main_postings(organisation, staff_ids) -> dict[int, list]:
    """Every main posting (unit, grade, from, to) of these people, with the planned state if one is in force."""
    from jinzai.people.models import Assignment

    postings: dict[int, list] = defaultdict(list)
    rows = Assignment.objects.filter(organisation=organisation, staff_id__in=list(staff_ids)).values_list(
        "staff_id", "unit_id", "grade_id", "started_on", "ended_on"
    )
    for staff_id, unit_id, grade_id, start, end in rows:
        postings[staff_id].append((unit_id, grade_id, start, end))
    return planned.overlay_postings(organisation.pk, dict(postings))


def concurrent_posts(organisation, staff_ids) -> dict[int, list]:
    """Concurrent posts (unit, from, to) of these people, with the planned state if one is in force."""
    from jinzai.people.models import ConcurrentPost

    posts: dict[int, list] = defaultdict(list)
    rows = ConcurrentPost.objects.filter(organisation=organisation, staff_id__in=list(staff_ids)).values_list(
        "staff_id", "unit_id", "started_on", "ended_on"
    )
    for staff_id, unit_id, start, end in rows:
        posts[staff_id].append((unit_id, start, end))
    return planned.overlay_concurrent(organisation.pk, dict(posts))


@dataclass
class Serving:
    """Where people serve on a day: ``main[staff] = unit``, ``concurrent[staff] = {units}``."""

    day: date
    main: dict[int, int] = field(default_factory=dict)
    grade: dict[int, int | None] = field(default_factory=dict)
    concurrent: dict[int, set[int]] = field(default_factory=dict)

    def units_of(self, staff_id: int) -> set[int]:
        units = set(self.concurrent.get(staff_id, ()))
        if staff_id in self.main:
            units.add(self.main[staff_id])
        return units


def serving_on(organisation, staff_ids, day: date) -> Serving:
    """Main and concurrent posts of ``staff_ids`` on ``day`` (two queries)."""
    ids = list(staff_ids)
    result = Serving(day)
    for staff_id, rows in main_postings(organisation, ids).items():
        posting = _posting_on(rows, day)
        if posting is not None:
            result.main[staff_id], result.grade[staff_id] = posting
    for staff_id, rows in concurrent_posts(organisation, ids).items():
        units = {u for u, start, end in rows if start <= day and (end is None or day <= end)}
        if units:
            result.concurrent[staff_id] = units
    return result


def designated_on(organisation, day: date, type_ids, sub_role_id: int | None = None) -> set[int]:
    """People designated as one of ``type_ids`` on ``day`` who had not retired before it."""
    qs = Designation.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=day),
        organisation=organisation,
        talent_type_id__in=list(type_ids),
        started_on__lte=day,
    ).exclude(staff__retired_on__lt=day)
    if sub_role_id:
        qs = qs.filter(sub_role_id=sub_role_id)
    return set(qs.values_list("staff_id", flat=True))


@dataclass
class UnitCoverage:
    unit: Unit
    people: set[int] = field(default_factory=set)  # designated people serving there (main or 兼務)
    concurrent: set[int] = field(default_factory=set)  # of whom by a concurrent post

    @property
    def count(self) -> int:
        return len(self.people)


def coverage_units(organisation, *, kind: str = "division", business_only: bool = True) -> list[Unit]:
    qs = Unit.objects.filter(organisation=organisation, kind=kind)
    if business_only:
        qs = qs.filter(is_business=True)
    return list(qs.order_by("sort_order", "id"))


def coverage_on(
    organisation,
    day: date,
    *,
    type_ids=None,
    sub_role_id: int | None = None,
    kind: str = "division",
    business_only: bool = True,
    units: list[Unit] | None = None,
    parents: dict | None = None,
) -> list[UnitCoverage]:
    """Each unit of the kind valid on ``day`` with the designated people serving in it or below it,
    counting concurrent posts (a 兼務 in 情報政策課 counts there too; one person counts once per unit)."""
    type_ids = leader_type_ids(organisation) if type_ids is None else type_ids
    units = coverage_units(organisation, kind=kind, business_only=business_only) if units is None else units
    valid = [u for u in units if u.is_valid_on(day)]
    parents = parent_map(organisation) if parents is None else parents
    wanted = {u.pk for u in valid}
    people = designated_on(organisation, day, type_ids, sub_role_id)
    serving = serving_on(organisation, people, day)
    result = {u.pk: UnitCoverage(u) for u in valid}
    for staff_id in people:
        main_owner = owner_in(serving.main.get(staff_id), wanted, parents)
        if main_owner is not None:
            result[main_owner].people.add(staff_id)
        for unit_id in serving.concurrent.get(staff_id, ()):
            owner = owner_in(unit_id, wanted, parents)
            if owner is not None and staff_id not in result[owner].people:
                result[owner].people.add(staff_id)
                result[owner].concurrent.add(staff_id)
    return [result[u.pk] for u in valid]
