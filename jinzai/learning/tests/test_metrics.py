"""Plan metrics of the learning app: certification share, completions, internal certifications."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from jinzai.core.hooks import METRICS
from jinzai.learning.models import (
    Certification,
    Curriculum,
    Enrolment,
    InternalCertification,
    InternalCertRule,
)
from jinzai.planning.models import DevelopmentPlan, Target
from jinzai.talent.models import TalentType

from ._helpers import course_with_session, holding

TODAY = date.today()


def target(org, metric, **params):
    plan = DevelopmentPlan.objects.create(organisation=org.org, title="計画", start_fy=2025, end_fy=2027)
    return Target(plan=plan, label="t", metric=metric, params=params, target_value=Decimal(1))


@pytest.mark.django_db
def test_certification_share_of_a_certification_and_of_a_level(world):
    holding(world.own, "staff", "ip", TODAY - timedelta(days=200))
    holding(world.own, "hr", "ap", TODAY - timedelta(days=10))
    ip = Certification.objects.get(organisation=world.own.org, key="ip")
    metric = METRICS["cert_share"]
    before, now = TODAY - timedelta(days=100), TODAY
    values = metric.measure(target(world.own, "cert_share", cert_target=f"cert:{ip.pk}"), [before, now])
    assert [m.value for m in values] == [Decimal("25.00"), Decimal("25.00")]  # 1 of 4 staff
    values = metric.measure(target(world.own, "cert_share", cert_target="level:1"), [before, now])
    assert [m.detail["numerator"] for m in values] == [1, 2]
    values = metric.measure(target(world.own, "cert_share", cert_target="level:3"), [now])
    assert values[0].detail == {"numerator": 1, "denominator": 4}


@pytest.mark.django_db
def test_completed_course_and_curriculum(world):
    sessions = [course_with_session(world.own, f"研修{i}", starts_in=-20 + i)[1] for i in range(2)]
    for key in ("staff", "hr"):
        Enrolment.objects.create(
            organisation=world.own.org,
            session=sessions[0],
            staff=world.own.staff[key],
            status="confirmed",
            result="completed",
            completed_on=sessions[0].ends_on,
        )
    Enrolment.objects.create(
        organisation=world.own.org,
        session=sessions[1],
        staff=world.own.staff["staff"],
        status="confirmed",
        result="completed",
        completed_on=sessions[1].ends_on,
    )
    curriculum = Curriculum.objects.create(organisation=world.own.org, name="c", mode="all")
    curriculum.courses.set([s.course for s in sessions])
    metric = METRICS["completed"]
    course_values = metric.measure(
        target(world.own, "completed", learning_target=f"course:{sessions[0].course_id}"), [TODAY]
    )
    assert course_values[0].value == 2
    days = [sessions[1].ends_on - timedelta(days=1), TODAY]
    curriculum_values = metric.measure(
        target(world.own, "completed", learning_target=f"curriculum:{curriculum.pk}"), days
    )
    assert [m.value for m in curriculum_values] == [0, 1]


@pytest.mark.django_db
def test_internally_certified(world):
    leader = TalentType.objects.get(organisation=world.own.org, kind="leader")
    rule = InternalCertRule.objects.create(organisation=world.own.org, name="r", talent_type=leader)
    InternalCertification.objects.create(
        organisation=world.own.org,
        rule=rule,
        staff=world.own.staff["staff"],
        certified_on=TODAY - timedelta(days=30),
    )
    InternalCertification.objects.create(
        organisation=world.own.org,
        rule=rule,
        staff=world.own.staff["hr"],
        certified_on=TODAY - timedelta(days=60),
        revoked_on=TODAY - timedelta(days=5),
    )
    metric = METRICS["internal_certified"]
    values = metric.measure(target(world.own, "internal_certified"), [TODAY - timedelta(days=10), TODAY])
    assert [m.value for m in values] == [2, 1]
    values = metric.measure(target(world.own, "internal_certified", internal_rule=str(rule.pk + 99)), [TODAY])
    assert values[0].value == 0


@pytest.mark.django_db
def test_target_form_offers_the_choices(world):
    from jinzai.planning.services.targets import check_target

    plan = DevelopmentPlan.objects.create(
        organisation=world.own.org, title="計画", start_fy=2025, end_fy=2027
    )
    clean, errors = check_target(
        plan, {"label": "iパス", "purpose": "development", "metric": "cert_share", "target_value": 30}
    )
    assert ("cert_target", "この測り方では「数える資格」を選んでください。") in errors
    clean, errors = check_target(
        plan,
        {
            "label": "iパス",
            "purpose": "development",
            "metric": "cert_share",
            "target_value": 30,
            "cert_target": "level:2",
        },
    )
    assert not errors and clean["params"] == {"cert_target": "level:2"}
