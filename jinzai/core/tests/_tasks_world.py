"""Something for every role of 自分市 to do (「対応が必要なこと」), built directly with the ORM on top of the
shared `world` fixture; used by the home tests and the browser tests of the homes.

- staff 山田 (窓口係): an open self-assessment due in five days, a certification hr verified today;
- manager 佐藤 (市民課 and below): 田中's self-assessed sheet to rate, 田中's application to a course with a
  fee of 12,000円 to approve, 田中's exam subsidy to confirm;
- hr: 田中's certification to verify, an exam subsidy the manager confirmed, a staff file in preview;
- dx_office: the campaign closing in five days, an application the manager approved to confirm, a plan
  whose leader-level target is behind.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from jinzai.core.dates import fiscal_year_of
from jinzai.core.models import ImportRecord, Unit
from jinzai.learning.models import (
    Certification,
    Course,
    Enrolment,
    Session,
    StaffCertification,
    SubsidyApplication,
    SubsidyRule,
)
from jinzai.people.models import Assignment, Staff
from jinzai.planning.models import DevelopmentPlan, LevelAssessment, PlanLevel, Status, Target
from jinzai.skills.models import Campaign, Framework, Participant
from jinzai.talent.models import Designation, TalentType

FEE = 12_000


@dataclass
class TaskWorld:
    campaign: Campaign
    sheet_to_rate: Participant
    enrolment: Enrolment
    session: Session
    proof: StaffCertification
    plan: DevelopmentPlan
    tanaka: Staff


def add_person(org, staff_no: str, name: str, unit: Unit) -> Staff:
    staff = Staff.objects.create(
        organisation=org.org,
        staff_no=staff_no,
        name=name,
        kana="",
        grade=org.staff["staff"].grade,
        current_unit=unit,
        hired_on=date(2018, 4, 1),
    )
    Assignment.objects.create(organisation=org.org, staff=staff, unit=unit, started_on=date(2020, 4, 1))
    return staff


def build(world) -> TaskWorld:
    own = world.own
    org = own.org
    today = timezone.localdate()
    madoguchi = own.units["窓口係"]
    tanaka = add_person(own, "000201", "田中　次郎", madoguchi)

    # skills: one open campaign; 山田 has not answered, 田中 has (the manager rates next)
    framework = Framework.objects.filter(organisation=org).order_by("sort_order", "id").first()
    campaign = Campaign.objects.create(
        organisation=org,
        name="令和8年度 DXリテラシー評価",
        fiscal_year=fiscal_year_of(today),
        framework=framework,
        starts_on=today - timedelta(days=20),
        ends_on=today + timedelta(days=5),
    )
    Participant.objects.create(organisation=org, campaign=campaign, staff=own.staff["staff"], unit=madoguchi)
    sheet = Participant.objects.create(
        organisation=org,
        campaign=campaign,
        staff=tanaka,
        unit=madoguchi,
        status=Participant.Status.SELF_DONE,
        submitted_at=timezone.now(),
    )

    # learning: a course with a fee; 田中 applied (manager approves), 髙橋 was approved (dx confirms)
    course = Course.objects.create(
        organisation=org, title="業務改善の基礎", provider_type="internal", mode="classroom", hours=3, fee=FEE
    )
    start = today + timedelta(days=20)
    session = Session.objects.create(
        organisation=org, course=course, title="第1回", starts_on=start, ends_on=start
    )
    enrolment = Enrolment.objects.create(organisation=org, session=session, staff=tanaka)
    Enrolment.objects.create(
        organisation=org, session=session, staff=own.staff["other"], status=Enrolment.Status.APPROVED
    )
    certification = Certification.objects.filter(organisation=org).order_by("sort_order", "id").first()
    proof = StaffCertification.objects.create(
        organisation=org,
        staff=tanaka,
        certification=certification,
        acquired_on=today - timedelta(days=10),
        valid_from=today - timedelta(days=10),
    )
    StaffCertification.objects.create(
        organisation=org,
        staff=own.staff["staff"],
        certification=certification,
        acquired_on=today - timedelta(days=30),
        valid_from=today - timedelta(days=30),
        status=StaffCertification.Status.VERIFIED,
        verified_at=timezone.now(),
    )
    rule = SubsidyRule.objects.create(
        organisation=org,
        certification=certification,
        fiscal_year=campaign.fiscal_year,
        amount=5_000,
        budget=100_000,
    )
    for staff, status in (
        (tanaka, SubsidyApplication.Status.APPLIED),
        (own.staff["hr"], SubsidyApplication.Status.MANAGER_OK),
    ):
        SubsidyApplication.objects.create(
            organisation=org,
            rule=rule,
            staff=staff,
            exam_on=today + timedelta(days=40),
            exam_fee=7_500,
            amount=5_000,
            status=status,
        )

    # imports: a staff file read but not yet committed
    ImportRecord.objects.create(
        organisation=org, kind="staff", file_name="職員一覧_12月.csv", file_sha256="0" * 64, summary={}
    )

    # planning: a leader-level target the latest assessment leaves behind
    leader = TalentType.objects.get(organisation=org, kind="leader")
    fy = campaign.fiscal_year
    plan = DevelopmentPlan.objects.create(
        organisation=org,
        start_fy=fy - 2,
        end_fy=fy,
        status=Status.APPROVED,
        title="自分市デジタル人材育成計画",
    )
    PlanLevel.objects.create(plan=plan, talent_type=leader, current_level=1, target_level=3)
    Target.objects.create(
        plan=plan, label="リーダーのレベルを3にする", metric="level", talent_type=leader, target_value=3
    )
    LevelAssessment.objects.create(
        organisation=org, talent_type=leader, fiscal_year=fy - 2, level=1, assessed_on=date(fy - 2, 10, 1)
    )
    return TaskWorld(campaign, sheet, enrolment, session, proof, plan, tanaka)


def grow(world, n: int = 30) -> None:
    """``n`` more people in the manager's units, each designated, enrolled, with a sheet and a pending
    certification — more rows everywhere a home counts."""
    own = world.own
    org = own.org
    leader = TalentType.objects.get(organisation=org, kind="leader")
    campaign = Campaign.objects.filter(organisation=org).first()
    session = Session.objects.filter(organisation=org).first()
    certification = Certification.objects.filter(organisation=org).order_by("sort_order", "id").first()
    today = timezone.localdate()
    units = [own.units["窓口係"], own.units["市民課"], own.units["人事係"]]
    for i in range(n):
        unit = Unit.objects.create(organisation=org, parent=units[i % 3], name=f"追加係{i}", kind="section")
        staff = add_person(own, f"0009{i:02d}", f"追加　職員{i}", unit)
        Designation.objects.create(
            organisation=org, staff=staff, talent_type=leader, started_on=date(2024, 5, 1)
        )
        Enrolment.objects.create(organisation=org, session=session, staff=staff)
        Participant.objects.create(
            organisation=org, campaign=campaign, staff=staff, unit=unit, status=Participant.Status.SELF_DONE
        )
        StaffCertification.objects.create(
            organisation=org, staff=staff, certification=certification, acquired_on=today, valid_from=today
        )
