"""The plan dashboard: status cards, one chart per target (with its table), the coverage map,
the level history and the 「はじめの一歩」 checklist."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from jinzai.core import hooks
from jinzai.core.access import can, require_perm
from jinzai.core.dates import fiscal_year_label
from jinzai.core.selectors import unit_paths

from ..exports.plans import number, with_unit
from ..forms.plans import StarterForm
from ..selectors import plans as sel
from ..selectors.progress import STATUS_RULE, TargetStatus, plan_progress_now, status_counts
from ..services import plans as services


def _chart(p) -> dict:
    return {
        "label": p.target.label,
        "unit": p.unit,
        "type": "line",
        "labels": [fiscal_year_label(y.fiscal_year).split("（")[0] for y in p.years],
        "expected": [number(y.expected) for y in p.years],
        "actual": [number(y.actual) for y in p.years],
        "final": number(p.target.target_value),
        "max": 5 if p.unit == "レベル" else (100 if p.unit == "%" else None),
        "min": 1 if p.unit == "レベル" else 0,
    }


def _coverage_maps(progress, year: int, paths: dict[int, str], organisation) -> list[dict]:
    """Per coverage target: units lacking people first, then those with enough, in the unit tree's order."""
    position = {pk: i for i, pk in enumerate(paths)}

    def order_of(pk):
        return position.get(pk, len(position))

    maps = []
    for p in progress:
        if p.target.metric != "coverage":
            continue
        y = p.year(year) if p.year(year) and p.year(year).actual is not None else p.latest
        if y is None:
            maps.append({"p": p, "year": None, "lacking": [], "covered": []})
            continue
        counts = dict(y.detail.get("counts") or {})
        ids = list(y.detail.get("lacking", [])) + list(y.detail.get("covered", []))
        names = {pk: "" for pk in ids if pk in paths}
        missing = [pk for pk in ids if pk not in paths]
        if missing:
            names.update(sel.unit_names(organisation, missing))

        def row(pk, counts=counts, names=names):
            return {"path": paths.get(pk, names.get(pk, "")), "count": counts.get(pk, 0)}

        maps.append(
            {
                "p": p,
                "year": y,
                "per_unit": y.detail.get("per_unit", p.target.params.get("per_unit", 1)),
                "lacking": [row(pk) for pk in sorted(y.detail.get("lacking", []), key=order_of)],
                "covered": [row(pk) for pk in sorted(y.detail.get("covered", []), key=order_of)],
            }
        )
    return maps


@require_perm("planning.plan_view")
def plan_dashboard(request, pk: int):
    viewer = request.membership
    plan = sel.get_plan_for_viewer(viewer, pk)
    organisation = plan.organisation
    progress = plan_progress_now(plan)
    year = sel.display_year(plan)
    counts = status_counts(progress, year)
    charts = []
    for p in progress:
        chart_id = f"chart-{p.target.pk}"
        charts.append(
            {
                "p": p,
                "id": chart_id,
                "data_id": f"{chart_id}-data",
                "data": _chart(p),
                "metric": hooks.METRICS.get(p.target.metric),
                "final": with_unit(p.target.target_value, p.unit),
                "baseline": with_unit(p.baseline, p.unit),
                "rows": [
                    {
                        "y": y,
                        "expected": with_unit(y.expected, p.unit),
                        "to_date": with_unit(y.expected_to_date, p.unit) if y.in_progress else "",
                        "actual": with_unit(y.actual, p.unit),
                    }
                    for y in p.years
                ],
            }
        )
    history = sel.level_history(organisation)
    fys = sorted({fy for h in history for fy in h["years"]})
    level_chart = {
        "labels": [fiscal_year_label(fy).split("（")[0] for fy in fys],
        "series": [
            {"label": h["talent_type"].name, "values": [h["years"].get(fy) for fy in fys]} for h in history
        ],
    }
    starters = list(sel.starter_actions(organisation))
    return render(
        request,
        "planning/plan_dashboard.html",
        {
            "plan": plan,
            "year": year,
            "is_current": year == sel.current_fiscal_year(),
            "counts": [
                (s, TargetStatus.LABELS[s], counts[s], TargetStatus.BADGES[s]) for s in TargetStatus.ORDER
            ],
            "charts": charts,
            "rule": STATUS_RULE,
            "coverage_maps": _coverage_maps(progress, year, unit_paths(organisation), organisation),
            "history": history,
            "history_years": fys,
            "level_chart": level_chart,
            "starters": [
                {"action": a, "form": StarterForm(initial=_starter_initial(a), prefix=f"s{a.pk}")}
                for a in starters
            ],
            "starters_done": sum(1 for a in starters if a.status == "done"),
            "can_edit_starters": can(viewer, "planning.plan_edit"),
        },
    )


def _starter_initial(action) -> dict:
    return {
        "status": action.status,
        "started_on": action.started_on,
        "done_on": action.done_on,
        "notes": action.notes,
    }


@require_perm("planning.plan_edit")
@require_POST
def starter_update(request, pk: int):
    viewer = request.membership
    action = sel.get_starter_for_viewer(viewer, pk)
    form = StarterForm(request.POST, prefix=f"s{action.pk}")
    back = str(request.POST.get("next") or "")
    safe = back.startswith("/planning/") and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}
    )
    target = back if safe else reverse("planning:plan_list")
    if not form.is_valid():
        messages.error(
            request, f"「{action.get_key_display()}」: 状況を選び、日付は正しい形で入力してください。"
        )
        return redirect(target)
    try:
        services.starter_update(actor=viewer, action=action, **form.cleaned_data)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, f"「{action.get_key_display()}」: {message}")
    else:
        messages.success(request, f"「{action.get_key_display()}」の状況を保存しました。")
    return redirect(target)
