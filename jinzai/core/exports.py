"""HTTP responses for list exports (XLSX, CSV in CP932 or UTF-8 with BOM). Every export is audited."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from urllib.parse import quote

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from .audit import audit
from .tabular import TabularError, write_csv, write_xlsx

CSV_ENCODINGS = {"cp932": "cp932", "utf-8-sig": "utf-8-sig", "utf8": "utf-8-sig", "utf-8": "utf-8-sig"}


def export_filename(stem: str, ext: str) -> str:
    return f"{stem}_{timezone.localtime():%Y%m%d_%H%M}.{ext}"


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def export_response(
    request,
    *,
    actor,
    action: str,
    stem: str,
    headers: Sequence[str],
    rows: Iterable[Sequence],
    fmt: str,
    encoding: str = "cp932",
    detail: dict | None = None,
) -> HttpResponse:
    """Build the file; a CP932 export with a character CP932 lacks returns a page that says which."""
    rows = list(rows)
    try:
        if fmt == "xlsx":
            body = write_xlsx(headers, rows, sheet_title=stem[:31])
            response = HttpResponse(
                body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            )
            filename = export_filename(stem, "xlsx")
        else:
            enc = CSV_ENCODINGS.get(encoding, "cp932")
            body = write_csv([list(headers), *rows], encoding=enc)
            charset = "shift_jis" if enc == "cp932" else "utf-8"
            response = HttpResponse(body, content_type=f"text/csv; charset={charset}")
            filename = export_filename(stem, "csv")
    except TabularError as exc:
        return render(request, "core/export_error.html", {"message": exc.message}, status=422)
    audit(
        actor,
        action,
        detail={"format": fmt, "rows": len(rows), "at": datetime.now().isoformat(), **(detail or {})},
    )
    return _attachment(response, filename)
