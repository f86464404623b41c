"""Aggregate figures of member municipalities for the prefecture dashboard (never personal data).

Every figure is one aggregate query over the municipalities measured together (`GROUP BY organisation_id`),
plus each one's plan attainment (the planning metrics) and what other apps contribute through
``core.hooks.ORGANISATION_FIGURES``. The results are kept per municipality in `MunicipalityFigures`, a
validated cache (docs/decisions.md R7): a row is used on the day it was measured and only while the
municipality's audit log has no write event newer than those it saw; the stale municipalities are measured
again on the spot, together, so the dashboard makes the same number of queries for 3 or 60 municipalities.

Definitions (also shown on the dashboard, FIGURE_NOTES):

- staff: people employed today (hired on or before today, not retired before today);
- levels: the latest 現状レベル assessment of the municipality's default talent types (高度専門人材,
  DX推進リーダー, 一般行政職員);
- plan attainment: of the default plan's targets that have been measured, the share 達成 or 順調;
- leader coverage: of the 課 marked 業務担当部局 that exist today, the share with at least one
  DX推進リーダー (designated today) posted in it or in a 係 below it;
- certification share: of the staff, the share holding at least one verified certification valid today;
- completions: training completions (延べ) dated in this fiscal year;
- support: dispatches of the prefecture's support in this fiscal year (count and hours);
- 1人情シス risk: contributed by another app through ``core.hooks.ORGANISATION_FIGURES`` (key
  ``one_person_risk``); 「未登録」 while no app contributes it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from jinzai.core import hooks
from jinzai.core.audit import WRITE_WINDOW as WINDOW
from jinzai.core.audit import write_event_counts
from jinzai.core.dates import fiscal_year_bounds, fiscal_year_of

from .models import Dispatch, MunicipalityFigures, SurveyFigure, SurveyMunicipality

LEVEL_KINDS = (("expert", "高度専門人材"), ("leader", "DX推進リーダー"), ("general", "一般行政職員"))
BANDS = (
    (0, 200, "200名未満"),
    (200, 500, "200〜499名"),
    (500, 1000, "500〜999名"),
    (1000, 3000, "1,000〜2,999名"),
)
TOP_BAND = "3,000名以上"
ONE_PERSON_KEY = "one_person_risk"
NOT_REGISTERED = "未登録"

FIGURE_NOTES = (
    ("職員数", "今日在職している職員の人数です。"),
    ("現状レベル", "人材像ごとに、いちばん新しい現状レベルの評価です（1〜5）。"),
    ("計画の達成度", "既定の育成計画の目標のうち、測定済みで「達成」または「順調」のものの割合です。"),
    ("リーダー配置率", "業務担当部局の課のうち、DX推進リーダーが1人以上いる課の割合です（下の係を含む）。"),
    ("資格保有率", "職員のうち、確認済みで今日有効な資格を1つ以上持つ人の割合です。"),
    ("研修の修了", "今年度に修了した研修の延べ人数です。"),
    ("支援の利用", "今年度に県の調整で受けた派遣の回数と時間です。"),
    (
        "1人情シスのリスク",
        "1人だけが担っている情報システム業務の数です。業務の登録がない団体は「未登録」です。",
    ),
)


def band_of(staff: int | None) -> str:
    if staff is None:
        return ""
    for low, high, label in BANDS:
        if low <= staff < high:
            return label
    return TOP_BAND


def pct(numerator: int | None, denominator: int | None) -> Decimal | None:
    if numerator is None or not denominator:
        return None
    return (Decimal(100) * numerator / denominator).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class Figures:
    """The aggregates of one municipality (live from its data, or from the prefecture's survey)."""

    key: str  # "org-<id>" or "survey-<id>"
    code: str
    name: str
    source: str  # "live" or "survey"
    organisation_id: int | None = None
    survey_id: int | None = None
    survey_year: int | None = None
    staff: int | None = None
    levels: dict[str, int | None] = field(default_factory=dict)
    plan_measured: int | None = None
    plan_good: int | None = None
    plan_share_value: Decimal | None = None  # survey rows give the share directly
    has_plan: bool = False
    units: int | None = None
    covered_units: int | None = None
    coverage_value: Decimal | None = None
    certified: int | None = None
    certified_value: Decimal | None = None
    completions: int | None = None
    support_count: int = 0
    support_hours: Decimal = Decimal(0)
    one_person: object = NOT_REGISTERED
    extra: dict = field(default_factory=dict)  # other contributions of ORGANISATION_FIGURES

    @property
    def is_live(self) -> bool:
        return self.source == "live"

    @property
    def band(self) -> str:
        return band_of(self.staff)

    @property
    def plan_share(self) -> Decimal | None:
        if self.plan_share_value is not None:
            return self.plan_share_value
        return pct(self.plan_good, self.plan_measured)

    @property
    def coverage(self) -> Decimal | None:
        return self.coverage_value if self.coverage_value is not None else pct(self.covered_units, self.units)

    @property
    def certified_share(self) -> Decimal | None:
        if self.certified_value is not None:
            return self.certified_value
        return pct(self.certified, self.staff)

    @property
    def completions_per_100(self) -> Decimal | None:
        if self.completions is None or not self.staff:
            return None
        return (Decimal(100) * self.completions / self.staff).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    def level(self, kind: str) -> int | None:
        return self.levels.get(kind)


# --- live figures ----------------------------------------------------------------------------------


def _employed_q(prefix: str, day: date) -> Q:
    return (Q(**{f"{prefix}hired_on__isnull": True}) | Q(**{f"{prefix}hired_on__lte": day})) & (
        Q(**{f"{prefix}retired_on__isnull": True}) | Q(**{f"{prefix}retired_on__gte": day})
    )


def staff_counts(ids: list[int], day: date) -> dict[int, int]:
    from jinzai.people.models import Staff

    rows = (
        Staff.objects.filter(_employed_q("", day), organisation_id__in=ids)
        .values("organisation_id")
        .annotate(n=Count("id"))
        .values_list("organisation_id", "n")
    )
    return dict(rows)


def latest_levels(ids: list[int], day: date) -> dict[int, dict[str, int]]:
    from jinzai.planning.models import LevelAssessment

    fy = fiscal_year_of(day)
    rows = (
        LevelAssessment.objects.filter(
            organisation_id__in=ids,
            talent_type__kind__in=[k for k, _ in LEVEL_KINDS],
            fiscal_year__lte=fy,
            assessed_on__lte=day,
        )
        .order_by("organisation_id", "talent_type__kind", "-fiscal_year", "-assessed_on", "-id")
        .values_list("organisation_id", "talent_type__kind", "level")
    )
    result: dict[int, dict[str, int]] = defaultdict(dict)
    for org_id, kind, level in rows:
        result[org_id].setdefault(kind, level)
    return result


def leader_coverage(ids: list[int], day: date) -> dict[int, dict]:
    """Per municipality: the 課 counted, those with a leader, and leaders per 課 (for the unit_detail grant)."""
    from jinzai.core.models import Unit
    from jinzai.talent.models import Designation

    valid = (Q(valid_from__isnull=True) | Q(valid_from__lte=day)) & (
        Q(valid_to__isnull=True) | Q(valid_to__gte=day)
    )
    divisions = {
        pk: (org_id, name)
        for pk, org_id, name in Unit.objects.filter(
            valid, organisation_id__in=ids, kind=Unit.Kind.DIVISION, is_business=True
        ).values_list("pk", "organisation_id", "name")
    }
    parents = dict(Unit.objects.filter(organisation_id__in=ids).values_list("pk", "parent_id"))
    leaders = (
        Designation.objects.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=day),
            _employed_q("staff__", day),
            organisation_id__in=ids,
            talent_type__kind="leader",
            started_on__lte=day,
            staff__current_unit__isnull=False,
        )
        .values_list("staff_id", "staff__current_unit_id")
        .distinct()
    )
    per_division: dict[int, set[int]] = defaultdict(set)
    for staff_id, unit_id in leaders:
        seen = 0
        while unit_id is not None and unit_id not in divisions and seen < 20:
            unit_id, seen = parents.get(unit_id), seen + 1
        if unit_id in divisions:
            per_division[unit_id].add(staff_id)
    result: dict[int, dict] = {org_id: {"units": 0, "covered": 0, "by_unit": []} for org_id in ids}
    for pk, (org_id, name) in divisions.items():
        entry = result[org_id]
        n = len(per_division.get(pk, ()))
        entry["units"] += 1
        entry["covered"] += 1 if n else 0
        entry["by_unit"].append((name, n))
    return result


def certified_counts(ids: list[int], day: date) -> dict[int, int]:
    """Employed staff with at least one verified certification valid on `day` (a semi-join, no DISTINCT)."""
    from jinzai.learning.models import StaffCertification
    from jinzai.people.models import Staff

    holding = StaffCertification.objects.filter(
        Q(expires_on__isnull=True) | Q(expires_on__gte=day),
        staff_id=OuterRef("pk"),
        status=StaffCertification.Status.VERIFIED,
        valid_from__lte=day,
    )
    rows = (
        Staff.objects.filter(_employed_q("", day), Exists(holding), organisation_id__in=ids)
        .values("organisation_id")
        .annotate(n=Count("id"))
        .values_list("organisation_id", "n")
    )
    return dict(rows)


def completion_counts(ids: list[int], fiscal_year: int) -> dict[int, int]:
    from jinzai.learning.models import Enrolment

    start, end = fiscal_year_bounds(fiscal_year)
    rows = (
        Enrolment.objects.filter(organisation_id__in=ids, result=Enrolment.Result.COMPLETED)
        .annotate(day=Coalesce("completed_on", F("session__ends_on")))
        .filter(day__gte=start, day__lte=end)
        .values("organisation_id")
        .annotate(n=Count("id"))
        .values_list("organisation_id", "n")
    )
    return dict(rows)


def support_used(ids: list[int], fiscal_year: int) -> dict[int, tuple[int, Decimal]]:
    rows = (
        Dispatch.objects.filter(organisation_id__in=ids, fiscal_year=fiscal_year)
        .values("organisation_id")
        .annotate(n=Count("id"), h=Sum("hours"))
        .values_list("organisation_id", "n", "h")
    )
    return {org_id: (n, h or Decimal(0)) for org_id, n, h in rows}


# --- plan attainment (validated cache) ------------------------------------------------------------


STATUSES = ("achieved", "on_track", "watch", "behind", "not_yet")


def measure(organisations, day: date) -> dict[int, MunicipalityFigures]:
    """Measure these municipalities now and store the rows: the aggregates in one query each for all of
    them, then each one's default plan and the ORGANISATION_FIGURES contributions."""
    from jinzai.planning.selectors.plans import default_plan
    from jinzai.planning.selectors.progress import plan_progress, status_counts

    orgs = list(organisations)
    if not orgs:
        return {}
    ids = [o.pk for o in orgs]
    started = timezone.now()
    events = write_event_counts({oid: started - WINDOW for oid in ids})  # before reading anything
    fy = fiscal_year_of(day)
    staff = staff_counts(ids, day)
    levels = latest_levels(ids, day)
    coverage = leader_coverage(ids, day)
    certified = certified_counts(ids, day)
    completions = completion_counts(ids, fy)
    rows = {}
    for org in orgs:
        plan = default_plan(org)
        counts = dict.fromkeys(STATUSES, 0)
        if plan is not None:
            counts.update(status_counts(plan_progress(plan, today=day)))
        cov = coverage.get(org.pk, {"units": 0, "covered": 0})
        rows[org.pk], _ = MunicipalityFigures.objects.update_or_create(
            organisation=org,
            defaults={
                "measured_on": day,
                "started_at": started,
                "write_events": events[org.pk],
                "staff": staff.get(org.pk, 0),
                "levels": levels.get(org.pk, {}),
                "units": cov["units"],
                "covered_units": cov["covered"],
                "certified": certified.get(org.pk, 0),
                "completions": completions.get(org.pk, 0),
                "plan_id": plan.pk if plan else None,
                "contributed": contributed(org),
                **{k: counts.get(k, 0) for k in STATUSES},
            },
        )
    return rows


def measure_plan(organisation, day: date) -> MunicipalityFigures:
    """Measure one municipality now (the nightly command and the tests)."""
    return measure([organisation], day)[organisation.pk]


def cached_figures(organisations, day: date) -> dict[int, MunicipalityFigures]:
    """The rows of `organisations`, measuring again (together) those whose row is missing or stale."""
    by_id = {o.pk: o for o in organisations}
    rows = {r.organisation_id: r for r in MunicipalityFigures.objects.filter(organisation_id__in=list(by_id))}
    candidates = {oid: r for oid, r in rows.items() if r.measured_on == day}
    now_counts = write_event_counts({oid: r.started_at - WINDOW for oid, r in candidates.items()})
    fresh = {oid: r for oid, r in candidates.items() if now_counts.get(oid) == r.write_events}
    fresh |= measure([org for oid, org in by_id.items() if oid not in fresh], day)
    return fresh


def is_fresh(row: MunicipalityFigures | None, day: date) -> bool:
    if row is None or row.measured_on != day:
        return False
    return (
        write_event_counts({row.organisation_id: row.started_at - WINDOW})[row.organisation_id]
        == row.write_events
    )


# --- all together ------------------------------------------------------------------------------------


def contributed(organisation) -> dict:
    """What other apps contribute through ORGANISATION_FIGURES (aggregates only), merged."""
    merged: dict = {}
    for part in hooks.ORGANISATION_FIGURES.collect(organisation):
        if isinstance(part, dict):
            merged.update(part)
    return merged


def live_figures(municipalities, day: date) -> list[Figures]:
    """Every municipality's figures: its validated row (measured again when stale) and the support it
    used, which is the prefecture's own data (dispatches are audited in the prefecture's log)."""
    orgs = list(municipalities)
    ids = [o.pk for o in orgs]
    if not ids:
        return []
    rows = cached_figures(orgs, day)
    support = support_used(ids, fiscal_year_of(day))
    result = []
    for org in orgs:
        row = rows[org.pk]
        extra = dict(row.contributed)
        one_person = extra.pop(ONE_PERSON_KEY, NOT_REGISTERED)
        if isinstance(one_person, dict):
            one_person = one_person.get("value", NOT_REGISTERED)
        n, hours = support.get(org.pk, (0, Decimal(0)))
        result.append(
            Figures(
                key=f"org-{org.pk}",
                code=org.code,
                name=org.name,
                source="live",
                organisation_id=org.pk,
                staff=row.staff,
                levels=dict(row.levels),
                plan_measured=row.achieved + row.on_track + row.watch + row.behind,
                plan_good=row.achieved + row.on_track,
                has_plan=bool(row.plan_id),
                units=row.units,
                covered_units=row.covered_units,
                certified=row.certified,
                completions=row.completions,
                support_count=n,
                support_hours=hours,
                one_person=one_person,
                extra=extra,
            )
        )
    return result


def survey_figures(prefecture, day: date, *, exclude_codes: set[str]) -> list[Figures]:
    fy = fiscal_year_of(day)
    latest: dict[int, SurveyFigure] = {}
    for f in (
        SurveyFigure.objects.filter(organisation=prefecture, fiscal_year__lte=fy)
        .select_related("municipality")
        .order_by("municipality_id", "-fiscal_year")
    ):
        latest.setdefault(f.municipality_id, f)
    result = []
    for m in SurveyMunicipality.objects.filter(organisation=prefecture).order_by("code"):
        if m.code in exclude_codes:
            continue
        f = latest.get(m.pk)
        row = Figures(key=f"survey-{m.pk}", code=m.code, name=m.name, source="survey", survey_id=m.pk)
        if f is not None:
            row.survey_year = f.fiscal_year
            row.staff = f.staff_count
            row.levels = {"expert": f.level_expert, "leader": f.level_leader, "general": f.level_general}
            row.plan_share_value = None if f.plan_attainment is None else Decimal(f.plan_attainment)
            row.has_plan = f.plan_attainment is not None
            row.coverage_value = None if f.leader_coverage is None else Decimal(f.leader_coverage)
            row.certified_value = None if f.certified_share is None else Decimal(f.certified_share)
            row.completions = f.completions
            row.one_person = NOT_REGISTERED if f.one_person_duties is None else f.one_person_duties
        result.append(row)
    return result


def average(values) -> Decimal | None:
    values = [Decimal(v) for v in values if v is not None]
    if not values:
        return None
    return (sum(values) / len(values)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


COMPARED = (
    ("plan_share", "計画の達成度", "%"),
    ("coverage", "リーダー配置率", "%"),
    ("certified_share", "資格保有率", "%"),
    ("completions_per_100", "職員100人あたりの研修修了", "人"),
)


def comparison(target: Figures, everyone: list[Figures]) -> dict:
    """The target against the average of the other municipalities of its size band (live and survey)."""
    peers = [f for f in everyone if f.key != target.key and f.band == target.band and f.staff is not None]
    rows = []
    for attr, label, unit in COMPARED:
        own = getattr(target, attr)
        avg = average(getattr(p, attr) for p in peers)
        all_avg = average(getattr(p, attr) for p in everyone if p.key != target.key)
        diff = None if own is None or avg is None else (Decimal(own) - avg).quantize(Decimal("0.1"))
        rows.append(
            {"key": attr, "label": label, "unit": unit, "own": own, "band": avg, "all": all_avg, "diff": diff}
        )
    return {"band": target.band, "peers": len(peers), "rows": rows}
