"""Views of development plans: list, create, the plan as a document, edit, approve, revise, export, import."""

from __future__ import annotations

import json
from datetime import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from jinzai.core import hooks
from jinzai.core.access import can, require_perm
from jinzai.core.audit import audit
from jinzai.core.dates import fiscal_year_label
from jinzai.core.exports import download_filename, file_response
from jinzai.core.params import id_param
from jinzai.core.selectors import unit_paths

from ..exports import plans as exports
from ..forms.plans import ApproveForm, PlanEditForm, PlanForm, PlanImportForm
from ..models import Status
from ..selectors import plans as sel
from ..selectors.progress import TargetStatus, plan_progress, plan_progress_now, status_counts
from ..services import plan_import as importing
from ..services import plans as services


def _errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@require_perm("planning.plan_view")
def plan_list(request):
    viewer = request.membership
    rows = []
    for plan in sel.plan_list(viewer):
        counts = None
        if plan.status != Status.SUPERSEDED and plan.n_targets:
            counts = status_counts(plan_progress_now(plan))
        rows.append({"plan": plan, "counts": counts})
    return render(
        request,
        "planning/plan_list.html",
        {
            "rows": rows,
            "labels": TargetStatus.LABELS,
            "order": [s for s in TargetStatus.ORDER if s != TargetStatus.NOT_YET],
            "can_edit": can(viewer, "planning.plan_edit"),
            "can_import": can(viewer, "planning.plan_import"),
        },
    )


@require_perm("planning.plan_edit")
def plan_create(request):
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = services.plan_create(
                actor=request.membership,
                title=data["title"],
                start_fy=data["start_fy"],
                years=data["years"],
                summary=data["summary"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request, "計画の下書きを作りました。育成目標レベルを確かめて、目標と工程を加えてください。"
            )
            return redirect("planning:plan_detail", pk=plan.pk)
    return render(request, "planning/plan_form.html", {"form": form, "plan": None})


def plan_context(plan) -> dict:
    """What the plan document (detail page) shows; the dashboard reuses the progress part."""
    progress = plan_progress(plan)
    year = sel.display_year(plan)
    names = sel.level_names(plan.organisation)
    plan_levels = sel.plan_levels(plan)
    levels = [
        {
            "level": lv,
            "current": names.get((lv.talent_type_id, lv.current_level), ""),
            "target": names.get((lv.talent_type_id, lv.target_level), ""),
        }
        for lv in plan_levels
    ]
    lookups = exports.Lookups.of(plan.organisation)
    targets = []
    for p in progress:
        y = p.year(year)
        described = exports.describe_target(p.target, lookups)
        targets.append(
            {
                "p": p,
                "metric": hooks.METRICS.get(p.target.metric),
                "year": y,
                "counts": described["数える人材像"],
                "conditions": [
                    f"{k}：{described[k]}"
                    for k in exports.POPULATION_HEADERS[1:-1]
                    if described[k] and not (k == "所属" and p.target.unit_id)
                ],
                "more_than": p.target.params.get("comparison") == "more_than",
                "final": exports.with_unit(p.target.target_value, p.unit),
                "expected": exports.with_unit(y.expected, p.unit),
                "to_date": exports.with_unit(y.expected_to_date, p.unit) if y.in_progress else "",
                "actual": exports.with_unit(y.actual, p.unit),
                "measured_baseline": exports.with_unit(p.measured_baseline, p.unit)
                if p.baseline_conflict
                else "",
                "baseline": exports.with_unit(p.baseline, p.unit),
            }
        )
    return {
        "plan": plan,
        "progress": progress,
        "year": year,
        "levels": levels,
        "conflicts": sel.level_conflicts(plan, plan_levels),
        "targets": targets,
        "grid": sel.roadmap_grid(plan),
        "paths": unit_paths(plan.organisation),
        "warnings": sel.plan_warnings(plan),
    }


@require_perm("planning.plan_view")
def plan_detail(request, pk: int):
    viewer = request.membership
    plan = sel.get_plan_for_viewer(viewer, pk)
    context = plan_context(plan)
    context.update(
        can_edit=can(viewer, "planning.plan_edit") and plan.is_editable,
        can_approve=can(viewer, "planning.plan_approve") and plan.is_editable,
        can_revise=can(viewer, "planning.plan_edit") and plan.status == Status.APPROVED,
        can_export=can(viewer, "planning.plan_export"),
        approve_form=ApproveForm(),
        revision=sel.pending_revision(plan) if plan.status == Status.APPROVED else None,
        based_on=plan.based_on,
        can_import=can(viewer, "planning.plan_import"),
    )
    return render(request, "planning/plan_detail.html", context)


@require_perm("planning.plan_edit")
def plan_edit(request, pk: int):
    viewer = request.membership
    plan = sel.get_plan_for_viewer(viewer, pk)
    if not plan.is_editable:
        messages.error(request, services.READ_ONLY)
        return redirect("planning:plan_detail", pk=plan.pk)
    latest = sel.latest_assessed_levels(plan.organisation)
    defaults = {k: (v, min(v + 1, 5)) for k, v in latest.items()}
    initial = {
        "title": plan.title,
        "start_fy": plan.start_fy,
        "years": plan.end_fy - plan.start_fy + 1,
        "summary": plan.summary,
    }
    form = PlanEditForm(request.POST or None, plan=plan, defaults=defaults, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        levels = [
            services.LevelChoice(talent_type, cur, tgt, note)
            for talent_type, cur, tgt, note in form.chosen_levels()
        ]
        try:
            services.plan_update(
                actor=viewer,
                plan=plan,
                title=data["title"],
                start_fy=data["start_fy"],
                years=data["years"],
                summary=data["summary"],
                levels=levels,
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, "計画を保存しました。")
            return redirect("planning:plan_detail", pk=plan.pk)
    return render(request, "planning/plan_form.html", {"form": form, "plan": plan})


@require_perm("planning.plan_edit")
@require_POST
def plan_level_sync(request, pk: int):
    """The plan's 現状 and the latest assessment differ: the user chose the assessment."""
    viewer = request.membership
    plan = sel.get_plan_for_viewer(viewer, pk)
    back = f"{reverse('planning:plan_detail', kwargs={'pk': plan.pk})}#levels-h"
    type_id = id_param(request.POST, "talent_type")
    if type_id is None:
        messages.error(request, "合わせる人材像がわかりませんでした。もう一度ボタンを押してください。")
        return redirect(back)
    talent_type = sel.get_plan_type_for_viewer(viewer, type_id)
    try:
        row = services.plan_level_sync(actor=viewer, plan=plan, talent_type=talent_type)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(
            request,
            f"「{talent_type.name}」の現状を、最新の評価（レベル{row.current_level}）に合わせました。",
        )
    return redirect(back)


@require_perm("planning.plan_approve")
@require_POST
def plan_approve(request, pk: int):
    plan = sel.get_plan_for_viewer(request.membership, pk)
    form = ApproveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "承認するには、承認者と承認日を入力してください。")
        return redirect("planning:plan_detail", pk=plan.pk)
    try:
        services.plan_approve(
            actor=request.membership,
            plan=plan,
            approver_name=form.cleaned_data["approver_name"],
            approved_on=form.cleaned_data["approved_on"],
        )
    except ValidationError as exc:
        _errors(request, exc)
    else:
        note = "前の版は「改定済（旧版）」になりました。" if plan.based_on_id else ""
        messages.success(request, f"計画（第{plan.version}版）を承認しました。{note}")
    return redirect("planning:plan_detail", pk=plan.pk)


@require_perm("planning.plan_edit")
@require_POST
def plan_revise(request, pk: int):
    plan = sel.get_plan_for_viewer(request.membership, pk)
    try:
        draft = services.plan_revise(actor=request.membership, plan=plan)
    except ValidationError as exc:
        _errors(request, exc)
        return redirect("planning:plan_detail", pk=plan.pk)
    messages.success(
        request,
        f"第{draft.version}版の下書きを作りました。承認するまでは、今の第{plan.version}版が有効です。",
    )
    return redirect("planning:plan_detail", pk=draft.pk)


# --- exports and import --------------------------------------------------------------------------


def _name_parts(plan) -> tuple[str, ...]:
    """「育成計画」「令和8年度」「第1版」: what the file is, the plan's first year and its version."""
    return ("育成計画", fiscal_year_label(plan.start_fy).split("（")[0], f"第{plan.version}版")


@require_perm("planning.plan_export")
def plan_docx(request, pk: int):
    viewer = request.membership
    plan = sel.get_plan_for_viewer(viewer, pk)
    body = exports.plan_docx(plan, plan_progress(plan))
    audit(viewer, "plan.export", plan, detail={"format": "docx", "at": datetime.now().isoformat()})
    return file_response(
        body,
        filename=download_filename(plan.organisation, *_name_parts(plan), ext="docx"),
        content_type=exports.DOCX_TYPE,
    )


@require_perm("planning.plan_export")
def plan_xlsx(request, pk: int):
    """The KPI workbook: the 目標 sheet (with what each target counts) and the 工程 sheet."""
    viewer = request.membership
    plan = sel.get_plan_for_viewer(viewer, pk)
    body = exports.plan_xlsx(plan, plan_progress(plan))
    audit(viewer, "plan.export", plan, detail={"format": "xlsx", "at": datetime.now().isoformat()})
    return file_response(
        body,
        filename=download_filename(plan.organisation, *_name_parts(plan), ext="xlsx"),
        content_type=exports.XLSX,
    )


@require_perm("planning.plan_export")
def plan_json(request, pk: int):
    """The plan as JSON; ``?template=1`` leaves every unit out (a template for other organisations)."""
    viewer = request.membership
    plan = sel.get_plan_for_viewer(viewer, pk)
    template = request.GET.get("template") == "1"
    body = json.dumps(exports.plan_as_dict(plan, template=template), ensure_ascii=False, indent=2)
    audit(
        viewer,
        "plan.export",
        plan,
        detail={"format": "json", "template": template, "at": datetime.now().isoformat()},
    )
    parts = _name_parts(plan)
    if template:
        parts = (parts[0], "ひな形", parts[1])
    return file_response(
        body.encode(),
        filename=download_filename(plan.organisation, *parts, ext="json"),
        content_type="application/json; charset=utf-8",
    )


@require_perm("planning.plan_import")
def plan_import(request):
    form = PlanImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            plan = importing.plan_import(
                actor=request.membership,
                content=upload.read(),
                start_fy=form.cleaned_data["start_fy"],
                file_name=upload.name,
            )
        except importing.PlanImportError as exc:
            errors = exc.errors
        else:
            warnings = len(plan.import_warnings or [])
            note = (
                f"この団体にない所属・資格などが{warnings}件あり、空欄にしました。"
                "計画の画面の「取込で空欄にした項目」から直してください。"
                if warnings
                else "中身を確かめてください。"
            )
            messages.success(request, f"「{upload.name}」から計画の下書きを作りました。{note}")
            return redirect("planning:plan_detail", pk=plan.pk)
    return render(request, "planning/plan_import.html", {"form": form, "errors": errors})
