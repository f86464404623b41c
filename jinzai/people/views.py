"""Views of the people app: staff list, 人財カード, transfers, import and export."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from jinzai.core import hooks
from jinzai.core.access import require_perm
from jinzai.core.audit import audit
from jinzai.core.dates import format_date
from jinzai.core.exports import TableExport, export_response
from jinzai.core.roles import Role
from jinzai.core.selectors import get_grade_of, get_unit_of, manager_scope_ids, unit_paths

from . import selectors, services
from .forms import StaffCreateForm, StaffEditForm, StaffFilterForm, TransferForm


def _filter_from(request) -> tuple[StaffFilterForm, selectors.StaffFilter]:
    viewer = request.membership
    within = manager_scope_ids(viewer) if viewer.role == Role.MANAGER else None
    form = StaffFilterForm(request.GET or None, organisation=viewer.organisation, within=within)
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


def export_columns(paths) -> list[tuple]:
    """(field, header, value) of the staff export, in the import's column order."""
    return [
        ("staff_no", "職員番号", lambda s: s.staff_no),
        ("name", "氏名", lambda s: s.name),
        ("kana", "ふりがな", lambda s: s.kana),
        ("current_unit", "所属", lambda s: paths.get(s.current_unit_id, "")),
        ("grade", "職名", lambda s: s.grade.name if s.grade else ""),
        ("employment_type", "任用形態", lambda s: s.get_employment_type_display()),
        ("hired_on", "採用年月日", lambda s: s.hired_on),
        ("retired_on", "退職日", lambda s: s.retired_on),
        ("email", "メール", lambda s: s.email),
        ("phone", "電話（内線）", lambda s: s.phone),
        ("birth_date", "生年月日", lambda s: s.birth_date),
    ]


@require_perm("people.staff_export")
def staff_export(request):
    _, f = _filter_from(request)
    viewer = request.membership
    fields = selectors.visible_staff_fields(viewer)
    paths = unit_paths(viewer.organisation)
    columns = [
        (name, label, value)
        for name, label, value in export_columns(paths)
        if name in fields  # the field table decides every column (core.access)
    ]
    headers = [label for _, label, _ in columns]

    qs = selectors.staff_search(viewer, f)

    def rows():
        for s in qs.iterator(chunk_size=2000):
            yield [value(s) for _, _, value in columns]

    return export_response(
        request,
        TableExport(
            actor=viewer,
            action="staff.export",
            what="職員一覧",
            headers=headers,
            rows=rows,
            count=qs.count(),
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


@require_perm("people.my_card")
def my_card(request):
    if not request.membership.staff_id:
        return render(request, "people/no_card.html", status=404)
    return _card(request, selectors.get_staff_for_viewer(request.membership, request.membership.staff_id))


@require_perm("people.staff_edit")
def staff_edit(request, pk: int):
    staff = selectors.get_staff_for_viewer(request.membership, pk)
    initial = {
        k: getattr(staff, k)
        for k in ("name", "kana", "employment_type", "hired_on", "retired_on", "email", "phone", "birth_date")
    }
    form = StaffEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {
            k: (v if v is not None or k in ("hired_on", "retired_on", "birth_date") else "")
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
        unit = get_unit_of(viewer.organisation, data["unit"])
        grade = get_grade_of(viewer.organisation, data["grade"]) if data["grade"] else None
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


@require_perm("people.staff_create")
def staff_create(request):
    """One person by a form (issue 12 item 12): an external specialist is added without a file import."""
    from jinzai.core.selectors import get_unit_for_viewer

    viewer = request.membership
    form = StaffCreateForm(
        request.POST or None, organisation=viewer.organisation, initial={"started_on": _today()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        unit = get_unit_for_viewer(viewer, data["unit"])
        grade = get_grade_of(viewer.organisation, data["grade"]) if data["grade"] else None
        try:
            staff = services.staff_create(
                actor=viewer,
                name=data["name"],
                kana=data["kana"],
                staff_no=data["staff_no"],
                employment_type=data["employment_type"],
                unit=unit,
                grade=grade,
                started_on=data["started_on"],
                email=data["email"],
                phone=data["phone"],
                note=data["note"],
            )
        except ValidationError as exc:
            for msg in exc.messages:
                form.add_error("staff_no" if "職員番号" in msg else None, msg)
        else:
            messages.success(request, f"{staff.name}さん（職員番号 {staff.staff_no}）を登録しました。")
            return redirect("people:staff_detail", pk=staff.pk)
    return render(request, "people/staff_create.html", {"form": form})


def _today():
    from jinzai.core.services import today

    return today()
