"""Long work outside the web request: a large import or export runs as a job with a progress page.

A job is a :class:`~jinzai.core.models.Job` row plus a function ``work(progress)`` run in a worker
thread of the same process once the request's transaction has committed. The page the user is sent
to (``core:job_detail``) shows the progress and, when done, the result or the file to download. No
broker is needed: one small server runs the product (see docs/decisions.md). A job whose process
stopped (restart, crash) is shown as interrupted once its heartbeat is older than
``JOB_STALE_SECONDS``; nothing it did is half-applied, because every job's writes are one transaction.

``settings.JOBS_EAGER`` runs the work at once, inside the request (tests, management commands).
Files a job writes live under ``DATA_DIR/jobs/<organisation>/`` with generated names and are deleted
after ``JOB_FILE_HOURS``.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connections, transaction
from django.utils import timezone

from .audit import audit
from .models import Job

log = logging.getLogger(__name__)


class JobFailed(Exception):
    """Raise with a Japanese message to end a job as failed with that message shown to the user."""


def jobs_root() -> Path:
    return Path(settings.DATA_DIR) / "jobs"


class Progress:
    """What a job's work function uses to report progress and to write its file."""

    def __init__(self, job_id: int, organisation_id: int) -> None:
        self.job_id = job_id
        self.organisation_id = organisation_id
        self._last = 0.0

    def set(self, done: int, total: int | None = None) -> None:
        now = time.monotonic()
        if now - self._last < 0.5 and (total is None):
            return
        self._last = now
        fields: dict[str, Any] = {"done": done}
        if total is not None:
            fields["total"] = total
        fields["heartbeat_at"] = timezone.now()
        Job.objects.filter(pk=self.job_id).update(**fields)

    def file_path(self, extension: str) -> tuple[Path, str]:
        """A new file for the job's output: (absolute path, path relative to the jobs folder)."""
        relative = f"{int(self.organisation_id)}/{secrets.token_hex(16)}.{extension}"
        path = jobs_root() / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        return path, relative


def job_start(
    *,
    actor: Any,
    kind: str,
    title: str,
    work: Callable[[Progress], dict | None],
    total: int = 0,
    params: dict | None = None,
) -> Job:
    """Record the job and start it when the current transaction commits (at once when JOBS_EAGER)."""
    job = Job.objects.create(
        organisation=actor.organisation,
        created_by=actor if getattr(actor, "pk", None) else None,
        kind=kind,
        title=title[:200],
        total=total,
        params=params or {},
    )
    audit(actor, "job.start", job, detail={"kind": kind})
    _cleanup_old_files()
    if getattr(settings, "JOBS_EAGER", False):
        run_job(job.pk, work)
        job.refresh_from_db()
    else:
        transaction.on_commit(lambda: _spawn(job.pk, work))
    return job


def _spawn(job_id: int, work: Callable[[Progress], dict | None]) -> None:
    def target() -> None:
        close_old_connections()
        try:
            run_job(job_id, work)
        finally:
            connections.close_all()

    threading.Thread(target=target, name=f"jinzai-job-{job_id}", daemon=True).start()


def run_job(job_id: int, work: Callable[[Progress], dict | None]) -> None:
    job = Job.objects.get(pk=job_id)
    now = timezone.now()
    Job.objects.filter(pk=job_id).update(status=Job.Status.RUNNING, started_at=now, heartbeat_at=now)
    progress = Progress(job_id, job.organisation_id)
    try:
        result = work(progress) or {}
    except JobFailed as exc:
        _finish(job_id, Job.Status.FAILED, message=str(exc))
        return
    except Exception:  # the user sees a plain message; the operator finds the traceback in the log
        log.exception("job %s failed", job_id)
        _finish(
            job_id,
            Job.Status.FAILED,
            message="処理中にエラーが発生しました。時間をおいてもう一度お試しください。",
        )
        return
    _finish(job_id, Job.Status.DONE, result=result)


def _finish(job_id: int, status: str, *, message: str = "", result: dict | None = None) -> None:
    fields: dict[str, Any] = {"status": status, "finished_at": timezone.now(), "message": message}
    if result is not None:
        for key in ("file_name", "file_path"):
            if key in result:
                fields[key] = result.pop(key)
        fields["result"] = result
        if "done" in result:
            fields["done"] = result["done"]
    Job.objects.filter(pk=job_id).update(**fields)


def is_stale(job: Job) -> bool:
    if job.status not in (Job.Status.QUEUED, Job.Status.RUNNING):
        return False
    seen = job.heartbeat_at or job.created_at
    return timezone.now() - seen > timedelta(seconds=getattr(settings, "JOB_STALE_SECONDS", 300))


def job_file(job: Job) -> Path | None:
    """The job's output file, or None when there is none (or it was removed)."""
    if not job.file_path:
        return None
    root = jobs_root().resolve()
    path = (root / job.file_path).resolve()
    if root not in path.parents or not path.is_file():
        return None
    return path


def _cleanup_old_files() -> None:
    """Delete job files older than JOB_FILE_HOURS: exports hold personal data only as long as needed."""
    cutoff = timezone.now() - timedelta(hours=getattr(settings, "JOB_FILE_HOURS", 24))
    old = Job.objects.filter(finished_at__lt=cutoff).exclude(file_path="")
    for job in old[:200]:
        path = job_file(job)
        if path is not None:
            path.unlink(missing_ok=True)
    old.update(file_path="")


# --- exports ----------------------------------------------------------------------------------


def export_job_start(*, export: Any, fmt: str, encoding: str) -> Job:
    """Run a large :class:`~jinzai.core.exports.TableExport` as a job; the file is downloaded from its page."""
    from .exports import _audit_export, write_export
    from .tabular import TabularError

    def work(progress: Progress) -> dict:
        path, relative = progress.file_path(fmt)
        progress.set(0, export.count or 0)
        try:
            with open(path, "wb") as out:
                n = write_export(export, fmt, encoding, out, progress=progress.set)
        except TabularError as exc:
            path.unlink(missing_ok=True)
            raise JobFailed(exc.message) from None
        path.chmod(0o600)
        _audit_export(export, fmt, n, job=True)
        return {"file_name": export.filename(fmt), "file_path": relative, "done": n, "rows": n}

    return job_start(
        actor=export.actor,
        kind="export",
        title=f"{export.what}の書き出し（{'Excel' if fmt == 'xlsx' else 'CSV'}）",
        work=work,
        total=export.count or 0,
        params={"format": fmt, "encoding": encoding},
    )
