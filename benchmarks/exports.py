"""Benchmark: the 100,000-staff XLSX export — how long the web request takes, how long the job takes, and
the job's peak memory over the process baseline, side by side with its floor.

Data: the kept database of `benchmarks/run.py` (``import``; the organisation 992011). When it does not
hold N staff, they are imported first through the real engine (`import_apply`, not timed).

1. **The request.** ``GET /staff/export/?format=xlsx`` as 人事 (hr) through Django's test client: with more
   than ``EXPORT_INLINE_MAX_ROWS`` rows it must answer at once with a redirect to the job's page
   (``core:job_detail``) — the export never runs inside the web worker.
2. **The job.** The job started by that request runs in its thread (as in production); the benchmark
   waits for it, checks that it is done and that the file has N data rows, and records its duration
   (``started_at`` → ``finished_at``) and the process's peak resident memory while it ran, over the
   baseline just before the request (``VmHWM`` reset through ``/proc/self/clear_refs``).
3. **The floor.** The same columns for the same people read with one hand-written SQL query
   (``fetchmany``) and written with openpyxl's write-only mode to a file: its time and peak memory. The
   floor runs after the job in the same process, so its peak over the baseline reads 0 when it fits in the
   memory the job already made the process hold (only the job's peak is a measurement).

Results go to stdout and benchmarks/out/exports_<engine>.json.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import zipfile
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

MIB = 1024 * 1024


def _status_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


def reset_peak() -> int:
    """Reset the peak resident set (VmHWM) to the current one; returns the current RSS in bytes."""
    Path("/proc/self/clear_refs").write_text("5")
    return _status_kib("VmRSS") * 1024


def peak() -> int:
    return _status_kib("VmHWM") * 1024


def xlsx_rows(path: Path) -> int:
    """Data rows of the first sheet (rows minus the header), counted without loading the sheet."""
    with zipfile.ZipFile(path) as archive:
        name = next(n for n in archive.namelist() if n.startswith("xl/worksheets/sheet"))
        with archive.open(name) as sheet:
            count, tail = 0, b""
            while chunk := sheet.read(1 << 20):
                data = tail + chunk
                count += data.count(b"<row ")
                tail = data[-4:]
                count -= tail.count(b"<row ")  # counted again with the next chunk
            count += tail.count(b"<row ")
    return count - 1


def floor_export(org, out: Path) -> int:
    """One SQL query (unit path and grade resolved like the export) written with openpyxl write-only."""
    from django.db import connection
    from openpyxl import Workbook

    from benchmarks.common import _placeholders
    from jinzai.core.selectors import unit_paths
    from jinzai.people.models import Staff

    paths = unit_paths(org)

    labels = dict(Staff._meta.get_field("employment_type").choices)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("職員一覧")
    sheet.append(
        [
            "職員番号",
            "氏名",
            "ふりがな",
            "所属",
            "職名",
            "任用形態",
            "採用年月日",
            "退職日",
            "メール",
            "電話（内線）",
            "生年月日",
        ]
    )
    connection.ensure_connection()
    cursor = connection.connection.cursor()
    n = 0
    try:
        cursor.execute(
            _placeholders(
                "SELECT s.staff_no, s.name, s.kana, s.current_unit_id, g.name, s.employment_type, s.hired_on, "
                "s.retired_on, s.email, s.phone, s.birth_date FROM people_staff s "
                "LEFT JOIN core_grade g ON g.id = s.grade_id WHERE s.organisation_id = %s "
                "ORDER BY s.staff_no, s.id"
            ),
            [org.pk],
        )
        while batch := cursor.fetchmany(2000):
            for no, name, kana, unit, grade, kind, hired, retired, email, phone, birth in batch:
                sheet.append(
                    [
                        no,
                        name,
                        kana,
                        paths.get(unit, ""),
                        grade or "",
                        labels.get(kind, kind),
                        hired,
                        retired,
                        email,
                        phone,
                        birth,
                    ]
                )
                n += 1
    finally:
        cursor.close()
    book.save(out)
    return n


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--staff", type=int, default=100_000)
    add_database_arguments(parser)
    args = parser.parse_args()
    ready = open_database("import", args, {"v": 2})

    from benchmarks.run import CODE, GRADES, HEADER, build, make_rows

    if not ready:
        build()
        mark_ready("import", {"v": 2})

    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    from jinzai.core.access import SystemActor
    from jinzai.core.importing import get_importer
    from jinzai.core.models import Job, Membership, Organisation, Unit
    from jinzai.core.services import import_apply
    from jinzai.core.tabular import write_csv
    from jinzai.people.models import Staff

    org = Organisation.objects.get(code=CODE)
    if Staff.objects.filter(organisation=org).count() != args.staff:
        from benchmarks.run import _clear

        _clear(org)
        names = sorted(
            f"{u.parent.name}／{u.name}"
            for u in Unit.objects.filter(organisation=org, kind="division").select_related("parent")
        )
        content = write_csv([HEADER, *make_rows(args.staff, names, GRADES)], encoding="utf-8-sig")
        settings.IMPORT_MAX_BYTES = max(settings.IMPORT_MAX_BYTES, len(content) + 1)
        t0 = time.perf_counter()
        import_apply(
            actor=SystemActor(organisation=org, label="bench"),
            importer=get_importer("staff"),
            organisation=org,
            content=content,
            options={"effective_date": "2026-04-01"},
            file_name="bench.csv",
        )
        analyse_database()
        print(f"imported {args.staff:,} staff in {time.perf_counter() - t0:.0f} s (not timed)", flush=True)
    n_staff = Staff.objects.filter(organisation=org).count()
    assert n_staff == args.staff, n_staff

    type(org).objects.filter(pk=org.pk).update(twofactor_roles=[])
    user, _ = get_user_model().objects.get_or_create(username="bench-hr")
    Membership.objects.get_or_create(user=user, organisation=org, defaults={"role": "hr"})
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    client.get("/staff/")  # warm: imports, templates, session

    results: dict = {"machine": machine(), "staff": n_staff, "runs": []}
    for _run in range(max(1, min(args.repeat, 3))):
        baseline = reset_peak()
        start = time.perf_counter()
        response = client.get("/staff/export/?format=xlsx")
        request_ms = (time.perf_counter() - start) * 1000
        assert response.status_code == 302 and "/jobs/" in response["Location"], (
            response.status_code,
            response.get("Location"),
        )
        job = Job.objects.order_by("-id").first()
        while True:
            job.refresh_from_db()
            if job.status in (Job.Status.DONE, Job.Status.FAILED):
                break
            time.sleep(0.05)
        job_peak = peak() - baseline
        assert job.status == Job.Status.DONE, job.message
        from jinzai.core.jobs import job_file

        path = job_file(job)
        rows = xlsx_rows(path)
        assert rows == n_staff, (rows, n_staff)
        job_s = (job.finished_at - job.started_at).total_seconds()
        size = path.stat().st_size
        path.unlink()

        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "floor.xlsx"
            floor_base = reset_peak()
            start = time.perf_counter()
            floor_n = floor_export(org, out)
            floor_s = time.perf_counter() - start
            floor_peak = peak() - floor_base
            assert floor_n == n_staff and xlsx_rows(out) == n_staff
            floor_size = out.stat().st_size
        row = {
            "request_ms": round(request_ms, 1),
            "job_s": round(job_s, 2),
            "job_peak_mib": round(job_peak / MIB, 1),
            "floor_s": round(floor_s, 2),
            "floor_peak_mib": round(floor_peak / MIB, 1),
            "ratio_time": round(job_s / floor_s, 2),
            "xlsx_bytes": size,
            "floor_xlsx_bytes": floor_size,
            "rows": rows,
            "baseline_rss_mib": round(baseline / MIB, 1),
        }
        results["runs"].append(row)
        print(
            f"XLSX export of {rows:,} staff: request {row['request_ms']} ms (→ job); job {row['job_s']} s, "
            f"peak +{row['job_peak_mib']} MiB over {row['baseline_rss_mib']} MiB; floor {row['floor_s']} s, "
            f"+{row['floor_peak_mib']} MiB",
            flush=True,
        )
    path = write_results("exports", results)
    print(f"results: {path}")


if __name__ == "__main__":
    main()
