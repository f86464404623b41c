"""Prefecture-scale benchmarks of the staff import and the staff list (run by `make bench`).

What it measures, on an organisation of N staff (default 100,000) in 80 課, in a kept database (see
benchmarks/common.py; `--db sqlite|postgres`):

1. the import of an N-row CSV through the real engine (`core.services.import_apply` with the staff
   importer: parse, normalise, validate, compare with the database, write staff + first assignment + one
   audit row per person, all in one transaction), against its floor: the very rows it wrote (read back),
   written again into the same staff, assignment and audit tables with one ``executemany`` per table in
   one transaction. The two must leave the same rows; the ratio's target is 5×;
2. the same file imported again (everything unchanged: the full analysis, no writes);
3. the staff list page (search and filters) through the Django test client: median server time;
4. the staff list's query count at page sizes 20 and 200 (must be equal).

Each run starts from an organisation without staff (the previous run's staff, assignments and audit rows
are deleted first, outside the timings). Results go to stdout and benchmarks/out/import_<engine>.json.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import (  # noqa: E402
    add_database_arguments,
    analyse_database,
    machine,
    mark_ready,
    open_database,
    write_results,
)

SURNAMES = [
    ("佐藤", "さとう"),
    ("鈴木", "すずき"),
    ("高橋", "たかはし"),
    ("田中", "たなか"),
    ("伊藤", "いとう"),
    ("渡辺", "わたなべ"),
    ("山本", "やまもと"),
    ("中村", "なかむら"),
    ("小林", "こばやし"),
    ("加藤", "かとう"),
    ("吉田", "よしだ"),
    ("山田", "やまだ"),
    ("佐々木", "ささき"),
    ("山口", "やまぐち"),
    ("松本", "まつもと"),
]
GIVEN = [
    ("太郎", "たろう"),
    ("花子", "はなこ"),
    ("一郎", "いちろう"),
    ("美咲", "みさき"),
    ("健太", "けんた"),
    ("結衣", "ゆい"),
    ("翔", "しょう"),
    ("陽菜", "ひな"),
    ("大輔", "だいすけ"),
    ("さくら", "さくら"),
]
GRADES = ["主事", "主任", "主査", "係長", "課長補佐", "課長"]
HEADER = ["職員番号", "氏名", "ふりがな", "所属", "職名", "任用形態", "採用年月日"]
CODE = "992011"
TABLES = ("people_staff", "people_assignment", "core_auditevent")


def make_rows(n: int, units: list[str], grades: list[str], seed: int = 7) -> list[list[str]]:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        (sn, sk), (gn, gk) = rng.choice(SURNAMES), rng.choice(GIVEN)
        rows.append(
            [
                f"{i + 1:07d}",
                f"{sn}　{gn}",
                f"{sk}　{gk}",
                rng.choice(units),
                rng.choice(grades),
                "正規",
                f"{rng.randint(1990, 2025)}/4/1",
            ]
        )
    return rows


def timed(fn, *args, **kwargs):
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - start, result


def build() -> None:
    from jinzai.core.access import SystemActor
    from jinzai.core.models import Grade, Unit
    from jinzai.core.services import organisation_create

    org = organisation_create(
        actor=SystemActor(organisation=None, label="bench"), code=CODE, name="性能試験市", kind="municipality"
    )
    for d in range(10):
        dept = Unit.objects.create(
            organisation=org, name=f"第{d + 1}部", kind="department", sort_order=d * 100
        )
        for k in range(8):
            Unit.objects.create(
                organisation=org, parent=dept, name=f"第{d + 1}部第{k + 1}課", sort_order=d * 100 + k
            )
    existing = set(Grade.objects.filter(organisation=org).values_list("name", flat=True))
    for rank, name in enumerate(GRADES, start=1):
        if name not in existing:
            Grade.objects.create(organisation=org, name=name, rank=rank)


def _clear(org) -> None:
    """The organisation without staff: no staff, assignments or audit rows (before a run, not timed)."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM core_auditevent WHERE organisation_id = %s AND action LIKE %s", [org.pk, "staff%"]
        )
        cursor.execute("DELETE FROM people_assignment WHERE organisation_id = %s", [org.pk])
        cursor.execute("DELETE FROM people_staff WHERE organisation_id = %s", [org.pk])


def _read_back(org, since: int) -> dict[str, tuple[list[str], list[tuple]]]:
    """The rows the import wrote, column by column as stored (ids included)."""
    from django.db import connection

    wanted = {
        "people_staff": ("organisation_id = %s", [org.pk]),
        "people_assignment": ("organisation_id = %s", [org.pk]),
        "core_auditevent": ("organisation_id = %s AND id > %s", [org.pk, since]),
    }
    found = {}
    with connection.cursor() as cursor:
        for table, (where, params) in wanted.items():
            cursor.execute(f"SELECT * FROM {table} WHERE {where} ORDER BY id", params)
            columns = [c[0] for c in cursor.description]
            found[table] = (columns, cursor.fetchall())
    return found


def _vacuum() -> None:
    """PostgreSQL: clear the deleted rows out of the tables and indexes before the next timed write, so
    that neither the import nor its floor pays for the previous run's dead tuples (not timed)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    connection.ensure_connection()
    raw = connection.connection
    autocommit, raw.autocommit = raw.autocommit, True
    try:
        for table in TABLES:
            raw.execute(f"VACUUM ANALYZE {table}")
    finally:
        raw.autocommit = autocommit


def _delete(org, since: int) -> None:
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE organisation_id = %s AND id > %s", [org.pk, since])
        cursor.execute("DELETE FROM people_assignment WHERE organisation_id = %s", [org.pk])
        cursor.execute("DELETE FROM people_staff WHERE organisation_id = %s", [org.pk])


def floor_write(written: dict[str, tuple[list[str], list[tuple]]]) -> float:
    """executemany of the same rows into the same tables, in one transaction (staff, assignments, audit)."""
    from django.db import connection, transaction

    adapt = lambda value: value  # noqa: E731
    if connection.vendor == "postgresql":
        from psycopg.types.json import Jsonb

        def adapt(value):
            return Jsonb(value) if isinstance(value, dict | list) else value

    batches = {}
    for table, (columns, rows) in written.items():
        marks = ", ".join(["?" if connection.vendor == "sqlite" else "%s"] * len(columns))
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
        values = rows if connection.vendor == "sqlite" else [tuple(adapt(v) for v in row) for row in rows]
        batches[table] = (sql, values)
    start = time.perf_counter()
    with transaction.atomic():
        raw = connection.connection.cursor()
        for table in TABLES:
            sql, values = batches[table]
            raw.executemany(sql, values)
        raw.close()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--staff", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3, help="imports (and floors) measured; medians")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of the first import")
    parser.add_argument("--no-pages", action="store_true", help="only the import")
    add_database_arguments(parser)
    parser.set_defaults(repeat=15)
    args = parser.parse_args()
    ready = open_database("import", args, {"v": 2})
    if not ready:
        build()
        mark_ready("import", {"v": 2})

    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from jinzai.core.access import SystemActor
    from jinzai.core.importing import get_importer
    from jinzai.core.models import AuditEvent, Membership, Organisation, Unit
    from jinzai.core.services import import_apply
    from jinzai.core.tabular import write_csv

    org = Organisation.objects.get(code=CODE)
    actor = SystemActor(organisation=org, label="bench")
    unit_names = [
        f"{u.parent.name}／{u.name}"
        for u in Unit.objects.filter(organisation=org, kind="division").select_related("parent")
    ]
    rows = make_rows(args.staff, sorted(unit_names), GRADES)
    content = write_csv([HEADER, *rows], encoding="utf-8-sig")
    settings.IMPORT_MAX_BYTES = max(settings.IMPORT_MAX_BYTES, len(content) + 1)
    importer = get_importer("staff")
    options = {"effective_date": date(2026, 4, 1).isoformat()}
    results: dict = {"machine": machine(), "staff": args.staff, "csv_bytes": len(content), "runs": []}

    def run_import():
        return import_apply(
            actor=actor,
            importer=importer,
            organisation=org,
            content=content,
            options=options,
            file_name="bench.csv",
        )

    for run in range(args.runs):
        _clear(org)
        _vacuum()
        if run == 0:
            analyse_database()
        since = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
        profiler = None
        if args.profile and run == 0:
            import cProfile

            profiler = cProfile.Profile()
            profiler.enable()
        seconds, plan = timed(run_import)
        if profiler is not None:
            import pstats

            profiler.disable()
            pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
        counts = plan.counts()
        assert counts.get("add") == args.staff, counts
        written = _read_back(org, since)
        sizes = {table: len(rows_) for table, (_, rows_) in written.items()}
        assert sizes["people_staff"] == args.staff and sizes["people_assignment"] == args.staff, sizes
        assert sizes["core_auditevent"] >= args.staff, sizes
        _delete(org, since)
        _vacuum()
        floor = floor_write(written)
        again = _read_back(org, since)
        assert again == written, "the floor did not write the same rows"
        ratio = seconds / floor
        results["runs"].append(
            {
                "import_s": round(seconds, 2),
                "floor_s": round(floor, 3),
                "ratio": round(ratio, 1),
                "rows": sizes,
            }
        )
        print(
            f"import of {args.staff:,} rows: app {seconds:.2f} s   executemany floor {floor:.3f} s   ×{ratio:.1f}"
            f"   rows {sizes}",
            flush=True,
        )
    app_s = statistics.median(r["import_s"] for r in results["runs"])
    floor_s = statistics.median(r["floor_s"] for r in results["runs"])
    results["import"] = {
        "path": f"staff import of {args.staff:,} rows",
        "engine": connection.vendor,
        "app_ms": round(app_s * 1000),
        "sql_ms": round(floor_s * 1000),
        "ratio": round(app_s / floor_s, 1),
        "size": args.staff,
        "equal": True,
    }
    seconds2, plan2 = timed(run_import)
    assert plan2.counts().get("unchanged") == args.staff, plan2.counts()
    results["reimport_unchanged_seconds"] = round(seconds2, 2)
    print(f"re-import, all unchanged: {seconds2:.2f} s", flush=True)

    if not args.no_pages:
        from django.contrib.auth import get_user_model

        type(org).objects.filter(pk=org.pk).update(twofactor_roles=[])
        user, _ = get_user_model().objects.get_or_create(username="bench-hr")
        Membership.objects.get_or_create(user=user, organisation=org, defaults={"role": "hr"})
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        dept_id = Unit.objects.filter(organisation=org, parent__isnull=True).order_by("sort_order").first().pk
        grade_id = org.grades.get(name="係長").pk
        scenarios = {
            "no filter": "/staff/",
            "kana search 'ヤマダ'": "/staff/?q=ヤマダ",
            "name search '佐藤 花子'": "/staff/?q=佐藤+花子",
            "staff_no search '0004242'": "/staff/?q=0004242",
            "unit (部, with 課 below) + grade": f"/staff/?unit={dept_id}&grade={grade_id}",
            "page 500": "/staff/?page=500",
        }
        pages = {}
        for label, url in scenarios.items():
            client.get(url)  # warm
            times = []
            for _ in range(args.repeat):
                t, response = timed(client.get, url)
                assert response.status_code == 200, (url, response.status_code)
                times.append(t * 1000)
            pages[label] = {
                "median_ms": round(statistics.median(times), 1),
                "p90_ms": round(sorted(times)[int(len(times) * 0.9) - 1], 1),
            }
        results["staff_list"] = pages
        counts_by_size = {}
        for size in (20, 200):
            settings.STAFF_PAGE_SIZE = size
            with CaptureQueriesContext(connection) as ctx:
                assert client.get("/staff/?q=さとう").status_code == 200
            counts_by_size[size] = len(ctx.captured_queries)
        results["staff_list_queries_by_page_size"] = counts_by_size
        print(pages, counts_by_size, flush=True)

    path = write_results("import", results)
    print(f"results: {path}")
    ok = results["import"]["ratio"] <= 5
    print(
        f"staff import: app {app_s:.2f} s, floor {floor_s:.3f} s, ×{results['import']['ratio']} (target ≤ 5×)"
    )
    print("targets met" if ok else "TARGETS MISSED")


if __name__ == "__main__":
    main()
