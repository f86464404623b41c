"""Home panels: sheets waiting for the person or their manager; response rates of open campaigns."""

from __future__ import annotations

from jinzai.core.access import can
from jinzai.core.panels import Panel

from .models import Campaign, Participant
from .selectors import campaign_rows, my_sheets, review_queue


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
