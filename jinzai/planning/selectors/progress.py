"""Live progress of a plan's targets: actual vs expected per fiscal year, and a status by one rule.

The rule (also shown to users on the dashboard, see STATUS_RULE):

* Each fiscal year is measured on its last day (31 March); the current year is measured today;
  future years are not measured (未到来).
* The baseline is the value on the plan's first day (before the plan starts: today's value, marked
  provisional). A level target starts from the plan's own 現状レベル when the plan states one (the plan
  never reports 順調 below what it says the organisation has); without one, from the assessment.
* The expected value of year k (of n) is the milestone entered for that year, or else a straight line
  from the baseline to the final target: baseline + (target − baseline) × k / n, rounded up to a whole
  person or unit (名, 所属) and to one decimal for levels — a minimum is never shown below its line.
* A finished year is judged against its expected value. The year in progress is judged against the
  share of it due by today (the previous year's expected value plus this year's step × the part of
  the year that has passed); levels, assessed once a year, against the previous year's expected value.
* Status: 達成 when the actual value reaches the final target (or exceeds it, when the target says
  「上回る」); 順調 when it reaches the expected value;
  要注意 when it has made at least 70 % of the progress expected by then; otherwise 遅れ.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_CEILING, Decimal

from django.utils import timezone

from jinzai.core.dates import fiscal_year_bounds

from ..metrics import Measurement, get_metric, shared_loads
from ..models import DevelopmentPlan, Target

WATCH_RATIO = Decimal("0.7")

STATUS_RULE = (
    "各年度の実績は年度末（3月31日）の値で、今年度は今日の値で測ります。"
    "年度ごとの目安は、入力した年度目標か、計画初日の値から最終目標までを年数で等分した値です"
    "（人数・所属の数は整数に切り上げ、レベルは小数第1位まで）。"
    "育成目標レベルは、計画に書いた現状レベルから数えます。"
    "今年度は、年度末の目安のうち今日までに進んでいるはずの分（レベルは前年度末の目安）と比べます。"
    "最終目標に届いていれば「達成」、目安に届いていれば「順調」、"
    "目安までの伸びの7割以上なら「要注意」、それより少なければ「遅れ」です。"
)

Q2 = Decimal("0.01")
Q1 = Decimal("0.1")
WHOLE = {"名", "所属"}  # people and units: a yearly minimum is a whole number, rounded up

# How a final target is reached: 「以上」 (at least the value) or 「上回る」 (more than the value).
AT_LEAST, MORE_THAN = "at_least", "more_than"
COMPARISONS = [(AT_LEAST, "目標値以上で達成"), (MORE_THAN, "目標値を上回ったら達成")]


def round_expected(value: Decimal, unit: str) -> Decimal:
    """A yearly 目安 as people read it: whole people and units (rounded up), levels to one decimal (up)."""
    if unit in WHOLE:
        return value.to_integral_value(rounding=ROUND_CEILING).quantize(Decimal(1))
    if unit == "レベル":
        return value.quantize(Q1, rounding=ROUND_CEILING)
    return value.quantize(Q2)


class TargetStatus:
    ACHIEVED = "achieved"
    ON_TRACK = "on_track"
    WATCH = "watch"
    BEHIND = "behind"
    NOT_YET = "not_yet"

    ORDER = (ACHIEVED, ON_TRACK, WATCH, BEHIND, NOT_YET)
    LABELS = {ACHIEVED: "達成", ON_TRACK: "順調", WATCH: "要注意", BEHIND: "遅れ", NOT_YET: "未到来"}
    BADGES = {ACHIEVED: "green", ON_TRACK: "blue", WATCH: "orange", BEHIND: "orange", NOT_YET: "gray"}


@dataclass
class YearProgress:
    fiscal_year: int
    measured_on: date | None
    expected: Decimal
    actual: Decimal | None
    status: str
    detail: dict = field(default_factory=dict)
    expected_to_date: Decimal | None = None  # the year in progress: what is due by today

    @property
    def status_label(self) -> str:
        return TargetStatus.LABELS[self.status]

    @property
    def badge(self) -> str:
        return TargetStatus.BADGES[self.status]

    @property
    def in_progress(self) -> bool:
        return self.expected_to_date is not None


@dataclass
class TargetProgress:
    target: Target
    unit: str
    baseline: Decimal | None
    years: list[YearProgress]
    baseline_provisional: bool = False
    # The value measured on the plan's first day when the plan states a different starting value
    # (its 現状レベル): shown beside the baseline so the user sees the conflict.
    measured_baseline: Decimal | None = None

    @property
    def baseline_conflict(self) -> bool:
        return (
            self.measured_baseline is not None
            and self.baseline is not None
            and self.measured_baseline != self.baseline
        )

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

    @property
    def badge(self) -> str:
        return TargetStatus.BADGES[self.status]

    def year(self, fiscal_year: int) -> YearProgress | None:
        return next((y for y in self.years if y.fiscal_year == fiscal_year), None)


def measuring_date(fiscal_year: int, today: date) -> date | None:
    end = date(fiscal_year + 1, 3, 31)
    if end < today:
        return end
    if date(fiscal_year, 4, 1) <= today:
        return today
    return None


def expected_value(
    target: Target, plan: DevelopmentPlan, fiscal_year: int, baseline: Decimal, unit: str = ""
) -> Decimal:
    milestone = (target.milestones or {}).get(str(fiscal_year))
    if milestone not in (None, ""):
        return Decimal(str(milestone))
    years = plan.fiscal_years
    k = years.index(fiscal_year) + 1
    value = baseline + (Decimal(target.target_value) - baseline) * k / len(years)
    return round_expected(value, unit)


def due_by(previous: Decimal, expected: Decimal, fiscal_year: int, day: date, unit: str = "") -> Decimal:
    """The part of a year's step due by `day` (a straight line across the fiscal year)."""
    start, end = fiscal_year_bounds(fiscal_year)
    passed = Decimal((day - start).days) / Decimal((end - start).days + 1)
    return round_expected(previous + (expected - previous) * passed, unit)


def status_for(
    actual: Decimal, expected: Decimal, final: Decimal, baseline: Decimal, comparison: str = AT_LEAST
) -> str:
    reached = actual > final if comparison == MORE_THAN else actual >= final
    if reached:
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
    provisional = today < start
    dates = {fy: measuring_date(fy, today) for fy in plan.fiscal_years}
    wanted = [min(start, today)] + [d for d in dates.values() if d is not None]
    measured: list[Measurement] = metric.measure(target, wanted)
    baseline = measured[0].value
    measured_baseline = None
    stated = metric.stated_baseline(target) if metric.stated_baseline is not None else None
    if stated is not None:
        measured_baseline, baseline = baseline, stated
    if baseline is None and metric.fallback_baseline is not None:
        baseline = metric.fallback_baseline(target)
    by_date = dict(zip(wanted[1:], measured[1:], strict=True))
    final = Decimal(target.target_value)
    comparison = (target.params or {}).get("comparison") or AT_LEAST
    base = baseline if baseline is not None else Decimal(0)
    years = []
    previous = base
    for fy, day in dates.items():
        expected = expected_value(target, plan, fy, base, metric.unit)
        m = by_date.get(day) if day else None
        if m is None or m.value is None:
            years.append(YearProgress(fy, day, expected, None, TargetStatus.NOT_YET))
        else:
            to_date = None
            compare = expected
            if day == today and day < fiscal_year_bounds(fy)[1]:
                to_date = previous if metric.stepwise else due_by(previous, expected, fy, day, metric.unit)
                compare = to_date
            status = status_for(m.value, compare, final, base, comparison)
            years.append(YearProgress(fy, day, expected, m.value, status, m.detail, to_date))
        previous = expected
    return TargetProgress(
        target=target,
        unit=metric.unit,
        baseline=baseline,
        years=years,
        baseline_provisional=provisional,
        measured_baseline=measured_baseline,
    )


def plan_progress(plan: DevelopmentPlan, *, today: date | None = None) -> list[TargetProgress]:
    targets = plan.targets.select_related("talent_type", "sub_role", "unit", "plan__organisation").order_by(
        "sort_order", "id"
    )
    with shared_loads():
        return [target_progress(t, today=today) for t in targets]


def plan_progress_now(plan: DevelopmentPlan) -> list[TargetProgress]:
    """Today's `plan_progress`, kept while the organisation's audit log shows no new write (a validated
    cache, core.audit.validated and docs/decisions.md C12): the dashboard, the home panel and the task
    count read it on every view, and measuring it grows with the number of staff. Tests and services
    that need the live computation call `plan_progress`."""
    from django.utils import timezone

    from jinzai.core.audit import validated
    from jinzai.core.selectors import organisation_neighbours

    organisation = plan.organisation
    return validated(
        f"jinzai:plan_progress:{plan.pk}:{organisation.pk}",
        organisation_neighbours(organisation),
        timezone.localdate(),
        lambda: plan_progress(plan),
    )


def status_counts(progress: list[TargetProgress], fiscal_year: int | None = None) -> dict[str, int]:
    """How many targets are in each status: in `fiscal_year`, or by their latest measured year."""
    counts = dict.fromkeys(TargetStatus.ORDER, 0)
    for p in progress:
        y = p.year(fiscal_year) if fiscal_year is not None else p.latest
        counts[y.status if y else TargetStatus.NOT_YET] += 1
    return counts


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
                    "unit": p.unit,
                    "fiscal_year": y.fiscal_year,
                    "target": float(p.target.target_value),
                    "expected": float(y.expected),
                    "expected_to_date": None if y.expected_to_date is None else float(y.expected_to_date),
                    "actual": None if y.actual is None else float(y.actual),
                    "status": y.status,
                    "status_label": y.status_label,
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
