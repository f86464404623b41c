"""Reads of development plans, targets, roadmap tasks and starter actions, scoped by the viewer.

Every row of a plan carries its organisation (targets, tasks, levels too), and every read here filters by
it. Talent types are listed in tree order (each type, then its tiers) everywhere.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from jinzai.core.dates import fiscal_year_label, fiscal_year_of
from jinzai.core.models import Unit, UserSetting
from jinzai.core.selectors import active_units
from jinzai.talent.models import SubRole, TalentType
from jinzai.talent.selectors import ordered_types, tree_order, types_of

from ..models import (
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
    return get_object_or_404(plans_visible_to(viewer).select_related("organisation", "based_on"), pk=pk)


def get_target_for_viewer(viewer, pk: int) -> Target:
    return get_object_or_404(
        Target.objects.filter(organisation=viewer.organisation).select_related(
            "plan", "plan__organisation", "talent_type", "sub_role", "unit"
        ),
        pk=pk,
    )


def get_task_for_viewer(viewer, pk: int) -> RoadmapTask:
    return get_object_or_404(
        RoadmapTask.objects.filter(organisation=viewer.organisation).select_related(
            "plan", "plan__organisation", "talent_type", "owner_unit"
        ),
        pk=pk,
    )


def get_starter_for_viewer(viewer, pk: int) -> StarterAction:
    return get_object_or_404(StarterAction.objects.filter(organisation=viewer.organisation), pk=pk)


def get_plan_type_for_viewer(viewer, pk: int) -> TalentType:
    return get_object_or_404(TalentType.objects.filter(organisation=viewer.organisation), pk=pk)


def default_plan(organisation) -> DevelopmentPlan | None:
    """The plan a dashboard or `plan_status` shows by default: the latest approved, else the latest draft."""
    plans = DevelopmentPlan.objects.filter(organisation=organisation)
    return (
        plans.filter(status=Status.APPROVED).order_by("-start_fy", "-version", "-id").first()
        or plans.filter(status=Status.DRAFT).order_by("-start_fy", "-version", "-id").first()
    )


def get_org_plan(organisation, pk: int) -> DevelopmentPlan | None:
    """A plan of the organisation by id (management commands), or None."""
    return DevelopmentPlan.objects.filter(organisation=organisation, pk=pk).first()


def pending_revision(plan: DevelopmentPlan) -> DevelopmentPlan | None:
    return (
        DevelopmentPlan.objects.filter(organisation=plan.organisation, based_on=plan, status=Status.DRAFT)
        .order_by("-id")
        .first()
    )


# --- talent types, in tree order ------------------------------------------------------------------


def talent_types_of(organisation, *, active_only: bool = True) -> QuerySet[TalentType]:
    qs = types_of(organisation)
    if active_only:
        qs = qs.filter(is_active=True)
    return qs


def talent_types_by_ids(organisation, ids) -> list[TalentType]:
    return list(talent_types_of(organisation).filter(pk__in=list(ids)))


def type_choices(organisation, *, active_only: bool = True) -> list[tuple[int, str]]:
    """(pk, label) in tree order; a tier reads 「　ゴールド（DX推進リーダーの階層）」."""
    rows = ordered_types(organisation, active_only=active_only)
    names = {t.pk: t.name for t, _ in rows}
    return [
        (
            t.pk,
            f"{'　' * depth}{t.name}" + (f"（{names[t.parent_id]}の階層）" if t.parent_id in names else ""),
        )
        for t, depth in rows
    ]


def type_position(organisation) -> dict[int, int]:
    """talent type id → its place in tree order (to sort rows that carry a type)."""
    return {t.pk: i for i, (t, _) in enumerate(ordered_types(organisation))}


def tiers_of(organisation) -> dict[int, list[str]]:
    """talent type id → the names of its tiers (to say that a target on the parent counts them)."""
    tiers: dict[int, list[str]] = defaultdict(list)
    for t, _ in ordered_types(organisation):
        if t.parent_id:
            tiers[t.parent_id].append(t.name)
    return dict(tiers)


def sub_roles_of(organisation) -> QuerySet[SubRole]:
    return (
        SubRole.objects.filter(organisation=organisation, is_active=True)
        .select_related("talent_type")
        .order_by(*tree_order("talent_type__"), "sort_order", "id")
    )


def latest_assessed_levels(organisation) -> dict[int, int]:
    """talent type id → the level of its latest assessment (one query)."""
    return {type_id: a["level"] for type_id, a in latest_assessments(organisation).items()}


def latest_assessments(organisation) -> dict[int, dict]:
    """talent type id → {"level", "fiscal_year", "assessed_on"} of its latest assessment (one query)."""
    latest: dict[int, dict] = {}
    rows = LevelAssessment.objects.filter(organisation=organisation).order_by(
        "-fiscal_year", "-assessed_on", "-id"
    )
    for type_id, level, fy, on in rows.values_list("talent_type_id", "level", "fiscal_year", "assessed_on"):
        latest.setdefault(type_id, {"level": level, "fiscal_year": fy, "assessed_on": on})
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
    return list(
        PlanLevel.objects.filter(organisation=plan.organisation, plan=plan)
        .select_related("talent_type")
        .order_by(*tree_order("talent_type__"))
    )


@dataclass
class LevelConflict:
    """The plan states a 現状レベル that differs from the latest assessment of the type."""

    level: PlanLevel
    assessed: int
    fiscal_year: int

    @property
    def fiscal_year_label(self) -> str:
        return fiscal_year_label(self.fiscal_year)


def level_conflicts(plan: DevelopmentPlan, levels: list[PlanLevel] | None = None) -> list[LevelConflict]:
    """Types whose plan 現状 is not the latest assessment (the plan asks which one is right)."""
    latest = latest_assessments(plan.organisation)
    result = []
    for lv in levels if levels is not None else plan_levels(plan):
        found = latest.get(lv.talent_type_id)
        if found is not None and found["level"] != lv.current_level:
            result.append(LevelConflict(lv, found["level"], found["fiscal_year"]))
    return result


def plan_tasks(plan: DevelopmentPlan) -> QuerySet[RoadmapTask]:
    """Tasks by year (長期的 last), then talent type (tree order), 区分 and entry order."""
    return (
        RoadmapTask.objects.filter(organisation=plan.organisation, plan=plan)
        .select_related("talent_type", "owner_unit")
        .order_by(
            F("fiscal_year").asc(nulls_last=True), *tree_order("talent_type__"), "kind", "sort_order", "id"
        )
    )


def plan_targets(plan: DevelopmentPlan) -> QuerySet[Target]:
    return (
        Target.objects.filter(organisation=plan.organisation, plan=plan)
        .select_related("talent_type", "sub_role", "unit", "plan__organisation")
        .order_by("sort_order", "id")
    )


def roadmap_grid(plan: DevelopmentPlan, tasks: list[RoadmapTask] | None = None) -> dict:
    """The 工程 table: rows = talent types (those with levels or tasks), columns = years + 長期的.

    Each cell is a list of (区分 label, [tasks]) in the order 育成, 配置, 確保, 体制.
    """
    tasks = list(plan_tasks(plan)) if tasks is None else tasks
    level_types = set(
        PlanLevel.objects.filter(organisation=plan.organisation, plan=plan).values_list(
            "talent_type_id", flat=True
        )
    )
    type_ids = level_types | {t.talent_type_id for t in tasks}
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
    """Every active talent type (tree order) with its latest assessed level per fiscal year.

    Types never assessed are included (with no years), so the chart's legend names every type.
    """
    rows = LevelAssessment.objects.filter(organisation=organisation).order_by(
        "fiscal_year", "assessed_on", "id"
    )
    years: dict[int, dict[int, int]] = defaultdict(dict)
    for type_id, fy, level in rows.values_list("talent_type_id", "fiscal_year", "level"):
        years[type_id][fy] = level  # later rows of the same year win
    types = [t for t in talent_types_of(organisation, active_only=False) if t.is_active or t.pk in years]
    return [{"talent_type": t, "years": years.get(t.pk, {})} for t in types]


def information_unit(organisation):
    """The information section the wizard proposes to staff: the first unit marked 情報システム担当."""
    return (
        active_units(organisation, timezone.localdate())
        .filter(is_it=True)
        .order_by("sort_order", "id")
        .first()
    )


def business_division_count(organisation) -> int:
    """業務担当部局の課 valid today (what the wizard proposes a coverage target from)."""
    return active_units(organisation, timezone.localdate()).filter(kind="division", is_business=True).count()


def units_of_kind_count(organisation, kind: str, *, business_only: bool, plan: DevelopmentPlan) -> int:
    """Units of a kind valid at some time during the plan (the most a coverage target can count)."""
    from jinzai.core.dates import fiscal_year_bounds

    start, _ = fiscal_year_bounds(plan.start_fy)
    _, end = fiscal_year_bounds(plan.end_fy)
    qs = Unit.objects.filter(organisation=organisation, kind=kind).filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=end), Q(valid_to__isnull=True) | Q(valid_to__gte=start)
    )
    if business_only:
        qs = qs.filter(is_business=True)
    return qs.count()


def unit_names(organisation, ids) -> dict[int, str]:
    return dict(Unit.objects.filter(organisation=organisation, pk__in=list(ids)).values_list("pk", "name"))


def units_for_choices(organisation) -> dict[int, Unit]:
    return {u.pk: u for u in Unit.objects.filter(organisation=organisation)}


def user_setting_of(user) -> UserSetting | None:
    return UserSetting.objects.filter(user=user).only("display_name", "date_style").first()


# --- import warnings --------------------------------------------------------------------------------


@dataclass
class PlanWarning:
    message: str
    url: str
    link_label: str


def plan_warnings(plan: DevelopmentPlan) -> list[PlanWarning]:
    """What an import left empty, each with the page that fixes it."""
    result = []
    for w in plan.import_warnings or []:
        kind, pk = w.get("kind"), w.get("id")
        if kind == "target" and pk:
            url, label = reverse("planning:target_edit", kwargs={"pk": pk}), "目標を直す"
        elif kind == "task" and pk:
            url, label = reverse("planning:task_edit", kwargs={"pk": pk}), "工程を直す"
        elif kind == "level":
            url, label = reverse("planning:plan_edit", kwargs={"pk": plan.pk}), "育成目標レベルを直す"
        else:
            url, label = reverse("planning:task_create", kwargs={"pk": plan.pk}), "工程を追加する"
        result.append(PlanWarning(w.get("message", ""), url, label))
    return result


def level_overview(organisation, plan: DevelopmentPlan | None) -> list[dict]:
    """Per talent type in tree order (the home's DX picture): the latest assessed level with its name and
    fiscal year, and the plan's 現状 → 目標. Four queries, whatever the number of types."""
    latest = latest_assessments(organisation)
    names = level_names(organisation)
    planned = {lv.talent_type_id: lv for lv in plan_levels(plan)} if plan is not None else {}
    rows = []
    for t, depth in ordered_types(organisation):
        found, lv = latest.get(t.pk), planned.get(t.pk)
        if found is None and lv is None:
            continue
        level = found["level"] if found else None
        rows.append(
            {
                "type": t,
                "depth": depth,
                "level": level,
                "level_name": names.get((t.pk, level), "") if level else "",
                "fiscal_year": found["fiscal_year"] if found else None,
                "target": lv.target_level if lv else None,
                "target_name": names.get((t.pk, lv.target_level), "") if lv else "",
                "reached": level is not None and lv is not None and level >= lv.target_level,
            }
        )
    return rows
