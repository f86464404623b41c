"""What the plan's Word and Excel documents read besides the plan itself: the five-level definitions and
the development methods (育成手法) — the roadmap's 育成 tasks and the organisation's course catalog.

The course catalog belongs to the learning app, which depends on planning (its metrics); planning reads
the catalog through Django's app registry (``apps.get_model``) with plain ``values()`` queries, so no
module of planning imports learning and a site without learning still exports plans.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps

from ..models import DevelopmentPlan, MaturityLevel, RoadmapTask
from .plans import plan_levels, plan_tasks, talent_types_of

STEPS = {1: "ステップ1（レベル1〜2）", 2: "ステップ2（レベル3〜4）", 3: "ステップ3（レベル5）"}
EXTERNAL = {"soumu", "jichidai", "jlis", "jfm", "private"}
PROVIDER_GROUPS = (
    ("外部研修の活用", EXTERNAL),
    ("研修の広域化・共同化（都道府県などとの共同研修）", {"prefecture"}),
    ("庁内研修の充実", {"internal"}),
)


def level_definitions(plan: DevelopmentPlan) -> tuple[list[str], list[dict]]:
    """(names of levels 1..5 as column headers, [{"talent_type", "cells": [description 1..5]}]).

    Rows are the plan's types (tree order), or every active type when the plan has no levels yet.
    """
    organisation = plan.organisation
    types = [lv.talent_type for lv in plan_levels(plan)] or list(talent_types_of(organisation))
    rows_by_type: dict[int, dict[int, MaturityLevel]] = defaultdict(dict)
    for row in MaturityLevel.objects.filter(organisation=organisation, talent_type__in=types):
        rows_by_type[row.talent_type_id][row.level] = row
    names: dict[int, str] = {}
    for level in range(1, 6):
        counted: dict[str, int] = defaultdict(int)
        for by_level in rows_by_type.values():
            if level in by_level:
                counted[by_level[level].name] += 1
        names[level] = max(counted, key=lambda n: (counted[n], n)) if counted else ""
    rows = []
    for t in types:
        cells = []
        for level in range(1, 6):
            row = rows_by_type[t.pk].get(level)
            if row is None:
                cells.append("")
            elif row.name != names[level]:
                cells.append(f"【{row.name}】{row.description}")
            else:
                cells.append(row.description)
        rows.append({"talent_type": t, "cells": cells})
    return [f"レベル{n}\n{names[n]}" if names[n] else f"レベル{n}" for n in range(1, 6)], rows


@dataclass
class TypeMethods:
    talent_type: object
    tasks: list[RoadmapTask] = field(default_factory=list)
    courses: dict[str, list[str]] = field(default_factory=dict)  # provider group → course lines


def development_methods(plan: DevelopmentPlan) -> tuple[list[TypeMethods], list[str]]:
    """Per talent type of the plan: its roadmap 育成 tasks and the catalog's courses for it (by provider
    group, with the step); plus the courses meant for every type."""
    types = [lv.talent_type for lv in plan_levels(plan)]
    tasks = [t for t in plan_tasks(plan) if t.kind == RoadmapTask.Kind.DEVELOP]
    known = {t.pk for t in types}
    for task in tasks:
        if task.talent_type_id not in known:
            types.append(task.talent_type)
            known.add(task.talent_type_id)
    result = {t.pk: TypeMethods(t) for t in types}
    for task in tasks:
        result[task.talent_type_id].tasks.append(task)
    common: list[str] = []
    for course, type_ids in _courses(plan.organisation):
        line = _course_line(course)
        group = next((name for name, kinds in PROVIDER_GROUPS if course["provider_type"] in kinds), "その他")
        if not type_ids:
            common.append(f"{line}（{group}）")
        for pk in type_ids:
            if pk in result:
                result[pk].courses.setdefault(group, []).append(line)
    return list(result.values()), common


def _course_line(course: dict) -> str:
    hours = course["hours"]
    hours_text = f"・{format(Decimal(hours).normalize(), 'f')}時間" if hours else ""
    provider = f"（{course['provider_name']}）" if course["provider_name"] else ""
    return f"{course['title']}{provider} {STEPS.get(course['step'], '')}{hours_text}".strip()


def _courses(organisation) -> list[tuple[dict, list[int]]]:
    """Active courses of the organisation with the talent types they are for (empty list = everyone)."""
    if not apps.is_installed("jinzai.learning"):
        return []
    Course = apps.get_model("learning", "Course")
    rows = list(
        Course.objects.filter(organisation=organisation, is_active=True)
        .order_by("step", "title", "id")
        .values("pk", "title", "provider_type", "provider_name", "step", "hours")
    )
    through = Course.target_talent_types.through
    targets: dict[int, list[int]] = defaultdict(list)
    for course_id, type_id in through.objects.filter(course__organisation=organisation).values_list(
        "course_id", "talenttype_id"
    ):
        targets[course_id].append(type_id)
    return [(row, targets.get(row["pk"], [])) for row in rows]
