"""The demo's planning data shows every planning screen something meaningful."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from jinzai.demo.tests.test_seed_demo import FAST_HASHERS
from jinzai.planning.models import DevelopmentPlan, LevelAssessment, PolicyVersion, StarterAction, Status
from jinzai.planning.selectors.progress import TargetStatus, plan_progress
from jinzai.talent.models import Designation


@pytest.mark.django_db
def test_city_plan_is_partly_achieved_and_town_has_a_draft():
    with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        call_command("seed_demo", stdout=StringIO())
    city = DevelopmentPlan.objects.get(organisation__code="992011")
    assert city.status == Status.APPROVED and (city.start_fy, city.end_fy) == (2025, 2027)
    statuses = {p.status for p in plan_progress(city, today=date(2026, 11, 1))}
    assert TargetStatus.ACHIEVED in statuses and statuses & {TargetStatus.WATCH, TargetStatus.BEHIND}
    coverage = next(p for p in plan_progress(city, today=date(2026, 11, 1)) if p.target.metric == "coverage")
    lacking = coverage.latest.detail["lacking"]
    assert 0 < len(lacking) < coverage.latest.detail["units"]

    town = DevelopmentPlan.objects.get(organisation__code="993018")
    assert town.status == Status.DRAFT and town.tasks.exists() and town.targets.count() >= 4

    leaders = Designation.objects.filter(organisation__code="992011", talent_type__kind="leader")
    assert leaders.filter(ended_on__isnull=True).count() >= 25
    assert leaders.filter(ended_on__isnull=False).exists()  # history kept
    assert Designation.objects.filter(organisation__code="992011", talent_type__kind="expert").exists()
    assert PolicyVersion.objects.get(organisation__code="992011").status == Status.APPROVED
    assert (
        LevelAssessment.objects.filter(organisation__code="992011").values("fiscal_year").distinct().count()
        == 3
    )
    assert StarterAction.objects.filter(organisation__code="992011", status="done").count() == 2
