"""What the skills app adds (see core/hooks.py): metrics, the 人財カード section, the home panel, level
suggestions from confirmed ratings, the knowledge-test requirement of internal certification, and the
skill-map templates a new organisation gets."""

from __future__ import annotations

from django.db.models import FloatField, Max, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Coalesce

from jinzai.core import hooks
from jinzai.core.access import can, can_see_field
from jinzai.core.hooks import CardSection, Panel
from jinzai.learning.eligibility import Requirement
from jinzai.talent.facts import Fact, FactSource

from . import importing, metrics  # noqa: F401  (register the importers and the skill metrics)
from .criteria import suggestions_for
from .install import install_templates
from .matrix import person_gap, trend
from .models import Campaign, Framework, Item, Participant, Rating
from .selectors import campaign_rows, my_sheets, review_queue


@hooks.CARD_SECTIONS.register
def skill_section(viewer, staff) -> CardSection | None:
    """Shown to whoever the field table lets read the person's ratings and gap (core.access): the person,
    their manager, hr and dx_office; never executives (aggregates only)."""
    if not (can_see_field(viewer, staff, "skills.ratings") and can_see_field(viewer, staff, "skills.gap")):
        return None
    framework_ids = set(
        Rating.objects.filter(staff=staff, final_level__isnull=False).values_list(
            "item__framework_id", flat=True
        )
    )
    frameworks = []
    for framework in Framework.objects.filter(pk__in=framework_ids).order_by("sort_order", "id"):
        history = trend(staff.pk, framework)
        frameworks.append(
            {
                "framework": framework,
                "gap": person_gap(staff.pk, framework),
                "trend": history,
                "chart_id": f"skill-trend-{framework.pk}",
                "data_id": f"skill-trend-{framework.pk}-data",
            }
        )
    return CardSection(
        template="skills/_card_skills.html", context={"staff": staff, "frameworks": frameworks}
    )


@hooks.HOME_PANELS.register
def skills_panel(membership) -> Panel | None:
    context: dict = {}
    if can(membership, "skills.self_assess") and membership.staff_id:
        context["todo"] = list(
            my_sheets(membership).filter(
                campaign__status=Campaign.Status.OPEN, status=Participant.Status.PENDING
            )
        )
    if can(membership, "skills.manager_rate"):
        context["to_review"] = review_queue(membership).filter(status=Participant.Status.SELF_DONE).count()
    if can(membership, "skills.campaign_view"):
        context["campaigns"] = list(
            campaign_rows(membership.organisation).filter(status=Campaign.Status.OPEN)[:3]
        )
    if not any(context.values()):
        return None
    return Panel("skills/home_panel.html", context)


hooks.LEVEL_SUGGESTERS.register(suggestions_for)


@hooks.ORGANISATION_CREATED.register
def install_skill_defaults(organisation) -> None:
    from jinzai.talent.defaults import install_talent_defaults

    install_talent_defaults(organisation)  # no-op when planning already installed them
    install_templates(organisation)


def _check_knowledge_test(rule, organisation, day):
    from .models import Attempt

    if not rule.test_id:
        return 1, {}, (["知識テストの合格（認定の要件にテストが選ばれていません）"], 1)
    passed = set(
        Attempt.objects.filter(test_id=rule.test_id, passed=True, staff__organisation_id=organisation.pk)
        .values_list("staff_id", flat=True)
        .distinct()
    )
    return 1, {sid: ([], 0) for sid in passed}, (["知識テストの合格"], 1)


hooks.REQUIREMENTS.register(
    Requirement("knowledge_test", "知識テストの合格", lambda rule: rule.requires_test, _check_knowledge_test)
)


# --- what the candidate finder and the duty backups ask of skills (talent.facts, core.hooks.CANDIDATE_FACTS) ---


def _skill_choices(organisation) -> list[tuple[int, str]]:
    items = (
        Item.objects.filter(organisation=organisation, is_active=True, framework__is_active=True)
        .select_related("framework")
        .order_by("framework__sort_order", "framework_id", "sort_order", "id")
    )
    return [(i.pk, f"{i.framework.name}：{i.name}") for i in items]


def _skill_holders(organisation, value, level, day):
    """People with a confirmed level of at least ``level`` on the item (the highest confirmed so far)."""
    rows = Rating.objects.filter(organisation=organisation, item_id=value, final_level__gte=level or 1)
    return rows.values("staff_id")


def _skill_strength(organisation, value, day):
    """0–1: the highest confirmed level (of the chosen item, else of any item) out of 5."""
    qs = Rating.objects.filter(staff_id=OuterRef("pk"), final_level__isnull=False)
    if value:
        qs = qs.filter(item_id=value)
    best = qs.values("staff_id").annotate(m=Max("final_level")).values("m")[:1]
    return Coalesce(Cast(Subquery(best), FloatField()), Value(0.0)) / Value(5.0)


def _skill_facts(organisation, staff_ids, day) -> dict:
    found: dict = {}
    rows = (
        Rating.objects.filter(
            organisation=organisation, staff_id__in=list(staff_ids), final_level__isnull=False
        )
        .values("staff_id", "item_id", "item__name")
        .annotate(m=Max("final_level"))
        .order_by("staff_id", "-m", "item_id")
    )
    for r in rows:
        found.setdefault(r["staff_id"], []).append(Fact("skill", r["item_id"], r["item__name"], r["m"]))
    return found


hooks.CANDIDATE_FACTS.register(
    FactSource(
        "skill",
        "スキル項目",
        _skill_choices,
        _skill_holders,
        _skill_strength,
        _skill_facts,
        lambda fact: f"{fact.label} Lv{fact.level}",
        has_levels=True,
        order=10,
    )
)


# --- 「対応が必要なこと」 (core.hooks.HOME_TASKS): sheets to answer and to rate, campaigns closing ------

RESULT_DAYS = 30  # a rating the manager confirmed stays on the person's home this long
CLOSING_DAYS = 14  # dx_office sees a campaign this many days before its deadline


@hooks.HOME_TASKS.register
def skill_tasks(membership) -> list:
    from datetime import timedelta

    from django.urls import reverse
    from django.utils import timezone

    from jinzai.core.hooks import Task, Urgency
    from jinzai.core.services import today

    from .selectors import closing_campaigns, my_sheet_tasks, review_tasks

    day = today()
    tasks = []
    if can(membership, "skills.self_assess") and membership.staff_id:
        mine = my_sheet_tasks(membership, since=timezone.now() - timedelta(days=RESULT_DAYS))
        if mine["due"]:
            url = (
                reverse("skills:my_sheet", args=[mine["campaign"]])
                if mine["due"] == 1
                else reverse("skills:my_assessments")
            )
            tasks.append(
                Task(
                    "skills.sheets_due",
                    "回答していないスキル評価（自己評価）",
                    mine["due"],
                    url,
                    due=mine["first_due"],
                    urgency=Urgency.of_deadline(mine["first_due"], day),
                )
            )
        if mine["confirmed"]:
            tasks.append(
                Task(
                    "skills.rating_confirmed",
                    "所属長が確定したスキル評価",
                    mine["confirmed"],
                    reverse("skills:my_assessments"),
                    detail=f"この{RESULT_DAYS}日間に確定しました。結果を確かめられます。",
                    urgency=Urgency.INFO,
                )
            )
    if can(membership, "skills.manager_rate"):
        queue = review_tasks(membership)
        tasks.append(
            Task(
                "skills.rate",
                "所属長の評価を待っている評価シート",
                queue["n"],
                reverse("skills:rate_list"),
                due=queue["first_due"],
                due_label="最も早い締切",
                urgency=Urgency.of_deadline(queue["first_due"], day),
            )
        )
    if can(membership, "skills.campaign_manage"):
        closing = closing_campaigns(membership.organisation, until=day + timedelta(days=CLOSING_DAYS))
        overdue = closing["first_due"] is not None and closing["first_due"] < day
        tasks.append(
            Task(
                "skills.campaigns_closing",
                "締切が近いスキル評価の実施",
                closing["n"],
                reverse("skills:campaign_detail", args=[closing["campaign"]])
                if closing["n"] == 1
                else reverse("skills:campaign_list"),
                detail="締切を過ぎても終了していない実施があります。未回答者を確かめて終了してください。"
                if overdue
                else "未回答者への声かけと、締切後の終了をお願いします。",
                due=closing["first_due"],
                due_label="最も早い締切",
                urgency=Urgency.of_deadline(closing["first_due"], day),
            )
        )
    return tasks
