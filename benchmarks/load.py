"""Load test (run by `make load`): gunicorn with 4 workers on the loopback, driven by locust (headless,
bounded run time) with 50 simulated users — 70 % reads, 30 % writes (benchmarks/locustfile.py).

    python benchmarks/load.py --db sqlite|postgres [--users 50] [--run-time 120s] [--workers 4]

Data (kept and reused, see benchmarks/common.py, database ``load``): the demo organisations
(``seed_demo``: 見本市, さくら町, 見本県 with their staff, plans, skill campaigns and training) plus one login per
simulated user — LOAD_HR 人事 (hr) accounts of 見本市, and LOAD_STAFF 職員 accounts, each linked to a
different person of 見本市 with an open skill sheet. All use one password hashed with Django's default
hasher (its cost is not lowered: every simulated user signs in once, through the login form). The
second factor is not required for these roles in the demo organisations (``seed_demo``).

The users start at 2 per second and sign in; locust's statistics restart once all are running
(``--reset-stats``), so the figures — requests/s, median, p95, p99, errors, overall and per request —
are those of the 50 signed-in users (about two minutes); the sign-ins are reported beside them. Results go
to stdout and benchmarks/out/load_<engine>.json; locust's CSV files to benchmarks/out/load_<engine>_*.csv.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import OUT, ROOT, add_database_arguments, mark_ready, open_database  # noqa: E402

LOAD_HR = 20
LOAD_STAFF = 30
PASSWORD = "load-test-2026-jinzai"  # noqa: S105 - a generated benchmark database only
CITY = "mihon"


def prepare(args) -> dict:
    """The kept database with the demo data and the load-test logins; returns what the locustfile needs."""
    params = {"hr": LOAD_HR, "staff": LOAD_STAFF, "v": 1}
    ready = open_database("load", args, params)
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from jinzai.core.models import Membership
    from jinzai.demo.seed import CITY_CODE, seed_demo
    from jinzai.skills.models import Campaign, Participant

    if not ready:
        seed_demo()
        hashed = make_password(PASSWORD)  # Django's default hasher and cost
        User = get_user_model()
        with transaction.atomic():
            org = _org(CITY_CODE)
            type(org).objects.filter(pk=org.pk).update(twofactor_roles=[])
            for n in range(LOAD_HR):
                user = User.objects.create(username=f"load-hr-{n:02d}", password=hashed)
                Membership.objects.create(user=user, organisation=org, role="hr")
            campaign = Campaign.objects.filter(organisation=org, status="open").order_by("-starts_on").first()
            sheets = list(
                Participant.objects.filter(campaign=campaign, status="pending")
                .exclude(staff__memberships__isnull=False)
                .order_by("staff__staff_no")[:LOAD_STAFF]
            )
            assert len(sheets) == LOAD_STAFF, f"only {len(sheets)} open sheets in {campaign}"
            for n, sheet in enumerate(sheets):
                user = User.objects.create(username=f"load-staff-{n:02d}", password=hashed)
                Membership.objects.create(user=user, organisation=org, role="staff", staff_id=sheet.staff_id)
        mark_ready("load", params)
    return {"campaign": Campaign.objects.filter(organisation=_org(CITY_CODE), status="open").first().pk}


def _org(code: str):
    from jinzai.core.models import Organisation

    return Organisation.objects.get(code=code)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url: str, seconds: float = 60) -> None:
    import urllib.request

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback only
                if response.status < 500:
                    return
        except Exception:  # noqa: S112 - not up yet
            time.sleep(0.5)
            continue
    raise RuntimeError(f"gunicorn did not answer at {url}")


def run(args, info: dict) -> dict:
    from django.db import connection

    engine = connection.vendor
    connection.close()
    port = args.port or _free_port()
    host = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": str(args.workers),
        "DEBUG": "0",
        "LOG_LEVEL": "ERROR",
        "LOAD_CAMPAIGN": str(info["campaign"]),
        "LOAD_PASSWORD": PASSWORD,
        "LOAD_HR": str(LOAD_HR),
        "LOAD_STAFF": str(LOAD_STAFF),
        "LOAD_SIGN_INS_FILE": str(OUT / f"load_{engine}_sign_ins.json"),
    }
    OUT.mkdir(exist_ok=True)
    log = open(OUT / f"load_{engine}_gunicorn.log", "w")  # noqa: SIM115 - closed below
    server = subprocess.Popen(  # noqa: S603 - our own executable and arguments
        [str(Path(sys.executable).parent / "gunicorn"), "jinzai.wsgi", "--access-logfile", "/dev/null"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        _wait_for(f"{host}/login/")
        prefix = OUT / f"load_{engine}"
        locust = args.locust or shutil.which("locust") or str(Path(sys.executable).parent / "locust")
        command = [
            locust,
            "-f",
            str(ROOT / "benchmarks" / "locustfile.py"),
            "--headless",
            "--host",
            host,
            "--users",
            str(args.users),
            "--spawn-rate",
            str(args.spawn_rate),
            "--run-time",
            args.run_time,
            "--stop-timeout",
            "10",
            "--reset-stats",
            "--csv",
            str(prefix),
            "--only-summary",
        ]
        print(" ".join(command), flush=True)
        subprocess.run(command, env=env, check=False)  # noqa: S603 - our own arguments
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()
    return summarise(engine, prefix, args)


def summarise(engine: str, prefix: Path, args) -> dict:
    with open(f"{prefix}_stats.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))

    def figures(row: dict) -> dict:
        return {
            "requests": int(row["Request Count"]),
            "failures": int(row["Failure Count"]),
            "rps": round(float(row["Requests/s"]), 1),
            "median_ms": float(row["Median Response Time"]),
            "p95_ms": float(row["95%"]),
            "p99_ms": float(row["99%"]),
            "max_ms": round(float(row["Max Response Time"])),
        }

    total = next(r for r in rows if r["Name"] == "Aggregated")
    sign_ins_file = OUT / f"load_{engine}_sign_ins.json"
    sign_ins = json.loads(sign_ins_file.read_text()) if sign_ins_file.exists() else []
    result = {
        "engine": engine,
        "users": args.users,
        "workers": args.workers,
        "run_time": args.run_time,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "total": figures(total),
        "by_name": {f"{r['Type']} {r['Name']}": figures(r) for r in rows if r["Name"] != "Aggregated"},
        "sign_ins": {
            "n": len(sign_ins),
            "median_ms": round(statistics.median(sign_ins)) if sign_ins else None,
            "max_ms": round(max(sign_ins)) if sign_ins else None,
        },
    }
    (OUT / f"load_{engine}.json").write_text(
        json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    t = result["total"]
    print(
        f"{engine}: {t['rps']} req/s, median {t['median_ms']:.0f} ms, p95 {t['p95_ms']:.0f} ms, "
        f"p99 {t['p99_ms']:.0f} ms, errors {t['failures']} of {t['requests']}",
        flush=True,
    )
    print(f"  sign-ins while the users start (not in the figures above): {result['sign_ins']}")
    slow = sorted(result["by_name"].items(), key=lambda kv: -kv[1]["p95_ms"])[:8]
    for name, f in slow:
        print(f"  {name:<45} n={f['requests']:<6} median {f['median_ms']:>6.0f}  p95 {f['p95_ms']:>6.0f} ms")
    ok = t["p95_ms"] < 500 and t["failures"] == 0
    print("targets met" if ok else "TARGETS MISSED", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    add_database_arguments(parser)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=2, help="users started per second")
    parser.add_argument("--run-time", default="150s", help="in all: the users start, then the measured part")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--locust", default=os.environ.get("LOCUST", ""), help="the locust executable")
    parser.add_argument("--prepare-only", action="store_true")
    args = parser.parse_args()
    info = prepare(args)
    if not args.prepare_only:
        run(args, info)


if __name__ == "__main__":
    main()
