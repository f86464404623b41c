"""The metric registry behind plan targets (育成目標・配置目標).

A metric measures one number for a target at several dates at once. Each built-in metric loads
what it needs in a fixed number of queries (independent of the number of staff and of dates) and
evaluates the dates in memory: designations and assignments of *designated* people are few, and
population counts are one aggregate query with one conditional count per date.

Metrics live in ``core.hooks.METRICS``: planning's own register below when ``planning.hooks`` imports
this module; other apps (certifications, courses, skills) register theirs from their own hooks
modules. The target form, the dashboard and `plan_status` read the hook.

Measuring "on a date" means: a designation counts when it started on or before the date and has not
ended before it; a person counts where their assignment history places them on that date (so staff
who transferred mid-year count where they were); retired staff (retired_on before the date) never count.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Q

from jinzai.core import hooks
from jinzai.core.models import Unit
from jinzai.core.selectors import descendant_ids

from .models import LevelAssessment, Target


@dataclass
class Measurement:
    value: Decimal | None
    detail: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ParamChoice:
    """A choice a metric of another app needs (e.g. which certification): the target form shows it as a
    select whose options `choices(organisation)` lists; the chosen value is stored in `params[key]` as text."""

    key: str
    label: str
    choices: Callable[[Any], list[tuple[str, str]]]
    required: bool = True
    help: str = ""


@dataclass(frozen=True)
class Metric:
    key: str
    label: str  # shown in the target form's choice list
    unit: str  # 名, %, 所属, レベル
    needs: tuple[str, ...]  # target fields the metric requires: talent_type, unit, params keys
    measure: Callable[[Target, list[date]], list[Measurement]]
    help: str = ""
    # Optional target fields the metric understands (the form shows them; others are dropped on save).
    accepts: tuple[str, ...] = ()
    # Whole steps measured once a year (levels): the year in progress is judged against the previous
    # year's expected value instead of a day-by-day share of this year's.
    stepwise: bool = False
    # The value to start the straight line from when nothing was measured on the plan's first day.
    fallback_baseline: Callable[[Target], Decimal | None] | None = None
    # The plan's own stated starting value (a level's 現状): when given, it is the baseline, whatever was
    # measured on the first day, so a plan never reports 順調 below what it says the organisation has.
    stated_baseline: Callable[[Target], Decimal | None] | None = None
    # Choices of other apps' metrics (certification, course …), stored in `params`.
    choice_params: tuple[ParamChoice, ...] = ()


def get_metric(key: str) -> Metric:
    """A metric registered in ``core.hooks.METRICS`` (planning's own below, other apps' in their hooks)."""
    try:
        return hooks.METRICS[key]
    except KeyError:
        raise KeyError(f"unknown metric {key!r}") from None


def choice_params() -> dict[str, ParamChoice]:
    """Every choice parameter of the registered metrics, by key (the first declaration wins)."""
    found: dict[str, ParamChoice] = {}
    for metric in hooks.METRICS:
        for param in metric.choice_params:
            found.setdefault(param.key, param)
    return found


def metric_choices() -> list[tuple[str, str]]:
    return [(m.key, m.label) for m in hooks.METRICS]


def _d(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# --- shared loaders --------------------------------------------------------------------------


@dataclass
class DesignatedPeople:
    """Designations of one talent type (and sub-role), with the designated people's history."""

    spans: dict[int, list[tuple[date, date | None]]]  # staff_id -> designation periods
    retired: dict[int, date | None]
    hired: dict[int, date | None]
    postings: dict[
        int, list[tuple[int, int | None, date, date | None]]
    ]  # staff_id -> (unit, grade, from, to)
    grade_rank: dict[int, int]

    def active_on(self, day: date) -> set[int]:
        cache = self.__dict__.setdefault("_active_cache", {})
        if day not in cache:
            cache[day] = frozenset(self._active_on(day))
        return set(cache[day])

    def _active_on(self, day: date) -> set[int]:
        people = set()
        for staff_id, periods in self.spans.items():
            retired = self.retired.get(staff_id)
            if retired is not None and retired < day:
                continue
            if any(start <= day and (end is None or day <= end) for start, end in periods):
                people.add(staff_id)
        return people

    def posting_on(self, staff_id: int, day: date) -> tuple[int, int | None] | None:
        for unit_id, grade_id, start, end in self.postings.get(staff_id, ()):
            if start <= day and (end is None or day <= end):
                return unit_id, grade_id
        return None

    def in_grade_band(self, staff_id: int, day: date, params: dict) -> bool:
        low, high = params.get("grade_min_rank"), params.get("grade_max_rank")
        if low is None and high is None:
            return True
        posting = self.posting_on(staff_id, day)
        rank = self.grade_rank.get(posting[1]) if posting and posting[1] else None
        if rank is None:
            return False
        return (low is None or rank >= int(low)) and (high is None or rank <= int(high))


# While `shared_loads()` is active (plan_progress uses it), loads keyed by what they read are reused by
# every target of the plan: twenty targets over the same talent types cost a handful of queries.
_memo: ContextVar[dict | None] = ContextVar("jinzai_metric_memo", default=None)


@contextmanager
def shared_loads():
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def memoised(key: tuple, load: Callable[[], Any]) -> Any:
    memo = _memo.get()
    if memo is None:
        return load()
    if key not in memo:
        memo[key] = load()
    return memo[key]


def type_tiers(organisation_id: int) -> dict[int, list[int]]:
    """talent type id → the ids of its tiers (one query per plan while `shared_loads()` is active)."""

    def load() -> dict[int, list[int]]:
        from jinzai.talent.models import TalentType

        tiers: dict[int, list[int]] = defaultdict(list)
        rows = TalentType.objects.filter(organisation_id=organisation_id, parent__isnull=False)
        for pk, parent_id in rows.values_list("pk", "parent_id"):
            tiers[parent_id].append(pk)
        return dict(tiers)

    return memoised(("tiers", organisation_id), load)


def named_types(target: Target) -> list[int]:
    """The talent types a target names: its type, then the others it counts with it (``params.also_types``)."""
    named = [target.talent_type_id] if target.talent_type_id else []
    for value in (target.params or {}).get("also_types") or ():
        pk = int(value)
        if pk not in named:
            named.append(pk)
    return named


def counted_types(target: Target) -> frozenset[int]:
    """The types whose designations count: each named type and its tiers (a tier counts as its parent).

    A target that names a tier counts that tier only; naming several (ゴールド + シルバー) counts each once.
    """
    tiers = type_tiers(target.plan.organisation_id)
    types: set[int] = set()
    for pk in named_types(target):
        types.add(pk)
        types.update(tiers.get(pk, ()))
    return frozenset(types)


def load_designated(target: Target) -> DesignatedPeople:
    from jinzai.talent.planned import memo_token

    types = counted_types(target)
    # a planned state (a draft transfer list, talent.planned) is part of the key: its loads are its own
    org_id = target.plan.organisation_id
    key = ("designated", org_id, types, target.sub_role_id, memo_token(org_id))
    return memoised(key, lambda: _load_designated(target, types))


def _load_designated(target: Target, types: frozenset[int]) -> DesignatedPeople:
    from jinzai.core.models import Grade
    from jinzai.people.models import Assignment, Staff
    from jinzai.talent.models import Designation
    from jinzai.talent.planned import overlay_postings

    org = target.plan.organisation
    designations = Designation.objects.filter(organisation=org, talent_type_id__in=types)
    if target.sub_role_id:
        designations = designations.filter(sub_role_id=target.sub_role_id)
    spans: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
    for staff_id, start, end in designations.values_list("staff_id", "started_on", "ended_on"):
        spans[staff_id].append((start, end))
    people = Staff.objects.filter(organisation=org, pk__in=designations.values("staff_id"))
    retired, hired = {}, {}
    for pk, retired_on, hired_on in people.values_list("pk", "retired_on", "hired_on"):
        retired[pk], hired[pk] = retired_on, hired_on
    postings: dict[int, list] = defaultdict(list)
    rows = Assignment.objects.filter(
        organisation=org, staff_id__in=designations.values("staff_id")
    ).values_list("staff_id", "unit_id", "grade_id", "started_on", "ended_on")
    for staff_id, unit_id, grade_id, start, end in rows:
        postings[staff_id].append((unit_id, grade_id, start, end))
    postings = overlay_postings(org.pk, postings)  # as a draft transfer list would leave them
    grade_rank = memoised(
        ("grade_rank", org.pk), lambda: dict(Grade.objects.filter(organisation=org).values_list("pk", "rank"))
    )
    return DesignatedPeople(
        spans=dict(spans), retired=retired, hired=hired, postings=dict(postings), grade_rank=grade_rank
    )


# --- built-in metrics ------------------------------------------------------------------------------


def measure_headcount(target: Target, dates: list[date]) -> list[Measurement]:
    people = load_designated(target)
    result = []
    for day in dates:
        n = sum(1 for s in people.active_on(day) if people.in_grade_band(s, day, target.params))
        result.append(Measurement(_d(n)))
    return result


def measure_cumulative(target: Target, dates: list[date]) -> list[Measurement]:
    """People newly designated since the plan started, up to each date.

    A person counts once, on the first designation that starts on or after the plan's first day,
    unless they already held one on the day before (a renewal is not a new designation). A designation
    that ended later still counts (it happened); people who retired before the date do not.
    """
    people = load_designated(target)
    plan_start = date(target.plan.start_fy, 4, 1)
    eve = plan_start - timedelta(days=1)
    first_new: dict[int, date] = {}
    for staff_id, periods in people.spans.items():
        if any(start <= eve and (end is None or end >= eve) for start, end in periods):
            continue
        starts = [start for start, _ in periods if start >= plan_start]
        if starts:
            first_new[staff_id] = min(starts)
    result = []
    for day in dates:
        n = 0
        for staff_id, start in first_new.items():
            retired = people.retired.get(staff_id)
            if start <= day and (retired is None or retired >= day):
                n += 1
        result.append(Measurement(_d(n)))
    return result


def _subtree_of(target: Target) -> set[int]:
    return descendant_ids(target.plan.organisation, [target.unit_id]) if target.unit_id else set()


def measure_placement(target: Target, dates: list[date]) -> list[Measurement]:
    """People of the type posted in the unit (or a unit below it) on each date."""
    people = load_designated(target)
    subtree = _subtree_of(target)
    result = []
    for day in dates:
        n = 0
        for staff_id in people.active_on(day):
            posting = people.posting_on(staff_id, day)
            if posting and posting[0] in subtree and people.in_grade_band(staff_id, day, target.params):
                n += 1
        result.append(Measurement(_d(n)))
    return result


def _units_of_kind(target: Target) -> list[Unit]:
    kind = target.params.get("unit_kind", "division")
    business_only = bool(target.params.get("business_only", True))

    def load() -> list[Unit]:
        qs = Unit.objects.filter(organisation=target.plan.organisation, kind=kind)
        if business_only:
            qs = qs.filter(is_business=True)
        return list(qs.order_by("sort_order", "id"))

    return memoised(("units_of_kind", target.plan.organisation_id, kind, business_only), load)


def measure_coverage(target: Target, dates: list[date]) -> list[Measurement]:
    """Units of a kind (e.g. every 課) that have at least `per_unit` people of the type; detail lists the rest."""
    people = load_designated(target)
    org = target.plan.organisation
    per_unit = int(target.params.get("per_unit", 1))
    units = _units_of_kind(target)
    parent = memoised(
        ("unit_parents", org.pk),
        lambda: dict(Unit.objects.filter(organisation=org).values_list("pk", "parent_id")),
    )
    wanted = {u.pk for u in units}

    def owner(unit_id: int | None) -> int | None:
        seen = 0
        while unit_id is not None and seen < 50:
            if unit_id in wanted:
                return unit_id
            unit_id, seen = parent.get(unit_id), seen + 1
        return None

    result = []
    for day in dates:
        valid = [u for u in units if u.is_valid_on(day)]
        counts: dict[int, int] = defaultdict(int)
        for staff_id in people.active_on(day):
            posting = people.posting_on(staff_id, day)
            if posting and people.in_grade_band(staff_id, day, target.params):
                unit_id = owner(posting[0])
                if unit_id is not None:
                    counts[unit_id] += 1
        lacking = [u.pk for u in valid if counts.get(u.pk, 0) < per_unit]
        result.append(
            Measurement(
                _d(len(valid) - len(lacking)),
                {
                    "units": len(valid),
                    "lacking": lacking,
                    "covered": [u.pk for u in valid if counts.get(u.pk, 0) >= per_unit],
                    "counts": {pk: n for pk, n in counts.items() if pk in {u.pk for u in valid}},
                    "per_unit": per_unit,
                },
            )
        )
    return result


# --- populations (the denominator of a share) ----------------------------------------------------
#
# A share's population is the staff employed on the day, limited by any of: employment types, a grade
# band, a 部門 (the sector of the person's current unit; a unit without one inherits its parent's) and an
# age band on the day (people without a 生年月日 are outside an age band). Employment type, grade and
# unit are the current values, as in the staff list.

POPULATION_KEYS = ("employment_types", "grade_min_rank", "grade_max_rank", "sector", "age_min", "age_max")


def _sector_units(organisation_id: int, sector: str) -> frozenset[int]:
    """Units whose own or inherited 部門 is `sector`."""

    def load() -> frozenset[int]:
        rows = dict(
            (pk, (parent, own))
            for pk, parent, own in Unit.objects.filter(organisation_id=organisation_id).values_list(
                "pk", "parent_id", "sector"
            )
        )

        def effective(pk: int | None) -> str:
            seen = 0
            while pk is not None and seen < 50:
                parent, own = rows.get(pk, (None, ""))
                if own:
                    return own
                pk, seen = parent, seen + 1
            return ""

        return frozenset(pk for pk in rows if effective(pk) == sector)

    return memoised(("sector_units", organisation_id, sector), load)


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def age_q(params: dict, day: date, prefix: str = "") -> Q:
    """Staff whose age on `day` is within params' age_min..age_max (Q() when there is no band)."""
    low, high = params.get("age_min"), params.get("age_max")
    q = Q()
    if low not in (None, ""):
        q &= Q(**{f"{prefix}birth_date__lte": _years_before(day, int(low))})
    if high not in (None, ""):
        q &= Q(**{f"{prefix}birth_date__gt": _years_before(day, int(high) + 1)})
    return q


def has_population_limits(params: dict) -> bool:
    return any(params.get(key) not in (None, "", []) for key in POPULATION_KEYS)


def _population_q(params: dict, organisation_id: int | None = None) -> Q:
    """The date-independent part of a population (employment types, grade band, 部門)."""
    q = Q()
    if params.get("employment_types"):
        q &= Q(employment_type__in=params["employment_types"])
    low, high = params.get("grade_min_rank"), params.get("grade_max_rank")
    if low is not None:
        q &= Q(grade__rank__gte=int(low))
    if high is not None:
        q &= Q(grade__rank__lte=int(high))
    if params.get("sector") and organisation_id is not None:
        q &= Q(current_unit_id__in=_sector_units(organisation_id, params["sector"]))
    return q


def _population_on(target: Target, dates: list[date]) -> list[int]:
    """Staff of the population employed on each date: one aggregate query for all dates."""
    params = target.params or {}
    key = (
        "population",
        target.plan.organisation_id,
        tuple(sorted(params.get("employment_types") or ())),
        *(params.get(k) for k in POPULATION_KEYS[1:]),
        tuple(dates),
    )
    return memoised(key, lambda: _count_population(target, dates))


def _count_population(target: Target, dates: list[date]) -> list[int]:
    from jinzai.people.models import Staff

    params = target.params or {}
    org_id = target.plan.organisation_id
    base = Staff.objects.filter(Q(organisation_id=org_id) & _population_q(params, org_id))
    aggregates = {
        f"d{i}": Count(
            "pk",
            filter=(Q(hired_on__isnull=True) | Q(hired_on__lte=day))
            & (Q(retired_on__isnull=True) | Q(retired_on__gte=day))
            & age_q(params, day),
        )
        for i, day in enumerate(dates)
    }
    counts = base.aggregate(**aggregates) if aggregates else {}
    return [counts[f"d{i}"] for i in range(len(dates))]


def population_share(
    target: Target, dates: list[date], members_on: Callable[[date], Iterable[int]]
) -> list[Measurement]:
    """Share (%) of the population who belong to `members_on(day)` — the helper later share metrics reuse."""
    from jinzai.people.models import Staff

    totals = _population_on(target, dates)
    members_by_day = [set(members_on(day)) for day in dates]
    params = target.params or {}
    if has_population_limits(params):
        org_id = target.plan.organisation_id
        everyone = set().union(*members_by_day) if members_by_day else set()
        rows = Staff.objects.filter(
            Q(organisation_id=org_id, pk__in=everyone) & _population_q(params, org_id)
        ).values_list("pk", "birth_date")
        births = dict(rows)
        banded = params.get("age_min") not in (None, "") or params.get("age_max") not in (None, "")
        limited = []
        for day, members in zip(dates, members_by_day, strict=True):
            inside = {pk for pk in members if pk in births}
            if banded:
                inside = {pk for pk in inside if _in_age_band(births[pk], params, day)}
            limited.append(inside)
        members_by_day = limited
    result = []
    for total, members in zip(totals, members_by_day, strict=True):
        share = Decimal(0) if not total else Decimal(100) * len(members) / total
        result.append(Measurement(_d(share), {"numerator": len(members), "denominator": total}))
    return result


def _in_age_band(birth: date | None, params: dict, day: date) -> bool:
    if birth is None:
        return False
    low, high = params.get("age_min"), params.get("age_max")
    if low not in (None, "") and birth > _years_before(day, int(low)):
        return False
    return not (high not in (None, "") and birth <= _years_before(day, int(high) + 1))


def measure_share_designated(target: Target, dates: list[date]) -> list[Measurement]:
    people = load_designated(target)
    return population_share(target, dates, people.active_on)


def measure_level(target: Target, dates: list[date]) -> list[Measurement]:
    """The organisation's assessed level of the type in the fiscal year of each date (latest record)."""
    from jinzai.core.dates import fiscal_year_of

    rows = memoised(
        ("levels", target.plan.organisation_id, target.talent_type_id),
        lambda: list(
            LevelAssessment.objects.filter(
                organisation=target.plan.organisation, talent_type_id=target.talent_type_id
            ).values_list("fiscal_year", "level", "assessed_on", "id")
        ),
    )
    result = []
    for day in dates:
        fy = fiscal_year_of(day)
        candidates = [r for r in rows if r[0] <= fy and r[2] <= day]
        if not candidates:
            result.append(Measurement(None))
            continue
        latest = max(candidates, key=lambda r: (r[0], r[2], r[3]))
        result.append(Measurement(_d(latest[1]), {"fiscal_year": latest[0]}))
    return result


def plan_level_baseline(target: Target) -> Decimal | None:
    """The plan's own 現状レベル of the type (PlanLevel.current_level), if the plan states one."""
    from .models import PlanLevel

    levels = memoised(
        ("plan_levels", target.plan_id),
        lambda: dict(
            PlanLevel.objects.filter(plan_id=target.plan_id).values_list("talent_type_id", "current_level")
        ),
    )
    level = levels.get(target.talent_type_id)
    return None if level is None else _d(level)


GRADE_BAND = ("params.grade_min_rank", "params.grade_max_rank")
# Other types counted with the target's type (a tier counts as its parent without being named).
ALSO = "params.also_types"

hooks.METRICS.register(
    Metric(
        "headcount",
        "人数：指定された人（人材像・区分・職級）",
        "名",
        ("talent_type",),
        measure_headcount,
        "その日に指定されている在職者の人数です。階層（ゴールド・シルバーなど）に指定された人も上位の人材像として数えます。区分や職級の範囲で絞れます。",
        accepts=("sub_role", ALSO, *GRADE_BAND),
    )
)
hooks.METRICS.register(
    Metric(
        "coverage",
        "配置の網羅：決めた区分のすべての所属に決めた人数以上",
        "所属",
        ("talent_type", "params.unit_kind"),
        measure_coverage,
        "指定した区分の所属（例: すべての課）のうち、その人材が決めた人数以上いる所属の数です。"
        "組織改正で新しくできた所属は、有効開始日から数えます。",
        accepts=("sub_role", ALSO, "params.per_unit", "params.business_only", *GRADE_BAND),
    )
)
hooks.METRICS.register(
    Metric(
        "placement",
        "配置：特定の所属に置く人数",
        "名",
        ("talent_type", "unit"),
        measure_placement,
        "指定した所属（下の係を含む）に、その日に配属されている人数です。",
        accepts=("sub_role", ALSO, *GRADE_BAND),
    )
)
hooks.METRICS.register(
    Metric(
        "share_designated",
        "割合：対象の職員のうち人材像に指定された人",
        "%",
        ("talent_type",),
        measure_share_designated,
        "任用形態・職級・部門・年齢で決めた職員のうち、指定されている人の割合です"
        "（任用形態・職級・所属は現在の値で、年齢はその日の年齢で見ます）。",
        accepts=("sub_role", ALSO, "params.employment_types", *GRADE_BAND),
    )
)
hooks.METRICS.register(
    Metric(
        "level",
        "育成目標レベル（団体の状態）",
        "レベル",
        ("talent_type",),
        measure_level,
        "その年度に評価した、団体としての育成目標レベルです。評価がない年度は、前の評価を使います。",
        stepwise=True,
        stated_baseline=plan_level_baseline,
    )
)
hooks.METRICS.register(
    Metric(
        "cumulative",
        "累計：計画開始からの新規指定者数",
        "名",
        ("talent_type",),
        measure_cumulative,
        "計画の開始日から、その日までに新しく指定した人数の累計です（年20名・5年で100名など）。"
        "指定がその後終わっても数えますが、退職した人は数えません。",
        accepts=("sub_role", ALSO),
    )
)
