"""The 人財カード section: latest confirmed level per item and its trend across campaigns."""

from __future__ import annotations

from jinzai.core.roles import Role
from jinzai.people.cards import CardSection

from .matrix import person_gap, trend
from .models import Framework, Rating

READERS = {Role.MANAGER, Role.HR, Role.DX_OFFICE}  # managers only reach cards of their units' staff


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
