"""The cost report per fiscal year (研修費・受験料・補助の支給額), the basis of a 特別交付税 claim; XLSX export."""

from __future__ import annotations

from django.shortcuts import render

from jinzai.core.access import require_perm
from jinzai.core.dates import fiscal_year_label, fiscal_year_of
from jinzai.core.exports import TableExport, export_response
from jinzai.core.params import fiscal_year_param

from .. import reports
from ._common import today


def _fy(request) -> int:
    return fiscal_year_param(request.GET, default=fiscal_year_of(today()))


@require_perm("learning.cost_view")
def cost_report(request):
    fy = _fy(request)
    report = reports.cost_report(request.membership.organisation, fy)
    current = fiscal_year_of(today())
    return render(
        request,
        "learning/cost_report.html",
        {
            "r": report,
            "fy": fy,
            "fy_label": fiscal_year_label(fy),
            "years": list(range(current - 3, current + 1)),
        },
    )


@require_perm("learning.cost_view")
def cost_export(request):
    fy = _fy(request)
    report = reports.cost_report(request.membership.organisation, fy)
    headers, rows = reports.cost_rows_for_export(report)
    return export_response(
        request,
        TableExport(
            actor=request.membership,
            action="learning_cost.export",
            what=f"研修・資格の費用_{fy}年度",
            headers=headers,
            rows=lambda: rows,
            detail={"fiscal_year": fy},
        ),
    )
