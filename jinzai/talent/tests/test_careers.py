"""Careers: default career models and ladder, each person's position, career plans, the 自己申告 and its
period, the designation term, the plan metrics of the talent app."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from jinzai.talent.metrics import measure_bus_factor, measure_coverage_concurrent, measure_declaration_share
from jinzai.talent.models import CareerModel, CareerStep, SelfDeclaration, TalentSettings
from jinzai.talent.selectors.careers import ladder_counts, position_of, term_end
from jinzai.talent.services import careers as services

from . import _careers as h


def test_a_new_organisation_gets_models_and_the_ladder(world):
    names = list(CareerModel.objects.filter(organisation=world.own.org).values_list("name", flat=True))
    assert names == ["ゼネラリスト", "エキスパート", "特定部門エキスパート"]
    steps = list(CareerStep.objects.filter(organisation=world.own.org).values_list("name", "sub_role__name"))
    assert steps == [
        ("一般行政職員", None),
        ("DX推進リーダー（業務担当）", "業務担当"),
        ("DX推進リーダー（DX推進担当）", "DX推進担当"),
        ("高度専門人材／CIO補佐官", None),
    ]


def test_position_on_the_ladder_and_the_counts(world):
    own = world.own
    staff = own.staff["staff"]
    assert position_of(staff).name == "一般行政職員"
    h.designate(own, staff, start=date(2026, 4, 1))
    assert position_of(staff).name == "DX推進リーダー（業務担当）"
    counts = {r.step.name: r.people for r in ladder_counts(own.org)}
    assert counts == {
        "一般行政職員": 3,
        "DX推進リーダー（業務担当）": 1,
        "DX推進リーダー（DX推進担当）": 0,
        "高度専門人材／CIO補佐官": 0,
    }


def test_term_ends_with_the_third_fiscal_year(world):
    org = world.own.org
    assert term_end(org, date(2026, 4, 1)) == date(2029, 3, 31)
    assert term_end(org, date(2027, 2, 1)) == date(2029, 3, 31)  # FY2026 is the first year
    TalentSettings.objects.create(organisation=org, term_years=None)
    assert term_end(org, date(2026, 4, 1)) is None


def test_declaration_only_in_its_period_with_clear_messages(world):
    own = world.own
    p = h.period(own, fy=2027, opens=date(2026, 5, 1), closes=date(2026, 6, 30))
    member = own.members["staff"]
    with pytest.raises(ValidationError) as exc:
        services.declaration_submit(actor=member, period=p, wish="", dx_interest="x", motivation=9)
    assert exc.value.messages == [
        "異動の希望を選んでください。",
        "DXの仕事への関心を選んでください。",
        "今の仕事への意欲を1〜5で選んでください。",
    ]
    d = services.declaration_submit(
        actor=member, period=p, wish="move", dx_interest="yes", motivation=4, comment="相談"
    )
    again = services.declaration_submit(actor=member, period=p, wish="stay", dx_interest="yes", motivation=4)
    assert again.pk == d.pk and again.wish == "stay"
    with pytest.raises(ValidationError) as exc:
        services.declaration_submit(
            actor=member, period=p, wish="stay", dx_interest="yes", motivation=4, today=date(2026, 7, 1)
        )
    assert "受付期間" in exc.value.messages[0]


def test_period_rules(world):
    hr = world.own.members["hr"]
    services.declaration_period_create(
        actor=hr, fiscal_year=2027, opens_on=date(2026, 5, 1), closes_on=date(2026, 6, 1)
    )
    with pytest.raises(ValidationError) as exc:
        services.declaration_period_create(
            actor=hr, fiscal_year=2027, opens_on=date(2026, 5, 1), closes_on=date(2026, 4, 1)
        )
    assert "締切日は開始日以後の日付にしてください。" in exc.value.messages


def test_my_career_pages(world, login):
    own = world.own
    client = login(own.users["staff"])
    model = CareerModel.objects.get(organisation=own.org, name="エキスパート")
    response = client.post(
        reverse("talent:my_career"),
        {"career_model": model.pk, "field": "デジタル", "from_fiscal_year": "2027", "next_role": "係長"},
    )
    assert response.status_code == 302
    plan = own.staff["staff"].career_plan
    assert (plan.career_model, plan.field, plan.from_fiscal_year) == (model, "デジタル", 2027)
    response = client.post(reverse("talent:my_career"), {"from_fiscal_year": "２０２７年"})
    assert response.status_code == 200 and "field-message" in response.content.decode()
    assert client.get(reverse("talent:my_declaration")).status_code == 302  # no open period
    h.period(own, fy=2027, opens=date(2026, 5, 1), closes=date(2026, 6, 30))
    response = client.post(
        reverse("talent:my_declaration"),
        {"wish": "move", "dx_interest": "yes", "motivation": "5", "comment": "家族の事情"},
    )
    assert response.status_code == 302
    assert SelfDeclaration.objects.get(staff=own.staff["staff"]).comment == "家族の事情"


def test_metrics_count_concurrent_posts_duties_and_declarations(world):
    from jinzai.planning.models import DevelopmentPlan, Target

    own = world.own
    plan = DevelopmentPlan.objects.create(organisation=own.org, start_fy=2026, end_fy=2028)
    coverage = Target(
        plan=plan, metric="coverage_concurrent", talent_type=h.leader(own), params={"unit_kind": "division"}
    )
    day = date(2026, 6, 1)
    h.designate(own, own.staff["manager"])  # 市民課
    assert measure_coverage_concurrent(coverage, [day])[0].value == Decimal("1.00")
    h.concurrent(own, own.staff["manager"], own.units["人事係"])  # rolls up to 総務課
    m = measure_coverage_concurrent(coverage, [day])[0]
    assert m.value == Decimal("2.00") and m.detail["concurrent"] == {own.units["総務課"].pk: 1}
    d = h.duty(own, "庁内ネットワークの管理", 3)
    h.hold(own, d, own.staff["other"])
    duties = Target(plan=plan, metric="duty_bus_factor", params={})
    assert measure_bus_factor(duties, [day])[0].value == Decimal("0.00")
    h.hold(own, d, own.staff["hr"], role="backup")
    assert measure_bus_factor(duties, [day])[0].value == Decimal("1.00")
    share = Target(plan=plan, metric="declaration_share", params={})
    p = h.period(own, fy=2026)
    h.declare(own, own.staff["staff"], p)
    SelfDeclaration.objects.update(submitted_at=datetime(2026, 5, 20, 10, tzinfo=UTC))
    m = measure_declaration_share(share, [day])[0]
    assert m.detail == {"numerator": 1, "denominator": 4} and m.value == Decimal("25.00")
