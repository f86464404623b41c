"""The home-page panel of the planning app: the current plan and how its targets stand."""

from __future__ import annotations

from jinzai.core.access import can
from jinzai.core.panels import Panel

from .progress import plan_progress, status_counts
from .selectors_plans import default_plan


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
