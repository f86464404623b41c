"""Units (所属) and grades (職名・職級) of the organisation."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from .. import selectors, services
from ..access import require_perm
from ..exports import TableExport, export_response
from ..forms import GradeForm, UnitForm
from ..params import id_param

# --- units ----------------------------------------------------------------


@require_perm("core.unit_view")
def unit_list(request):
    nodes = selectors.unit_tree(request.membership.organisation, with_counts=True)
    return render(request, "core/unit_list.html", {"nodes": nodes})


@require_perm("core.unit_view")
def unit_export(request):
    nodes = selectors.unit_tree(request.membership.organisation, with_counts=True)
    rows = (
        [
            n.path,
            n.unit.get_kind_display(),
            n.unit.code,
            n.unit.valid_from,
            n.unit.valid_to,
            "○" if n.unit.is_dx else "",
            "○" if n.unit.is_it else "",
            "○" if n.unit.is_hr else "",
            "○" if n.unit.is_business else "",
            n.staff_count,
        ]
        for n in nodes
    )
    return export_response(
        request,
        TableExport(
            actor=request.membership,
            action="unit.export",
            what="所属一覧",
            headers=[
                "所属",
                "区分",
                "所属コード",
                "有効開始日",
                "有効終了日",
                "DX推進担当部局",
                "情報システム担当",
                "人事担当",
                "業務担当部局",
                "在職者数",
            ],
            rows=lambda: rows,
            default_format="csv",
        ),
    )


def _unit_form_view(request, unit=None):
    org = request.membership.organisation
    initial = {}
    if unit is not None:
        initial = {f: getattr(unit, f) for f in services.UNIT_FIELDS if f != "parent"} | {
            "parent": unit.parent_id
        }
    else:
        initial = {"is_business": True, "kind": "division", "parent": id_param(request.GET, "parent")}
    form = UnitForm(request.POST or None, organisation=org, unit=unit, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if unit is None:
                unit = services.unit_create(actor=request.membership, **form.cleaned_data)
                messages.success(request, f"所属「{unit.name}」を作成しました。")
            else:
                services.unit_update(actor=request.membership, unit=unit, **form.cleaned_data)
                messages.success(request, f"所属「{unit.name}」を保存しました。")
            return redirect("core:unit_list")
        except ValidationError as exc:
            for msg in exc.messages:
                form.add_error(None, msg)
    return render(request, "core/unit_form.html", {"form": form, "unit": unit})


@require_perm("core.unit_manage")
def unit_create(request):
    return _unit_form_view(request)


@require_perm("core.unit_manage")
def unit_edit(request, pk: int):
    return _unit_form_view(request, selectors.get_unit_for_viewer(request.membership, pk))


# --- grades ---------------------------------------------------------------


@require_perm("core.grade_manage")
def grade_list(request):
    grades = selectors.grades_of(request.membership.organisation)
    form = GradeForm(request.POST or None, initial={"rank": (grades.last().rank + 1) if grades else 1})
    if request.method == "POST" and form.is_valid():
        try:
            services.grade_create(actor=request.membership, **form.cleaned_data)
            messages.success(request, f"職名「{form.cleaned_data['name']}」を追加しました。")
            return redirect("core:grade_list")
        except ValidationError as exc:
            form.add_error("name", exc.messages[0])
    return render(request, "core/grade_list.html", {"grades": grades, "form": form})


@require_perm("core.grade_manage")
def grade_edit(request, pk: int):
    grade = selectors.get_grade_of(request.membership.organisation, pk)
    form = GradeForm(
        request.POST or None, initial={"name": grade.name, "rank": grade.rank, "aliases": grade.aliases}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.grade_update(actor=request.membership, grade=grade, **form.cleaned_data)
            messages.success(request, f"職名「{grade.name}」を保存しました。")
            return redirect("core:grade_list")
        except ValidationError as exc:
            form.add_error("name", exc.messages[0])
    return render(request, "core/grade_form.html", {"grade": grade, "form": form})


@require_perm("core.unit_manage")
def unit_flags(request):
    """担当の区分と部門をまとめて設定する: one row per unit, checkboxes and a 部門 select."""
    from ..models import Sector

    org = request.membership.organisation
    nodes = selectors.unit_tree(org)
    flags = ("is_dx", "is_it", "is_hr", "is_business")
    if request.method == "POST":
        sectors = {value for value, _ in Sector.choices} | {""}
        values = {}
        for node in nodes:
            pk = node.unit.pk
            row = {f: request.POST.get(f"{f}_{pk}") == "on" for f in flags}
            sector = request.POST.get(f"sector_{pk}", node.unit.sector)
            row["sector"] = sector if sector in sectors else node.unit.sector
            values[pk] = row
        count = services.units_set_flags(actor=request.membership, values=values)
        messages.success(
            request, f"{count}件の所属の区分を保存しました。" if count else "変更はありませんでした。"
        )
        return redirect("core:unit_list")
    return render(
        request,
        "core/unit_flags.html",
        {"nodes": nodes, "sectors": Sector.choices},
    )
