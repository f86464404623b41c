"""What the benchmarks share: a kept database per benchmark, and timing a path side by side with its floor.

**Databases.** Each benchmark generates its data once into a database it keeps and reuses on the next
run (generating 100,000 staff and millions of ratings takes minutes):

- SQLite (``--db sqlite``, the default): ``$BENCH_DIR/<name>.sqlite3``; ``BENCH_DIR`` defaults to
  ``benchmarks/out/data`` (ignored by git);
- PostgreSQL (``--db postgres``): the database ``jinzai_bench_<name>`` on ``$BENCH_PG_URL``
  (default ``postgres://postgres@127.0.0.1:5432``), created when missing — never another database.

A table ``bench_ready`` records the parameters the data was built with; a database built with other
parameters (or whose build was interrupted) is dropped and built again. ``--fresh`` forces that.

**The floor.** :func:`side_by_side` runs the application's code path and a hand-written SQL query that
returns the same numbers, alternately, checks that both return the same (normalised) result, that it is
non-empty and of the stated size, and reports both medians and their ratio.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
OUT = ROOT / "benchmarks" / "out"
PG_DEFAULT = "postgres://postgres@127.0.0.1:5432"


def bench_dir() -> Path:
    path = Path(os.environ.get("BENCH_DIR") or OUT / "data")
    path.mkdir(parents=True, exist_ok=True)
    return path


def add_database_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", choices=("sqlite", "postgres"), default=os.environ.get("BENCH_DB", "sqlite"))
    parser.add_argument("--fresh", action="store_true", help="drop the kept database and generate it again")
    parser.add_argument("--repeat", type=int, default=7, help="timed runs of each path (medians)")


# --- the kept database ------------------------------------------------------------------------------


def _pg_base() -> str:
    return (os.environ.get("BENCH_PG_URL") or PG_DEFAULT).rstrip("/")


def _ready_params(engine: str, name: str) -> str | None:
    """The parameters recorded in `bench_ready`, or None (no database, or an unfinished build)."""
    if engine == "sqlite":
        import sqlite3

        path = bench_dir() / f"{name}.sqlite3"
        if not path.exists():
            return None
        db = sqlite3.connect(path)
        try:
            row = db.execute("SELECT params FROM bench_ready WHERE name = ?", [name]).fetchone()
        except sqlite3.OperationalError:
            row = None
        finally:
            db.close()
        return row[0] if row else None
    import psycopg

    try:
        with psycopg.connect(f"{_pg_base()}/jinzai_bench_{name}", autocommit=True) as conn:
            row = conn.execute("SELECT params FROM bench_ready WHERE name = %s", [name]).fetchone()
    except (psycopg.OperationalError, psycopg.errors.UndefinedTable):
        return None
    return row[0] if row else None


def _drop(engine: str, name: str) -> None:
    if engine == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            (bench_dir() / f"{name}.sqlite3{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    with psycopg.connect(f"{_pg_base()}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS jinzai_bench_{name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE jinzai_bench_{name}")


def open_database(name: str, args: argparse.Namespace, params: dict) -> bool:
    """Point Django at the kept database `name`, set Django up and migrate it.

    Returns True when the data is there (built with the same `params`), False when the caller must
    build it (and then call :func:`mark_ready`)."""
    wanted = json.dumps(params, sort_keys=True)
    ready = not args.fresh and _ready_params(args.db, name) == wanted
    if not ready:
        _drop(args.db, name)
    if args.db == "sqlite":
        os.environ["DATABASE_URL"] = f"sqlite:///{bench_dir() / f'{name}.sqlite3'}"
    else:
        os.environ["DATABASE_URL"] = f"{_pg_base()}/jinzai_bench_{name}"
    data_dir = bench_dir() / f"files-{name}"
    data_dir.mkdir(exist_ok=True)
    os.environ["JINZAI_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jinzai.settings")
    os.environ.setdefault("SECRET_KEY", "bench-" + "x" * 50)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return ready


def mark_ready(name: str, params: dict) -> None:
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_ready (name VARCHAR(50) PRIMARY KEY, params TEXT)")
        cursor.execute("DELETE FROM bench_ready WHERE name = %s", [name])
        cursor.execute(
            "INSERT INTO bench_ready (name, params) VALUES (%s, %s)",
            [name, json.dumps(params, sort_keys=True)],
        )


def analyse_database() -> None:
    """Planner statistics (and, on PostgreSQL, the visibility map that index-only scans need)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        connection.ensure_connection()
        raw = connection.connection
        autocommit = raw.autocommit
        raw.autocommit = True
        try:
            raw.execute("VACUUM ANALYZE")
        finally:
            raw.autocommit = autocommit
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def fetch(sql: str, params: list | tuple = ()) -> list[tuple]:
    """A hand-written query, through the DB-API cursor of Django's connection (no ORM)."""
    from django.db import connection

    connection.ensure_connection()
    cursor = connection.connection.cursor()
    try:
        cursor.execute(_placeholders(sql), list(params))
        return cursor.fetchall()
    finally:
        cursor.close()


def _placeholders(sql: str) -> str:
    from django.db import connection

    return sql.replace("%s", "?") if connection.vendor == "sqlite" else sql


def in_list(values) -> str:
    """Integers inlined into an IN (…) list (ids read from the database, never user input)."""
    return ", ".join(str(int(v)) for v in values) or "NULL"


# --- side by side -----------------------------------------------------------------------------------


class Mismatch(AssertionError):
    pass


def _first_difference(a: Any, b: Any) -> str:
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b), key=repr):
            if a.get(key) != b.get(key):
                return f"key {key!r}: app {a.get(key)!r} / sql {b.get(key)!r}"
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        if len(a) != len(b):
            return f"length: app {len(a)} / sql {len(b)}"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            if x != y:
                return f"[{i}]: app {x!r} / sql {y!r}"
    return f"app {a!r:.300} / sql {b!r:.300}"


def side_by_side(
    path: str,
    app: Callable[[], Any],
    sql: Callable[[], Any],
    *,
    normalise: Callable[[Any], Any],
    size: Callable[[Any], int],
    expected_size: int | None = None,
    minimum_size: int = 1,
    repeat: int = 7,
    queries: bool = True,
    note: str = "",
) -> dict:
    """Time `app` and `sql` alternately (after one warm-up each); they must return the same numbers.

    `normalise(app())` must equal `sql()`; `size(...)` of it must be at least `minimum_size` (and equal
    `expected_size` when given) — a benchmark never times an empty result."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        got = normalise(app())
    n_queries = len(ctx.captured_queries)
    floor = sql()
    if got != floor:
        raise Mismatch(
            f"{path}: the application and the hand-written SQL differ — {_first_difference(got, floor)}"
        )
    n = size(got)
    if n < minimum_size or (expected_size is not None and n != expected_size):
        raise Mismatch(
            f"{path}: measured result has size {n}, expected {expected_size or f'≥ {minimum_size}'}"
        )
    app_times, sql_times = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        app()
        app_times.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        sql()
        sql_times.append((time.perf_counter() - start) * 1000)
    app_ms, sql_ms = statistics.median(app_times), statistics.median(sql_times)
    row = {
        "path": path,
        "engine": connection.vendor,
        "size": n,
        "app_ms": round(app_ms, 1),
        "sql_ms": round(sql_ms, 1),
        "ratio": round(app_ms / sql_ms, 2) if sql_ms else None,
        "app_max_ms": round(max(app_times), 1),
        "sql_max_ms": round(max(sql_times), 1),
        "queries": n_queries if queries else None,
        "repeat": repeat,
        "equal": True,
    }
    if note:
        row["note"] = note
    print(
        f"{path:<55} app {row['app_ms']:>9.1f} ms   sql {row['sql_ms']:>9.1f} ms   "
        f"×{row['ratio']:<5}  size {n}  queries {n_queries}",
        flush=True,
    )
    return row


def machine() -> dict:
    from django.db import connection

    info = {
        "date": date.today().isoformat(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "engine": connection.vendor,
    }
    with contextlib.suppress(OSError):
        info["load_average"] = [round(x, 2) for x in os.getloadavg()]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
            info["database"] = f"SQLite {cursor.fetchone()[0]}"
        else:
            cursor.execute("SHOW server_version")
            info["database"] = f"PostgreSQL {cursor.fetchone()[0]}"
    return info


def write_results(name: str, results: dict) -> Path:
    from django.db import connection

    OUT.mkdir(exist_ok=True)
    path = OUT / f"{name}_{connection.vendor}.json"
    path.write_text(json.dumps(results, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    return path


def floor_table(rows: list[dict]) -> str:
    lines = ["| path | app | SQL | ratio |", "|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['path']} | {r['app_ms']:,} ms | {r['sql_ms']:,} ms | {r['ratio']}× |")
    return "\n".join(lines)


def verdict(rows: list[dict], limit: float = 2.0) -> bool:
    over = [r for r in rows if r["ratio"] is not None and r["ratio"] > limit]
    for r in over:
        print(f"OVER {limit}×: {r['path']} ({r['ratio']}×)")
    print("targets met" if not over else "TARGETS MISSED", flush=True)
    return not over
