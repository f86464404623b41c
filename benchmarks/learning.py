"""Benchmark of the learning reports on 100,000 staff, 300,000 certification records and 500,000 enrolments.

Builds its own database — a temporary SQLite file, or, when DATABASE_URL points to PostgreSQL, the database
`jinzai_bench_learning` on that server (dropped and created again; never another database) — with bulk
inserts: one organisation of N staff in 80 課, 2 % designated as DX推進リーダー, the default certification
catalog with about three records per person (mostly verified, some expiring), 100 courses with 400
sessions and their enrolments (most completed), exam subsidies, a curriculum and an internal
certification rule. Measures (median of repeats):

- the holders report (`holders_by_certification`, the 資格 page) and the other breakdowns (level, unit,
  talent type, fiscal years),
- the cost report of a fiscal year (`cost_report`, the 費用の集計 page),
- the eligibility of every staff member for one rule (`evaluate_rule`).

Targets: holders and cost report < 300 ms; eligibility < 2 s.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DB = "jinzai_bench_learning"


def _prepare_database() -> None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return
    import psycopg

    base = url.rsplit("/", 1)[0]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
        conn.execute(f"CREATE DATABASE {BENCH_DB}")
    os.environ["DATABASE_URL"] = f"{base}/{BENCH_DB}"


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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--staff", type=int, default=100_000)
    parser.add_argument("--certs", type=int, default=300_000)
    parser.add_argument("--enrolments", type=int, default=500_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="jinzai-bench-learning-"))
    os.environ.setdefault("JINZAI_DATA_DIR", str(workdir))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jinzai.settings")
    _prepare_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from jinzai.learning import reports
    from jinzai.learning.eligibility import evaluate_rule

    call_command("migrate", verbosity=0)
    t0 = time.perf_counter()
    org, rule = build(args.staff, args.certs, args.enrolments, seed=args.staff)
    setup = round(time.perf_counter() - t0, 1)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    day = date(2026, 11, 27)
    holders_ms, holders = timed(lambda: reports.holders_by_certification(org, day), args.repeat)
    level_ms, levels = timed(lambda: reports.holders_by_level(org, day), args.repeat)
    unit_ms, _ = timed(lambda: reports.holders_by_unit(org, day), args.repeat)
    type_ms, _ = timed(lambda: reports.holders_by_type(org, day), args.repeat)
    years_ms, _ = timed(
        lambda: reports.holders_over_years(org, [2022, 2023, 2024, 2025, 2026], day), args.repeat
    )
    cost_ms, cost = timed(lambda: reports.cost_report(org, 2025), args.repeat)
    eligibility_ms, (eligible, close) = timed(lambda: evaluate_rule(rule, day), max(3, args.repeat // 2))
    results = {
        "engine": connection.vendor,
        "staff": args.staff,
        "certification_records": args.certs,
        "enrolments": args.enrolments,
        "setup_seconds": setup,
        "holders_report_ms": holders_ms,
        "holders_by_level_ms": level_ms,
        "holders_by_unit_ms": unit_ms,
        "holders_by_type_ms": type_ms,
        "holders_over_years_ms": years_ms,
        "cost_report_ms": cost_ms,
        "eligibility_all_staff_ms": eligibility_ms,
        "check": {
            "certifications_listed": len(holders["rows"]),
            "holders_any": levels["any"],
            "cost_total_yen": cost["grand"][0],
            "eligible": len(eligible),
            "close": len(close),
        },
    }
    out = ROOT / "benchmarks" / "out"
    out.mkdir(exist_ok=True)
    (out / f"learning_{connection.vendor}.json").write_text(
        json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    print(json.dumps(results, ensure_ascii=False, indent=2))
    ok = holders_ms < 300 and cost_ms < 300 and eligibility_ms < 2000
    print("targets met" if ok else "TARGETS MISSED")


if __name__ == "__main__":
    main()
