"""Views of designations (指定): list with filters and export, create, edit, end."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from jinzai.core.access import can, require_perm
from jinzai.core.dates import format_date
from jinzai.core.exports import TableExport, export_response
from jinzai.core.params import id_param
from jinzai.core.selectors import unit_paths
from jinzai.people.selectors import staff_visible_to

from .. import selectors, services
from ..forms import DesignationCreateForm, DesignationEditForm, DesignationEndForm, DesignationFilterForm
from ..models import Designation

EXPORT_HEADERS = [
    "職員番号",
    "氏名",
    "ふりがな",
    "所属",
    "人材像",
    "区分",
    "指定方法",
    "事務分掌",
    "開始日",
    "終了日",
    "終了の理由",
    "状態",
    "備考",
]


def _filter_from(request) -> tuple[DesignationFilterForm, selectors.DesignationFilter]:
    form = DesignationFilterForm(request.GET or None, organisation=request.membership.organisation)
    data = form.cleaned_data if form.is_valid() else {}
    f = selectors.DesignationFilter(
        q=data.get("q") or "",
        talent_type_id=data.get("talent_type"),
        sub_role_id=data.get("sub_role"),
        unit_id=data.get("unit"),
        status=data.get("status") or selectors.STATUS_ACTIVE,
    )
    return form, f


def _status_of(d: Designation, today) -> str:
    if d.staff.retired_on is not None and d.staff.retired_on < today and selectors.is_current(d, today):
        return "退職"
    if d.ended_on is not None and d.ended_on < today:
        return "終了"
    if d.started_on > today:
        return "開始前"
    return "有効"


@require_perm("talent.designation_view")
def designation_list(request):
    from jinzai.core.services import today as get_today

    viewer = request.membership
    form, f = _filter_from(request)
    page = Paginator(selectors.designation_search(viewer, f), settings.STAFF_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    paths = unit_paths(viewer.organisation)
    today = get_today()
    rows = [
        {"d": d, "path": paths.get(d.staff.current_unit_id, ""), "status": _status_of(d, today)}
        for d in page.object_list
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "talent/designation_list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "type_counts": selectors.counts_by_type(viewer, unit_id=f.unit_id),
            "status": f.status,
            "can_manage": can(viewer, "talent.designation_manage"),
        },
    )


@require_perm("talent.designation_view")
def designation_export(request):
    from jinzai.core.services import today as get_today

    viewer = request.membership
    _, f = _filter_from(request)
    paths = unit_paths(viewer.organisation)
    today = get_today()

    qs = selectors.designation_search(viewer, f)

    def rows():
        for d in qs.iterator(chunk_size=2000):
            yield [
                d.staff.staff_no,
                d.staff.name,
                d.staff.kana,
                paths.get(d.staff.current_unit_id, ""),
                d.talent_type.name,
                d.sub_role.name if d.sub_role_id else "",
                d.get_method_display(),
                d.duties,
                d.started_on,
                d.ended_on,
                d.end_reason,
                _status_of(d, today),
                d.note,
            ]

    return export_response(
        request,
        TableExport(
            actor=viewer,
            action="designation.export",
            what="人材の指定一覧",
            headers=EXPORT_HEADERS,
            rows=rows,
            count=qs.count(),
            detail={"filter": request.GET.urlencode()},
            default_format="csv",
        ),
    )


def _staff_label(staff, paths) -> str:
    path = paths.get(staff.current_unit_id, "")
    return f"{staff.staff_no} {staff.name}" + (f"（{path}）" if path else "")


@require_perm("talent.designation_manage")
def designation_create(request):
    from jinzai.core.services import today as get_today

    viewer = request.membership
    staff_qs = staff_visible_to(viewer)
    paths = unit_paths(viewer.organisation)
    initial = {"started_on": get_today(), "method": Designation.Method.NOMINATED}
    prefilled = None
    staff_id = id_param(request.GET, "staff")
    if staff_id:
        prefilled = staff_qs.filter(pk=staff_id).first()
        if prefilled is not None:
            initial["staff"] = _staff_label(prefilled, paths)
    talent_type_id = id_param(request.GET, "talent_type")
    if talent_type_id:
        initial["talent_type"] = talent_type_id
    form = DesignationCreateForm(
        request.POST or None, organisation=viewer.organisation, staff_queryset=staff_qs, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            designation = services.designation_create(
                actor=viewer,
                staff=data["staff"],
                talent_type=data["talent_type"],
                sub_role=data["sub_role"],
                method=data["method"],
                duties=data["duties"],
                started_on=data["started_on"],
                ended_on=data["ended_on"],
                note=data["note"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            role = services.role_label(designation.talent_type, designation.sub_role)
            messages.success(
                request,
                f"{designation.staff.name}さんを「{role}」に指定しました（{format_date(designation.started_on)}から）。",
            )
            if request.POST.get("return_to") == "card":
                return redirect("people:staff_detail", pk=designation.staff_id)
            return redirect("talent:designation_list")
    staff_options = [
        _staff_label(s, paths)
        for s in staff_qs.filter(retired_on__isnull=True).only("staff_no", "name", "current_unit_id")
    ]
    return render(
        request,
        "talent/designation_form.html",
        {"form": form, "staff_options": staff_options, "prefilled": prefilled},
    )


@require_perm("talent.designation_manage")
def designation_edit(request, pk: int):
    designation = selectors.get_designation_for_viewer(request.membership, pk)
    editable = selectors.is_current(designation)
    form = DesignationEditForm(
        request.POST or None,
        initial={"method": designation.method, "duties": designation.duties, "note": designation.note},
    )
    if request.method == "POST" and editable and form.is_valid():
        try:
            services.designation_update(
                actor=request.membership, designation=designation, **form.cleaned_data
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, f"{designation.staff.name}さんの指定を保存しました。")
            return redirect("people:staff_detail", pk=designation.staff_id)
    return render(
        request,
        "talent/designation_edit.html",
        {
            "form": form,
            "d": designation,
            "editable": editable,
            "role": services.role_label(designation.talent_type, designation.sub_role),
        },
    )


@require_perm("talent.designation_manage")
def designation_end(request, pk: int):
    from jinzai.core.services import today as get_today

    designation = selectors.get_designation_for_viewer(request.membership, pk)
    today = get_today()
    can_end = selectors.is_current(designation, today)
    form = DesignationEndForm(
        request.POST or None,
        initial={"ended_on": max(today, designation.started_on), "reason": designation.end_reason},
    )
    if request.method == "POST" and can_end and form.is_valid():
        try:
            services.designation_end(
                actor=request.membership,
                designation=designation,
                ended_on=form.cleaned_data["ended_on"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error("ended_on", message)
        else:
            role = services.role_label(designation.talent_type, designation.sub_role)
            messages.success(
                request,
                f"{designation.staff.name}さんの「{role}」の指定を {format_date(form.cleaned_data['ended_on'])} で終了しました。"
                "履歴は人財カードに残ります。",
            )
            return redirect("people:staff_detail", pk=designation.staff_id)
    return render(
        request,
        "talent/designation_end.html",
        {
            "form": form,
            "d": designation,
            "can_end": can_end,
            "role": services.role_label(designation.talent_type, designation.sub_role),
        },
    )
