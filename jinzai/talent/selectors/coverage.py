"""Where designated people serve on a day — main posting *and* concurrent posts (兼務) — and the coverage of
units by them. Reads the database, or the database as a draft transfer list would leave it (talent.planned).

Used by the leader-coverage metric, the candidate shortlists (units lacking a leader first), the transfer
simulation (units losing their only leader) and the 人財カード's ladder position.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Q

from jinzai.core.models import Unit
from jinzai.core.selectors import children_map, subtree  # noqa: F401 (used here and by the other talent selectors)

from .. import planned
from ..models import Designation, TalentType

# --- reads shared by one analysis ------------------------------------------------------------------
#
# While ``shared_reads()`` is active (the transfer simulation uses it), coverage and the people designated
# on a day are computed once per key — the key carries the planned state's token, so the database and the
# draft never mix — and the postings of the people ``preload_postings`` named are read once: every later
# ``serving_on`` of some of them (coverage before and after, the duties, the plan metrics) reads memory.

_shared: ContextVar[dict | None] = ContextVar("jinzai_talent_shared", default=None)


@contextmanager
def shared_reads() -> Iterator[None]:
    if _shared.get() is not None:  # nested: the outer analysis keeps its reads
        yield
        return
    token = _shared.set({})
    try:
        yield
    finally:
        _shared.reset(token)


def _memoised(key: tuple, load: Callable[[], Any]) -> Any:
    memo = _shared.get()
    if memo is None:
        return load()
    if key not in memo:
        memo[key] = load()
    return memo[key]


@dataclass(frozen=True)
class _Postings:
    staff_ids: frozenset[int]
    main: dict[int, list]  # as the database has them (no planned state)
    concurrent: dict[int, list]


def preload_postings(organisation, staff_ids: Iterable[int]) -> None:
    """Inside ``shared_reads()``: read the main and concurrent postings of these people once (two queries);
    ``main_postings``/``concurrent_posts`` of any of them then read memory. Outside it: nothing."""
    memo = _shared.get()
    if memo is None:
        return
    key = ("postings", organisation.pk)
    loaded = memo.get(key)
    ids = frozenset(staff_ids) - (loaded.staff_ids if loaded is not None else frozenset())
    if not ids:
        return
    main, concurrent = _read_main_postings(organisation, ids), _read_concurrent_posts(organisation, ids)
    if loaded is not None:  # a nested reader adds its people to what the analysis read already
        ids |= loaded.staff_ids
        main = {**loaded.main, **main}
        concurrent = {**loaded.concurrent, **concurrent}
    memo[key] = _Postings(ids, main, concurrent)


def _preloaded(organisation, staff_ids: list[int]) -> _Postings | None:
    memo = _shared.get()
    found = memo.get(("postings", organisation.pk)) if memo is not None else None
    if found is None or not found.staff_ids.issuperset(staff_ids):
        return None
    return found


def leader_type_ids(organisation) -> frozenset[int]:
    """The DX推進リーダー type and its tiers (ゴールド・シルバー …)."""
    return _memoised(("leader_types", organisation.pk), lambda: _leader_type_ids(organisation))


def _leader_type_ids(organisation) -> frozenset[int]:
    # one query: the types are few; the first leader type (in the types' order) and its tiers
    rows = list(TalentType.objects.filter(organisation=organisation).values_list("pk", "kind", "parent_id"))
    leader = next((pk for pk, kind, _ in rows if kind == TalentType.Kind.LEADER), None)
    if leader is None:
        return frozenset()
    return frozenset({leader} | {pk for pk, _, parent_id in rows if parent_id == leader})


def types_with_tiers(organisation, type_ids) -> frozenset[int]:
    ids = set(type_ids)
    ids.update(
        TalentType.objects.filter(organisation=organisation, parent_id__in=list(ids)).values_list(
            "pk", flat=True
        )
    )
    return frozenset(ids)


def unit_rows(organisation) -> dict[int, tuple[int | None, str]]:
    """Every unit of the organisation: id → (parent id, name) (one query; once per ``shared_reads()``)."""
    return _memoised(
        ("unit_rows", organisation.pk),
        lambda: {
            pk: (parent_id, name)
            for pk, parent_id, name in Unit.objects.filter(organisation=organisation).values_list(
                "pk", "parent_id", "name"
            )
        },
    )


def parent_map(organisation) -> dict[int, int | None]:
    return _memoised(
        ("parents", organisation.pk),
        lambda: {pk: parent_id for pk, (parent_id, _) in unit_rows(organisation).items()},
    )


def unit_path_names(organisation, unit_ids: Iterable[int | None]) -> dict[int, str]:
    """「総務部 ／ 総務課」 for these units only (``core.selectors.unit_paths`` without reading every unit as a
    model): one query of ids, parents and names. A unit the tree does not reach from a root has no path."""
    rows = unit_rows(organisation)
    paths: dict[int, str] = {}
    for unit_id in set(unit_ids):
        names, pk, seen = [], unit_id, set()
        while pk is not None and pk in rows and pk not in seen:
            seen.add(pk)
            parent_id, name = rows[pk]
            names.append(name)
            pk = parent_id
        if pk is None and names:  # reached a root
            paths[unit_id] = " ／ ".join(reversed(names))
    return paths


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


def _read_main_postings(organisation, staff_ids) -> dict[int, list]:
    from jinzai.people.models import Assignment

    postings: dict[int, list] = defaultdict(list)
    rows = Assignment.objects.filter(organisation=organisation, staff_id__in=list(staff_ids)).values_list(
        "staff_id", "unit_id", "grade_id", "started_on", "ended_on"
    )
    for staff_id, unit_id, grade_id, start, end in rows:
        postings[staff_id].append((unit_id, grade_id, start, end))
    return dict(postings)


def _read_concurrent_posts(organisation, staff_ids) -> dict[int, list]:
    from jinzai.people.models import ConcurrentPost

    posts: dict[int, list] = defaultdict(list)
    rows = ConcurrentPost.objects.filter(organisation=organisation, staff_id__in=list(staff_ids)).values_list(
        "staff_id", "unit_id", "started_on", "ended_on"
    )
    for staff_id, unit_id, start, end in rows:
        posts[staff_id].append((unit_id, start, end))
    return dict(posts)


def main_postings(organisation, staff_ids) -> dict[int, list]:
    """Every main posting (unit, grade, from, to) of these people, with the planned state if one is in force."""
    ids = list(staff_ids)
    loaded = _preloaded(organisation, ids)
    if loaded is None:
        postings = _read_main_postings(organisation, ids)
    else:
        postings = {s: loaded.main[s] for s in ids if s in loaded.main}
    return planned.overlay_postings(organisation.pk, postings)


def concurrent_posts(organisation, staff_ids) -> dict[int, list]:
    """Concurrent posts (unit, from, to) of these people, with the planned state if one is in force."""
    ids = list(staff_ids)
    loaded = _preloaded(organisation, ids)
    if loaded is None:
        posts = _read_concurrent_posts(organisation, ids)
    else:
        posts = {s: loaded.concurrent[s] for s in ids if s in loaded.concurrent}
    return planned.overlay_concurrent(organisation.pk, posts)


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
    types = frozenset(type_ids)
    key = ("designated", organisation.pk, day, types, sub_role_id)
    return set(_memoised(key, lambda: frozenset(_designated_on(organisation, day, types, sub_role_id))))


def _designated_on(organisation, day: date, type_ids, sub_role_id: int | None) -> set[int]:
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
    key = (
        "coverage",
        organisation.pk,
        day,
        frozenset(type_ids),
        sub_role_id,
        tuple(u.pk for u in units),
        planned.memo_token(organisation.pk),
    )
    return _memoised(key, lambda: _coverage_on(organisation, day, type_ids, sub_role_id, units, parents))


def _coverage_on(organisation, day, type_ids, sub_role_id, units, parents) -> list[UnitCoverage]:
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
