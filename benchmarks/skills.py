"""Benchmark: skill heatmaps and the response-rate dashboard on N staff × 30 items × 3 campaigns.

Builds its own database (a temporary SQLite file unless DATABASE_URL is set; on PostgreSQL point it at a
database of your own, e.g. postgres://postgres@127.0.0.1:5432/jinzai_bench_skills): an organisation of N
staff in 10 部局 × 8 課 × 2 係, a 30-item skill map, and 3 campaigns whose participants and ratings are
written with INSERT … SELECT (9 million ratings at 100,000 staff). Measures (median of repeats):

- unit heatmap: person × item of one 課 (both 係), as a manager or hr sees it;
- organisation heatmap: 課 × item averages and share at or above the expected level;
- response-rate dashboard: answered / confirmed by 課;

and their query counts, again on a small organisation, to show they do not depend on the staff count.
Results go to stdout and benchmarks/out/skills.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ITEMS = 30


def build(code: str, name: str, staff: int, campaigns: int):
    from django.db import connection

    from jinzai.core.access import SystemActor
    from jinzai.core.models import Unit
    from jinzai.core.services import organisation_create
    from jinzai.people.models import Staff
    from jinzai.skills.models import Campaign, Category, Framework, Item, RoleProfile
    from jinzai.talent.models import TalentType

    org = organisation_create(
        actor=SystemActor(organisation=None, label="bench"), code=code, name=name, kind="municipality"
    )
    sections = []
    for d in range(10):
        dept = Unit.objects.create(
            organisation=org, name=f"第{d + 1}部", kind="department", sort_order=d * 100
        )
        for k in range(8):
            div = Unit.objects.create(
                organisation=org, parent=dept, name=f"第{d + 1}部第{k + 1}課", sort_order=d * 100 + k
            )
            for s in range(2):
                sections.append(
                    Unit.objects.create(
                        organisation=org,
                        parent=div,
                        name=f"{div.name}第{s + 1}係",
                        kind="section",
                        sort_order=d * 100 + k,
                    ).pk
                )
    Staff.objects.bulk_create(
        [
            Staff(
                organisation=org,
                staff_no=f"{i:07d}",
                name=f"職員{i}",
                current_unit_id=sections[i % len(sections)],
            )
            for i in range(staff)
        ],
        batch_size=5000,
    )
    framework = Framework.objects.create(organisation=org, name="性能試験マップ", level_count=5)
    category = Category.objects.create(organisation=org, framework=framework, name="区分")
    items = Item.objects.bulk_create(
        [
            Item(
                organisation=org,
                framework=framework,
                category=category,
                name=f"項目{n + 1}",
                descriptors=["1", "2", "3", "4", "5"],
                sort_order=n,
            )
            for n in range(ITEMS)
        ]
    )
    general = TalentType.objects.get(organisation=org, kind="general")
    RoleProfile.objects.bulk_create(
        [
            RoleProfile(organisation=org, item=i, talent_type=general, expected_level=2 + n % 2)
            for n, i in enumerate(items)
        ]
    )
    result = []
    for c in range(campaigns):
        campaign = Campaign.objects.create(
            organisation=org,
            name=f"第{c + 1}回",
            fiscal_year=2024 + c,
            framework=framework,
            starts_on=date(2024 + c, 10, 1),
            ends_on=date(2024 + c, 11, 30),
            status="closed" if c < campaigns - 1 else "open",
        )
        result.append(campaign)
        status = "CASE WHEN s.id %% 20 < 3 THEN 'pending' WHEN s.id %% 20 < 5 THEN 'self_done' ELSE 'confirmed' END"
        with connection.cursor() as cur:
            cur.execute(
                "INSERT INTO skills_participant (organisation_id, campaign_id, staff_id, unit_id, talent_type_id, "
                "status, manager_comment, version) "
                f"SELECT %s, %s, s.id, s.current_unit_id, %s, {status}, '', 0 FROM people_staff s "
                "WHERE s.organisation_id = %s",
                [org.pk, campaign.pk, general.pk, org.pk],
            )
            level = f"((p.id * 7 + i.id * 13 + {c}) %% 5) + 1"
            cur.execute(
                "INSERT INTO skills_rating (organisation_id, participant_id, campaign_id, staff_id, unit_id, item_id, "
                "self_level, self_comment, evidence, manager_level, manager_comment, final_level, expected_level) "
                f"SELECT %s, p.id, p.campaign_id, p.staff_id, p.unit_id, i.id, {level}, '', '', "
                f"CASE WHEN p.status = 'confirmed' THEN {level} END, '', "
                f"CASE WHEN p.status = 'confirmed' THEN {level} END, r.expected_level "
                "FROM skills_participant p CROSS JOIN skills_item i "
                "JOIN skills_roleprofile r ON r.item_id = i.id AND r.talent_type_id = p.talent_type_id "
                "WHERE p.campaign_id = %s AND i.framework_id = %s AND p.status <> 'pending'",
                [org.pk, campaign.pk, framework.pk],
            )
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    division = Unit.objects.filter(organisation=org, kind="division").order_by("sort_order", "id").first()
    return org, result, division


def timed(fn, repeat: int) -> tuple[float, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    fn()  # warm
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return round(statistics.median(times), 1), round(max(times), 1), len(ctx.captured_queries)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--staff", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=2_000)
    parser.add_argument("--campaigns", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="jinzai-bench-skills-"))
    os.environ.setdefault("JINZAI_DATA_DIR", str(workdir))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jinzai.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from jinzai.skills.matrix import person_heatmap, subtree, unit_heatmap
    from jinzai.skills.models import Rating
    from jinzai.skills.selectors import response_rates

    call_command("migrate", verbosity=0)
    results: dict = {"engine": connection.vendor, "items": ITEMS, "campaigns": args.campaigns}
    for label, n, code in (("large", args.staff, "992011"), ("small", args.small, "993018")):
        t0 = time.perf_counter()
        org, campaigns, division = build(code, f"性能試験{label}", n, args.campaigns)
        setup = time.perf_counter() - t0
        latest_closed = campaigns[-2] if len(campaigns) > 1 else campaigns[-1]
        units = subtree(org, division.pk)
        unit_ms = timed(lambda c=latest_closed, u=units: person_heatmap(c, u), args.repeat)
        org_ms = timed(lambda c=latest_closed: unit_heatmap(c), args.repeat)
        rate_ms = timed(lambda c=campaigns[-1]: response_rates(c), args.repeat)
        results[label] = {
            "staff": n,
            "ratings": Rating.objects.filter(organisation=org).count(),
            "setup_seconds": round(setup, 1),
            "unit_heatmap": {
                "median_ms": unit_ms[0],
                "max_ms": unit_ms[1],
                "queries": unit_ms[2],
                "people": len(person_heatmap(latest_closed, units).rows),
            },
            "org_heatmap": {"median_ms": org_ms[0], "max_ms": org_ms[1], "queries": org_ms[2]},
            "response_rates": {"median_ms": rate_ms[0], "max_ms": rate_ms[1], "queries": rate_ms[2]},
        }
        print(json.dumps({label: results[label]}, ensure_ascii=False), flush=True)
    out = ROOT / "benchmarks" / "out"
    out.mkdir(exist_ok=True)
    (out / "skills.json").write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    print(json.dumps(results, ensure_ascii=False, indent=2))
    large, small = results["large"], results["small"]
    same = all(
        large[k]["queries"] == small[k]["queries"] for k in ("unit_heatmap", "org_heatmap", "response_rates")
    )
    ok = (
        large["unit_heatmap"]["median_ms"] < 200
        and large["org_heatmap"]["median_ms"] < 2000
        and large["response_rates"]["median_ms"] < 200
        and same
    )
    print("targets met" if ok else "TARGETS MISSED")


if __name__ == "__main__":
    main()
