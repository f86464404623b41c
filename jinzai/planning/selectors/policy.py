"""Reads of maturity levels, level assessments, the basic policy and the structure, scoped by the viewer."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from jinzai.core.dates import fiscal_year_label
from jinzai.talent.models import TalentType
from jinzai.talent.selectors import tree_order, types_of

from ..models import (
    Body,
    BodyMember,
    LevelAssessment,
    MaturityLevel,
    Meeting,
    PolicyTypeSection,
    PolicyVersion,
    Status,
)

RECENT_MEETINGS = 5

# --- talent types and levels ---------------------------------------------------------------------


def talent_types_for(viewer) -> QuerySet[TalentType]:
    """The viewer's organisation's talent types in use, in tree order (each type, then its tiers)."""
    return types_of(viewer.organisation).filter(is_active=True)


def get_talent_type_for_viewer(viewer, pk: int) -> TalentType:
    return get_object_or_404(TalentType.objects.filter(organisation=viewer.organisation), pk=pk)


def levels_by_type(organisation, type_ids) -> dict[int, dict[int, MaturityLevel]]:
    """{talent_type_id: {level: MaturityLevel}} for the given types (one query)."""
    result: dict[int, dict[int, MaturityLevel]] = defaultdict(dict)
    for row in MaturityLevel.objects.filter(organisation=organisation, talent_type_id__in=list(type_ids)):
        result[row.talent_type_id][row.level] = row
    return result


def level_headers(organisation, type_ids) -> list[tuple[int, str]]:
    """Column headers 1..5 with the most common level name across the types (defaults share names)."""
    names: dict[int, str] = {}
    rows = (
        MaturityLevel.objects.filter(organisation=organisation, talent_type_id__in=list(type_ids))
        .values("level", "name")
        .annotate(n=Count("id"))
        .order_by("level", "-n", "name")
    )
    for row in rows:
        names.setdefault(row["level"], row["name"])
    return [(level, names.get(level, "")) for level in range(1, 6)]


def current_levels(organisation, fiscal_year: int | None = None) -> dict[int, LevelAssessment]:
    """{talent_type_id: the latest LevelAssessment} of the organisation.

    "Latest" orders by fiscal year, then assessment date, then entry order. With `fiscal_year`, only
    assessments of that fiscal year or earlier count (the level known at that time).
    """
    base = LevelAssessment.objects.filter(organisation=organisation)
    if fiscal_year is not None:
        base = base.filter(fiscal_year__lte=fiscal_year)
    latest = base.filter(talent_type_id=OuterRef("talent_type_id")).order_by(
        "-fiscal_year", "-assessed_on", "-id"
    )
    rows = base.filter(pk=Subquery(latest.values("pk")[:1])).select_related("talent_type")
    return {row.talent_type_id: row for row in rows}


def assessments_for(viewer) -> QuerySet[LevelAssessment]:
    return (
        LevelAssessment.objects.filter(organisation=viewer.organisation)
        .select_related("talent_type")
        .order_by("-fiscal_year", *tree_order("talent_type__"), "-assessed_on", "-id")
    )


def level_chart_data(viewer, types) -> dict:
    """Chart.js data: one bar series per talent type (every type, so two at the same level both show),
    the latest assessed level of each fiscal year."""
    latest: dict[tuple[int, int], int] = {}
    rows = (
        LevelAssessment.objects.filter(organisation=viewer.organisation)
        .order_by("fiscal_year", "assessed_on", "id")
        .values_list("talent_type_id", "fiscal_year", "level")
    )
    for type_id, fy, level in rows:
        latest[(type_id, fy)] = level  # later rows of the same year win
    years = sorted({fy for _, fy in latest})
    datasets = []
    for t in types:
        datasets.append({"label": t.name, "data": [latest.get((t.pk, fy)) for fy in years]})
    return {"labels": [fiscal_year_label(fy) for fy in years], "datasets": datasets}


# --- basic policy --------------------------------------------------------------------------------


def policies_for(viewer) -> QuerySet[PolicyVersion]:
    return PolicyVersion.objects.filter(organisation=viewer.organisation).order_by("-version")


def get_policy_for_viewer(viewer, pk: int) -> PolicyVersion:
    return get_object_or_404(policies_for(viewer), pk=pk)


def policy_sections(policy: PolicyVersion):
    return (
        PolicyTypeSection.objects.filter(organisation=policy.organisation, policy=policy)
        .select_related("talent_type")
        .order_by(*tree_order("talent_type__"))
    )


def section_types(policy: PolicyVersion) -> tuple[list[TalentType], dict[int, PolicyTypeSection]]:
    """Types with a ③ section in this version, plus active types that have none yet (tree order)."""
    sections = {s.talent_type_id: s for s in policy_sections(policy)}
    types = [t for t in types_of(policy.organisation) if t.pk in sections or t.is_active]
    return types, sections


def policy_list_of(viewer) -> list[PolicyVersion]:
    return list(policies_for(viewer).select_related("based_on"))


def draft_policy(organisation) -> PolicyVersion | None:
    return PolicyVersion.objects.filter(organisation=organisation, status=Status.DRAFT).first()


def approved_policy(organisation) -> PolicyVersion | None:
    return PolicyVersion.objects.filter(organisation=organisation, status=Status.APPROVED).first()


# --- structure -----------------------------------------------------------------------------------


def bodies_for(viewer) -> QuerySet[Body]:
    return Body.objects.filter(organisation=viewer.organisation)


def get_body_for_viewer(viewer, pk: int) -> Body:
    return get_object_or_404(bodies_for(viewer), pk=pk)


def get_member_for_viewer(viewer, pk: int) -> BodyMember:
    return get_object_or_404(
        BodyMember.objects.filter(organisation=viewer.organisation).select_related("body"), pk=pk
    )


@dataclass
class BodyNode:
    body: Body
    depth: int
    children: list[BodyNode] = field(default_factory=list)


ROLE_ORDER = {role: i for i, role in enumerate(BodyMember.Role.values)}


def _sorted_members(body: Body) -> list[BodyMember]:
    return sorted(body.members.all(), key=lambda m: (ROLE_ORDER.get(m.role, 99), m.pk))


def body_tree(organisation, *, with_meetings: bool = True) -> list[BodyNode]:
    """Bodies as a forest (本部 → 委員会 → 作業部会), members and recent meetings prefetched."""
    qs = (
        Body.objects.filter(organisation=organisation)
        .select_related("parent")
        .prefetch_related(
            Prefetch(
                "members",
                queryset=BodyMember.objects.filter(organisation=organisation).select_related("staff"),
            )
        )
        .annotate(meeting_count=Count("meetings", distinct=True))
        .order_by("sort_order", "id")
    )
    if with_meetings:
        recent = Meeting.objects.filter(organisation=organisation).order_by("-held_on", "-id")[
            :RECENT_MEETINGS
        ]
        qs = qs.prefetch_related(Prefetch("meetings", queryset=recent, to_attr="recent_meetings"))
    bodies = list(qs)
    for body in bodies:
        body.sorted_members = _sorted_members(body)
    children: dict[int | None, list[Body]] = defaultdict(list)
    ids = {b.pk for b in bodies}
    for body in bodies:
        parent = body.parent_id if body.parent_id in ids else None
        children[parent].append(body)

    def build(body: Body, depth: int) -> BodyNode:
        return BodyNode(body, depth, [build(c, depth + 1) for c in children.get(body.pk, [])])

    return [build(b, 0) for b in children[None]]


def flatten(nodes: list[BodyNode]) -> list[BodyNode]:
    result: list[BodyNode] = []
    for node in nodes:
        result.append(node)
        result.extend(flatten(node.children))
    return result


def body_choices(organisation, *, exclude: Body | None = None) -> list[tuple[int, str]]:
    """Bodies for a 上位の組織 select, indented by depth; `exclude` and everything below it left out."""
    choices = []

    def walk(nodes: list[BodyNode]) -> None:
        for node in nodes:
            if exclude is not None and node.body.pk == exclude.pk:
                continue
            label = f"{node.body.name}（{node.body.get_kind_display()}）"
            choices.append((node.body.pk, "\u3000" * node.depth + label))
            walk(node.children)

    walk(body_tree(organisation, with_meetings=False))
    return choices
