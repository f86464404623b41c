"""What the planning app adds (see core/hooks.py): its metrics, the home panel of the current plan, and the
defaults a new organisation or talent type gets (talent types, five maturity levels, starter actions)."""

from __future__ import annotations

from jinzai.core import hooks
from jinzai.core.access import can
from jinzai.core.hooks import Panel

from . import metrics  # noqa: F401  (registers the built-in metrics)
from .defaults import install_levels_for, install_planning_defaults
from .progress import plan_progress, status_counts
from .selectors_plans import default_plan


@hooks.HOME_PANELS.register
def plan_panel(membership) -> Panel | None:
    if not can(membership, "planning.plan_view"):
        return None
    plan = default_plan(membership.organisation)
    if plan is None:
        return Panel(
            "planning/home_panel.html", {"plan": None, "can_edit": can(membership, "planning.plan_edit")}
        )
    progress = plan_progress(plan)
    counts = status_counts(progress)
    behind = [p for p in progress if p.status in {"behind", "watch"}]
    return Panel(
        "planning/home_panel.html",
        {"plan": plan, "counts": counts, "behind": behind[:5], "total": len(progress)},
    )


hooks.ORGANISATION_CREATED.register(install_planning_defaults)
hooks.TALENT_TYPE_CREATED.register(install_levels_for)  # a new type (e.g. a tier) gets its five levels
