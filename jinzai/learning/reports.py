"""Aggregates of the learning app, computed in the database: certification holders, subsidy budgets,
feedback and the cost report. Holders are people (not retired on the day) with a verified certification
valid on the day."""

from __future__ import annotations

from datetime import date

from django.db import connection
from django.db.models import Avg, Case, Count, Max, Q, Subquery, Sum, Value, When

from jinzai.core.dates import fiscal_year_bounds
from jinzai.core.selectors import unit_tree
from jinzai.people.models import Staff
from jinzai.talent.models import Designation, TalentType
from jinzai.talent.selectors import ordered_types

from .models import (
    Certification,
    Course,
    Enrolment,
    Feedback,
    StaffCertification,
    SubsidyApplication,
    SubsidyRule,
)

LEVELS = (1, 2, 3, 4)


def _valid_on(day: date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}status": StaffCertification.Status.VERIFIED, f"{prefix}valid_from__lte": day}) & (
        Q(**{f"{prefix}expires_on__isnull": True}) | Q(**{f"{prefix}expires_on__gte": day})
    )


def holdings_on(organisation, day: date):
    """Verified certifications valid on `day` of people still employed on that day.

    Retired people are left out with NOT IN (few rows) instead of a join, so the holders reports read
    only the covering index `staffcert_holding_idx`."""
    retired = Staff.objects.filter(organisation=organisation, retired_on__lt=day).values("pk")
    return StaffCertification.objects.filter(_valid_on(day), organisation=organisation).exclude(
        staff_id__in=Subquery(retired)
    )


def _level_counts(organisation) -> dict:
    """Conditional distinct counts of people: any certification and ITSS level ≥ n (by catalog ids)."""
    levels = dict(Certification.objects.filter(organisation=organisation).values_list("pk", "itss_level"))
    counts = {"any": Count("staff_id", distinct=True)}
    for n in LEVELS:
        ids = [pk for pk, level in levels.items() if level is not None and level >= n]
        counts[f"l{n}"] = Count("staff_id", distinct=True, filter=Q(certification_id__in=ids))
    return counts


def holders_by_level(organisation, day: date) -> dict:
    return holdings_on(organisation, day).aggregate(**_level_counts(organisation))


def holders_by_certification(organisation, day: date) -> dict:
    """Per catalog entry: holders on the day and records waiting for 人事's check (the 資格 page)."""
    held = dict(
        holdings_on(organisation, day)
        .values("certification_id")
        .annotate(n=Count("staff_id", distinct=True))
        .values_list("certification_id", "n")
    )
    pending = dict(
        StaffCertification.objects.filter(organisation=organisation, status=StaffCertification.Status.PENDING)
        .values("certification_id")
        .annotate(n=Count("id"))
        .values_list("certification_id", "n")
    )
    rows = [
        {"certification": c, "holders": held.get(c.pk, 0), "pending": pending.get(c.pk, 0)}
        for c in Certification.objects.filter(organisation=organisation).order_by("sort_order", "id")
        if c.is_active or held.get(c.pk)
    ]
    staff = Staff.objects.filter(organisation=organisation, retired_on__isnull=True).count()
    return {"rows": rows, "staff": staff}


def staff_in_post(organisation) -> int:
    return Staff.objects.filter(organisation=organisation, retired_on__isnull=True).count()


def holders_by_unit(organisation, day: date) -> list[dict]:
    """Per top-level unit (部局): active staff and holders (any; ITSS level ≥ n).

    Each person's highest ITSS level is computed once, grouped by person from the covering index
    `staffcert_person_idx`, and those rows are counted per unit — one join of ~100,000 people instead
    of a join and five COUNT(DISTINCT) over every certification record."""
    tree = unit_tree(organisation)
    top_of: dict[int, int] = {}
    stack: list[int] = []
    for node in tree:
        del stack[node.depth :]
        stack.append(node.unit.pk)
        top_of[node.unit.pk] = stack[0]
    rows: dict[int, dict] = {
        n.unit.pk: {"unit": n.unit, "staff": 0, "any": 0, **{f"l{x}": 0 for x in LEVELS}}
        for n in tree
        if n.depth == 0
    }
    for unit_id, n in (
        Staff.objects.filter(organisation=organisation, retired_on__isnull=True)
        .order_by()
        .values("current_unit_id")
        .annotate(n=Count("*"))
        .values_list("current_unit_id", "n")
    ):
        if unit_id in top_of:
            rows[top_of[unit_id]]["staff"] += n
    for unit_id, *counts in _holders_per_unit(organisation, day):
        top = top_of.get(unit_id)
        if top is None:
            continue
        for key, n in zip(("any", *(f"l{x}" for x in LEVELS)), counts, strict=True):
            rows[top][key] += n or 0
    return [r for r in rows.values() if r["staff"]]


def _holders_per_unit(organisation, day: date) -> list[tuple]:
    """(current unit, holders, holders of ITSS level ≥ 1 … 4) of people employed on `day`."""
    levels = dict(Certification.objects.filter(organisation=organisation).values_list("pk", "itss_level"))
    best = Case(
        *(
            When(certification_id__in=ids, then=Value(n))
            for n in sorted(LEVELS, reverse=True)
            if (ids := [pk for pk, level in levels.items() if level == n or (n == 4 and (level or 0) > 4)])
        ),
        default=Value(0),
    )
    per_person = (
        StaffCertification.objects.filter(_valid_on(day), organisation=organisation)
        .order_by()
        .values("staff_id")
        .annotate(level=Max(best))
    )
    inner, params = per_person.query.sql_with_params()
    q = connection.ops.quote_name
    staff, unit, retired = q(Staff._meta.db_table), q("current_unit_id"), q("retired_on")
    at_least = ", ".join(f"SUM(CASE WHEN h.level >= {int(n)} THEN 1 ELSE 0 END)" for n in LEVELS)
    sql = (
        f"SELECT s.{unit}, COUNT(*), {at_least} FROM ({inner}) h "  # noqa: S608 - a compiled queryset
        f"JOIN {staff} s ON s.{q('id')} = h.{q('staff_id')} "
        f"WHERE s.{retired} IS NULL OR s.{retired} >= %s GROUP BY s.{unit}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, day])
        return cursor.fetchall()


def _designated(organisation, talent_type_ids, start: date, end: date):
    return Designation.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=start),
        organisation=organisation,
        talent_type_id__in=talent_type_ids,
        started_on__lte=end,
    ).values("staff_id")


def holders_by_type(organisation, day: date) -> list[dict]:
    """Per talent type: people designated on the day, and how many of them hold certifications."""
    rows = []
    holdings = holdings_on(organisation, day)
    levels = _level_counts(organisation)
    for talent_type, depth in ordered_types(organisation):
        people = _designated(organisation, [talent_type.pk], day, day).exclude(staff__retired_on__lt=day)
        staff = people.aggregate(n=Count("staff_id", distinct=True))["n"]
        if not staff:
            continue
        counts = holdings.filter(staff_id__in=Subquery(people)).aggregate(**levels)
        rows.append({"type": talent_type, "depth": depth, "staff": staff, **counts})
    return rows


def holders_over_years(organisation, fiscal_years: list[int], today: date) -> list[dict]:
    """Holders at the end of each fiscal year (today for the year in progress)."""
    rows = []
    levels = _level_counts(organisation)
    for fy in fiscal_years:
        day = min(fiscal_year_bounds(fy)[1], today)
        counts = holdings_on(organisation, day).aggregate(**levels)
        rows.append({"fiscal_year": fy, "day": day, **counts})
    return rows


# --- subsidies ----------------------------------------------------------------------------------


def subsidy_budget_rows(organisation, fiscal_year: int) -> list[dict]:
    S = SubsidyApplication.Status
    rules = list(
        SubsidyRule.objects.filter(organisation=organisation, fiscal_year=fiscal_year)
        .select_related("certification")
        .prefetch_related("talent_types")
        .order_by("certification__sort_order", "id")
    )
    sums = {
        r["rule_id"]: r
        for r in SubsidyApplication.objects.filter(rule__in=rules)
        .values("rule_id")
        .annotate(
            requested=Sum("amount", filter=Q(status__in=[S.APPLIED, S.MANAGER_OK])),
            committed=Sum("amount", filter=Q(status=S.APPROVED)),
            paid=Sum("paid_amount", filter=Q(status=S.PAID)),
            n=Count("id", filter=~Q(status__in=[S.REJECTED, S.WITHDRAWN])),
        )
    }
    rows = []
    for rule in rules:
        s = sums.get(rule.pk, {})
        requested, committed, paid = s.get("requested") or 0, s.get("committed") or 0, s.get("paid") or 0
        rows.append(
            {
                "rule": rule,
                "applications": s.get("n") or 0,
                "requested": requested,
                "committed": committed,
                "paid": paid,
                "remaining": rule.budget - requested - committed - paid,
            }
        )
    return rows


# --- feedback -----------------------------------------------------------------------------------


def feedback_of_course(course: Course) -> dict:
    qs = Feedback.objects.filter(enrolment__session__course=course)
    overall = qs.aggregate(n=Count("id"), satisfaction=Avg("satisfaction"), usefulness=Avg("usefulness"))
    distribution = dict(qs.values("satisfaction").annotate(n=Count("id")).values_list("satisfaction", "n"))
    per_session = {
        r["enrolment__session_id"]: r
        for r in qs.values("enrolment__session_id").annotate(
            n=Count("id"), satisfaction=Avg("satisfaction"), usefulness=Avg("usefulness")
        )
    }
    comments = list(
        qs.exclude(comments="")
        .order_by("-submitted_at")
        .values_list("comments", "enrolment__session__title")[:30]
    )
    return {
        "overall": overall,
        "distribution": [(n, distribution.get(n, 0)) for n in range(5, 0, -1)],
        "per_session": per_session,
        "comments": comments,
    }


def feedback_by_course(organisation) -> dict[int, dict]:
    return {
        r["enrolment__session__course_id"]: r
        for r in Feedback.objects.filter(organisation=organisation)
        .values("enrolment__session__course_id")
        .annotate(n=Count("id"), satisfaction=Avg("satisfaction"), usefulness=Avg("usefulness"))
    }


# --- cost report --------------------------------------------------------------------------------


def _type_columns(organisation) -> list[TalentType]:
    return [t for t, _ in ordered_types(organisation)]


def cost_report(organisation, fiscal_year: int) -> dict:
    """Training fees, exam fees and subsidies paid in the fiscal year, by category and by talent type.

    A person designated as a type at any time in the year counts under that type; someone designated as
    two types counts under both (the 合計 column counts everyone once).
    """
    start, end = fiscal_year_bounds(fiscal_year)
    types = _type_columns(organisation)
    members = {t.pk: _designated(organisation, [t.pk], start, end) for t in types}

    def by_type(field: str) -> dict:
        sums = {"total": Sum(field)}
        for t in types:
            sums[f"t{t.pk}"] = Sum(field, filter=Q(staff_id__in=Subquery(members[t.pk])))
        return sums

    training = (
        Enrolment.objects.filter(
            organisation=organisation,
            status=Enrolment.Status.CONFIRMED,
            session__starts_on__gte=start,
            session__starts_on__lte=end,
        )
        .values("session__course__provider_type")
        .annotate(n=Count("id"), **by_type("fee"))
    )
    S = SubsidyApplication.Status
    exams = (
        SubsidyApplication.objects.filter(
            organisation=organisation, rule__fiscal_year=fiscal_year, status__in=[S.APPROVED, S.PAID]
        )
        .values("rule__certification__category")
        .annotate(
            n=Count("id"), **by_type("exam_fee"), **{f"p_{k}": v for k, v in by_type("paid_amount").items()}
        )
    )
    providers = dict(Course.Provider.choices)
    categories = dict(Certification.Category.choices)
    keys = ["total", *(f"t{t.pk}" for t in types)]

    def row(label: str, item: dict, prefix: str = "") -> dict:
        return {
            "label": label,
            "n": item.get("n", 0),
            "values": [item.get(f"{prefix}{k}") or 0 for k in keys],
        }

    sections = [
        ("研修の受講料", [row(providers.get(i["session__course__provider_type"], "—"), i) for i in training]),
        (
            "受験料（補助を承認した受験）",
            [row(categories.get(i["rule__certification__category"], "—"), i) for i in exams],
        ),
        (
            "受験料補助の支給額",
            [row(categories.get(i["rule__certification__category"], "—"), i, "p_") for i in exams],
        ),
    ]
    result_sections = []
    for title, rows in sections:
        rows.sort(key=lambda r: -r["values"][0])
        totals = [sum(r["values"][i] for r in rows) for i in range(len(keys))]
        result_sections.append({"title": title, "rows": rows, "totals": totals})
    leader_cols = [
        i + 1 for i, t in enumerate(types) if t.kind == TalentType.Kind.LEADER and t.parent_id is None
    ]
    leader_total = sum(result_sections[s]["totals"][c] for s in (0, 2) for c in leader_cols)
    grand = [sum(result_sections[s]["totals"][i] for s in (0, 2)) for i in range(len(keys))]
    return {
        "fiscal_year": fiscal_year,
        "types": types,
        "sections": result_sections,
        "grand": grand,
        "leader_total": leader_total,
    }


def cost_rows_for_export(report: dict) -> tuple[list[str], list[list]]:
    headers = ["区分", "内訳", "件数", "合計（円）", *(f"{t.name}（円）" for t in report["types"])]
    rows = []
    for section in report["sections"]:
        for r in section["rows"]:
            rows.append([section["title"], r["label"], r["n"], *r["values"]])
        rows.append([section["title"], "小計", "", *section["totals"]])
    rows.append(["研修の受講料＋受験料補助の支給額", "合計", "", *report["grand"]])
    return headers, rows
