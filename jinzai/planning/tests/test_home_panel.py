"""The home pages of dx_office, hr and executives show how the current plan stands."""

from django.urls import reverse

from jinzai.planning.models import DevelopmentPlan, LevelAssessment, Status, Target
from jinzai.talent.models import TalentType


def test_dx_office_without_a_plan_is_pointed_to_the_wizard(world, login):
    html = login(world.own.users["dx_office"]).get(reverse("core:home")).content.decode()
    assert "育成計画の進み具合" in html
    assert reverse("planning:wizard") in html


def test_executive_sees_status_counts_of_the_approved_plan(world, login):
    org = world.own.org
    leader = TalentType.objects.get(organisation=org, kind="leader")
    plan = DevelopmentPlan.objects.create(
        organisation=org, start_fy=2024, end_fy=2026, status=Status.APPROVED
    )
    Target.objects.create(
        plan=plan, label="リーダーのレベルを3にする", metric="level", talent_type=leader, target_value=3
    )
    LevelAssessment.objects.create(
        organisation=org, talent_type=leader, fiscal_year=2024, level=1, assessed_on="2024-10-01"
    )
    html = login(world.own.users["executive"]).get(reverse("core:home")).content.decode()
    assert plan.title in html
    assert reverse("planning:plan_dashboard", args=[plan.pk]) in html
    assert "リーダーのレベルを3にする（遅れ）" in html
    assert reverse("planning:wizard") not in html


def test_roles_without_plan_access_see_no_panel(world, login):
    html = login(world.own.users["staff"]).get(reverse("core:home")).content.decode()
    assert "育成計画の進み具合" not in html
