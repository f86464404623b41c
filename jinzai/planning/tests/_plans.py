"""Helpers for the plan tests: staff, transfers and designations made directly with the ORM."""

from __future__ import annotations

from datetime import date, timedelta

from jinzai.core.access import SystemActor
from jinzai.core.models import Grade, Unit
from jinzai.people.models import Assignment, Staff
from jinzai.planning.models import DevelopmentPlan, Target
from jinzai.talent.models import Designation, SubRole, TalentType


def actor(org) -> SystemActor:
    return SystemActor(organisation=org.org, label="test")


def leader(org) -> TalentType:
    return TalentType.objects.get(organisation=org.org, kind=TalentType.Kind.LEADER)


def general(org) -> TalentType:
    return TalentType.objects.get(organisation=org.org, kind=TalentType.Kind.GENERAL)


def sub_role(org, name: str) -> SubRole:
    return SubRole.objects.get(organisation=org.org, name=name)


def grade(org, name: str) -> Grade:
    return Grade.objects.get(organisation=org.org, name=name)


def add_unit(org, name: str, parent: Unit | None, kind: str = "division", **fields) -> Unit:
    return Unit.objects.create(organisation=org.org, parent=parent, name=name, kind=kind, **fields)


def add_staff(
    org,
    staff_no: str,
    unit: Unit,
    *,
    grade_name: str = "主事",
    hired: date = date(2015, 4, 1),
    posted: date = date(2020, 4, 1),
    retired: date | None = None,
    employment_type: str = "regular",
) -> Staff:
    g = grade(org, grade_name)
    staff = Staff.objects.create(
        organisation=org.org,
        staff_no=staff_no,
        name=f"職員{staff_no}",
        grade=g,
        current_unit=unit,
        hired_on=hired,
        retired_on=retired,
        employment_type=employment_type,
    )
    Assignment.objects.create(
        organisation=org.org, staff=staff, unit=unit, grade=g, started_on=posted, ended_on=retired
    )
    return staff


def transfer(staff: Staff, unit: Unit, on: date, grade_obj: Grade | None = None) -> None:
    current = staff.assignments.get(ended_on__isnull=True)
    current.ended_on = on - timedelta(days=1)
    current.save()
    Assignment.objects.create(
        organisation=staff.organisation,
        staff=staff,
        unit=unit,
        grade=grade_obj or current.grade,
        started_on=on,
    )
    staff.current_unit = unit
    staff.save()


def designate(
    staff: Staff,
    talent_type: TalentType,
    start: date,
    end: date | None = None,
    role: SubRole | None = None,
) -> Designation:
    return Designation.objects.create(
        organisation=staff.organisation,
        staff=staff,
        talent_type=talent_type,
        sub_role=role,
        started_on=start,
        ended_on=end,
    )


def plan(org, start_fy: int = 2026, years: int = 3, **fields) -> DevelopmentPlan:
    return DevelopmentPlan.objects.create(
        organisation=org.org, start_fy=start_fy, end_fy=start_fy + years - 1, **fields
    )


def target(p: DevelopmentPlan, metric: str, value, **fields) -> Target:
    fields.setdefault("label", f"{metric}の目標")
    return Target.objects.create(plan=p, metric=metric, target_value=value, **fields)
