"""Every file the product hands out: list exports (XLSX, CSV in CP932 or UTF-8 with BOM) and documents.

One shape for a list export, in every app::

    export = TableExport(
        actor=viewer,
        action="staff.export",              # the audit action
        what="職員一覧",                     # what the file is (file name and sheet title)
        headers=[...],
        rows=lambda: (... for s in qs.iterator(chunk_size=2000)),   # a factory: run once, streamed
        count=qs.count(),                   # optional: large exports run as a background job
    )
    return export_response(request, export)  # ?format=csv|xlsx&encoding=cp932|utf-8-sig

Rows are written one by one to a temporary file (CSV incrementally, XLSX with openpyxl's write-only
mode), never collected in memory, and the finished file is streamed to the browser; an export of more
than ``EXPORT_INLINE_MAX_ROWS`` rows runs as a :mod:`core.jobs` job with a progress page instead of
inside the web request. File names carry the organisation and what the file is
(「さくら町_職員一覧_20261201_0930.xlsx」, 「さくら町_育成計画_令和8年度_第1版.docx」). Every export is audited
with the number of rows; every response carries ``Cache-Control: no-store``.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import IO, Any
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from .audit import audit
from .tabular import TabularError, csv_writer, xlsx_writer

CSV_ENCODINGS = {"cp932": "cp932", "utf-8-sig": "utf-8-sig", "utf8": "utf-8-sig", "utf-8": "utf-8-sig"}
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')
SPOOL_BYTES = 2 * 1024 * 1024


def download_filename(organisation: Any, *parts: Any, ext: str, stamp: bool = False) -> str:
    """「<団体名>_<part>_<part>[_YYYYMMDD_HHMM].<ext>」 with characters Windows forbids replaced."""
    names = [getattr(organisation, "name", "") or "", *(str(p) for p in parts if p not in (None, ""))]
    if stamp:
        names.append(f"{timezone.localtime():%Y%m%d_%H%M}")
    stem = "_".join(_UNSAFE.sub("_", n).strip(" ._") for n in names if n.strip())
    return f"{stem[:150] or 'jinzai'}.{ext}"


def content_disposition(filename: str, *, inline: bool = False) -> str:
    return f"{'inline' if inline else 'attachment'}; filename*=UTF-8''{quote(filename)}"


def file_response(
    body: bytes | IO[bytes], *, filename: str, content_type: str, inline: bool = False
) -> HttpResponse:
    """A download: bytes or an open binary file (streamed), never cached by the browser or a proxy."""
    if isinstance(body, bytes | bytearray):
        response: HttpResponse = HttpResponse(bytes(body), content_type=content_type)
    else:
        response = FileResponse(body, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename, inline=inline)
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@dataclass
class TableExport:
    """A list export: who asks, what it is, its header and a factory of its rows."""

    actor: Any
    action: str
    what: str
    headers: Sequence[str]
    rows: Callable[[], Iterable[Sequence[Any]]]
    count: int | None = None
    parts: tuple[Any, ...] = ()
    detail: dict = field(default_factory=dict)
    default_format: str = "xlsx"
    default_encoding: str = "cp932"

    def filename(self, fmt: str, *, stamp: bool = True) -> str:
        return download_filename(self.actor.organisation, self.what, *self.parts, ext=fmt, stamp=stamp)


def requested_format(request, export: TableExport) -> tuple[str, str]:
    """(format, encoding) from ``?format=`` and ``?encoding=``, falling back to the export's default."""
    fmt = request.GET.get("format") or export.default_format
    fmt = fmt if fmt in {"csv", "xlsx"} else export.default_format
    encoding = request.GET.get("encoding") or export.default_encoding
    return fmt, CSV_ENCODINGS.get(encoding, export.default_encoding)


def write_export(
    export: TableExport,
    fmt: str,
    encoding: str,
    out: IO[bytes],
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write the export into ``out``; returns the number of data rows. Raises TabularError (CP932)."""
    writer = (
        xlsx_writer(export.headers, out, sheet_title=export.what)
        if fmt == "xlsx"
        else csv_writer(out, encoding=CSV_ENCODINGS.get(encoding, "cp932"), header=export.headers)
    )
    n = 0
    with writer:
        for row in export.rows():
            writer.write(row)
            n += 1
            if progress is not None and n % 5000 == 0:
                progress(n)
    return n


def _audit_export(export: TableExport, fmt: str, n: int, **extra: Any) -> None:
    audit(
        export.actor,
        export.action,
        detail={"format": fmt, "rows": n, "what": export.what, **export.detail, **extra},
    )


def export_response(request, export: TableExport) -> HttpResponse:
    """The file, streamed; a large export becomes a job; a CP932 problem becomes a page that says which."""
    fmt, encoding = requested_format(request, export)
    limit = getattr(settings, "EXPORT_INLINE_MAX_ROWS", 20_000)
    if export.count is not None and export.count > limit:
        from .jobs import export_job_start

        job = export_job_start(export=export, fmt=fmt, encoding=encoding)
        return redirect("core:job_detail", pk=job.pk)
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 - closed by the response
    try:
        n = write_export(export, fmt, encoding, spool)
    except TabularError as exc:
        spool.close()
        return render(request, "core/export_error.html", {"message": exc.message}, status=422)
    _audit_export(export, fmt, n)
    spool.seek(0)
    body: bytes | IO[bytes] = spool
    if not getattr(spool, "_rolled", True):  # still in memory (small): hand out the bytes
        body = spool.read()
        spool.close()
    content_type = (
        XLSX_TYPE
        if fmt == "xlsx"
        else (
            "text/csv; charset=shift_jis"
            if CSV_ENCODINGS.get(encoding) == "cp932"
            else "text/csv; charset=utf-8"
        )
    )
    return file_response(body, filename=export.filename(fmt), content_type=content_type)
