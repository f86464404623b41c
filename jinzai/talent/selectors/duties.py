"""The DX duties registry and the 1人情シス risk: bus factor per duty, load per person, the concentration
index (Herfindahl–Hirschman over duty weight) and its trend, suggested backups.

Definitions (docs/decisions.md T5, also shown on the report):

- a duty's holders on a day are its primary and backup holders in force that day; the bus factor
  (担い手の数) is how many there are. Under a planned state (talent.planned) a holder who would move out of
  the duty's unit (and keep no concurrent post in it) no longer holds it from the move's day;
- a person's load is the sum of the weights of the duties they hold as primary (主担当);
- the concentration index is Σ (load / total load)² over people: 1.00 when one person carries every duty,
  1/n when n people carry equal loads; its inverse is the 「実質的な担い手の数」.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from jinzai.core.selectors import descendant_ids

from .. import facts as fact_sources
from .. import planned
from ..models import Duty, DutyHolder, TalentSettings
from .coverage import children_map, parent_map, serving_on, subtree

SECURITY_CHECK_DAYS = 365


def _today() -> date:
    from jinzai.core.services import today

    return today()


def duties_of(organisation) -> QuerySet[Duty]:
    return Duty.objects.filter(organisation=organisation).select_related("unit")


def get_duty_for_viewer(viewer, pk: int) -> Duty:
    return get_object_or_404(duties_of(viewer.organisation), pk=pk)


def get_holder_for_viewer(viewer, pk: int) -> DutyHolder:
    return get_object_or_404(
        DutyHolder.objects.filter(organisation=viewer.organisation).select_related("duty", "staff"), pk=pk
    )


def settings_of(organisation) -> TalentSettings:
    """The organisation's settings (unsaved defaults when none were saved yet; reading writes nothing)."""
    return TalentSettings.objects.filter(organisation=organisation).first() or TalentSettings(
        organisation=organisation
    )


@dataclass
class Holding:
    duty_id: int
    staff_id: int
    role: str
    proficiency: int
    pk: int


@dataclass
class Registry:
    """Duties and holders as of one day."""

    day: date
    duties: list[Duty]
    holdings: dict[int, list[Holding]]  # duty id -> holders in force

    def holders(self, duty: Duty) -> list[Holding]:
        return self.holdings.get(duty.pk, [])

    def bus_factor(self, duty: Duty) -> int:
        return len({h.staff_id for h in self.holders(duty)})

    def loads(self) -> dict[int, int]:
        loads: dict[int, int] = defaultdict(int)
        for duty in self.duties:
            for h in self.holders(duty):
                if h.role == DutyHolder.Role.PRIMARY:
                    loads[h.staff_id] += duty.weight
        return dict(loads)

    def counts(self) -> dict[int, int]:
        counts: dict[int, int] = defaultdict(int)
        for duty in self.duties:
            for staff_id in {h.staff_id for h in self.holders(duty)}:
                counts[staff_id] += 1
        return dict(counts)


def concentration(loads: dict[int, int]) -> Decimal | None:
    """Herfindahl–Hirschman index of the loads (0–1, two decimals); None without any load."""
    total = sum(loads.values())
    if not total:
        return None
    value = sum(Decimal(v) * Decimal(v) for v in loads.values()) / (Decimal(total) * Decimal(total))
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def registry_on(organisation, day: date, *, duties: list[Duty] | None = None, rows=None) -> Registry:
    """Duties in force on ``day`` and their holders (the planned state applied when one is in force)."""
    duties = duties if duties is not None else list(duties_of(organisation).order_by("sort_order", "id"))
    active = [d for d in duties if d.is_active_on(day)]
    if rows is None:
        rows = list(
            DutyHolder.objects.filter(
                organisation=organisation, duty_id__in=[d.pk for d in active]
            ).values_list("pk", "duty_id", "staff_id", "role", "proficiency", "started_on", "ended_on")
        )
    holdings: dict[int, list[Holding]] = defaultdict(list)
    for pk, duty_id, staff_id, role, proficiency, start, end in rows:
        if start <= day and (end is None or day <= end):
            holdings[duty_id].append(Holding(duty_id, staff_id, role, proficiency, pk))
    registry = Registry(day, active, dict(holdings))
    state = planned.current(organisation.pk)
    if state is not None:
        _apply_moves(organisation, registry, state)
    return registry


def _apply_moves(organisation, registry: Registry, state) -> None:
    """Holders a planned move takes out of the duty's unit (no 兼務 left in it) stop holding it."""
    holding = {h.staff_id for held in registry.holdings.values() for h in held}
    # only the holders who move matter: a list of thousands of moves reads the postings of a few people
    moved = {sid for sid, m in state.moves.items() if m.on <= registry.day and sid in holding}
    if not moved:
        return
    serving = serving_on(organisation, moved, registry.day)
    children = children_map(parent_map(organisation))
    subtree_cache: dict[int, set[int]] = {}
    for duty in registry.duties:
        if duty.unit_id is None:
            continue
        if duty.unit_id not in subtree_cache:
            subtree_cache[duty.unit_id] = subtree([duty.unit_id], children)
        inside = subtree_cache[duty.unit_id]
        kept = [
            h
            for h in registry.holders(duty)
            if h.staff_id not in moved or serving.units_of(h.staff_id) & inside
        ]
        registry.holdings[duty.pk] = kept


def trend(organisation, *, today: date | None = None, months: int = 12) -> list[dict]:
    """The concentration index at the end of each of the last ``months`` months and today."""
    today = today or _today()
    duties = list(duties_of(organisation).order_by("sort_order", "id"))
    rows = list(
        DutyHolder.objects.filter(organisation=organisation).values_list(
            "pk", "duty_id", "staff_id", "role", "proficiency", "started_on", "ended_on"
        )
    )
    days = []
    first = today.replace(day=1)
    for k in range(months, 0, -1):
        year, month = first.year, first.month - k
        while month <= 0:
            year, month = year - 1, month + 12
        start = date(year, month, 1)
        end = (start.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        days.append(end)
    days.append(today)
    points = []
    for day in days:
        with planned.planned(None):
            registry = registry_on(organisation, day, duties=duties, rows=rows)
        loads = registry.loads()
        index = concentration(loads)
        single = sum(1 for d in registry.duties if registry.bus_factor(d) <= 1)
        points.append(
            {
                "day": day,
                "index": index,
                "people": len(loads),
                "duties": len(registry.duties),
                "single": single,
            }
        )
    return points


def security_overdue(duty: Duty, today: date) -> bool:
    return duty.outsourced and (
        duty.security_checked_on is None
        or duty.security_checked_on < today - timedelta(days=SECURITY_CHECK_DAYS)
    )


@dataclass
class Suggestion:
    staff_id: int
    name: str
    unit: str
    reasons: list[str] = field(default_factory=list)
    score: int = 0


def suggest_backups(
    organisation, duty: Duty, *, day: date, exclude: set[int], counts: dict[int, int], limit: int = 3
):
    """People who could back the duty up: those holding the facts it asks for (skills, certifications), then
    people in its unit; fewer duties already held first. Returns :class:`Suggestion` rows with reasons."""
    from jinzai.core.selectors import unit_paths
    from jinzai.people.models import Staff

    wanted = [k for k in (fact_sources.parse_key(k) for k in duty.skill_keys or []) if k is not None]
    active = Staff.objects.filter(organisation=organisation, retired_on__isnull=True).exclude(pk__in=exclude)
    matches: dict[int, list[str]] = defaultdict(list)
    for name, value in wanted:
        src = fact_sources.source(name)
        label = dict(src.choices(organisation)).get(value, "")
        level = 2 if src.has_levels else None
        ids = active.filter(pk__in=src.holders(organisation, value, level, day)).values_list("pk", flat=True)[
            :200
        ]
        for staff_id in ids:
            matches[staff_id].append(label.split("：")[-1] + (f" Lv{level}以上" if level else "保有"))
    in_unit: set[int] = set()
    near = duty.unit
    while near is not None and not in_unit:  # the duty's unit, else the 課 (部) above it
        in_unit = set(
            active.filter(current_unit_id__in=descendant_ids(organisation, [near.pk]))
            .exclude(employment_type="fiscal_year")
            .values_list("pk", flat=True)[:200]
        )
        near = near.parent if not in_unit else near
    near_name = near.name if near is not None else ""
    pool = set(matches) | in_unit
    if not pool:
        return []
    people = {s.pk: s for s in Staff.objects.filter(pk__in=pool).select_related("current_unit")}
    paths = unit_paths(organisation)
    rows = []
    for staff_id, person in people.items():
        reasons = list(matches.get(staff_id, []))
        if staff_id in in_unit:
            reasons.append(f"{near_name}に在籍")
        held = counts.get(staff_id, 0)
        reasons.append(f"担当中の業務 {held}件")
        score = 10 * len(matches.get(staff_id, [])) + (5 if staff_id in in_unit else 0) - held
        rows.append(Suggestion(staff_id, person.name, paths.get(person.current_unit_id, ""), reasons, score))
    rows.sort(key=lambda s: (-s.score, people[s.staff_id].staff_no))
    return rows[:limit]


@dataclass
class RiskReport:
    day: date
    registry: Registry
    index: Decimal | None
    effective_people: Decimal | None
    single: list[dict]
    overloaded: list[dict]
    overdue: list[Duty]
    trend: list[dict]
    settings: TalentSettings
    total_weight: int


def risk_report(organisation, *, today: date | None = None) -> RiskReport:
    """Everything the risk report shows, in a fixed number of queries plus a few per single-holder duty."""
    from jinzai.core.selectors import unit_paths
    from jinzai.people.models import Staff

    today = today or _today()
    settings = settings_of(organisation)
    registry = registry_on(organisation, today)
    loads, counts = registry.loads(), registry.counts()
    total = sum(loads.values())
    index = concentration(loads)
    effective = (Decimal(1) / index).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP) if index else None
    holder_ids = {h.staff_id for hs in registry.holdings.values() for h in hs}
    people = {s.pk: s for s in Staff.objects.filter(pk__in=holder_ids).select_related("current_unit")}
    paths = unit_paths(organisation)
    single = []
    for duty in registry.duties:
        holders = registry.holders(duty)
        if len({h.staff_id for h in holders}) > 1:
            continue
        exclude = {h.staff_id for h in holders}
        single.append(
            {
                "duty": duty,
                "holder": people.get(holders[0].staff_id) if holders else None,
                "suggestions": suggest_backups(organisation, duty, day=today, exclude=exclude, counts=counts),
            }
        )
    overloaded = []
    for staff_id in sorted(set(loads) | set(counts), key=lambda s: (-loads.get(s, 0), -counts.get(s, 0), s)):
        share = Decimal(100) * loads.get(staff_id, 0) / total if total else Decimal(0)
        share = share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        n = counts.get(staff_id, 0)
        if n > settings.max_duties or share > settings.max_weight_share:
            person = people.get(staff_id)
            overloaded.append(
                {
                    "staff": person,
                    "path": paths.get(person.current_unit_id, "") if person else "",
                    "duties": n,
                    "load": loads.get(staff_id, 0),
                    "share": share,
                    "too_many": n > settings.max_duties,
                    "too_heavy": share > settings.max_weight_share,
                }
            )
    return RiskReport(
        day=today,
        registry=registry,
        index=index,
        effective_people=effective,
        single=single,
        overloaded=overloaded,
        overdue=[d for d in registry.duties if security_overdue(d, today)],
        trend=trend(organisation, today=today),
        settings=settings,
        total_weight=total,
    )


def one_person_count(organisation, day: date | None = None) -> int | None:
    """Duties in force held by at most one person (the prefecture dashboard's 1人情シス figure); None when
    the organisation has registered no duty."""
    day = day or _today()
    registry = registry_on(organisation, day)
    if not registry.duties:
        return None
    return sum(1 for d in registry.duties if registry.bus_factor(d) <= 1)


def duty_rows(organisation, *, today: date | None = None) -> list[dict]:
    """The registry list: every duty (in force first) with its holders today."""
    from jinzai.core.selectors import unit_paths

    today = today or _today()
    duties = list(duties_of(organisation).order_by("sort_order", "id"))
    holders = list(
        DutyHolder.objects.filter(organisation=organisation, duty__in=duties)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today), started_on__lte=today)
        .select_related("staff")
        .order_by("role", "started_on", "id")
    )
    by_duty: dict[int, list[DutyHolder]] = defaultdict(list)
    for h in holders:
        by_duty[h.duty_id].append(h)
    paths = unit_paths(organisation)
    rows = []
    for duty in duties:
        current = by_duty.get(duty.pk, [])
        rows.append(
            {
                "duty": duty,
                "active": duty.is_active_on(today),
                "holders": current,
                "bus_factor": len({h.staff_id for h in current}),
                "unit_path": paths.get(duty.unit_id, "") if duty.unit_id else "",
                "overdue": security_overdue(duty, today),
            }
        )
    rows.sort(key=lambda r: (not r["active"], r["duty"].sort_order, r["duty"].pk))
    return rows


def holdings_of_staff(staff, today: date | None = None) -> list[DutyHolder]:
    today = today or _today()
    return list(
        DutyHolder.objects.filter(staff=staff)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        .select_related("duty")
        .order_by("role", "duty__sort_order", "id")
    )


def staff_options(organisation, duty: Duty, limit: int = 3000) -> list:
    """People offered in the holder form's list: the duty's unit first, then everyone else employed."""
    from jinzai.people.models import Staff

    qs = Staff.objects.filter(organisation=organisation, retired_on__isnull=True).only(
        "staff_no", "name", "current_unit_id"
    )
    inside = descendant_ids(organisation, [duty.unit_id]) if duty.unit_id else set()
    first = list(qs.filter(current_unit_id__in=inside).order_by("staff_no")[:limit]) if inside else []
    rest = list(qs.exclude(current_unit_id__in=inside).order_by("staff_no")[: max(limit - len(first), 0)])
    return first + rest
