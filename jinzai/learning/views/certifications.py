"""Certification catalog and holders, staff certifications (list, check by 人事), the CSV import."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from jinzai.core.access import can, require_perm
from jinzai.core.audit import audit
from jinzai.core.dates import fiscal_year_of
from jinzai.core.selectors import unit_paths

from .. import reports, selectors
from ..forms import CertificationForm, ReasonForm, StaffCertFilterForm
from ..models import StaffCertification
from ..services import certifications as services
from ._common import report_error, today

CATALOG_FIELDS = services.CATALOG_FIELDS


@require_perm("learning.certification_view")
def certification_list(request):
    org = request.membership.organisation
    data = reports.holders_by_certification(org, today())
    return render(
        request,
        "learning/certification_list.html",
        {
            **data,
            "can_manage": can(request.membership, "learning.certification_manage"),
            "pending_total": sum(r["pending"] for r in data["rows"]),
        },
    )


def _catalog_form(request, certification=None):
    initial = {k: getattr(certification, k) for k in CATALOG_FIELDS} if certification else {"is_active": True}
    form = CertificationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if certification is None:
                certification = services.certification_create(actor=request.membership, **form.cleaned_data)
                messages.success(request, f"資格「{certification.name}」を追加しました。")
            else:
                services.certification_update(
                    actor=request.membership, certification=certification, **form.cleaned_data
                )
                messages.success(request, f"資格「{certification.name}」を保存しました。")
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            return redirect("learning:certification_list")
    return render(request, "learning/certification_form.html", {"form": form, "certification": certification})


@require_perm("learning.certification_manage")
def certification_create(request):
    return _catalog_form(request)


@require_perm("learning.certification_manage")
def certification_edit(request, pk: int):
    return _catalog_form(request, selectors.get_certification_for_viewer(request.membership, pk))


REPORTS = {"level": "ITSSレベル別", "unit": "部局別", "type": "人材像別", "year": "年度別"}


@require_perm("learning.certification_view")
def certification_report(request):
    """Holders by unit, by talent type or over fiscal years (the catalog page shows them by certification)."""
    org, day = request.membership.organisation, today()
    by = request.GET.get("by", "level")
    by = by if by in REPORTS else "level"
    context = {"by": by, "reports": REPORTS, "levels": reports.LEVELS, "day": day}
    if by == "level":
        counts = reports.holders_by_level(org, day)
        staff = reports.staff_in_post(org)
        labels = [("any", "いずれかの資格")] + [
            (f"l{n}", f"ITSSレベル{n}以上のいずれかの資格") for n in reports.LEVELS
        ]
        context["level_rows"] = [
            {"label": label, "n": counts[key], "share": round(100 * counts[key] / staff, 1) if staff else 0}
            for key, label in labels
        ]
        context["staff"] = staff
        context["rows"] = []
        return render(request, "learning/certification_report.html", context)
    if by == "unit":
        context["rows"] = reports.holders_by_unit(org, day)
    elif by == "type":
        context["rows"] = reports.holders_by_type(org, day)
    else:
        fy = fiscal_year_of(day)
        context["rows"] = reports.holders_over_years(org, list(range(fy - 4, fy + 1)), day)
    for row in context["rows"]:
        row["level_values"] = [row[f"l{n}"] for n in reports.LEVELS]
    return render(request, "learning/certification_report.html", context)


@require_perm("learning.staffcert_view")
def staffcert_list(request):
    viewer = request.membership
    form = StaffCertFilterForm(request.GET or None, organisation=viewer.organisation)
    data = form.cleaned_data if form.is_valid() else {}
    qs = selectors.staffcert_search(
        viewer,
        q=data.get("q") or "",
        status=data.get("status") or "",
        certification_id=data.get("certification"),
        expiring_days=data.get("expiring"),
    )
    page = Paginator(qs, settings.STAFF_PAGE_SIZE).get_page(request.GET.get("page"))
    day = today()
    renewed = selectors.renewed_ids(page.object_list)
    paths = unit_paths(viewer.organisation)
    rows = [
        {
            "r": r,
            "status": selectors.status_word(r, day, renewed),
            "path": paths.get(r.staff.current_unit_id, ""),
        }
        for r in page.object_list
    ]
    query = request.GET.copy()
    query.pop("page", None)
    pending = selectors.staffcerts_visible_to(viewer).filter(status=StaffCertification.Status.PENDING).count()
    return render(
        request,
        "learning/staffcert_list.html",
        {"form": form, "page": page, "rows": rows, "query": query.urlencode(), "pending": pending},
    )


@require_perm("learning.staffcert_view")
def staffcert_detail(request, pk: int):
    record = selectors.get_staffcert_for_viewer(request.membership, pk)
    audit(request.membership, "staffcert.view", record)
    day = today()
    history = list(selectors.certifications_of_staff(record.staff).filter(certification=record.certification))
    renewed = selectors.renewed_ids(history)
    return render(
        request,
        "learning/staffcert_detail.html",
        {
            "r": record,
            "status": selectors.status_word(record, day, renewed),
            "history": [{"r": h, "status": selectors.status_word(h, day, renewed)} for h in history],
            "can_verify": can(request.membership, "learning.staffcert_verify")
            and record.status == StaffCertification.Status.PENDING,
            "return_form": ReasonForm(),
        },
    )


@require_perm("learning.staffcert_verify")
@require_POST
def staffcert_verify(request, pk: int):
    record = selectors.get_staffcert_for_viewer(request.membership, pk)
    try:
        services.staffcert_verify(actor=request.membership, record=record)
        messages.success(
            request, f"{record.staff.name}さんの「{record.certification.name}」を確認済にしました。"
        )
    except ValidationError as exc:
        report_error(request, exc)
    return redirect("learning:staffcert_detail", pk=record.pk)


@require_perm("learning.staffcert_verify")
@require_POST
def staffcert_return(request, pk: int):
    record = selectors.get_staffcert_for_viewer(request.membership, pk)
    try:
        services.staffcert_return(
            actor=request.membership, record=record, reason=request.POST.get("reason", "")
        )
        messages.success(
            request, f"{record.staff.name}さんの「{record.certification.name}」を差し戻しました。"
        )
    except ValidationError as exc:
        report_error(request, exc)
    return redirect("learning:staffcert_detail", pk=record.pk)
