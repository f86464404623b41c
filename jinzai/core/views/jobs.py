"""The progress page of a background job (large import or export) and its file."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404
from django.shortcuts import render

from .. import selectors
from ..access import require_perm
from ..audit import audit
from ..exports import XLSX_TYPE, file_response
from ..jobs import is_stale, job_file

TYPES = {"xlsx": XLSX_TYPE, "csv": "text/csv", "docx": "application/octet-stream"}


@require_perm("core.job_view")
def job_detail(request, pk: int):
    job = selectors.get_job_for_viewer(request.membership, pk)
    context = {
        "job": job,
        "stale": is_stale(job),
        "has_file": job_file(job) is not None,
        "file_hours": settings.JOB_FILE_HOURS,
    }
    if request.headers.get("HX-Request"):
        return render(request, "core/_job_status.html", context)
    return render(request, "core/job_detail.html", context)


@require_perm("core.job_view")
def job_download(request, pk: int):
    job = selectors.get_job_for_viewer(request.membership, pk)
    path = job_file(job)
    if path is None:
        raise Http404
    audit(request.membership, "job.download", job, detail={"file": job.file_name})
    extension = job.file_name.rsplit(".", 1)[-1]
    return file_response(
        open(path, "rb"),  # noqa: SIM115 - FileResponse closes it
        filename=job.file_name,
        content_type=TYPES.get(extension, "application/octet-stream"),
    )
