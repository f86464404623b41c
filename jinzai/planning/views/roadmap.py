"""Views of the roadmap (工程): add, edit and delete tasks of a draft plan."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from jinzai.core.access import require_perm
from jinzai.core.params import fiscal_year_param, id_param

from ..forms.plans import TaskForm
from ..selectors import plans as sel
from ..selectors.plans import LONG_TERM
from ..services import plans as services


def _roadmap_url(plan) -> str:
    return reverse("planning:plan_detail", kwargs={"pk": plan.pk}) + "#roadmap-h"


def _task_form(request, plan, task=None):
    if not plan.is_editable:
        messages.error(request, services.READ_ONLY)
        return redirect("planning:plan_detail", pk=plan.pk)
    if task is not None:
        initial = {
            "fiscal_year": task.fiscal_year if task.fiscal_year is not None else LONG_TERM,
            "talent_type": task.talent_type_id,
            "kind": task.kind,
            "title": task.title,
            "owner_unit": task.owner_unit_id,
            "status": task.status,
            "notes": task.notes,
        }
    else:
        fy = fiscal_year_param(request.GET, "fy")
        initial = {
            "fiscal_year": fy if fy in plan.fiscal_years else sel.display_year(plan),
            "talent_type": id_param(request.GET, "type", strict=False),
            "kind": "develop",
            "status": "planned",
        }
    form = TaskForm(request.POST or None, plan=plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        values = {
            k: data[k]
            for k in ("fiscal_year", "talent_type", "kind", "title", "owner_unit", "status", "notes")
        }
        try:
            if task is None:
                services.task_create(actor=request.membership, plan=plan, **values)
                messages.success(request, f"工程「{values['title']}」を加えました。")
            else:
                services.task_update(actor=request.membership, task=task, **values)
                messages.success(request, f"工程「{values['title']}」を保存しました。")
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            return redirect(_roadmap_url(plan))
    return render(request, "planning/task_form.html", {"form": form, "plan": plan, "task": task})


@require_perm("planning.plan_edit")
def task_create(request, pk: int):
    return _task_form(request, sel.get_plan_for_viewer(request.membership, pk))


@require_perm("planning.plan_edit")
def task_edit(request, pk: int):
    task = sel.get_task_for_viewer(request.membership, pk)
    return _task_form(request, task.plan, task)


@require_perm("planning.plan_edit")
@require_POST
def task_delete(request, pk: int):
    task = sel.get_task_for_viewer(request.membership, pk)
    plan = task.plan
    try:
        services.task_delete(actor=request.membership, task=task)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"工程「{task.title}」を削除しました。")
    return redirect(_roadmap_url(plan))
