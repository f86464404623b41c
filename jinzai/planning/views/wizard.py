"""The plan wizard for a small municipality: four steps kept in the session, no JavaScript needed.

1 期間と人材像 → 2 育成目標レベル → 3 目標（団体のデータから提案） → 4 工程（ひな形から提案） → a draft plan.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from jinzai.core.access import require_perm
from jinzai.core.params import int_param, parse_int

from ..forms.plans import WizardLevelsForm, WizardPeriodForm, WizardRoadmapForm, WizardTargetsForm
from ..selectors import plans as sel
from ..services.plans import LevelChoice, default_levels
from ..services.wizard import plan_create_from_wizard, propose_roadmap, propose_targets

SESSION_KEY = "planning_wizard"
STEPS = [(1, "期間と人材像"), (2, "育成目標レベル"), (3, "目標"), (4, "工程")]
TEMPLATES = {
    1: "planning/wizard_period.html",
    2: "planning/wizard_levels.html",
    3: "planning/wizard_targets.html",
    4: "planning/wizard_roadmap.html",
}


def _state(request) -> dict:
    state = request.session.get(SESSION_KEY) or {}
    if state.get("org") != request.membership.organisation_id:
        state = {"org": request.membership.organisation_id, "reached": 1}
    return state


def _save(request, state: dict) -> None:
    request.session[SESSION_KEY] = state
    request.session.modified = True


def _goto(step: int):
    return redirect(f"{reverse('planning:wizard')}?step={step}")


def _types(request, state):
    return sel.talent_types_by_ids(request.membership.organisation, state.get("types") or [])


def _levels(request, state, types) -> dict[int, tuple[int, int]]:
    defaults = default_levels(request.membership.organisation)
    saved = state.get("levels") or {}
    return {t.pk: tuple(saved.get(str(t.pk)) or defaults.get(t.pk, (1, 2))) for t in types}


def _proposals(request, state, types):
    return propose_targets(
        request.membership.organisation,
        types=types,
        levels=_levels(request, state, types),
        start_fy=state["start_fy"],
        years=state["years"],
    )


def _form(request, step: int, state: dict, data=None):
    organisation = request.membership.organisation
    if step == 1:
        initial = {
            "title": state.get("title") or "デジタル人材育成計画",
            "start_fy": state.get("start_fy") or sel.current_fiscal_year(),
            "years": state.get("years") or 3,
            "types": state.get("types") or [t.pk for t in sel.talent_types_of(organisation)],
        }
        return WizardPeriodForm(data, organisation=organisation, initial=initial), {}
    types = _types(request, state)
    if step == 2:
        levels = _levels(request, state, types)
        initial = {}
        for pk, (cur, tgt) in levels.items():
            initial[f"current_{pk}"], initial[f"target_{pk}"] = cur, tgt
        form = WizardLevelsForm(
            data,
            types=types,
            names=sel.level_names(organisation),
            assessed=sel.latest_assessments(organisation),
            initial=initial,
        )
        return form, {}
    if step == 3:
        proposals = _proposals(request, state, types)
        saved = state.get("targets") or {}
        initial = {}
        for p in proposals.targets:
            use, value = saved.get(p.key, (True, p.value))
            initial[f"use_{p.key}"], initial[f"value_{p.key}"] = use, value
        form = WizardTargetsForm(data, proposals=proposals.targets, initial=initial)
        return form, {"notes": proposals.notes}
    tasks = propose_roadmap(organisation, types=types, start_fy=state["start_fy"], years=state["years"])
    form = WizardRoadmapForm(data, tasks=tasks)
    years = list(range(state["start_fy"], state["start_fy"] + state["years"]))
    return form, {
        "tasks": tasks,
        "task_rows": list(zip(tasks, [form[f"task_{i}"] for i in range(len(tasks))], strict=True)),
        "years": years,
    }


def _store(request, step: int, state: dict, form) -> None:
    data = form.cleaned_data
    if step == 1:
        changed = (state.get("start_fy"), state.get("years"), state.get("types")) != (
            data["start_fy"],
            data["years"],
            data["types"],
        )
        state.update(title=data["title"], start_fy=data["start_fy"], years=data["years"], types=data["types"])
        if changed:
            state.pop("targets", None)
    elif step == 2:
        state["levels"] = {str(t.pk): [data[f"current_{t.pk}"], data[f"target_{t.pk}"]] for t in form.rows}
        state.pop("targets", None)
    elif step == 3:
        state["targets"] = {
            p.key: [
                bool(data.get(f"use_{p.key}")),
                data.get(f"value_{p.key}") if data.get(f"value_{p.key}") is not None else p.value,
            ]
            for p in form.proposals
        }
    state["reached"] = max(state.get("reached", 1), step + 1)


def _create(request, state: dict, form):
    organisation = request.membership.organisation
    types = _types(request, state)
    levels = _levels(request, state, types)
    proposals = _proposals(request, state, types)
    chosen = []
    for p in proposals.targets:
        use, value = (state.get("targets") or {}).get(p.key, (True, p.value))
        if use:
            chosen.append((p, parse_int(value) or 0))
    plan = plan_create_from_wizard(
        actor=request.membership,
        title=state["title"],
        start_fy=state["start_fy"],
        years=state["years"],
        levels=[LevelChoice(t, *levels[t.pk]) for t in types],
        targets=chosen,
        tasks=form.chosen(),
        summary="",
    )
    del organisation
    return plan


@require_perm("planning.plan_edit")
def wizard(request):
    state = _state(request)
    if request.GET.get("restart"):
        request.session.pop(SESSION_KEY, None)
        return _goto(1)
    if request.method == "POST":
        step = int_param(request.POST, "step", default=0, minimum=0, maximum=9, strict=False)
        if not 1 <= step <= min(state.get("reached", 1), 4):
            messages.error(request, "ウィザードの手順がわからなくなりました。はじめからやり直してください。")
            return _goto(1)
        if "back" in request.POST:
            return _goto(max(step - 1, 1))
        form, extra = _form(request, step, state, request.POST)
        if form.is_valid():
            if step < 4:
                _store(request, step, state, form)
                _save(request, state)
                return _goto(step + 1)
            try:
                plan = _create(request, state, form)
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                request.session.pop(SESSION_KEY, None)
                messages.success(
                    request,
                    "ウィザードで計画の下書きを作りました。内容を確かめ、必要なら直してから承認してください。",
                )
                return redirect("planning:plan_detail", pk=plan.pk)
    else:
        step = int_param(request.GET, "step", default=1, minimum=1, maximum=9, strict=False)
        step = max(1, min(step, state.get("reached", 1), 4))
        form, extra = _form(request, step, state)
    return render(
        request,
        "planning/wizard_step.html",
        {
            "form": form,
            "step": step,
            "steps": STEPS,
            "step_title": dict(STEPS)[step],
            "step_template": TEMPLATES[step],
            "state": state,
            **extra,
        },
    )
