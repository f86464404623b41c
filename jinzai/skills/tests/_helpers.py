"""Shared helpers of the skills tests: campaigns on the world's organisations, sheets filled in."""

from __future__ import annotations

from datetime import date

from jinzai.core.access import SystemActor
from jinzai.skills import services
from jinzai.skills.models import Framework, Participant
from jinzai.skills.services.campaigns import Review, SelfRating


def system(org) -> SystemActor:
    return SystemActor(organisation=org.org, label="test")


def literacy(org) -> Framework:
    return Framework.objects.get(organisation=org.org, key="literacy")


def items(framework):
    return list(framework.items.filter(is_active=True).order_by("sort_order"))


def campaign(
    org, *, name="令和8年度 評価", start=date(2026, 5, 1), end=date(2026, 6, 30), framework=None, **population
):
    return services.campaign_create(
        actor=system(org),
        name=name,
        fiscal_year=start.year if start.month >= 4 else start.year - 1,
        framework=framework or literacy(org),
        starts_on=start,
        ends_on=end,
        population=population,
    )


def sheet(campaign, staff) -> Participant:
    return Participant.objects.get(campaign=campaign, staff=staff)


def submit(member, participant, level: int | dict, *, submit=True):
    """Rate every item at `level` (or {item_id: level}) as the person."""
    its = items(participant.campaign.framework)
    levels = level if isinstance(level, dict) else {i.pk: level for i in its}
    participant.refresh_from_db()
    return services.sheet_save(
        actor=member,
        participant=participant,
        ratings={i.pk: SelfRating(levels.get(i.pk)) for i in its},
        version=participant.version,
        submit=submit,
    )


def confirm(manager, participant, level: int | dict, *, confirm=True):
    its = items(participant.campaign.framework)
    levels = level if isinstance(level, dict) else {i.pk: level for i in its}
    participant.refresh_from_db()
    return services.sheet_review(
        actor=manager,
        participant=participant,
        reviews={i.pk: Review(levels.get(i.pk)) for i in its},
        comment="",
        version=participant.version,
        confirm=confirm,
    )
