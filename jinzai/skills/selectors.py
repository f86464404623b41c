"""Reads of frameworks, campaigns, sheets and tests, scoped by the acting membership (never by bare id).

Scope of sheets, attempts and gaps comes from the field table in core.access: a person sees only their
own; a manager only the sheets whose unit is within their units; hr and dx_office the whole organisation;
an executive no individual sheet (aggregates only).
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Case, Count, Q, QuerySet, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404

from jinzai.core.selectors import manager_scope_ids, unit_tree

from .models import (
    Attempt,
    Campaign,
    Category,
    Framework,
    Item,
    KnowledgeTest,
    LevelCriterion,
    Participant,
    Question,
    QuestionCategory,
    RoleProfile,
)

# --- frameworks -------------------------------------------------------------------------------


def frameworks_of(organisation, *, active_only: bool = False) -> QuerySet[Framework]:
    qs = Framework.objects.filter(organisation=organisation)
    return qs.filter(is_active=True) if active_only else qs


def framework_rows(organisation) -> QuerySet[Framework]:
    return frameworks_of(organisation).annotate(
        n_items=Count("items", filter=Q(items__is_active=True), distinct=True),
        n_campaigns=Count("campaigns", distinct=True),
    )


def get_framework_for_viewer(viewer, pk: int) -> Framework:
    return get_object_or_404(frameworks_of(viewer.organisation), pk=pk)


def get_category_for_viewer(viewer, pk: int) -> Category:
    return get_object_or_404(
        Category.objects.filter(organisation=viewer.organisation).select_related("framework"), pk=pk
    )


def get_item_for_viewer(viewer, pk: int) -> Item:
    return get_object_or_404(
        Item.objects.filter(organisation=viewer.organisation).select_related("framework"), pk=pk
    )


def framework_structure(
    framework: Framework, *, active_only: bool = False
) -> list[tuple[Category, list[Item]]]:
    items = framework.items.all().order_by("sort_order", "id")
    if active_only:
        items = items.filter(is_active=True)
    by_cat: dict[int, list[Item]] = defaultdict(list)
    for item in items:
        by_cat[item.category_id].append(item)
    return [
        (c, by_cat.get(c.pk, [])) for c in framework.categories.all() if by_cat.get(c.pk) or not active_only
    ]


def ordered_items(framework: Framework, *, active_only: bool = True) -> list[Item]:
    return [i for _, items in framework_structure(framework, active_only=active_only) for i in items]


def profiles_of(framework: Framework) -> dict[tuple[int, int], int]:
    rows = RoleProfile.objects.filter(item__framework=framework)
    return {(i, t): lvl for i, t, lvl in rows.values_list("item_id", "talent_type_id", "expected_level")}


def talent_types(organisation):
    from jinzai.talent.selectors import types_of

    return list(types_of(organisation).filter(is_active=True))


# --- campaigns --------------------------------------------------------------------------------


def campaigns_of(organisation) -> QuerySet[Campaign]:
    return Campaign.objects.filter(organisation=organisation).select_related("framework")


def campaign_rows(organisation) -> QuerySet[Campaign]:
    return campaigns_of(organisation).annotate(
        n_total=Count("participants"),
        n_answered=Count("participants", filter=~Q(participants__status=Participant.Status.PENDING)),
        n_confirmed=Count("participants", filter=Q(participants__status=Participant.Status.CONFIRMED)),
    )


def get_campaign_for_viewer(viewer, pk: int) -> Campaign:
    return get_object_or_404(campaigns_of(viewer.organisation), pk=pk)


def default_campaign(organisation, framework_id: int | None = None) -> Campaign | None:
    """The campaign heatmaps show first: the latest closed one, else the latest open one."""
    qs = campaigns_of(organisation)
    if framework_id:
        qs = qs.filter(framework_id=framework_id)
    return qs.filter(status=Campaign.Status.CLOSED).first() or qs.first()


def _by_person(viewer, qs: QuerySet, field: str, **lookups) -> QuerySet:
    """Rows about people, limited by the field table (core.access) to those whose ``field`` the viewer
    may read."""
    from jinzai.people.selectors import rows_with_field

    return rows_with_field(viewer, qs, field, **lookups)


def sheets_visible_to(viewer) -> QuerySet[Participant]:
    """Sheets whose ratings the viewer may read: a manager's by the unit the sheet was taken in."""
    return _by_person(viewer, Participant.objects.all(), "skills.ratings", unit="unit")


def my_sheets(viewer) -> QuerySet[Participant]:
    if not viewer.staff_id:
        return Participant.objects.none()
    return (
        Participant.objects.filter(organisation=viewer.organisation, staff_id=viewer.staff_id)
        .select_related("campaign", "campaign__framework")
        .order_by("-campaign__ends_on", "-campaign_id")
    )


def get_my_sheet(viewer, campaign_pk: int) -> Participant:
    """The viewer's own sheet in a campaign (404 when they are not in it or it is another org's)."""
    if not viewer.staff_id:
        raise Http404
    return get_object_or_404(my_sheets(viewer), campaign_id=campaign_pk)


def review_queue(viewer) -> QuerySet[Participant]:
    """Sheets of open campaigns a manager reviews: their units, never their own. What waits for the
    manager (自己評価済) comes first, then the sheets still with the person, then the confirmed ones;
    within each, the earliest deadline first."""
    S = Participant.Status
    action_order = Case(
        When(status=S.SELF_DONE, then=Value(0)), When(status=S.PENDING, then=Value(1)), default=Value(2)
    )
    qs = (
        Participant.objects.filter(
            organisation=viewer.organisation,
            unit_id__in=manager_scope_ids(viewer),
            campaign__status=Campaign.Status.OPEN,
        )
        .select_related("staff", "unit", "campaign")
        .order_by(action_order, "campaign__ends_on", "campaign_id", "staff__staff_no")
    )
    return qs.exclude(staff_id=viewer.staff_id) if viewer.staff_id else qs


def get_sheet_for_reviewer(viewer, pk: int) -> Participant:
    qs = Participant.objects.filter(organisation=viewer.organisation, unit_id__in=manager_scope_ids(viewer))
    if viewer.staff_id:
        qs = qs.exclude(staff_id=viewer.staff_id)
    return get_object_or_404(qs.select_related("staff", "unit", "campaign", "campaign__framework"), pk=pk)


def sheet_rows(participant: Participant, items: list[Item]) -> list[dict]:
    """Each item with its rating row and the level expected of the person: the one the row keeps, else
    the role profile's (so the expected level shows before the first save, too)."""
    from .services.campaigns import expected_levels

    ratings = {r.item_id: r for r in participant.ratings.all()}
    profile = expected_levels(participant) if len(ratings) < len(items) else {}
    rows = []
    for i in items:
        rating = ratings.get(i.pk)
        expected = rating.expected_level if rating is not None else profile.get(i.pk)
        rows.append({"item": i, "rating": rating, "expected": expected})
    return rows


def copy_self_levels(participant: Participant, reviews: dict) -> int:
    """「本人評価と同じ」: fill each item the manager left empty with the person's self-rating (in the
    posted values, nothing is written). Returns how many items were filled."""
    selfs = dict(participant.ratings.filter(self_level__isnull=False).values_list("item_id", "self_level"))
    copied = 0
    for item_id, review in reviews.items():
        if review.manager_level is None and selfs.get(item_id) is not None:
            review.manager_level = selfs[item_id]
            copied += 1
    return copied


def pending_sheets(campaign: Campaign, viewer=None) -> QuerySet[Participant]:
    qs = campaign.participants.all()
    if viewer is not None:
        qs = _by_person(viewer, qs, "skills.ratings", unit="unit")
    return (
        qs.filter(status=Participant.Status.PENDING)
        .select_related("staff", "unit")
        .order_by("unit__sort_order", "staff__staff_no")
    )


def response_rates(campaign: Campaign, unit_ids: set[int] | None = None) -> dict:
    """Response rate by 課 (sections roll up into their 課): one aggregate query plus the unit tree."""
    qs = campaign.participants.order_by()  # Meta.ordering would join the staff table
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=unit_ids)
    rows = qs.values("unit_id").annotate(  # columns of the (campaign, unit, status) index only
        total=Count("*"),
        answered=Count("status", filter=~Q(status=Participant.Status.PENDING)),
        confirmed=Count("status", filter=Q(status=Participant.Status.CONFIRMED)),
    )
    owner, labels, order = rollup(campaign.organisation)
    groups: dict[int | None, dict] = {}
    for row in rows:
        key = owner.get(row["unit_id"])
        g = groups.setdefault(key, {"total": 0, "answered": 0, "confirmed": 0})
        for k in ("total", "answered", "confirmed"):
            g[k] += row[k]
    result = []
    for key in sorted(groups, key=lambda k: order.get(k, 10**9)):
        g = groups[key]
        result.append({"unit_id": key, "label": labels.get(key, "所属なし"), **g, **_rates(g)})
    totals = {k: sum(g[k] for g in groups.values()) for k in ("total", "answered", "confirmed")}
    return {"rows": result, "totals": {**totals, **_rates(totals)}}


def _rates(g: dict) -> dict:
    total = g["total"] or 0
    return {
        "answered_pct": round(100 * g["answered"] / total, 1) if total else 0.0,
        "confirmed_pct": round(100 * g["confirmed"] / total, 1) if total else 0.0,
    }


def rollup(organisation, kind: str = "division") -> tuple[dict[int, int], dict[int, str], dict[int, int]]:
    """unit → the 課 it belongs to (itself when it is one; units above 課 stay themselves),
    with path labels and display order. Walks the tree in memory (one query)."""
    nodes = unit_tree(organisation)
    by_pk = {n.unit.pk: n for n in nodes}
    owner: dict[int, int] = {}
    for node in nodes:
        unit, target = node.unit, node.unit.pk
        cursor = unit
        while cursor is not None:
            if cursor.kind == kind:
                target = cursor.pk
                break
            parent = by_pk.get(cursor.parent_id)
            cursor = parent.unit if parent else None
        owner[unit.pk] = target
    labels = {pk: by_pk[pk].path for pk in set(owner.values())}
    order = {n.unit.pk: i for i, n in enumerate(nodes)}
    return owner, labels, order


# --- tests ------------------------------------------------------------------------------------


def tests_of(organisation) -> QuerySet[KnowledgeTest]:
    return KnowledgeTest.objects.filter(organisation=organisation)


def get_test_for_viewer(viewer, pk: int) -> KnowledgeTest:
    return get_object_or_404(tests_of(viewer.organisation), pk=pk)


def my_attempts(viewer, test: KnowledgeTest | None = None) -> QuerySet[Attempt]:
    if not viewer.staff_id:
        return Attempt.objects.none()
    qs = Attempt.objects.filter(organisation=viewer.organisation, staff_id=viewer.staff_id)
    if test is not None:
        qs = qs.filter(test=test)
    return qs.select_related("test")


def attempts_of_test(test: KnowledgeTest, viewer=None) -> QuerySet[Attempt]:
    qs = test.attempts.filter(submitted_at__isnull=False)
    if viewer is not None:
        qs = _by_person(viewer, qs, "skills.attempts")
    return qs.select_related("staff", "staff__current_unit")


def summary_of_test(test: KnowledgeTest) -> dict:
    return test.attempts.filter(submitted_at__isnull=False).aggregate(
        attempts=Count("pk"),
        people=Count("staff_id", distinct=True),
        passed_people=Count("staff_id", filter=Q(passed=True), distinct=True),
    )


def get_attempt_for_viewer(viewer, pk: int) -> Attempt:
    return get_object_or_404(
        _by_person(viewer, Attempt.objects.all(), "skills.attempts").select_related("test", "staff"), pk=pk
    )


def question_categories(organisation) -> QuerySet[QuestionCategory]:
    return QuestionCategory.objects.filter(organisation=organisation).annotate(
        n=Count("questions", filter=Q(questions__is_active=True))
    )


def questions_of(organisation) -> QuerySet[Question]:
    return Question.objects.filter(organisation=organisation).select_related("category")


def get_question_for_viewer(viewer, pk: int) -> Question:
    return get_object_or_404(questions_of(viewer.organisation), pk=pk)


def criteria_of(organisation) -> QuerySet[LevelCriterion]:
    return (
        LevelCriterion.objects.filter(organisation=organisation)
        .select_related("talent_type")
        .prefetch_related("items")
    )


def get_criterion_for_viewer(viewer, pk: int) -> LevelCriterion:
    return get_object_or_404(criteria_of(viewer.organisation), pk=pk)


# --- 「対応が必要なこと」 (the home's tasks, core.hooks.HOME_TASKS): counts in the database -------------


def my_sheet_tasks(viewer, *, since) -> dict:
    """The viewer's own sheets: open ones not answered yet (how many, the first deadline, the campaign when
    there is one) and those confirmed by the manager since ``since``. One query."""
    from django.db.models import Min

    if not viewer.staff_id:
        return {"due": 0, "first_due": None, "campaign": None, "confirmed": 0}
    due = Q(campaign__status=Campaign.Status.OPEN, status=Participant.Status.PENDING)
    return Participant.objects.filter(organisation=viewer.organisation, staff_id=viewer.staff_id).aggregate(
        due=Count("id", filter=due),
        first_due=Min("campaign__ends_on", filter=due),
        campaign=Min("campaign_id", filter=due),
        confirmed=Count("id", filter=Q(status=Participant.Status.CONFIRMED, confirmed_at__gte=since)),
    )


def review_tasks(viewer) -> dict:
    """Sheets a manager rates next (self-assessed, open campaigns, their units): how many, the first deadline."""
    from django.db.models import Min

    return (
        review_queue(viewer)
        .filter(status=Participant.Status.SELF_DONE)
        .order_by()
        .aggregate(n=Count("id"), first_due=Min("campaign__ends_on"))
    )


def closing_campaigns(organisation, *, until) -> dict:
    """Open campaigns whose deadline is ``until`` or earlier (passed ones not closed yet included)."""
    from django.db.models import Min

    return (
        campaigns_of(organisation)
        .filter(status=Campaign.Status.OPEN, ends_on__lte=until)
        .order_by()
        .aggregate(n=Count("id"), first_due=Min("ends_on"), campaign=Min("id"))
    )


def active_items(organisation) -> list[Item]:
    """The items of the organisation's active frameworks, in the frameworks' order (criteria forms)."""
    return list(
        Item.objects.filter(organisation=organisation, is_active=True, framework__is_active=True)
        .select_related("framework")
        .order_by("framework__sort_order", "framework_id", "sort_order")
    )


def questions_by_pk(ids, *, with_category: bool = False) -> dict[int, Question]:
    """{pk: Question} of the questions an attempt drew (ids from an attempt the viewer may read)."""
    qs = Question.objects.filter(pk__in=ids)
    if with_category:
        qs = qs.select_related("category")
    return {q.pk: q for q in qs}
