"""Benchmark of the candidate finder and the transfer simulation on 100,000 staff (issue 10), each side by side
with a hand-written SQL query returning the same rows (benchmarks/common.py).

Data (kept and reused, see common.py; `--db sqlite|postgres`), generated with bulk inserts: one organisation of
N staff in 10 部 × 8 課 × 2 係 with one open assignment each, 2 % designated as DX推進リーダー (業務担当),
confirmed ratings on the 12 items of the DX leader map for 30 % of the staff, ITパスポート held by 40 %,
completed courses, a 自己申告 from 60 %, 200 concurrent posts and 40 DX duties. Measured (medians):

- the candidate finder with four filters (a 部, the grade band 主査〜課長補佐, 業務改善・BPR ≥ 3, ITパスポート):
  what its page computes — the number of matches and the first page of 50 in score order with their reasons —
  against one SQL query computing the same score (the same formula) for the same rows;
- the transfer simulation of a draft list of M moves (default 5,000): the whole analysis the preview shows
  (read the CSV, resolve people and units, every impact table including the plan targets), against the SQL
  that returns its first table — the 課 whose DX推進リーダー (counting concurrent posts) all move away.
"""

from __future__ import annotations

import argparse
import io
import random
import sys
import time
from collections import defaultdict
from datetime import date, datetime
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
    write_results,
)

DAY = date(2026, 11, 27)
MOVE_DAY = date(2027, 4, 1)


def build(n_staff: int, seed: int):
    from django.utils import timezone

    from jinzai.core.access import SystemActor
    from jinzai.core.models import Grade, Unit
    from jinzai.core.services import organisation_create
    from jinzai.learning.models import Certification, Course, Enrolment, Session, StaffCertification
    from jinzai.people.models import Assignment, ConcurrentPost, Staff
    from jinzai.skills.models import Campaign, Item, Participant, Rating
    from jinzai.talent.models import (
        DeclarationPeriod,
        Designation,
        Duty,
        DutyHolder,
        SelfDeclaration,
        SubRole,
        TalentType,
    )

    rng = random.Random(seed)
    org = organisation_create(
        actor=SystemActor(organisation=None, label="bench"),
        code="992011",
        name="性能試験市",
        kind="municipality",
    )
    grades = list(Grade.objects.filter(organisation=org).order_by("rank"))[:6]  # 主事 … 課長
    sections = []
    for d in range(10):
        dept = Unit.objects.create(
            organisation=org, name=f"第{d + 1}部", kind="department", sort_order=d * 1000
        )
        for k in range(8):
            div = Unit.objects.create(
                organisation=org, parent=dept, name=f"第{d + 1}部第{k + 1}課", sort_order=d * 1000 + k * 10
            )
            for j in range(2):
                sections.append(
                    Unit.objects.create(
                        organisation=org,
                        parent=div,
                        name=f"第{j + 1}係",
                        kind="section",
                        sort_order=d * 1000 + k * 10 + j + 1,
                    )
                )
    staff = [
        Staff(
            organisation=org,
            staff_no=f"{i:07d}",
            name=f"職員{i}",
            employment_type="regular" if i % 5 else "fiscal_year",
            grade=grades[i % 6],
            current_unit=sections[i % len(sections)],
            hired_on=date(1990 + i % 35, 4, 1),
            search_text=f"{i:07d}",
        )
        for i in range(n_staff)
    ]
    Staff.objects.bulk_create(staff, batch_size=5000)
    rows = list(
        Staff.objects.filter(organisation=org).order_by("pk").values_list("pk", "current_unit_id", "grade_id")
    )
    ids = [pk for pk, _, _ in rows]
    Assignment.objects.bulk_create(
        [
            Assignment(
                organisation=org,
                staff_id=pk,
                unit_id=u,
                grade_id=g,
                started_on=date(2022, 4, 1),
                source="demo",
            )
            for pk, u, g in rows
        ],
        batch_size=5000,
    )
    leader = TalentType.objects.get(organisation=org, kind="leader")
    business = SubRole.objects.get(talent_type=leader, name="業務担当")
    leaders = rng.sample(ids, n_staff // 50)
    Designation.objects.bulk_create(
        [
            Designation(
                organisation=org,
                staff_id=s,
                talent_type=leader,
                sub_role=business,
                started_on=date(2025, 4, 1),
                source="demo",
            )
            for s in leaders
        ],
        batch_size=5000,
    )
    items = list(Item.objects.filter(organisation=org, framework__key="leader").order_by("sort_order", "id"))[
        :12
    ]
    campaign = Campaign.objects.create(
        organisation=org,
        name="2025年度",
        fiscal_year=2025,
        framework=items[0].framework,
        starts_on=date(2025, 6, 1),
        ends_on=date(2025, 7, 31),
        status="closed",
    )
    rated = rng.sample(ids, int(n_staff * 0.3))
    Participant.objects.bulk_create(
        [Participant(organisation=org, campaign=campaign, staff_id=s, status="confirmed") for s in rated],
        batch_size=5000,
    )
    participants = dict(Participant.objects.filter(campaign=campaign).values_list("staff_id", "pk"))
    batch = []
    for s in rated:
        for item in items:
            batch.append(
                Rating(
                    organisation=org,
                    participant_id=participants[s],
                    campaign=campaign,
                    staff_id=s,
                    item=item,
                    final_level=rng.choices((1, 2, 3, 4, 5), (2, 4, 4, 3, 1))[0],
                )
            )
        if len(batch) >= 60_000:
            Rating.objects.bulk_create(batch, batch_size=10_000)
            batch = []
    Rating.objects.bulk_create(batch, batch_size=10_000)
    ip = Certification.objects.get(organisation=org, key="ip")
    sg = Certification.objects.get(organisation=org, key="sg")
    certs = [(s, ip) for s in rng.sample(ids, int(n_staff * 0.4))] + [
        (s, sg) for s in rng.sample(ids, n_staff // 10)
    ]
    StaffCertification.objects.bulk_create(
        [
            StaffCertification(
                organisation=org,
                staff_id=s,
                certification=c,
                acquired_on=date(2020, 6, 1),
                valid_from=date(2020, 6, 1),
                status="verified",
                source="demo",
            )
            for s, c in certs
        ],
        batch_size=10_000,
    )
    course = Course.objects.create(
        organisation=org, title="DX推進リーダー基礎研修", provider_type="internal", mode="classroom"
    )
    session = Session.objects.create(
        organisation=org, course=course, title="第1回", starts_on=date(2025, 6, 1), ends_on=date(2025, 6, 1)
    )
    Enrolment.objects.bulk_create(
        [
            Enrolment(
                organisation=org,
                session=session,
                staff_id=s,
                status="confirmed",
                result="completed",
                completed_on=date(2025, 6, 1),
                source="demo",
            )
            for s in rng.sample(ids, n_staff // 10)
        ],
        batch_size=10_000,
    )
    period = DeclarationPeriod.objects.create(
        organisation=org, fiscal_year=2027, opens_on=date(2026, 10, 1), closes_on=date(2027, 1, 15)
    )
    submitted = timezone.make_aware(datetime(2026, 10, 20, 10))
    SelfDeclaration.objects.bulk_create(
        [
            SelfDeclaration(
                organisation=org,
                period=period,
                staff_id=s,
                wish=rng.choice(("stay", "stay", "move", "either")),
                dx_interest=rng.choice(("yes", "maybe", "no", "no")),
                motivation=rng.randint(1, 5),
                submitted_at=submitted,
            )
            for s in rng.sample(ids, int(n_staff * 0.6))
        ],
        batch_size=10_000,
    )
    ConcurrentPost.objects.bulk_create(
        [
            ConcurrentPost(
                organisation=org, staff_id=s, unit=rng.choice(sections), started_on=date(2025, 4, 1)
            )
            for s in rng.sample(leaders, min(200, len(leaders) // 2))
        ],
        batch_size=5000,
    )
    it = sections[0].parent
    it_people = [pk for pk, u, _ in rows if u in {sections[0].pk, sections[1].pk}][:30]
    for n in range(40):
        duty = Duty.objects.create(
            organisation=org, name=f"DX業務{n + 1}", weight=1 + n % 8, unit=it, started_on=date(2024, 4, 1)
        )
        DutyHolder.objects.create(
            organisation=org,
            duty=duty,
            staff_id=it_people[n % 30],
            role="primary",
            started_on=date(2024, 4, 1),
        )
        if n % 3:
            DutyHolder.objects.create(
                organisation=org,
                duty=duty,
                staff_id=it_people[(n + 7) % 30],
                role="backup",
                started_on=date(2024, 4, 1),
            )
    return org


def transfer_file(org, moves: int, seed: int) -> bytes:
    """M moves for 2027年4月1日: every leader of the first five 課 moves away (and the 兼務 there ends), the
    others are random people. Every row clears its person's 兼務 (an empty 兼務 cell)."""
    from jinzai.core.models import Unit
    from jinzai.core.tabular import csv_writer
    from jinzai.people.models import ConcurrentPost, Staff
    from jinzai.talent.models import Designation

    rng = random.Random(seed)
    units = {u.pk: u for u in Unit.objects.filter(organisation=org)}

    def path(unit) -> str:
        names = []
        while unit is not None:
            names.append(unit.name)
            unit = units.get(unit.parent_id)
        return " ／ ".join(reversed(names))

    sections = sorted((u for u in units.values() if u.kind == "section"), key=lambda u: u.sort_order)
    first = {u.pk for u in sections[:10]}  # the 係 of the first five 課
    leaders = set(Designation.objects.filter(organisation=org).values_list("staff_id", flat=True))
    serving = set(
        ConcurrentPost.objects.filter(organisation=org, unit_id__in=first, ended_on__isnull=True).values_list(
            "staff_id", flat=True
        )
    )
    staff = list(
        Staff.objects.filter(organisation=org, retired_on__isnull=True)
        .order_by("staff_no")
        .values_list("pk", "staff_no", "current_unit_id")
    )
    movers = [s for s in staff if s[0] in leaders and s[2] in first]
    keepers = [s for s in staff if s[0] in serving and s not in movers]  # they stay; their 兼務 there ends
    taken = {s[0] for s in movers + keepers}
    movers += rng.sample([s for s in staff if s[0] not in taken], moves - len(movers) - len(keepers))
    out = io.BytesIO()
    with csv_writer(out, encoding="utf-8-sig", header=["職員番号", "異動先", "兼務", "発令日"]) as writer:
        for _pk, no, unit in movers:
            target = rng.choice([u for u in sections[10:] if u.pk != unit])
            writer.write([no, path(target), "", "2027/4/1"])
        for _pk, no, _unit in keepers:
            writer.write([no, "", "", "2027/4/1"])
    return out.getvalue()


def finder_page_ms(org, f, repeat: int) -> float:
    """The finder page with the same four filters through the Django test client (middleware, template)."""
    import statistics

    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.test.utils import setup_test_environment

    from jinzai.core.models import Membership

    setup_test_environment()
    user, _ = get_user_model().objects.get_or_create(username="bench-dx")
    Membership.objects.get_or_create(user=user, organisation=org, role="dx_office")
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    query = {
        "search": "1",
        "unit": f.unit_id,
        "grade_min": f.grade_min_rank,
        "grade_max": f.grade_max_rank,
        "skill_item": f.skill_item,
        "skill_level": f.skill_level,
        "certification": f.certification,
    }
    assert client.get("/talent/candidates/", query).status_code == 200
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get("/talent/candidates/", query)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    return round(statistics.median(times), 1)


def ensure_plan(org) -> None:
    """A default plan whose targets the simulation measures before and after (coverage, 兼務, headcount)."""
    from jinzai.core.models import Unit
    from jinzai.planning.models import DevelopmentPlan, Target
    from jinzai.talent.models import TalentType

    if DevelopmentPlan.objects.filter(organisation=org).exists():
        return
    leader = TalentType.objects.get(organisation=org, kind="leader")
    plan = DevelopmentPlan.objects.create(organisation=org, start_fy=2026, end_fy=2028, status="approved")
    first = Unit.objects.get(organisation=org, name="第1部第1課")
    for n, (label, metric, unit, params, value) in enumerate(
        [
            ("すべての課にリーダー", "coverage", None, {"unit_kind": "division", "per_unit": 1}, 80),
            ("兼務を含めてすべての課にリーダー", "coverage_concurrent", None, {"unit_kind": "division"}, 80),
            ("リーダーの人数", "headcount", None, {}, 2500),
            ("第1部第1課のリーダー", "placement", first, {}, 30),
        ]
    ):
        Target.objects.create(
            organisation=org,
            plan=plan,
            label=label,
            metric=metric,
            talent_type=leader,
            unit=unit,
            params=params,
            target_value=value,
            sort_order=n,
        )


# --- the floors -----------------------------------------------------------------------------------------


def sql_candidates(org, f, limit: int = 50) -> tuple:
    """The finder's rows in one query: the same filters and the same score (talent.selectors.candidates)."""
    from django.db import connection

    from jinzai.core.selectors import descendant_ids
    from jinzai.talent.models import TalentSettings
    from jinzai.talent.models.options import SCORE_PARTS
    from jinzai.talent.selectors.candidates import default_band, years_before
    from jinzai.talent.selectors.coverage import leader_type_ids

    pg = connection.vendor == "postgresql"
    real, least = ("DOUBLE PRECISION", "LEAST") if pg else ("REAL", "MIN")
    settings = TalentSettings.objects.filter(organisation=org).first() or TalentSettings(organisation=org)
    w = {k: settings.weight(k) for k, _, _ in SCORE_PARTS}
    total = sum(w.values()) or 1
    low, high = default_band(org)
    units = in_list(descendant_ids(org, [f.unit_id]))
    types = in_list(leader_type_ids(org))
    latest = (
        "(SELECT d.{col} FROM talent_selfdeclaration d JOIN talent_declarationperiod p ON p.id = d.period_id "
        "WHERE d.staff_id = s.id ORDER BY p.fiscal_year DESC, d.id DESC LIMIT 1)"
    )
    ten, five = years_before(DAY, 10), years_before(DAY, 5)
    parts = [
        f"{float(w['grade'])} * (CASE WHEN g.rank >= {low} AND g.rank <= {high} AND s.grade_id IS NOT NULL THEN 1.0 ELSE 0.0 END)",
        f"{float(w['skill'])} * (COALESCE((SELECT CAST(MAX(r.final_level) AS {real}) FROM skills_rating r "
        f"WHERE r.staff_id = s.id AND r.final_level IS NOT NULL AND r.item_id = {int(f.skill_item)}), 0.0) / 5.0)",
        f"{float(w['certification'])} * ({least}(COALESCE((SELECT CAST(COUNT(DISTINCT c.certification_id) AS {real}) "
        "FROM learning_staffcertification c WHERE c.staff_id = s.id AND c.organisation_id = %s AND c.status = 'verified' "
        "AND c.valid_from <= %s AND (c.expires_on IS NULL OR c.expires_on >= %s)), 0.0), 3.0) / 3.0)",
        f"{float(w['course'])} * ({least}(COALESCE((SELECT CAST(COUNT(DISTINCT ss.course_id) AS {real}) FROM learning_enrolment e "
        "JOIN learning_session ss ON ss.id = e.session_id WHERE e.staff_id = s.id AND e.organisation_id = %s "
        "AND e.result = 'completed'), 0.0), 3.0) / 3.0)",
        f"{float(w['motivation'])} * COALESCE(({latest.format(col='motivation')} - 1.0) / 4.0, 0.0)",
        f"{float(w['wish'])} * (CASE WHEN {latest.format(col='dx_interest')} = 'yes' THEN 1.0 "
        f"WHEN {latest.format(col='dx_interest')} = 'maybe' THEN 0.5 ELSE 0.0 END)",
        f"{float(w['tenure'])} * (CASE WHEN s.hired_on <= %s THEN 1.0 WHEN s.hired_on <= %s THEN 0.5 ELSE 0.0 END)",
    ]
    params = [org.pk, DAY, DAY, org.pk, ten, five]
    score = "(" + " + ".join(parts) + f") * {100.0 / total}"
    where = (
        "s.organisation_id = %s AND s.retired_on IS NULL AND (s.hired_on IS NULL OR s.hired_on <= %s) "
        "AND s.employment_type = 'regular' "
        f"AND s.current_unit_id IN ({units}) AND g.rank >= %s AND g.rank <= %s "
        "AND EXISTS (SELECT 1 FROM skills_rating r WHERE r.staff_id = s.id AND r.organisation_id = %s "
        "AND r.item_id = %s AND r.final_level >= %s) "
        "AND EXISTS (SELECT 1 FROM learning_staffcertification c WHERE c.staff_id = s.id "
        "AND c.organisation_id = %s AND c.status = 'verified' AND c.valid_from <= %s "
        "AND (c.expires_on IS NULL OR c.expires_on >= %s) AND c.certification_id = %s) "
        "AND NOT EXISTS (SELECT 1 FROM talent_designation d WHERE d.staff_id = s.id "
        f"AND d.talent_type_id IN ({types}) AND d.started_on <= %s AND (d.ended_on IS NULL OR d.ended_on >= %s))"
    )
    where_params = [
        org.pk, DAY, f.grade_min_rank, f.grade_max_rank, org.pk, f.skill_item, f.skill_level,
        org.pk, DAY, DAY, f.certification, DAY, DAY,
    ]  # fmt: skip
    rows = fetch(
        f"SELECT s.id, {score} AS score FROM people_staff s LEFT JOIN core_grade g ON g.id = s.grade_id "
        f"WHERE {where} ORDER BY score DESC, s.staff_no",
        params + where_params,
    )
    return len(rows), [pk for pk, _ in rows[:limit]]


def sql_broken_units(org, content: bytes) -> list:
    """The 課 whose every DX推進リーダー (main post or 兼務, on the move day) moves out with the draft list."""
    import csv

    units = {pk: (parent, name, kind, biz) for pk, parent, name, kind, biz in fetch(
        "SELECT id, parent_id, name, kind, is_business FROM core_unit WHERE organisation_id = %s", [org.pk]
    )}  # fmt: skip
    divisions = {pk for pk, (_, _, kind, biz) in units.items() if kind == "division" and biz}

    def owner(pk):
        while pk is not None and pk not in divisions:
            pk = units.get(pk, (None,))[0]
        return pk

    def path(pk):
        names = []
        while pk is not None:
            names.append(units[pk][1])
            pk = units[pk][0]
        return " ／ ".join(reversed(names))

    by_path = {path(pk): pk for pk in units}
    staff_ids = dict(fetch("SELECT staff_no, id FROM people_staff WHERE organisation_id = %s", [org.pk]))
    moves, cleared = {}, set()  # new main unit; people whose 兼務 the list clears (an empty 兼務 cell)
    for row in list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))[1:]:
        if row[1]:
            moves[staff_ids[row[0]]] = by_path[row[1]]
        cleared.add(staff_ids[row[0]])
    day = MOVE_DAY
    leaders = [pk for (pk,) in fetch(
        "SELECT DISTINCT d.staff_id FROM talent_designation d JOIN talent_talenttype t ON t.id = d.talent_type_id "
        "JOIN people_staff s ON s.id = d.staff_id WHERE d.organisation_id = %s AND (t.kind = 'leader' OR t.parent_id IN "
        "(SELECT id FROM talent_talenttype WHERE organisation_id = %s AND kind = 'leader')) AND d.started_on <= %s "
        "AND (d.ended_on IS NULL OR d.ended_on >= %s) AND (s.retired_on IS NULL OR s.retired_on >= %s)",
        [org.pk, org.pk, day, day, day],
    )]  # fmt: skip
    main = dict(fetch(
        f"SELECT staff_id, unit_id FROM people_assignment WHERE staff_id IN ({in_list(leaders)}) "
        "AND started_on <= %s AND (ended_on IS NULL OR ended_on >= %s)",
        [day, day],
    ))  # fmt: skip
    extra = defaultdict(set)
    for staff_id, unit_id in fetch(
        f"SELECT staff_id, unit_id FROM people_concurrentpost WHERE staff_id IN ({in_list(leaders)}) "
        "AND started_on <= %s AND (ended_on IS NULL OR ended_on >= %s)",
        [day, day],
    ):
        extra[staff_id].add(unit_id)
    before, after = defaultdict(set), defaultdict(set)
    for s in leaders:
        for unit in {main.get(s), *extra[s]}:
            if owner(unit) is not None:
                before[owner(unit)].add(s)
        for unit in {moves.get(s, main.get(s)), *(() if s in cleared else extra[s])}:
            if owner(unit) is not None:
                after[owner(unit)].add(s)
    rows = [
        (path(pk), len(before[pk]), len(after[pk]))
        for pk in sorted(divisions, key=lambda pk: pk)
        if before[pk] and not after[pk]
    ]
    return sorted(rows)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--staff", type=int, default=100_000)
    parser.add_argument("--moves", type=int, default=5_000)
    add_database_arguments(parser)
    args = parser.parse_args()
    params = {"staff": args.staff, "v": 1}
    ready = open_database("talent", args, params)

    from jinzai.core.importing import analyse, get_importer
    from jinzai.core.models import Grade, Organisation, Unit
    from jinzai.learning.models import Certification
    from jinzai.skills.models import Item
    from jinzai.talent.selectors.candidates import CandidateFilter, find

    if not ready:
        t0 = time.perf_counter()
        build(args.staff, seed=args.staff)
        analyse_database()
        mark_ready("talent", params)
        print(f"generated in {time.perf_counter() - t0:.0f} s", flush=True)
    org = Organisation.objects.get(code="992011")
    ranks = dict(Grade.objects.filter(organisation=org).values_list("name", "rank"))
    f = CandidateFilter(
        unit_id=Unit.objects.get(organisation=org, name="第1部").pk,
        grade_min_rank=ranks["主査"],
        grade_max_rank=ranks["課長補佐"],
        skill_item=Item.objects.get(organisation=org, framework__key="leader", name="業務改善・BPR").pk,
        skill_level=3,
        certification=Certification.objects.get(organisation=org, key="ip").pk,
    )

    def finder():
        return find(org, f, offset=0, limit=50, day=DAY)

    ensure_plan(org)
    content = transfer_file(org, args.moves, seed=args.staff)
    importer = get_importer("transfer")
    options = {"effective_date": MOVE_DAY.isoformat()}

    def simulation():
        return analyse(importer, org, content, options)

    rows = [
        side_by_side(
            f"candidate finder, four filters ({args.staff:,} staff)",
            finder,
            lambda: sql_candidates(org, f),
            normalise=lambda r: (r[0], [c.staff.pk for c in r[1]]),
            size=lambda r: r[0],
            minimum_size=min(50, args.staff // 500),
            repeat=args.repeat,
        ),
        side_by_side(
            f"transfer simulation of {args.moves:,} moves (the whole preview)",
            simulation,
            lambda: sql_broken_units(org, content),
            normalise=lambda plan: sorted(
                (r[0], int(r[1]), int(r[2])) for r in plan.tables[0].rows if int(r[2]) == 0
            ),
            size=len,
            minimum_size=min(5, args.staff // 5000),
            repeat=max(3, args.repeat // 2),
        ),
    ]
    page_ms = finder_page_ms(org, f, args.repeat)
    print(f"finder page through the test client (server time, four filters): {page_ms} ms", flush=True)
    plan = simulation()
    results = {
        "machine": machine(),
        "params": params,
        "rows": rows,
        "application_only": {"finder_page_ms": page_ms},
        "check": {
            "candidates": rows[0]["size"],
            "moves": plan.counts().get("transfer", 0),
            "errors": len(plan.errors),
            "tables": {t.title: len(t.rows) for t in plan.tables},
        },
    }
    path = write_results("talent", results)
    print(floor_table(rows))
    print(results["check"])
    print(f"results: {path}")
    over = [
        r for r in rows if (r["path"].startswith("candidate") and r["app_ms"] > 300) or r["app_ms"] > 5000
    ]
    print("targets met" if not over else "TARGETS MISSED: " + ", ".join(r["path"] for r in over), flush=True)


if __name__ == "__main__":
    main()
