"""Benchmark: skill heatmaps and the response-rate dashboard on N staff × 30 items × 3 campaigns,
each side by side with a hand-written SQL query returning the same numbers (benchmarks/common.py).

Data (kept and reused, see common.py; `--db sqlite|postgres`): an organisation of N staff in
10 部局 × 8 課 × 2 係, a 30-item skill map, and 3 campaigns whose participants and ratings are written with
INSERT … SELECT; 85 % of the sheets are answered and 75 % confirmed, spread over every 係 (7.65 million
ratings at 100,000 staff), and a small organisation of 2,000 staff. Measures (median of repeats):

- unit heatmap: person × item of one 課 (both 係: 1,250 people at 100,000 staff), as a manager or hr sees
  it — the benchmark checks that the 課 has its 1,250 people and their confirmed ratings;
- organisation heatmap: 課 × item averages and share at or above the expected level;
- response-rate dashboard: answered / confirmed by 課;

and their query counts, again on the small organisation (they do not depend on the staff count).
Results go to stdout and benchmarks/out/skills_<engine>.json.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from datetime import date
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
        # s.id / 160 walks through every person of a 係 (staff are spread round-robin over the 160 係, so
        # s.id %% 20 alone would give a whole 係 the same status — an empty heatmap for the first 課).
        spread = f"((s.id / {len(sections)} + {c}) %% 20)"
        status = (
            f"CASE WHEN {spread} < 3 THEN 'pending' WHEN {spread} < 5 THEN 'self_done' ELSE 'confirmed' END"
        )
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
    return org


# --- the floor: hand-written SQL returning the same numbers ---------------------------------------------


def owners_sql(org_id: int) -> dict[int, int]:
    """unit → its 課 (itself when it is one; units above stay themselves), from one query."""
    rows = {
        pk: (parent, kind)
        for pk, parent, kind in fetch(
            "SELECT id, parent_id, kind FROM core_unit WHERE organisation_id = %s", [org_id]
        )
    }
    owner = {}
    for pk in rows:
        cursor, target = pk, pk
        while cursor is not None:
            parent, kind = rows[cursor]
            if kind == "division":
                target = cursor
                break
            cursor = parent
        owner[pk] = target
    return owner


def sql_org_heatmap(campaign_id: int, org_id: int) -> dict:
    owner = owners_sql(org_id)
    cells: dict = defaultdict(lambda: [0, 0, 0, 0])
    for unit_id, item_id, n, total, expected_n, ok in fetch(
        "SELECT unit_id, item_id, COUNT(*), SUM(final_level), COUNT(expected_level), "
        "SUM(CASE WHEN final_level >= expected_level THEN 1 ELSE 0 END) "
        "FROM skills_rating WHERE campaign_id = %s AND final_level IS NOT NULL GROUP BY unit_id, item_id",
        [campaign_id],
    ):
        cell = cells[(owner.get(unit_id), item_id)]
        cell[0] += n
        cell[1] += total or 0
        cell[2] += expected_n
        cell[3] += ok or 0
    return {key: tuple(v) for key, v in cells.items()}


def app_org_heatmap(heatmap) -> dict:
    return {
        (row["key"], item.pk): (cell.n, cell.total, cell.expected_n, cell.ok)
        for row in heatmap.rows
        for item, (cell, _) in zip(heatmap.items, row["cells"], strict=True)
        if cell.n
    }


def sql_person_heatmap(campaign_id: int, unit_ids: set[int], item_ids: list[int]) -> list:
    """The sheets in display order, then their ratings (two queries: joining the ratings to the sheets
    repeats each name 30 times and is slower)."""
    position = {pk: i for i, pk in enumerate(item_ids)}
    rows, by_sheet = [], {}
    for pid, name in fetch(
        "SELECT p.id, s.name FROM skills_participant p JOIN people_staff s ON s.id = p.staff_id "
        "LEFT JOIN core_unit u ON u.id = p.unit_id "
        f"WHERE p.campaign_id = %s AND p.unit_id IN ({in_list(unit_ids)}) "
        "ORDER BY u.sort_order, s.staff_no, p.id",
        [campaign_id],
    ):
        by_sheet[pid] = ([None] * len(item_ids), [None] * len(item_ids))
        rows.append((pid, name, *by_sheet[pid]))
    for pid, item_id, level, expected in fetch(
        "SELECT participant_id, item_id, final_level, expected_level FROM skills_rating "
        f"WHERE campaign_id = %s AND unit_id IN ({in_list(unit_ids)})",
        [campaign_id],
    ):
        i = position.get(item_id)
        if i is not None and pid in by_sheet:
            by_sheet[pid][0][i], by_sheet[pid][1][i] = level, expected
    return [(pid, name, tuple(levels), tuple(exp)) for pid, name, levels, exp in rows]


def app_person_heatmap(heatmap) -> list:
    return [
        (
            row["key"],
            row["label"],
            tuple(c["level"] for c, _ in row["cells"]),
            tuple(c["expected"] for c, _ in row["cells"]),
        )
        for row in heatmap.rows
    ]


def sql_response_rates(campaign_id: int, org_id: int) -> dict:
    owner = owners_sql(org_id)
    groups: dict = defaultdict(lambda: [0, 0, 0])
    for unit_id, total, answered, confirmed in fetch(
        "SELECT unit_id, COUNT(*), SUM(CASE WHEN status <> 'pending' THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN status = 'confirmed' THEN 1 ELSE 0 END) "
        "FROM skills_participant WHERE campaign_id = %s GROUP BY unit_id",
        [campaign_id],
    ):
        g = groups[owner.get(unit_id)]
        g[0], g[1], g[2] = g[0] + total, g[1] + answered, g[2] + confirmed
    return {key: tuple(v) for key, v in groups.items()}


def app_response_rates(rates) -> dict:
    return {r["unit_id"]: (r["total"], r["answered"], r["confirmed"]) for r in rates["rows"]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--staff", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=2_000)
    parser.add_argument("--campaigns", type=int, default=3)
    add_database_arguments(parser)
    args = parser.parse_args()
    params = {"staff": args.staff, "small": args.small, "campaigns": args.campaigns, "items": ITEMS, "v": 2}
    ready = open_database("skills", args, params)

    from jinzai.core.models import Organisation, Unit
    from jinzai.skills.matrix import person_heatmap, subtree, unit_heatmap
    from jinzai.skills.models import Campaign, Participant, Rating
    from jinzai.skills.selectors import ordered_items, response_rates

    orgs = {"large": (args.staff, "992011"), "small": (args.small, "993018")}
    if not ready:
        t0 = time.perf_counter()
        for label, (n, code) in orgs.items():
            build(code, f"性能試験{label}", n, args.campaigns)
        analyse_database()
        mark_ready("skills", params)
        print(f"generated in {time.perf_counter() - t0:.0f} s", flush=True)
    results: dict = {"machine": machine(), "items": ITEMS, "campaigns": args.campaigns, "params": params}
    rows = []
    for label, (n, code) in orgs.items():
        org = Organisation.objects.get(code=code)
        campaigns = list(Campaign.objects.filter(organisation=org).order_by("starts_on", "id"))
        latest_closed = campaigns[-2] if len(campaigns) > 1 else campaigns[-1]
        division = Unit.objects.filter(organisation=org, kind="division").order_by("sort_order", "id").first()
        units = subtree(org, division.pk)
        people = Participant.objects.filter(campaign=latest_closed, unit_id__in=units).count()
        item_ids = [i.pk for i in ordered_items(latest_closed.framework)]
        suffix = "" if label == "large" else f" [{n:,} staff]"
        ratings = Rating.objects.filter(organisation=org).count()
        print(f"{label}: {n:,} staff, {ratings:,} ratings; the 課 measured has {people:,} people", flush=True)
        assert people >= n // 80 and (n != 100_000 or people == 1_250), people
        unit_row = side_by_side(
            f"unit heatmap (a 課 of {people:,} with ratings × {ITEMS} items){suffix}",
            lambda c=latest_closed, u=units: person_heatmap(c, u),
            lambda c=latest_closed, u=units, i=item_ids: sql_person_heatmap(c.pk, u, i),
            normalise=app_person_heatmap,
            # confirmed cells: the heatmap is not empty (75 % of the sheets are confirmed)
            size=lambda rows_: sum(1 for r in rows_ for level in r[2] if level is not None),
            minimum_size=people * ITEMS // 2,
            repeat=args.repeat,
        )
        org_row = side_by_side(
            f"organisation skill heatmap ({ratings / 1e6:.2f} M ratings){suffix}",
            lambda c=latest_closed: unit_heatmap(c),
            lambda c=latest_closed, o=org.pk: sql_org_heatmap(c.pk, o),
            normalise=app_org_heatmap,
            size=lambda cells: len(cells),
            expected_size=80 * ITEMS,
            repeat=args.repeat,
        )
        rate_row = side_by_side(
            f"response-rate dashboard{suffix}",
            lambda c=campaigns[-1]: response_rates(c),
            lambda c=campaigns[-1], o=org.pk: sql_response_rates(c.pk, o),
            normalise=app_response_rates,
            size=lambda groups: sum(g[0] for g in groups.values()),
            expected_size=n,
            repeat=args.repeat,
        )
        results[label] = {"staff": n, "ratings": ratings, "rows": [unit_row, org_row, rate_row]}
        rows += [unit_row, org_row, rate_row]
    large, small = results["large"]["rows"], results["small"]["rows"]
    same = all(a["queries"] == b["queries"] for a, b in zip(large, small, strict=True))
    print("query counts independent of the staff count" if same else "QUERY COUNTS GROW WITH STAFF")
    results["queries_independent_of_staff"] = same
    path = write_results("skills", results)
    print(floor_table(large))
    print(f"results: {path}")
    verdict(large)


if __name__ == "__main__":
    main()
