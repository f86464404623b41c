"""Helpers of the issue-10 tests: people, skills, certifications, declarations and duties in the test world."""

from __future__ import annotations

from datetime import date

from jinzai.core.access import SystemActor
from jinzai.core.models import Grade, Unit
from jinzai.people.models import Assignment, ConcurrentPost, Staff
from jinzai.people.services import staff_search_text
from jinzai.talent.models import (
    DeclarationPeriod,
    Designation,
    Duty,
    DutyHolder,
    SelfDeclaration,
    SubRole,
    TalentType,
)


def system(org) -> SystemActor:
    return SystemActor(org.org, label="test")


def grade(org, name: str) -> Grade:
    return Grade.objects.get(organisation=org.org, name=name)


def person(
    org,
    staff_no: str,
    name: str,
    unit: Unit,
    grade_name: str,
    *,
    hired=date(2010, 4, 1),
    started=date(2022, 4, 1),
):
    g = grade(org, grade_name)
    staff = Staff.objects.create(
        organisation=org.org,
        staff_no=staff_no,
        name=name,
        grade=g,
        current_unit=unit,
        hired_on=hired,
        search_text=staff_search_text(staff_no, name, ""),
    )
    Assignment.objects.create(organisation=org.org, staff=staff, unit=unit, grade=g, started_on=started)
    return staff


def leader(org) -> TalentType:
    return TalentType.objects.get(organisation=org.org, kind=TalentType.Kind.LEADER)


def business(org) -> SubRole:
    return SubRole.objects.get(talent_type=leader(org), name="業務担当")


def designate(org, staff, start=date(2025, 4, 1), end=None) -> Designation:
    return Designation.objects.create(
        organisation=org.org,
        staff=staff,
        talent_type=leader(org),
        sub_role=business(org),
        started_on=start,
        ended_on=end,
    )


def concurrent(org, staff, unit, start=date(2025, 4, 1)) -> ConcurrentPost:
    return ConcurrentPost.objects.create(organisation=org.org, staff=staff, unit=unit, started_on=start)


def duty(org, name: str, weight: int, unit=None, start=date(2025, 4, 1)) -> Duty:
    return Duty.objects.create(organisation=org.org, name=name, weight=weight, unit=unit, started_on=start)


def hold(org, d: Duty, staff, role="primary", start=date(2025, 4, 1), end=None) -> DutyHolder:
    return DutyHolder.objects.create(
        organisation=org.org, duty=d, staff=staff, role=role, proficiency=3, started_on=start, ended_on=end
    )


def period(org, fy=2026, opens=date(2026, 5, 1), closes=date(2026, 6, 30)) -> DeclarationPeriod:
    return DeclarationPeriod.objects.create(
        organisation=org.org, fiscal_year=fy, opens_on=opens, closes_on=closes
    )


def declare(
    org, staff, p, *, wish="stay", interest="no", motivation=3, comment="", wish_unit=None
) -> SelfDeclaration:
    return SelfDeclaration.objects.create(
        organisation=org.org,
        period=p,
        staff=staff,
        wish=wish,
        wish_unit=wish_unit,
        dx_interest=interest,
        motivation=motivation,
        comment=comment,
    )


def skill_level(org, staff, item_name: str, level: int):
    """A confirmed rating of ``level`` on the leader map's item ``item_name``."""
    from jinzai.skills.models import Campaign, Item, Participant, Rating

    item = Item.objects.get(organisation=org.org, framework__key="leader", name=item_name)
    campaign = Campaign.objects.filter(organisation=org.org, framework=item.framework).first()
    if campaign is None:
        campaign = Campaign.objects.create(
            organisation=org.org,
            name="2025年度",
            fiscal_year=2025,
            framework=item.framework,
            starts_on=date(2025, 6, 1),
            ends_on=date(2025, 7, 31),
        )
    participant, _ = Participant.objects.get_or_create(organisation=org.org, campaign=campaign, staff=staff)
    return Rating.objects.create(
        organisation=org.org,
        participant=participant,
        campaign=campaign,
        staff=staff,
        item=item,
        final_level=level,
    ), item


def certify(org, staff, key: str, on=date(2024, 6, 1)):
    from jinzai.learning.models import Certification, StaffCertification

    cert = Certification.objects.get(organisation=org.org, key=key)
    StaffCertification.objects.create(
        organisation=org.org,
        staff=staff,
        certification=cert,
        acquired_on=on,
        valid_from=on,
        status=StaffCertification.Status.VERIFIED,
    )
    return cert
