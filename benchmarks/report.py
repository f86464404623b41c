"""The floor table of issue 13 from the result files in benchmarks/out (after `make bench`):

    python benchmarks/report.py

One row per path, app / SQL / ratio on SQLite and on PostgreSQL (— where a benchmark has not run), then
the plan dashboard at three sizes, the export and the load test, and the machine and load average each
result file recorded. Prints Markdown for docs/benchmarks.md.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import OUT  # noqa: E402

ENGINES = ("sqlite", "postgresql")


def _load(name: str, engine: str) -> dict | None:
    path = OUT / f"{name}_{engine}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def _rows(engine: str) -> list[dict]:
    rows = []
    plan = _load("plan", engine)
    if plan:
        rows.append(plan["large"]["plan_progress"])
    skills = _load("skills", engine)
    if skills:
        unit, org, rates = skills["large"]["rows"]
        rows += [org, unit, rates]
    learning = _load("learning", engine)
    if learning:
        rows += learning["rows"]
    imported = _load("import", engine)
    if imported and "import" in imported:
        rows.append(imported["import"])
    return rows


def _key(path: str) -> str:
    return path.split(" (")[0].split(",")[0].split(" of ")[0]


def main() -> None:
    by_engine = {engine: {_key(r["path"]): r for r in _rows(engine)} for engine in ENGINES}
    order = list(dict.fromkeys([k for engine in ENGINES for k in by_engine[engine]]))
    print("| path | SQLite app | SQLite SQL | ratio | PostgreSQL app | PostgreSQL SQL | ratio |")
    print("|---|---|---|---|---|---|---|")
    for key in order:
        cells = []
        label = next(by_engine[e][key]["path"] for e in ENGINES if key in by_engine[e])
        for engine in ENGINES:
            r = by_engine[engine].get(key)
            cells += [f"{r['app_ms']:,} ms", f"{r['sql_ms']:,} ms", f"{r['ratio']}×"] if r else ["—"] * 3
        print(f"| {label} | " + " | ".join(cells) + " |")
    print()
    for engine in ENGINES:
        plan = _load("plan", engine)
        if plan:
            boards = {
                label: plan[label]["dashboard"] for label in ("small", "medium", "large") if label in plan
            }
            text = ", ".join(
                f"{plan[label]['staff']:,} staff {b['median_ms']} ms / {b['queries']} queries"
                for label, b in boards.items()
            )
            print(f"- plan dashboard ({engine}): {text}; flat: {plan.get('dashboard_flat')}")
        exports = _load("exports", engine)
        if exports:
            for run in exports["runs"]:
                print(f"- XLSX export ({engine}): {run}")
        load = _load("load", engine)
        if load:
            t = load["total"]
            print(
                f"- load ({engine}): {t['rps']} req/s, median {t['median_ms']} ms, p95 {t['p95_ms']} ms, "
                f"p99 {t['p99_ms']} ms, errors {t['failures']} of {t['requests']}; load average "
                f"{load.get('load_average')}"
            )
    print()
    for engine in ENGINES:
        for name in ("plan", "skills", "learning", "import", "exports"):
            data = _load(name, engine)
            if data:
                m = data["machine"]
                print(
                    f"- {name}_{engine}: {m.get('database')}, Python {m.get('python')}, load {m.get('load_average')}"
                )


if __name__ == "__main__":
    main()
