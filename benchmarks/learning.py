"""Benchmark of the learning reports on 100,000 staff, 300,000 certification records and 500,000 enrolments,
the heavy paths side by side with a hand-written SQL query returning the same numbers (benchmarks/common.py).

Data (kept and reused, see common.py; `--db sqlite|postgres`), generated with bulk inserts: one
organisation of N staff in 10 部 × 8 課, 2 % designated as DX推進リーダー, the default certification
catalog with about three records per person (mostly verified, some expiring), 100 courses with 400
sessions and their enrolments (most completed), exam subsidies, a curriculum and an internal
certification rule. Measured against the floor (median of repeats):

- holders by unit (`holders_by_unit`: per 部, active staff and holders of any / ITSS level ≥ n),
- the eligibility of every staff member for one internal-certification rule (`evaluate_rule`),
- the holders report (`holders_by_certification`, the 資格 page);

and, application only, the other breakdowns (level, talent type, fiscal years) and the cost report.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import (  # noqa: E402
    add_database_arguments,
    analyse_database,
    fetch,
    floor_table,
    in_list,
    machine,
    mark_ready,
    open_database,
    side_by_side,
    verdict,
    write_results,
)

DAY = date(2026, 11, 27)


def timed(fn, repeat: int) -> tuple[float, object]:
    fn()  # warm
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 1), result


def build(n_staff: int, n_certs: int, n_enrol: int, seed: int):
    from jinzai.core.access import SystemActor
    from jinzai.core.models import Grade, Unit
    from jinzai.core.services import organisation_create
    from jinzai.learning.models import (
        Certification,
        Course,
        Curriculum,
        Enrolment,
        InternalCertRule,
        Session,
        StaffCertification,
        SubsidyApplication,
        SubsidyRule,
    )
    from jinzai.people.models import Staff
    from jinzai.talent.models import Designation, TalentType

    rng = random.Random(seed)
    org = organisation_create(
        actor=SystemActor(organisation=None, label="bench"),
        code="992011",
        name="性能試験市",
        kind="municipality",
    )
    grades = list(Grade.objects.filter(organisation=org).order_by("rank"))
    units = []
    for d in range(10):
        dept = Unit.objects.create(
            organisation=org, name=f"第{d + 1}部", kind="department", sort_order=d * 100
        )
        for k in range(8):
            units.append(
                Unit.objects.create(
                    organisation=org, parent=dept, name=f"第{d + 1}部第{k + 1}課", sort_order=d * 100 + k
                )
            )
    staff = [
        Staff(
            organisation=org,
            staff_no=f"{i:07d}",
            name=f"職員{i}",
            employment_type="regular" if i % 5 else "fiscal_year",
            grade=grades[i % 6],
            current_unit=units[i % len(units)],
            hired_on=date(2000 + i % 25, 4, 1),
            retired_on=date(2025, 3, 31) if i % 50 == 0 else None,
            search_text=f"{i:07d}",
        )
        for i in range(n_staff)
    ]
    Staff.objects.bulk_create(staff, batch_size=5000)
    ids = list(Staff.objects.filter(organisation=org).order_by("pk").values_list("pk", flat=True))
    leader = TalentType.objects.get(organisation=org, kind="leader")
    Designation.objects.bulk_create(
        [
            Designation(
                organisation=org, staff_id=s, talent_type=leader, started_on=date(2025, 4, 1), source="demo"
            )
            for s in rng.sample(ids, n_staff // 50)
        ],
        batch_size=5000,
    )
    certs = list(Certification.objects.filter(organisation=org).order_by("sort_order"))
    weights = [30 if c.key == "ip" else (8 if c.itss_level in (2, 3) else 2) for c in certs]
    rows, seen = [], set()
    while len(rows) < n_certs:
        s, c = rng.choice(ids), rng.choices(certs, weights)[0]
        if (s, c.pk) in seen:
            continue
        seen.add((s, c.pk))
        acquired = date(2015, 4, 1) + timedelta(days=rng.randrange(0, 4200))
        rows.append(
            StaffCertification(
                organisation=org,
                staff_id=s,
                certification=c,
                acquired_on=acquired,
                valid_from=acquired,
                expires_on=c.expiry_for(acquired),
                status="verified" if rng.random() < 0.95 else "pending",
                source="demo",
            )
        )
    StaffCertification.objects.bulk_create(rows, batch_size=10000)
    del rows, seen
    providers = [p for p, _ in Course.Provider.choices]
    courses = Course.objects.bulk_create(
        [
            Course(
                organisation=org,
                title=f"研修{i}",
                provider_type=providers[i % len(providers)],
                mode="classroom",
                hours=3,
                fee=(i % 4) * 5000,
                step=1 + i % 3,
            )
            for i in range(100)
        ]
    )
    sessions = Session.objects.bulk_create(
        [
            Session(
                organisation=org,
                course=courses[i % 100],
                title=f"第{i // 100 + 1}回",
                starts_on=date(2024 + (i % 3), 4 + i % 9, 10),
                ends_on=date(2024 + (i % 3), 4 + i % 9, 10),
                capacity=None,
            )
            for i in range(400)
        ]
    )
    per_session = n_enrol // len(sessions)
    batch = []
    for session in sessions:
        for s in rng.sample(ids, per_session):
            result = rng.choices(["completed", "attended", "absent"], [85, 8, 7])[0]
            batch.append(
                Enrolment(
                    organisation=org,
                    session=session,
                    staff_id=s,
                    status="confirmed",
                    result=result,
                    completed_on=session.ends_on if result == "completed" else None,
                    fee=session.course.fee,
                    source="demo",
                )
            )
        if len(batch) >= 50_000:
            Enrolment.objects.bulk_create(batch, batch_size=10000)
            batch = []
    Enrolment.objects.bulk_create(batch, batch_size=10000)
    ip = next(c for c in certs if c.key == "ip")
    rule = SubsidyRule.objects.create(
        organisation=org, certification=ip, fiscal_year=2025, amount=7500, budget=10**8
    )
    SubsidyApplication.objects.bulk_create(
        [
            SubsidyApplication(
                organisation=org,
                rule=rule,
                staff_id=s,
                exam_on=date(2025, 6, 1),
                exam_fee=7500,
                amount=7500,
                status="paid",
                paid_amount=7500,
                paid_on=date(2025, 7, 1),
            )
            for s in rng.sample(ids, 3000)
        ],
        batch_size=5000,
    )
    curriculum = Curriculum.objects.create(organisation=org, name="養成", mode="all")
    curriculum.courses.set(courses[:3])
    internal_rule = InternalCertRule.objects.create(
        organisation=org, name="DXリーダー認定", curriculum=curriculum, talent_type=leader
    )
    internal_rule.certifications.set([ip])
    return org, internal_rule


# --- the floor ---------------------------------------------------------------------------------------

VALID = (
    "sc.organisation_id = %s AND sc.status = 'verified' AND sc.valid_from <= %s "
    "AND (sc.expires_on IS NULL OR sc.expires_on >= %s)"
)


def sql_holders_by_unit(org_id: int, day: date) -> dict:
    """Per top-level unit: active staff, and people holding any / ITSS level ≥ n (the highest level a
    person holds, computed once per person, then counted per unit)."""
    parent = dict(fetch("SELECT id, parent_id FROM core_unit WHERE organisation_id = %s", [org_id]))

    def top(pk):
        while parent.get(pk) is not None:
            pk = parent[pk]
        return pk

    rows: dict = defaultdict(lambda: [0] * 6)
    for unit_id, n in fetch(
        "SELECT current_unit_id, COUNT(*) FROM people_staff WHERE organisation_id = %s "
        "AND retired_on IS NULL GROUP BY current_unit_id",
        [org_id],
    ):
        if unit_id in parent:
            rows[top(unit_id)][0] += n
    by_level = defaultdict(list)
    for pk, level in fetch(
        "SELECT id, itss_level FROM learning_certification WHERE organisation_id = %s AND itss_level > 0",
        [org_id],
    ):
        by_level[min(level, 4)].append(pk)
    best = " ".join(f"WHEN sc.certification_id IN ({in_list(ids)}) THEN {n}" for n, ids in by_level.items())
    for unit_id, *counts in fetch(
        "SELECT s.current_unit_id, COUNT(*), "
        + ", ".join(f"SUM(CASE WHEN h.lvl >= {n} THEN 1 ELSE 0 END)" for n in (1, 2, 3, 4))
        + f" FROM (SELECT sc.staff_id, MAX(CASE {best} ELSE 0 END) AS lvl FROM learning_staffcertification sc "
        f"WHERE {VALID} GROUP BY sc.staff_id) h "
        "JOIN people_staff s ON s.id = h.staff_id "
        "WHERE s.retired_on IS NULL OR s.retired_on >= %s GROUP BY s.current_unit_id",
        [org_id, day, day, day],
    ):
        if unit_id in parent:
            row = rows[top(unit_id)]
            for i, n in enumerate(counts, start=1):
                row[i] += n or 0
    return {pk: tuple(r) for pk, r in rows.items() if r[0]}


def app_holders_by_unit(rows: list[dict]) -> dict:
    return {r["unit"].pk: (r["staff"], r["any"], r["l1"], r["l2"], r["l3"], r["l4"]) for r in rows}


def sql_eligibility(rule, day: date) -> tuple:
    """Missing units per active, not yet certified person: completed courses of the curriculum and valid
    certifications counted once per person, LEFT JOINed to the staff; eligible in 職員番号 order, close
    (at most 2 units missing, some progress) by units missing."""
    course_ids = [
        pk
        for (pk,) in fetch(
            "SELECT course_id FROM learning_curriculum_courses WHERE curriculum_id = %s", [rule.curriculum_id]
        )
    ]
    cert_ids = [
        pk
        for (pk,) in fetch(
            "SELECT certification_id FROM learning_internalcertrule_certifications WHERE internalcertrule_id = %s",
            [rule.pk],
        )
    ]
    needed_courses, needed_certs = len(course_ids), len(cert_ids)
    total = needed_courses + needed_certs
    rows = fetch(
        "SELECT id, missing FROM (SELECT st.id, st.staff_no, "
        f"(CASE WHEN COALESCE(cu.n, 0) >= {needed_courses} THEN 0 ELSE {needed_courses} - COALESCE(cu.n, 0) END)"
        f" + (CASE WHEN COALESCE(ce.n, 0) >= {needed_certs} THEN 0 ELSE {needed_certs} - COALESCE(ce.n, 0) END)"
        " AS missing FROM people_staff st "
        "LEFT JOIN (SELECT e.staff_id, COUNT(DISTINCT s.course_id) AS n FROM learning_enrolment e "
        "JOIN learning_session s ON s.id = e.session_id WHERE e.organisation_id = %s "
        f"AND e.result = 'completed' AND s.course_id IN ({in_list(course_ids)}) GROUP BY e.staff_id) cu "
        "ON cu.staff_id = st.id "
        "LEFT JOIN (SELECT sc.staff_id, COUNT(DISTINCT sc.certification_id) AS n "
        f"FROM learning_staffcertification sc WHERE {VALID} AND sc.certification_id IN ({in_list(cert_ids)}) "
        "GROUP BY sc.staff_id) ce ON ce.staff_id = st.id "
        "WHERE st.organisation_id = %s AND st.retired_on IS NULL AND st.id NOT IN "
        "(SELECT staff_id FROM learning_internalcertification WHERE rule_id = %s AND revoked_on IS NULL)"
        f") ranked WHERE missing = 0 OR (missing <= 2 AND missing < {total}) ORDER BY staff_no, id",
        [rule.organisation_id, rule.organisation_id, day, day, rule.organisation_id, rule.pk],
    )
    eligible = tuple(pk for pk, missing in rows if missing == 0)
    close = tuple(sorted(((pk, missing) for pk, missing in rows if missing), key=lambda r: (r[1], r[0])))
    return eligible, close


def app_eligibility(result) -> tuple:
    eligible, close = result
    return tuple(s.staff_id for s in eligible), tuple((s.staff_id, s.missing_units) for s in close)


def sql_holders_by_certification(org_id: int, day: date) -> dict:
    held = dict(
        fetch(
            "SELECT sc.certification_id, COUNT(DISTINCT sc.staff_id) FROM learning_staffcertification sc "
            f"WHERE {VALID} AND sc.staff_id NOT IN (SELECT id FROM people_staff WHERE organisation_id = %s "
            "AND retired_on < %s) GROUP BY sc.certification_id",
            [org_id, day, day, org_id, day],
        )
    )
    pending = dict(
        fetch(
            "SELECT certification_id, COUNT(*) FROM learning_staffcertification "
            "WHERE organisation_id = %s AND status = 'pending' GROUP BY certification_id",
            [org_id],
        )
    )
    rows = {}
    for pk, active in fetch(
        "SELECT id, is_active FROM learning_certification WHERE organisation_id = %s ORDER BY sort_order, id",
        [org_id],
    ):
        if active or held.get(pk):
            rows[pk] = (held.get(pk, 0), pending.get(pk, 0))
    (staff,) = fetch(
        "SELECT COUNT(*) FROM people_staff WHERE organisation_id = %s AND retired_on IS NULL", [org_id]
    )[0]
    return {"rows": rows, "staff": staff}


def app_holders_by_certification(report: dict) -> dict:
    return {
        "rows": {r["certification"].pk: (r["holders"], r["pending"]) for r in report["rows"]},
        "staff": report["staff"],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--staff", type=int, default=100_000)
    parser.add_argument("--certs", type=int, default=300_000)
    parser.add_argument("--enrolments", type=int, default=500_000)
    add_database_arguments(parser)
    args = parser.parse_args()
    params = {"staff": args.staff, "certs": args.certs, "enrolments": args.enrolments, "v": 2}
    ready = open_database("learning", args, params)

    from jinzai.core.models import Organisation
    from jinzai.learning import reports
    from jinzai.learning.eligibility import evaluate_rule
    from jinzai.learning.models import InternalCertRule

    if not ready:
        t0 = time.perf_counter()
        build(args.staff, args.certs, args.enrolments, seed=args.staff)
        analyse_database()
        mark_ready("learning", params)
        print(f"generated in {time.perf_counter() - t0:.0f} s", flush=True)
    org = Organisation.objects.get(code="992011")
    rule = InternalCertRule.objects.get(organisation=org, name="DXリーダー認定")
    rows = [
        side_by_side(
            "holders by unit",
            lambda: reports.holders_by_unit(org, DAY),
            lambda: sql_holders_by_unit(org.pk, DAY),
            normalise=app_holders_by_unit,
            size=lambda r: sum(v[0] for v in r.values()),
            minimum_size=args.staff * 9 // 10,
            repeat=args.repeat,
        ),
        side_by_side(
            f"eligibility of {args.staff:,} staff for one internal-certification rule",
            lambda: evaluate_rule(rule, DAY),
            lambda: sql_eligibility(rule, DAY),
            normalise=app_eligibility,
            size=lambda r: len(r[0]) + len(r[1]),
            minimum_size=100,
            repeat=args.repeat,
        ),
        side_by_side(
            "holders report (資格の保有者、資格ごと)",
            lambda: reports.holders_by_certification(org, DAY),
            lambda: sql_holders_by_certification(org.pk, DAY),
            normalise=app_holders_by_certification,
            size=lambda r: sum(h for h, _ in r["rows"].values()),
            minimum_size=args.staff // 10,
            repeat=args.repeat,
        ),
    ]
    eligible, close = evaluate_rule(rule, DAY)
    others = {
        "holders_by_level_ms": timed(lambda: reports.holders_by_level(org, DAY), args.repeat)[0],
        "holders_by_type_ms": timed(lambda: reports.holders_by_type(org, DAY), args.repeat)[0],
        "holders_over_years_ms": timed(
            lambda: reports.holders_over_years(org, [2022, 2023, 2024, 2025, 2026], DAY), args.repeat
        )[0],
        "cost_report_ms": timed(lambda: reports.cost_report(org, 2025), args.repeat)[0],
    }
    print(others)
    results = {
        "machine": machine(),
        "params": params,
        "rows": rows,
        "application_only": others,
        "check": {"eligible": len(eligible), "close": len(close)},
    }
    path = write_results("learning", results)
    print(floor_table(rows))
    print(f"results: {path}")
    verdict(rows)


if __name__ == "__main__":
    main()
