"""Plan metrics of the talent app, registered in ``core.hooks.METRICS`` from talent/hooks.py.

The planning app imports talent, so talent cannot import ``planning.metrics``: a :class:`TalentMetric` has
the attributes of ``planning.metrics.Metric`` that the target form, the dashboard and ``plan_status`` read,
and returns :class:`Measured` values shaped like ``planning.metrics.Measurement``. Every measure also works
over a planned state (talent.planned): the transfer simulation measures plan targets before and after.

- ``coverage_concurrent``: units of a kind with at least k designated people serving there, counting
  concurrent posts (兼務);
- ``duty_bus_factor``: DX duties in force with at least two holders;
- ``declaration_share``: share of the staff employed on the day who filled in that fiscal year's 自己申告.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Q


@dataclass
class Measured:
    value: Decimal | None
    detail: dict = field(default_factory=dict)


@dataclass(frozen=True)
class TalentMetric:
    key: str
    label: str
    unit: str
    needs: tuple[str, ...]
    measure: Callable[[Any, list[date]], list[Measured]]
    help: str = ""
    accepts: tuple[str, ...] = ()
    stepwise: bool = False
    fallback_baseline: Callable | None = None
    stated_baseline: Callable | None = None
    choice_params: tuple = ()


def _d(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def measure_coverage_concurrent(target, dates: list[date]) -> list[Measured]:
    """Read once for every date: the postings of everyone designated on one of them (two queries)."""
    from .selectors.coverage import shared_reads

    with shared_reads():
        return _measure_coverage_concurrent(target, dates)


def _measure_coverage_concurrent(target, dates: list[date]) -> list[Measured]:
    from .selectors.coverage import (
        coverage_on,
        coverage_units,
        designated_on,
        leader_type_ids,
        parent_map,
        preload_postings,
        types_with_tiers,
    )

    org = target.plan.organisation
    params = target.params or {}
    per_unit = int(params.get("per_unit", 1))
    types = types_with_tiers(org, [target.talent_type_id]) if target.talent_type_id else None
    units = coverage_units(
        org, kind=params.get("unit_kind", "division"), business_only=bool(params.get("business_only", True))
    )
    parents = parent_map(org)
    counted = leader_type_ids(org) if types is None else types
    people = [designated_on(org, day, counted, target.sub_role_id) for day in dates]
    preload_postings(org, set().union(*people))
    result = []
    for day in dates:
        rows = coverage_on(
            org, day, type_ids=types, sub_role_id=target.sub_role_id, units=units, parents=parents
        )
        covered = [r for r in rows if r.count >= per_unit]
        result.append(
            Measured(
                _d(len(covered)),
                {
                    "units": len(rows),
                    "lacking": [r.unit.pk for r in rows if r.count < per_unit],
                    "covered": [r.unit.pk for r in covered],
                    "counts": {r.unit.pk: r.count for r in rows},
                    "concurrent": {r.unit.pk: len(r.concurrent) for r in rows if r.concurrent},
                    "per_unit": per_unit,
                },
            )
        )
    return result


def measure_bus_factor(target, dates: list[date]) -> list[Measured]:
    from .selectors.duties import duties_of, registry_on

    org = target.plan.organisation
    duties = list(duties_of(org))
    result = []
    for day in dates:
        registry = registry_on(org, day, duties=duties)
        ok = [d.pk for d in registry.duties if registry.bus_factor(d) >= 2]
        result.append(Measured(_d(len(ok)), {"duties": len(registry.duties), "covered": ok}))
    return result


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _sector_units(organisation, sector: str) -> set[int]:
    """Units whose own 部門 or, when blank, the nearest one above is ``sector``."""
    from jinzai.core.models import Unit

    rows = {
        pk: (parent, own)
        for pk, parent, own in Unit.objects.filter(organisation=organisation).values_list(
            "pk", "parent_id", "sector"
        )
    }

    def effective(pk):
        seen = 0
        while pk is not None and seen < 50:
            parent, own = rows.get(pk, (None, ""))
            if own:
                return own
            pk, seen = parent, seen + 1
        return ""

    return {pk for pk in rows if effective(pk) == sector}


def measure_declaration_share(target, dates: list[date]) -> list[Measured]:
    """Staff employed on the day (limited by employment types and age when the target says so) who
    submitted the 自己申告 of that day's fiscal year."""
    from jinzai.core.dates import fiscal_year_of
    from jinzai.people.models import Staff

    from .models import SelfDeclaration

    org = target.plan.organisation
    params = target.params or {}
    result = []
    for day in dates:
        staff = Staff.objects.filter(
            Q(hired_on__isnull=True) | Q(hired_on__lte=day),
            Q(retired_on__isnull=True) | Q(retired_on__gte=day),
            organisation=org,
        )
        if params.get("employment_types"):
            staff = staff.filter(employment_type__in=params["employment_types"])
        if params.get("sector"):
            staff = staff.filter(current_unit_id__in=_sector_units(org, params["sector"]))
        if params.get("age_min") not in (None, ""):
            staff = staff.filter(birth_date__lte=_years_before(day, int(params["age_min"])))
        if params.get("age_max") not in (None, ""):
            staff = staff.filter(birth_date__gt=_years_before(day, int(params["age_max"]) + 1))
        total = staff.count()
        filled = (
            SelfDeclaration.objects.filter(
                organisation=org,
                period__fiscal_year=fiscal_year_of(day),
                staff__in=staff,
                submitted_at__date__lte=day,
            )
            .values("staff_id")
            .distinct()
            .count()
        )
        share = Decimal(0) if not total else Decimal(100) * filled / total
        result.append(Measured(_d(share), {"numerator": filled, "denominator": total}))
    return result


METRICS = (
    TalentMetric(
        "coverage_concurrent",
        "配置の網羅（兼務を含む）：決めた区分のすべての所属に決めた人数以上",
        "所属",
        ("talent_type", "params.unit_kind"),
        measure_coverage_concurrent,
        "指定した区分の所属（例: すべての課）のうち、その人材が決めた人数以上いる所属の数です。"
        "兼務で置かれている人も、兼務先の所属で数えます（1人は1つの所属で1回だけ数えます）。",
        accepts=("sub_role", "params.per_unit", "params.business_only"),
    ),
    TalentMetric(
        "duty_bus_factor",
        "DX業務：担い手が2人以上いる業務の数",
        "件",
        (),
        measure_bus_factor,
        "DX業務の登録のうち、その日に主担当・副担当が合わせて2人以上いる業務の数です（1人情シスの解消の目安）。",
    ),
    TalentMetric(
        "declaration_share",
        "割合：自己申告を出した職員",
        "%",
        (),
        measure_declaration_share,
        "その日に在職している職員のうち、その年度の自己申告を出した人の割合です。任用形態・部門・年齢で対象を絞れます。",
        accepts=("params.employment_types",),
    ),
)
