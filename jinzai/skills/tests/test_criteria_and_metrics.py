"""Level criteria on latest confirmed ratings, the level suggestion, and the two target metrics."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from jinzai.core.hooks import METRICS
from jinzai.planning.models import DevelopmentPlan, Target
from jinzai.skills import services
from jinzai.skills.criteria import evaluate, suggestions_for
from jinzai.skills.models import Attempt
from jinzai.talent.models import TalentType

from ._helpers import campaign, confirm, items, sheet, submit, system


def _general(world):
    return TalentType.objects.get(organisation=world.own.org, kind="general")


def _two_confirmed(world):
    c = campaign(world.own)
    first = items(c.framework)[0]
    for key, member, level in (("staff", "staff", 3), ("manager", "manager", 1)):
        s = sheet(c, world.own.staff[key])
        submit(world.own.members[member], s, level)
    confirm(
        world.own.members["manager"], sheet(c, world.own.staff["staff"]), 3
    )  # the manager's stays unconfirmed
    return c, first


@pytest.mark.django_db
def test_criterion_counts_population_and_latest_confirmed(world):
    c, first = _two_confirmed(world)
    general = _general(world)
    crit = services.criterion_create(
        actor=system(world.own),
        items=[first],
        talent_type=general,
        level=2,
        min_level=2,
        min_share=Decimal(25),
    )
    result = evaluate(crit)
    assert (result.numerator, result.denominator) == (1, 4)  # 4 active staff, one confirmed at 3
    assert result.share == Decimal("25.0") and result.met
    crit.min_share = Decimal(30)
    assert not evaluate(crit).met
    assert "25.0％、1／4名" in result.text()


@pytest.mark.django_db
def test_suggestion_is_the_highest_level_with_all_lower_levels_met(world):
    c, first = _two_confirmed(world)
    general = _general(world)
    second = items(c.framework)[1]
    for level, item, share in ((1, first, 20), (2, second, 20), (3, first, 90)):
        services.criterion_create(
            actor=system(world.own),
            items=[item],
            talent_type=general,
            level=level,
            min_level=3,
            min_share=share,
        )
    found = suggestions_for(world.own.org, [general])
    assert found[general.pk]["level"] == 2
    assert [line["met"] for line in found[general.pk]["lines"]] == [True, True, False]


@pytest.mark.django_db
def test_level_suggestion_appears_beside_the_level_assessment(world, login):
    c, first = _two_confirmed(world)
    services.criterion_create(
        actor=system(world.own),
        items=[first],
        talent_type=_general(world),
        level=1,
        min_level=2,
        min_share=10,
    )
    client = login(world.own.users["dx_office"])
    for name in ("planning:level_list", "planning:assessment_create"):
        body = client.get(reverse(name)).content.decode()
        assert "スキル評価からみたレベルの提案" in body and "提案 レベル1" in body


def _target(world, metric, params):
    plan = DevelopmentPlan.objects.create(
        organisation=world.own.org, start_fy=2026, end_fy=2028, title="計画"
    )
    return Target.objects.create(plan=plan, label="目標", metric=metric, params=params, target_value=50)


@pytest.mark.django_db
def test_skill_share_metric(world):
    c, first = _two_confirmed(world)
    target = _target(world, "skill_share", {"skill_item": str(first.pk), "skill_level": "3"})
    today = timezone.localdate()
    before, after = date(2026, 1, 1), today + timedelta(days=1)
    values = METRICS["skill_share"].measure(target, [before, after])
    assert values[0].value == Decimal("0.00")
    assert values[1].value == Decimal("25.00") and values[1].detail == {"numerator": 1, "denominator": 4}
    choices = dict(METRICS["skill_share"].choice_params[0].choices(world.own.org))
    assert choices[str(first.pk)] == "DXリテラシー：社会の変化とDX"


@pytest.mark.django_db
def test_test_passed_metric_counts_each_person_once(world):
    category = services.question_category_create(actor=system(world.own), name="基礎")
    services.question_create(
        actor=system(world.own), category=category, text="問", kind="single", choices=["a", "b"], correct=[0]
    )
    test = services.knowledge_test_create(
        actor=system(world.own), sections={category: 1}, name="T", pass_score=50, retake_after_pass=True
    )
    member = world.own.members["staff"]
    for _ in range(2):
        attempt = services.attempt_start(actor=member, test=test)
        services.attempt_submit(actor=member, attempt=attempt, answers={str(attempt.question_ids[0]): [0]})
    Attempt.objects.filter(test=test).update(submitted_at=timezone.make_aware(datetime(2026, 7, 1, 10)))
    target = _target(world, "test_passed", {"skill_test": str(test.pk)})
    values = METRICS["test_passed"].measure(target, [date(2026, 6, 30), date(2026, 7, 2)])
    assert [v.value for v in values] == [Decimal("0.00"), Decimal("1.00")]
