"""Benchmark: computing all targets of a plan (20 targets × 5 fiscal years) on a 100,000-staff organisation.

Builds its own database (temporary SQLite unless DATABASE_URL is set): an organisation of N staff in
80 課 (via the real staff import), about 2 % of them designated as DX推進リーダー / 一般行政職員 with
transfers and ended designations, level assessments, and a 5-year plan with 20 targets of every
built-in metric. Measures `plan_progress` (median of repeats) and its query count, and the query count
again on a 5,000-staff organisation to show it does not grow with the number of staff.
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


def build_org(code: str, name: str, staff: int, seed: int):
    from benchmarks.run import make_rows
    from jinzai.core.access import SystemActor
    from jinzai.core.models import Unit
    from jinzai.core.services import organisation_create
    from jinzai.core.tabular import write_csv
    from jinzai.people.importing import ImportOptions
    from jinzai.people.models import Assignment, Staff
    from jinzai.people.services import import_apply
    from jinzai.planning.models import LevelAssessment
    from jinzai.talent.models import Designation, SubRole, TalentType

    org = organisation_create(
        actor=SystemActor(organisation=None, label="bench"), code=code, name=name, kind="municipality"
    )
    actor = SystemActor(organisation=org, label="bench")
    names = []
    for d in range(10):
        dept = Unit.objects.create(
            organisation=org, name=f"第{d + 1}部", kind="department", sort_order=d * 100
        )
        for k in range(8):
            div = Unit.objects.create(
                organisation=org,
                parent=dept,
                name=f"第{d + 1}部第{k + 1}課",
                sort_order=d * 100 + k,
                is_it=(d == 0 and k == 0),
            )
            names.append(f"第{d + 1}部／{div.name}")
    rows = make_rows(staff, names, ["主事", "主任", "主査", "係長", "課長補佐", "課長"], seed=seed)
    content = write_csv(
        [["職員番号", "氏名", "ふりがな", "所属", "職名", "任用形態", "採用年月日"], *rows],
        encoding="utf-8-sig",
    )
    from django.conf import settings

    settings.IMPORT_MAX_BYTES = max(settings.IMPORT_MAX_BYTES, len(content) + 1)
    import_apply(
        actor=actor,
        organisation=org,
        content=content,
        options=ImportOptions(effective_date=date(2024, 4, 1)),
        file_name="bench.csv",
    )
    leader = TalentType.objects.get(organisation=org, kind="leader")
    general = TalentType.objects.get(organisation=org, kind="general")
    biz = SubRole.objects.get(talent_type=leader, name="業務担当")
    dx = SubRole.objects.get(talent_type=leader, name="DX推進担当")
    rng = random.Random(seed)
    ids = list(Staff.objects.filter(organisation=org).values_list("pk", flat=True))
    chosen = rng.sample(ids, max(10, len(ids) // 50))
    designations = []
    for i, staff_id in enumerate(chosen):
        start = date(2024, 4, 1) + timedelta(days=rng.randint(0, 900))
        end = start + timedelta(days=rng.randint(200, 700)) if i % 7 == 0 else None
        kind = (leader, biz) if i % 3 else (leader, dx) if i % 9 == 0 else (general, None)
        designations.append(
            Designation(
                organisation=org,
                staff_id=staff_id,
                talent_type=kind[0],
                sub_role=kind[1],
                started_on=start,
                ended_on=end,
            )
        )
    Designation.objects.bulk_create(designations, batch_size=1000)
    # some designated people transfer in 2026
    movers = chosen[: len(chosen) // 10]
    units = list(Unit.objects.filter(organisation=org, kind="division").values_list("pk", flat=True))
    Assignment.objects.filter(staff_id__in=movers, ended_on__isnull=True).update(ended_on=date(2026, 3, 31))
    Assignment.objects.bulk_create(
        [
            Assignment(organisation=org, staff_id=s, unit_id=rng.choice(units), started_on=date(2026, 4, 1))
            for s in movers
        ]
    )
    for fy in (2024, 2025, 2026):
        for tt in (leader, general):
            LevelAssessment.objects.create(
                organisation=org,
                talent_type=tt,
                fiscal_year=fy,
                level=min(5, fy - 2023),
                assessed_on=date(fy, 10, 1),
            )
    return org, leader, general, biz, dx


def build_plan(org, leader, general, biz, dx):
    from jinzai.core.models import Unit
    from jinzai.planning.models import DevelopmentPlan, Target

    plan = DevelopmentPlan.objects.create(organisation=org, start_fy=2024, end_fy=2028, title="性能試験計画")
    it_unit = Unit.objects.filter(organisation=org, is_it=True).first()
    specs = [
        ("headcount", leader, None, None, {}, 600),
        ("headcount", leader, biz, None, {"grade_min_rank": 3, "grade_max_rank": 5}, 300),
        ("coverage", leader, biz, None, {"unit_kind": "division", "per_unit": 1}, 80),
        ("coverage", leader, biz, None, {"unit_kind": "division", "per_unit": 2}, 80),
        ("placement", leader, dx, it_unit, {}, 2),
        (
            "placement",
            leader,
            None,
            Unit.objects.filter(organisation=org, parent__isnull=True).first(),
            {},
            40,
        ),
        ("share_designated", general, None, None, {}, 10),
        ("share_designated", leader, None, None, {"employment_types": ["regular"]}, 5),
        ("level", leader, None, None, {}, 4),
        ("level", general, None, None, {}, 3),
        ("cumulative", leader, None, None, {}, 500),
        ("cumulative", leader, biz, None, {}, 300),
    ]
    targets = []
    for i in range(20):
        metric, tt, sub, unit, params, value = specs[i % len(specs)]
        targets.append(
            Target(
                plan=plan,
                label=f"目標{i + 1}",
                metric=metric,
                talent_type=tt,
                sub_role=sub,
                unit=unit,
                params=params,
                target_value=value,
                sort_order=i,
            )
        )
    Target.objects.bulk_create(targets)
    return plan


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--staff", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=5_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument(
        "--profile", action="store_true", help="print a cProfile of one computation (large org)"
    )
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="jinzai-bench-plan-"))
    os.environ.setdefault("JINZAI_DATA_DIR", str(workdir))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jinzai.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from jinzai.planning.progress import plan_progress

    call_command("migrate", verbosity=0)
    today = date(2027, 10, 1)  # four of the five fiscal years are measured
    results = {"engine": connection.vendor, "today": today.isoformat()}
    for label, n, code in (("large", args.staff, "992011"), ("small", args.small, "993018")):
        t0 = time.perf_counter()
        plan = build_plan(*build_org(code, f"性能試験{label}", n, seed=n))
        build_seconds = time.perf_counter() - t0
        plan_progress(plan, today=today)  # warm
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            progress = plan_progress(plan, today=today)
            times.append((time.perf_counter() - start) * 1000)
        with CaptureQueriesContext(connection) as ctx:
            plan_progress(plan, today=today)
        if args.profile and label == "large":
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.runcall(plan_progress, plan, today=today)
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
        results[label] = {
            "staff": n,
            "targets": len(progress),
            "fiscal_years": len(plan.fiscal_years),
            "median_ms": round(statistics.median(times), 1),
            "max_ms": round(max(times), 1),
            "queries": len(ctx.captured_queries),
            "setup_seconds": round(build_seconds, 1),
        }
    out = ROOT / "benchmarks" / "out"
    out.mkdir(exist_ok=True)
    (out / "plan_progress.json").write_text(
        json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    print(json.dumps(results, ensure_ascii=False, indent=2))
    ok = results["large"]["median_ms"] < 1000 and results["large"]["queries"] == results["small"]["queries"]
    print("targets met" if ok else "TARGETS MISSED")


if __name__ == "__main__":
    main()
