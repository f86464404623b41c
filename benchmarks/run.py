"""Prefecture-scale benchmarks for the foundation (run by `make bench`).

What it measures, on a generated organisation of N staff (default 100,000):
1. import of an N-row CSV through the real engine (`import_apply`, all-or-nothing, audited),
   and the ratio to a plain sqlite3 executemany of the same rows;
2. the staff list page (search and filters) through the Django test client: median server time;
3. the staff list's query count at page sizes 20 and 200 (must be equal).

Uses its own database (a temporary SQLite file unless DATABASE_URL is set), never the app's data.
Results go to stdout and benchmarks/out/results.json; docs/benchmarks.md records them with the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--staff", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--profile", action="store_true", help="print a cProfile of the first import")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="jinzai-bench-"))
    os.environ.setdefault("JINZAI_DATA_DIR", str(workdir))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jinzai.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from jinzai.core.access import SystemActor
    from jinzai.core.models import Membership, Unit
    from jinzai.core.services import organisation_create
    from jinzai.core.tabular import write_csv
    from jinzai.people.importing import ImportOptions
    from jinzai.people.services import import_apply

    call_command("migrate", verbosity=0)
    engine = connection.vendor
    org = organisation_create(
        actor=SystemActor(organisation=None, label="bench"),
        code="992011",
        name="性能試験市",
        kind="municipality",
    )
    actor = SystemActor(organisation=org, label="bench")
    unit_names = []
    for d in range(10):
        dept = Unit.objects.create(
            organisation=org, name=f"第{d + 1}部", kind="department", sort_order=d * 100
        )
        for k in range(8):
            div = Unit.objects.create(
                organisation=org, parent=dept, name=f"第{d + 1}部第{k + 1}課", sort_order=d * 100 + k
            )
            unit_names.append(f"第{d + 1}部／{div.name}")
    grades = ["主事", "主任", "主査", "係長", "課長補佐", "課長"]
    rows = make_rows(args.staff, unit_names, grades)
    header = ["職員番号", "氏名", "ふりがな", "所属", "職名", "任用形態", "採用年月日"]
    content = write_csv([header, *rows], encoding="utf-8-sig")
    settings.IMPORT_MAX_BYTES = max(settings.IMPORT_MAX_BYTES, len(content) + 1)
    results: dict = {"engine": engine, "staff": args.staff, "csv_bytes": len(content)}

    # 1. import through the real engine
    options = ImportOptions(effective_date=date(2026, 4, 1))
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
    seconds, counts = timed(
        import_apply, actor=actor, organisation=org, content=content, options=options, file_name="bench.csv"
    )
    if args.profile:
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
    assert counts["added"] == args.staff, counts
    results["import_seconds"] = round(seconds, 2)
    seconds2, counts2 = timed(
        import_apply, actor=actor, organisation=org, content=content, options=options, file_name="bench.csv"
    )
    assert counts2["unchanged"] == args.staff, counts2
    results["reimport_unchanged_seconds"] = round(seconds2, 2)

    # plain sqlite3 executemany of the same rows, as the floor
    db = sqlite3.connect(workdir / "plain.sqlite3")
    db.execute("PRAGMA journal_mode=WAL")
    db.execute(
        "CREATE TABLE staff (staff_no TEXT UNIQUE, name TEXT, kana TEXT, unit TEXT, grade TEXT, emp TEXT, hired TEXT)"
    )
    seconds_plain, _ = timed(
        lambda: (db.executemany("INSERT INTO staff VALUES (?,?,?,?,?,?,?)", rows), db.commit())
    )
    results["plain_sqlite_executemany_seconds"] = round(seconds_plain, 3)
    results["import_ratio_to_plain"] = round(results["import_seconds"] / seconds_plain, 1)

    # 2. staff list page: median server time through the test client
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username="bench-hr", password="x" * 12)
    Membership.objects.create(user=user, organisation=org, role="hr")
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    dept_id = Unit.objects.filter(organisation=org, parent__isnull=True).first().pk
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

    # 3. query count independent of page size
    counts_by_size = {}
    for size in (20, 200):
        settings.STAFF_PAGE_SIZE = size
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/staff/?q=さとう").status_code == 200
        counts_by_size[size] = len(ctx.captured_queries)
    results["staff_list_queries_by_page_size"] = counts_by_size

    results["machine"] = {
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
    }
    out = ROOT / "benchmarks" / "out"
    out.mkdir(exist_ok=True)
    (out / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    print(json.dumps(results, ensure_ascii=False, indent=2))
    ok = (
        results["import_seconds"] < 30
        and all(p["median_ms"] < 100 for p in pages.values())
        and (counts_by_size[20] == counts_by_size[200])
    )
    print("targets met" if ok else "TARGETS MISSED")


if __name__ == "__main__":
    main()
