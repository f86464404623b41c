"""What the skills app adds (see core/hooks.py): metrics, the 人財カード section, the home panel, level
suggestions from confirmed ratings, the knowledge-test requirement of internal certification, and the
skill-map templates a new organisation gets."""

from __future__ import annotations

from jinzai.core import hooks
from jinzai.core.access import can
from jinzai.core.hooks import CardSection, Panel
from jinzai.core.roles import Role
from jinzai.learning.eligibility import Requirement

from . import metrics  # noqa: F401  (registers the skill metrics)
from .criteria import suggestions_for
from .install import install_templates
from .matrix import person_gap, trend
from .models import Campaign, Framework, Participant, Rating
from .selectors import campaign_rows, my_sheets, review_queue

READERS = {Role.MANAGER, Role.HR, Role.DX_OFFICE}  # managers only reach cards of their units' staff


@hooks.CARD_SECTIONS.register
def skill_section(viewer, staff) -> CardSection | None:
    """Shown to the person, their manager, hr and dx_office; never to executives (aggregates only)."""
    is_self = getattr(viewer, "staff_id", None) == staff.pk
    if not is_self and Role(viewer.role) not in READERS:
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
