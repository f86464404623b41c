"""Reads of development plans, targets, roadmap tasks and starter actions, scoped by the viewer."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, F, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from jinzai.core.dates import fiscal_year_of
from jinzai.core.selectors import active_units
from jinzai.talent.models import SubRole, TalentType

from .models import (
    DevelopmentPlan,
    LevelAssessment,
    MaturityLevel,
    PlanLevel,
    RoadmapTask,
    StarterAction,
    Status,
    Target,
)

LONG_TERM = "long"  # the 工程 column 「長期的（定着化）」 (fiscal_year is NULL)


def plans_visible_to(viewer) -> QuerySet[DevelopmentPlan]:
    return DevelopmentPlan.objects.filter(organisation=viewer.organisation)


def plan_list(viewer) -> QuerySet[DevelopmentPlan]:
    return (
        plans_visible_to(viewer)
        .annotate(n_targets=Count("targets", distinct=True))
        .order_by("-start_fy", "-version", "-id")
    )


def get_plan_for_viewer(viewer, pk: int) -> DevelopmentPlan:
    return get_object_or_404(plans_visible_to(viewer).select_related("organisation"), pk=pk)


def get_target_for_viewer(viewer, pk: int) -> Target:
    return get_object_or_404(
        Target.objects.filter(plan__organisation=viewer.organisation).select_related(
            "plan", "plan__organisation", "talent_type", "sub_role", "unit"
        ),
        pk=pk,
    )


def get_task_for_viewer(viewer, pk: int) -> RoadmapTask:
    return get_object_or_404(
        RoadmapTask.objects.filter(plan__organisation=viewer.organisation).select_related(
            "plan", "talent_type", "owner_unit"
        ),
        pk=pk,
    )


def get_starter_for_viewer(viewer, pk: int) -> StarterAction:
    return get_object_or_404(StarterAction.objects.filter(organisation=viewer.organisation), pk=pk)


def default_plan(organisation) -> DevelopmentPlan | None:
    """The plan a dashboard or `plan_status` shows by default: the latest approved, else the latest draft."""
    plans = DevelopmentPlan.objects.filter(organisation=organisation)
    return (
        plans.filter(status=Status.APPROVED).order_by("-start_fy", "-version", "-id").first()
        or plans.filter(status=Status.DRAFT).order_by("-start_fy", "-version", "-id").first()
    )


def pending_revision(plan: DevelopmentPlan) -> DevelopmentPlan | None:
    return DevelopmentPlan.objects.filter(based_on=plan, status=Status.DRAFT).order_by("-id").first()


def talent_types_of(organisation, *, active_only: bool = True) -> QuerySet[TalentType]:
    qs = TalentType.objects.filter(organisation=organisation)
    if active_only:
        qs = qs.filter(is_active=True)
    return qs.order_by("sort_order", "id")


def sub_roles_of(organisation) -> QuerySet[SubRole]:
    return (
        SubRole.objects.filter(organisation=organisation, is_active=True)
        .select_related("talent_type")
        .order_by("talent_type__sort_order", "sort_order", "id")
    )


def latest_assessed_levels(organisation) -> dict[int, int]:
    """talent type id → the level of its latest assessment (one query)."""
    latest: dict[int, int] = {}
    rows = LevelAssessment.objects.filter(organisation=organisation).order_by(
        "-fiscal_year", "-assessed_on", "-id"
    )
    for type_id, level in rows.values_list("talent_type_id", "level"):
        latest.setdefault(type_id, level)
    return latest


def level_names(organisation) -> dict[tuple[int, int], str]:
    """(talent type id, level) → the level's name."""
    return {
        (t, n): name
        for t, n, name in MaturityLevel.objects.filter(organisation=organisation).values_list(
            "talent_type_id", "level", "name"
        )
    }


def plan_levels(plan: DevelopmentPlan) -> list[PlanLevel]:
    return list(plan.levels.select_related("talent_type").order_by("talent_type__sort_order", "id"))


def plan_tasks(plan: DevelopmentPlan) -> QuerySet[RoadmapTask]:
    """Tasks by year (長期的 last), then talent type, 区分 and entry order."""
    return plan.tasks.select_related("talent_type", "owner_unit").order_by(
        F("fiscal_year").asc(nulls_last=True), "talent_type__sort_order", "kind", "sort_order", "id"
    )


def roadmap_grid(plan: DevelopmentPlan) -> dict:
    """The 工程 table: rows = talent types (those with levels or tasks), columns = years + 長期的.

    Each cell is a list of (区分 label, [tasks]) in the order 育成, 配置, 確保, 体制.
    """
    tasks = list(plan_tasks(plan))
    type_ids = {lv.talent_type_id for lv in plan.levels.all()} | {t.talent_type_id for t in tasks}
    types = [t for t in talent_types_of(plan.organisation, active_only=False) if t.pk in type_ids]
    columns = [*plan.fiscal_years, LONG_TERM]
    cells: dict[tuple[int, object], dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for task in tasks:
        col = task.fiscal_year if task.fiscal_year is not None else LONG_TERM
        cells[(task.talent_type_id, col)][task.kind].append(task)
    kinds = RoadmapTask.Kind
    rows = []
    for talent_type in types:
        row = []
        for col in columns:
            by_kind = cells.get((talent_type.pk, col), {})
            row.append([(label, by_kind[key]) for key, label in kinds.choices if by_kind.get(key)])
        rows.append({"talent_type": talent_type, "cells": row})
    return {"columns": columns, "rows": rows, "count": len(tasks)}


def current_fiscal_year() -> int:
    return fiscal_year_of(timezone.localdate())


def display_year(plan: DevelopmentPlan) -> int:
    """This fiscal year, kept inside the plan's period (the first year before it starts, the last after)."""
    fy = current_fiscal_year()
    return min(max(fy, plan.start_fy), plan.end_fy)


def starter_actions(organisation) -> QuerySet[StarterAction]:
    return StarterAction.objects.filter(organisation=organisation).order_by("key")


def level_history(organisation) -> list[dict]:
    """LevelAssessment history per talent type: one row per (type, fiscal year) with the latest level."""
    rows = (
        LevelAssessment.objects.filter(organisation=organisation)
        .select_related("talent_type")
        .order_by("talent_type__sort_order", "talent_type_id", "fiscal_year", "assessed_on", "id")
    )
    by_type: dict[int, dict] = {}
    for a in rows:
        entry = by_type.setdefault(a.talent_type_id, {"talent_type": a.talent_type, "years": {}})
        entry["years"][a.fiscal_year] = a.level  # later rows of the same year win
    return list(by_type.values())


def information_unit(organisation):
    """The information section the wizard proposes to staff: the first unit marked 情報システム担当."""
    return (
        active_units(organisation, timezone.localdate())
        .filter(is_it=True)
        .order_by("sort_order", "id")
        .first()
    )
