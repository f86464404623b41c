"""Live progress of a plan's targets: actual vs expected per fiscal year, and a status by one rule.

The rule (also shown to users on the dashboard):

* Each fiscal year is measured on its last day (31 March); the current year is measured today;
  future years are not measured.
* The expected value of year k (of n) is the milestone entered for that year, or else a straight line
  from the baseline (the value on the plan's first day) to the final target:
  baseline + (target − baseline) × k / n.
* Status: 達成 when the actual value reaches the final target; 順調 when it reaches the year's expected
  value; 要注意 when it has made at least 70 % of the progress expected by then; otherwise 遅れ.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import timezone

from .metrics import Measurement, get_metric
from .models import DevelopmentPlan, Target

WATCH_RATIO = Decimal("0.7")


class TargetStatus:
    ACHIEVED = "achieved"
    ON_TRACK = "on_track"
    WATCH = "watch"
    BEHIND = "behind"
    NOT_YET = "not_yet"

    LABELS = {ACHIEVED: "達成", ON_TRACK: "順調", WATCH: "要注意", BEHIND: "遅れ", NOT_YET: "未到来"}


@dataclass
class YearProgress:
    fiscal_year: int
    measured_on: date | None
    expected: Decimal
    actual: Decimal | None
    status: str
    detail: dict = field(default_factory=dict)

    @property
    def status_label(self) -> str:
        return TargetStatus.LABELS[self.status]


@dataclass
class TargetProgress:
    target: Target
    unit: str
    baseline: Decimal | None
    years: list[YearProgress]

    @property
    def latest(self) -> YearProgress | None:
        measured = [y for y in self.years if y.actual is not None]
        return measured[-1] if measured else None

    @property
    def status(self) -> str:
        latest = self.latest
        return latest.status if latest else TargetStatus.NOT_YET

    @property
    def status_label(self) -> str:
        return TargetStatus.LABELS[self.status]


def measuring_date(fiscal_year: int, today: date) -> date | None:
    end = date(fiscal_year + 1, 3, 31)
    if end < today:
        return end
    if date(fiscal_year, 4, 1) <= today:
        return today
    return None


def expected_value(target: Target, plan: DevelopmentPlan, fiscal_year: int, baseline: Decimal) -> Decimal:
    milestone = (target.milestones or {}).get(str(fiscal_year))
    if milestone not in (None, ""):
        return Decimal(str(milestone))
    years = plan.fiscal_years
    k = years.index(fiscal_year) + 1
    value = baseline + (Decimal(target.target_value) - baseline) * k / len(years)
    return value.quantize(Decimal("0.01"))


def status_for(actual: Decimal, expected: Decimal, final: Decimal, baseline: Decimal) -> str:
    if actual >= final:
        return TargetStatus.ACHIEVED
    if actual >= expected:
        return TargetStatus.ON_TRACK
    if expected > baseline and actual - baseline >= (expected - baseline) * WATCH_RATIO:
        return TargetStatus.WATCH
    return TargetStatus.BEHIND


def target_progress(target: Target, *, today: date | None = None) -> TargetProgress:
    today = today or timezone.localdate()
    plan = target.plan
    metric = get_metric(target.metric)
    start = date(plan.start_fy, 4, 1)
    dates = {fy: measuring_date(fy, today) for fy in plan.fiscal_years}
    wanted = [start] + [d for d in dates.values() if d is not None]
    measured: list[Measurement] = metric.measure(target, wanted)
    baseline = measured[0].value if start <= today else None
    by_date = dict(zip(wanted[1:], measured[1:], strict=True))
    final = Decimal(target.target_value)
    base = baseline if baseline is not None else Decimal(0)
    years = []
    for fy, day in dates.items():
        expected = expected_value(target, plan, fy, base)
        m = by_date.get(day) if day else None
        if m is None or m.value is None:
            years.append(YearProgress(fy, day, expected, None, TargetStatus.NOT_YET))
        else:
            years.append(
                YearProgress(fy, day, expected, m.value, status_for(m.value, expected, final, base), m.detail)
            )
    return TargetProgress(target=target, unit=metric.unit, baseline=baseline, years=years)


def plan_progress(plan: DevelopmentPlan, *, today: date | None = None) -> list[TargetProgress]:
    targets = plan.targets.select_related("talent_type", "sub_role", "unit", "plan__organisation")
    return [target_progress(t, today=today) for t in targets]


def progress_as_json(
    plan: DevelopmentPlan, progress: list[TargetProgress], fiscal_year: int | None = None
) -> dict:
    """The shape printed by `manage.py plan_status --json`."""
    rows = []
    for p in progress:
        for y in p.years:
            if fiscal_year is not None and y.fiscal_year != fiscal_year:
                continue
            rows.append(
                {
                    "id": p.target.pk,
                    "label": p.target.label,
                    "kind": p.target.metric,
                    "fiscal_year": y.fiscal_year,
                    "target": float(p.target.target_value),
                    "expected": float(y.expected),
                    "actual": None if y.actual is None else float(y.actual),
                    "status": y.status,
                }
            )
    return {
        "plan": {
            "id": plan.pk,
            "title": plan.title,
            "start_fy": plan.start_fy,
            "end_fy": plan.end_fy,
            "version": plan.version,
            "status": plan.status,
        },
        "targets": rows,
    }
