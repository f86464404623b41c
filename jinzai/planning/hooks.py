"""What the planning app adds (see core/hooks.py): its metrics, the home panel of the current plan, and the
defaults a new organisation or talent type gets (talent types, five maturity levels, starter actions)."""

from __future__ import annotations

from jinzai.core import hooks
from jinzai.core.access import can
from jinzai.core.hooks import Panel

from . import metrics  # noqa: F401  (registers the built-in metrics)
from .defaults import install_levels_for, install_planning_defaults
from .selectors.plans import default_plan
from .selectors.progress import plan_progress_now, status_counts


@hooks.HOME_PANELS.register
def plan_panel(membership) -> Panel | None:
    if not can(membership, "planning.plan_view"):
        return None
    plan = default_plan(membership.organisation)
    if plan is None:
        return Panel(
            "planning/home_panel.html", {"plan": None, "can_edit": can(membership, "planning.plan_edit")}
        )
    progress = plan_progress_now(plan)
    counts = status_counts(progress)
    behind = [p for p in progress if p.status in {"behind", "watch"}]
    return Panel(
        "planning/home_panel.html",
        {"plan": plan, "counts": counts, "behind": behind[:5], "total": len(progress)},
    )


hooks.ORGANISATION_CREATED.register(install_planning_defaults)
hooks.TALENT_TYPE_CREATED.register(install_levels_for)  # a new type (e.g. a tier) gets its five levels


# --- 「対応が必要なこと」 and the DX picture of the homes (core.hooks.HOME_TASKS, HOME_PANELS) ----------


def _progress_of(membership, plan):
    """The plan's progress, computed once per request for the task and the DX picture (kept on the
    membership like core.tasks keeps the task list)."""
    cached = getattr(membership, "_jinzai_plan_progress", None)
    if cached is not None and cached[0] == plan.pk:
        return cached[1]
    progress = plan_progress_now(plan)
    membership._jinzai_plan_progress = (plan.pk, progress)
    return progress


@hooks.HOME_TASKS.register
def plan_tasks(membership) -> list:
    """dx_office: the targets of the current plan that are behind or need watching."""
    from django.urls import reverse

    from jinzai.core.hooks import Task, Urgency

    if not can(membership, "planning.plan_edit"):
        return []
    plan = default_plan(membership.organisation)
    if plan is None:
        return []
    counts = status_counts(_progress_of(membership, plan))
    behind, watch = counts.get("behind", 0), counts.get("watch", 0)
    return [
        Task(
            "planning.targets_behind",
            "遅れ・要注意の目標",
            behind + watch,
            reverse("planning:plan_dashboard", args=[plan.pk]),
            detail=f"遅れ {behind}件・要注意 {watch}件（{plan.title}）",
            urgency=Urgency.URGENT if behind else Urgency.NORMAL,
        )
    ]


def _coverage_progress(membership, plan) -> list:
    """The progress of the plan's targets counted in units (配置の網羅): taken from the whole plan's progress
    when this request computed it already, else measured for those targets only."""
    from .metrics import get_metric, shared_loads
    from .selectors.plans import plan_targets
    from .selectors.progress import target_progress

    cached = getattr(membership, "_jinzai_plan_progress", None)
    if cached is not None and cached[0] == plan.pk:
        return [p for p in cached[1] if p.unit == "所属"]
    targets = [t for t in plan_targets(plan) if get_metric(t.metric).unit == "所属"]
    with shared_loads():
        return [target_progress(t) for t in targets]


def _amount(value, unit: str) -> str:
    if value is None:
        return "—"
    number = int(value) if value == int(value) else float(round(value, 1))
    return f"レベル{number}" if unit == "レベル" else f"{number:,}{unit}"


@hooks.HOME_PANELS.register
def levels_panel(membership) -> Panel | None:
    """The DX picture beside the plan panel (aggregates only): each talent type's latest assessed level
    against the plan's target, and the coverage targets (units with enough people) as measured today."""
    from .selectors.plans import level_overview

    if not can(membership, "planning.level_view"):
        return None
    plan = default_plan(membership.organisation)
    levels = level_overview(membership.organisation, plan)
    coverage = []
    if plan is not None:
        for p in _coverage_progress(membership, plan):
            latest = p.latest
            if latest is None:
                continue
            coverage.append(
                {
                    "label": p.target.label,
                    "actual": _amount(latest.actual, p.unit),
                    "target": _amount(p.target.target_value, p.unit),
                    "status": latest.status_label,
                    "badge": latest.badge,
                    "fiscal_year": latest.fiscal_year,
                }
            )
    if not levels and not coverage:
        return None
    return Panel(
        "planning/home_levels.html",
        {
            "plan": plan,
            "levels": levels,
            "coverage": coverage,
            "can_edit": can(membership, "planning.level_manage"),
        },
    )


@hooks.PLANNED_EFFECTS.register
def plan_target_effects(organisation, state, day) -> list[dict] | None:
    """Each target of the default plan measured on ``day`` as the database is and as a planned state (a
    draft transfer list, talent.planned) would leave it — the transfer simulation shows both."""
    from jinzai.talent.planned import planned

    from .metrics import shared_loads
    from .selectors.plans import plan_targets

    plan = default_plan(organisation)
    if plan is None:
        return None
    targets = [t for t in plan_targets(plan) if t.metric in hooks.METRICS]
    with shared_loads():
        before = [hooks.METRICS[t.metric].measure(t, [day])[0].value for t in targets]
    with planned(state), shared_loads():
        after = [hooks.METRICS[t.metric].measure(t, [day])[0].value for t in targets]
    return [
        {
            "label": t.label,
            "unit": hooks.METRICS[t.metric].unit,
            "before": b,
            "after": a,
            "target": t.target_value,
            "per_unit": (t.params or {}).get("per_unit") if "coverage" in t.metric else None,
        }
        for t, b, a in zip(targets, before, after, strict=True)
    ]
