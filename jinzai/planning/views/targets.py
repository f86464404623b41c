"""Views of plan targets (育成目標・配置目標): add, edit, delete (drafts only)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from jinzai.core.access import require_perm

from ..forms.plans import TargetForm
from ..selectors import plans as sel
from ..services import plans as plan_services
from ..services import targets as services


def _target_form(request, plan, target=None):
    if not plan.is_editable:
        messages.error(request, plan_services.READ_ONLY)
        return redirect("planning:plan_detail", pk=plan.pk)
    initial = TargetForm.initial_for(target) if target else {"unit_kind": "division", "per_unit": 1}
    form = TargetForm(request.POST or None, plan=plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = form.target_values
        flat = {k: v for k, v in values.items() if k != "params"}
        flat.update(values["params"])
        if "business_only" not in values["params"]:
            flat["business_only"] = True
        try:
            if target is None:
                services.target_create(actor=request.membership, plan=plan, **flat)
                messages.success(request, f"目標「{values['label']}」を加えました。")
            else:
                services.target_update(actor=request.membership, target=target, **flat)
                messages.success(request, f"目標「{values['label']}」を保存しました。")
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            return redirect(f"{plan_detail_url(plan)}#targets-h")
    return render(request, "planning/target_form.html", {"form": form, "plan": plan, "target": target})


def plan_detail_url(plan) -> str:
    from django.urls import reverse

    return reverse("planning:plan_detail", kwargs={"pk": plan.pk})


@require_perm("planning.plan_edit")
def target_create(request, pk: int):
    plan = sel.get_plan_for_viewer(request.membership, pk)
    return _target_form(request, plan)


@require_perm("planning.plan_edit")
def target_edit(request, pk: int):
    target = sel.get_target_for_viewer(request.membership, pk)
    return _target_form(request, target.plan, target)


@require_perm("planning.plan_edit")
@require_POST
def target_delete(request, pk: int):
    target = sel.get_target_for_viewer(request.membership, pk)
    plan = target.plan
    try:
        services.target_delete(actor=request.membership, target=target)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"目標「{target.label}」を削除しました。")
    return redirect(f"{plan_detail_url(plan)}#targets-h")
