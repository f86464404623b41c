"""Views of careers: career models and the DX career ladder, a person's own career plan and 自己申告, hr's
自己申告 periods with the response rate, and aptitude notes."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from jinzai.core.access import can, require_perm
from jinzai.core.dates import fiscal_year_of
from jinzai.core.exports import TableExport, export_response
from jinzai.core.selectors import unit_paths
from jinzai.people.selectors import get_staff_for_viewer

from ..forms.careers import (
    AptitudeForm,
    CareerModelEditForm,
    CareerModelForm,
    CareerPlanForm,
    CareerStepForm,
    DeclarationForm,
    PeriodEditForm,
    PeriodForm,
)
from ..selectors import careers as selectors
from ..services import careers as services


def _errors_to(form, exc: ValidationError) -> None:
    for message in exc.messages:
        form.add_error(None, message)


@require_perm("talent.career_view")
def career_overview(request):
    viewer = request.membership
    org = viewer.organisation
    ladder = selectors.ladder_counts(org)
    return render(
        request,
        "talent/career_overview.html",
        {
            "models": list(selectors.career_models(org)),
            "ladder": ladder,
            "chart": {"labels": [r.step.name for r in ladder], "data": [r.people for r in ladder]},
            "can_manage": can(viewer, "talent.career_manage"),
        },
    )


@require_perm("talent.career_manage")
def career_model_create(request):
    viewer = request.membership
    form = CareerModelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            model = services.career_model_create(actor=viewer, **form.cleaned_data)
        except ValidationError as exc:
            _errors_to(form, exc)
        else:
            messages.success(request, f"キャリアモデル「{model.name}」を追加しました。")
            return redirect("talent:career_overview")
    return render(request, "talent/career_model_form.html", {"form": form, "model": None})


@require_perm("talent.career_manage")
def career_model_edit(request, pk: int):
    viewer = request.membership
    model = selectors.get_career_model_for_viewer(viewer, pk)
    initial = {
        k: getattr(model, k) for k in ("name", "description", "field_label", "sort_order", "is_active")
    }
    form = CareerModelEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.career_model_update(actor=viewer, career_model=model, **form.cleaned_data)
        except ValidationError as exc:
            _errors_to(form, exc)
        else:
            messages.success(request, f"キャリアモデル「{model.name}」を保存しました。")
            return redirect("talent:career_overview")
    return render(request, "talent/career_model_form.html", {"form": form, "model": model})


@require_perm("talent.career_manage")
def career_step_edit(request, pk: int):
    viewer = request.membership
    step = selectors.get_step_for_viewer(viewer, pk)
    initial = {
        "name": step.name,
        "description": step.description,
        "talent_type": step.talent_type_id,
        "sub_role": step.sub_role_id,
    }
    form = CareerStepForm(request.POST or None, organisation=viewer.organisation, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.career_step_update(actor=viewer, step=step, **form.cleaned_data)
        except ValidationError as exc:
            _errors_to(form, exc)
        else:
            messages.success(request, f"キャリアラダーの{step.order}段目を保存しました。")
            return redirect("talent:career_overview")
    return render(request, "talent/career_step_form.html", {"form": form, "step": step})


# --- a person's own career plan and 自己申告 ------------------------------------------------------------


@require_perm("talent.my_career")
def my_career(request):
    viewer = request.membership
    staff = viewer.staff
    org = viewer.organisation
    if staff is None:
        return render(request, "talent/my_career.html", {"staff": None})
    plan = selectors.career_plan_of(staff)
    initial = (
        {
            "career_model": plan.career_model_id,
            "field": plan.field,
            "from_fiscal_year": plan.from_fiscal_year,
            "next_role": plan.next_role,
            "objective": plan.objective,
        }
        if plan
        else {}
    )
    form = CareerPlanForm(request.POST or None, organisation=org, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.career_plan_save(actor=viewer, **form.cleaned_data)
        except ValidationError as exc:
            _errors_to(form, exc)
        else:
            messages.success(request, "キャリアプランを保存しました。")
            return redirect("talent:my_career")
    period = selectors.open_period(org)
    return render(
        request,
        "talent/my_career.html",
        {
            "staff": staff,
            "form": form,
            "models": list(selectors.career_models(org, active_only=True)),
            "steps": selectors.career_steps(org),
            "position": selectors.position_of(staff),
            "period": period,
            "declaration": selectors.declaration_of(staff, period),
            "latest": selectors.latest_declaration(staff),
        },
    )


@require_perm("talent.my_career")
def my_declaration(request):
    viewer = request.membership
    staff = viewer.staff
    org = viewer.organisation
    period = selectors.open_period(org)
    if staff is None or period is None:
        messages.info(request, "いまは自己申告の受付期間ではありません。")
        return redirect("talent:my_career")
    current = selectors.declaration_of(staff, period)
    initial = (
        {
            "wish": current.wish,
            "wish_unit": current.wish_unit_id,
            "wish_text": current.wish_text,
            "dx_interest": current.dx_interest,
            "motivation": current.motivation,
            "comment": current.comment,
        }
        if current
        else {}
    )
    form = DeclarationForm(request.POST or None, organisation=org, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.declaration_submit(actor=viewer, period=period, **form.cleaned_data)
        except ValidationError as exc:
            _errors_to(form, exc)
        else:
            messages.success(
                request,
                f"{period.fiscal_year}年度の自己申告を{'保存' if current else '提出'}しました。締切日までは直せます。",
            )
            return redirect("talent:my_career")
    return render(request, "talent/my_declaration.html", {"form": form, "period": period, "current": current})


# --- hr: 自己申告 periods, aptitude notes ------------------------------------------------------------


@require_perm("talent.declaration_manage")
def declaration_periods(request):
    from jinzai.core.services import today

    viewer = request.membership
    next_fy = fiscal_year_of(today()) + 1
    form = PeriodForm(request.POST or None, initial={"fiscal_year": next_fy})
    if request.method == "POST" and form.is_valid():
        try:
            period = services.declaration_period_create(actor=viewer, **form.cleaned_data)
        except ValidationError as exc:
            _errors_to(form, exc)
        else:
            messages.success(
                request,
                f"{period.fiscal_year}年度の自己申告の受付を作りました。受付期間になると職員のホームに表示されます。",
            )
            return redirect("talent:declaration_period_detail", pk=period.pk)
    return render(
        request,
        "talent/declaration_periods.html",
        {
            "periods": list(selectors.periods_of(viewer.organisation)),
            "form": form,
            "can_import": can(viewer, "talent.evaluation_import"),
        },
    )


@require_perm("talent.declaration_manage")
def declaration_period_detail(request, pk: int):
    viewer = request.membership
    period = selectors.get_period_for_viewer(viewer, pk)
    form = PeriodEditForm(
        request.POST or None,
        initial={"opens_on": period.opens_on, "closes_on": period.closes_on, "note": period.note},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.declaration_period_update(actor=viewer, period=period, **form.cleaned_data)
        except ValidationError as exc:
            _errors_to(form, exc)
        else:
            messages.success(request, "受付の期間を保存しました。")
            return redirect("talent:declaration_period_detail", pk=period.pk)
    return render(
        request,
        "talent/declaration_period.html",
        {
            "period": period,
            "form": form,
            "responses": selectors.period_responses(period),
            "declarations": list(selectors.period_declarations(period)[:500]),
            "paths": unit_paths(viewer.organisation),
        },
    )


@require_perm("talent.declaration_manage")
def declaration_export(request, pk: int):
    viewer = request.membership
    period = selectors.get_period_for_viewer(viewer, pk)
    paths = unit_paths(viewer.organisation)
    qs = selectors.period_declarations(period)

    def rows():
        for d in qs.iterator(chunk_size=2000):
            yield [
                d.staff.staff_no,
                d.staff.name,
                paths.get(d.staff.current_unit_id, ""),
                d.get_wish_display(),
                paths.get(d.wish_unit_id, "") if d.wish_unit_id else "",
                d.wish_text,
                d.get_dx_interest_display(),
                d.motivation,
                d.comment,
                d.submitted_at.date(),
            ]

    return export_response(
        request,
        TableExport(
            actor=viewer,
            action="declaration.export",
            what="自己申告",
            parts=(f"{period.fiscal_year}年度",),
            headers=[
                "職員番号",
                "氏名",
                "所属",
                "異動の希望",
                "希望する所属",
                "希望（自由記入）",
                "DXの仕事への関心",
                "意欲",
                "申し出",
                "提出日",
            ],
            rows=rows,
            count=qs.count(),
        ),
    )


@require_perm("talent.aptitude_write")
def aptitude_add(request, pk: int):
    viewer = request.membership
    staff = get_staff_for_viewer(viewer, pk)
    form = AptitudeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.aptitude_note_add(actor=viewer, staff=staff, text=form.cleaned_data["text"])
        except ValidationError as exc:
            _errors_to(form, exc)
        else:
            messages.success(request, f"{staff.name}さんの適性のメモを記入しました。")
            return redirect("people:staff_detail", pk=staff.pk)
    return render(request, "talent/aptitude_form.html", {"form": form, "staff": staff})
