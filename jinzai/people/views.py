"""Views of the people app: staff list, 人財カード, transfers, import and export."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from jinzai.core import hooks
from jinzai.core.access import require_perm
from jinzai.core.audit import audit
from jinzai.core.dates import format_date
from jinzai.core.exports import TableExport, export_response
from jinzai.core.selectors import grades_of, unit_paths

from . import selectors, services
from .forms import (
    ImportOptionsForm,
    ImportUploadForm,
    StaffEditForm,
    StaffFilterForm,
    TransferForm,
    mapping_choices,
)
from .importing import IGNORE, ImportOptions
from .models import StaffImport


def _filter_from(request) -> tuple[StaffFilterForm, selectors.StaffFilter]:
    org = request.membership.organisation
    form = StaffFilterForm(request.GET or None, organisation=org)
    data = form.cleaned_data if form.is_valid() else {}
    sort = request.GET.get("sort", "staff_no")
    f = selectors.StaffFilter(
        q=data.get("q") or "",
        unit_id=data.get("unit"),
        grade_id=data.get("grade"),
        employment_type=data.get("employment_type") or "",
        status=data.get("status") or "active",
        sort=sort if sort in selectors.SORTS else "staff_no",
    )
    return form, f


@require_perm("people.staff_list")
def staff_list(request):
    form, f = _filter_from(request)
    qs = selectors.staff_search(request.membership, f)
    page = Paginator(qs, settings.STAFF_PAGE_SIZE).get_page(request.GET.get("page"))
    paths = unit_paths(request.membership.organisation)
    rows = [(s, paths.get(s.current_unit_id, "")) for s in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    base_query = query.copy()
    base_query.pop("sort", None)
    return render(
        request,
        "people/staff_list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "sort": f.sort,
            "query": query.urlencode(),
            "base_query": base_query.urlencode(),
            "fields": selectors.visible_staff_fields(request.membership),
        },
    )


@require_perm("people.staff_export")
def staff_export(request):
    _, f = _filter_from(request)
    viewer = request.membership
    fields = selectors.visible_staff_fields(viewer)
    paths = unit_paths(viewer.organisation)
    headers = ["職員番号", "氏名", "ふりがな", "所属", "職名", "任用形態", "採用年月日", "退職日"]
    contact = "email" in fields
    if contact:
        headers += ["メール", "電話（内線）"]

    def rows():
        for s in selectors.staff_search(viewer, f).iterator(chunk_size=2000):
            row = [
                s.staff_no,
                s.name,
                s.kana,
                paths.get(s.current_unit_id, ""),
                s.grade.name if s.grade else "",
                s.get_employment_type_display(),
                s.hired_on,
                s.retired_on,
            ]
            if contact:
                row += [s.email, s.phone]
            yield row

    return export_response(
        request,
        TableExport(
            actor=viewer,
            action="staff.export",
            what="職員一覧",
            headers=headers,
            rows=lambda: rows(),
            detail={"filter": request.GET.urlencode()},
            default_format="csv",
        ),
    )


def _card(request, staff):
    viewer = request.membership
    audit(viewer, "staff.view", staff)
    paths = unit_paths(viewer.organisation)
    return render(
        request,
        "people/staff_detail.html",
        {
            "staff": staff,
            "assignments": selectors.assignments_of(staff),
            "fields": selectors.visible_staff_fields(viewer, staff),
            "unit_path": paths.get(staff.current_unit_id, ""),
            "paths": paths,
            "card_sections": hooks.CARD_SECTIONS.collect(viewer, staff),
            "is_self": viewer.staff_id == staff.pk,
        },
    )


@require_perm("people.staff_view")
def staff_detail(request, pk: int):
    return _card(request, selectors.get_staff_for_viewer(request.membership, pk))


@require_perm("people.staff_view")
def my_card(request):
    if not request.membership.staff_id:
        return render(request, "people/no_card.html", status=404)
    return _card(request, selectors.get_staff_for_viewer(request.membership, request.membership.staff_id))


@require_perm("people.staff_edit")
def staff_edit(request, pk: int):
    staff = selectors.get_staff_for_viewer(request.membership, pk)
    initial = {
        k: getattr(staff, k)
        for k in ("name", "kana", "employment_type", "hired_on", "retired_on", "email", "phone")
    }
    form = StaffEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {
            k: (v if v is not None or k in ("hired_on", "retired_on") else "")
            for k, v in form.cleaned_data.items()
        }
        try:
            services.staff_update(actor=request.membership, staff=staff, **data)
            messages.success(request, "職員情報を保存しました。")
            return redirect("people:staff_detail", pk=staff.pk)
        except ValidationError as exc:
            for msg in exc.messages:
                form.add_error(None, msg)
    return render(request, "people/staff_edit.html", {"form": form, "staff": staff})


@require_perm("people.staff_transfer")
def staff_transfer(request, pk: int):
    viewer = request.membership
    staff = selectors.get_staff_for_viewer(viewer, pk)
    form = TransferForm(
        request.POST or None,
        organisation=viewer.organisation,
        initial={"unit": staff.current_unit_id, "grade": staff.grade_id},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        unit = get_object_or_404(viewer.organisation.units, pk=data["unit"])
        grade = get_object_or_404(grades_of(viewer.organisation), pk=data["grade"]) if data["grade"] else None
        try:
            services.staff_transfer(
                actor=viewer,
                staff=staff,
                unit=unit,
                grade=grade,
                effective=data["effective"],
                note=data["note"],
            )
            messages.success(
                request, f"{staff.name}さんの異動を登録しました（発令日 {format_date(data['effective'])}）。"
            )
            return redirect("people:staff_detail", pk=staff.pk)
        except ValidationError as exc:
            for msg in exc.messages:
                form.add_error(None, msg)
    return render(request, "people/staff_transfer.html", {"form": form, "staff": staff})


# --- import ------------------------------------------------------------------


def _options_from(cleaned: dict, mapping: dict[str, str] | None = None) -> ImportOptions:
    return ImportOptions(
        effective_date=cleaned["effective_date"],
        encoding=cleaned["encoding"],
        full_sync=cleaned["full_sync"],
        create_units=cleaned["create_units"],
        create_grades=cleaned["create_grades"],
        mapping=mapping or {},
    )


@require_perm("people.staff_import")
def import_upload(request):
    from jinzai.core.services import today

    form = ImportUploadForm(request.POST or None, request.FILES or None, initial={"effective_date": today()})
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            form.add_error(
                "file", f"ファイルが大きすぎます（上限 {settings.IMPORT_MAX_BYTES // (1024 * 1024)} MB）。"
            )
        else:
            record = services.staff_import_create(
                actor=request.membership,
                file_name=upload.name,
                content=upload.read(),
                options=_options_from(form.cleaned_data),
            )
            return redirect("people:import_preview", pk=record.pk)
    recent = selectors.recent_imports(request.membership, limit=10)
    return render(request, "people/import_upload.html", {"form": form, "recent": recent})


def _get_import(request, pk: int) -> StaffImport:
    return get_object_or_404(StaffImport.objects.filter(organisation=request.membership.organisation), pk=pk)


@require_perm("people.staff_import")
def import_preview(request, pk: int):
    record = _get_import(request, pk)
    options = ImportOptions.from_json(record.options)
    summary = record.summary
    if request.method == "POST" and record.status == StaffImport.Status.PREVIEWED:
        form = ImportOptionsForm(request.POST)
        if form.is_valid():
            mapping = dict(options.mapping)
            for idx, header in enumerate(summary.get("headers", [])):
                chosen = request.POST.get(f"map_{idx}")
                if chosen:
                    mapping[header] = chosen
            services.staff_import_reanalyse(
                actor=request.membership, record=record, options=_options_from(form.cleaned_data, mapping)
            )
            return redirect("people:import_preview", pk=record.pk)
    else:
        opts = options.to_json()
        form = ImportOptionsForm(initial=opts)
    headers = summary.get("headers", [])
    mapping_rows = [
        {
            "index": i,
            "header": h,
            "current": summary.get("mapping", {}).get(h, ""),
            "unmapped": h in summary.get("unmapped", []),
        }
        for i, h in enumerate(headers)
    ]
    return render(
        request,
        "people/import_preview.html",
        {
            "record": record,
            "s": summary,
            "form": form,
            "mapping_rows": mapping_rows,
            "mapping_choices": mapping_choices(),
            "ignore": IGNORE,
            "options": options,
        },
    )


@require_perm("people.staff_import")
@require_POST
def import_commit(request, pk: int):
    record = _get_import(request, pk)
    try:
        counts = services.staff_import_commit(actor=request.membership, record=record)
    except services.ImportNotCommittable as exc:
        record.summary = exc.plan.summary()
        record.save(update_fields=["summary"])
        messages.error(request, "ファイルに誤りがあるため反映できません。下の一覧を確かめてください。")
        return redirect("people:import_preview", pk=record.pk)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("people:import_preview", pk=record.pk)
    messages.success(
        request,
        "取込を反映しました。新規 {added}名、変更 {updated}名、異動 {transferred}名、退職 {retired}名、変更なし {unchanged}名。".format(
            **counts
        ),
    )
    return redirect("people:import_preview", pk=record.pk)


@require_perm("people.staff_import")
@require_POST
def import_discard(request, pk: int):
    services.staff_import_discard(actor=request.membership, record=_get_import(request, pk))
    messages.info(request, "取込を取り消しました。職員データは変わっていません。")
    return redirect("people:import_upload")
