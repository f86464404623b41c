"""The DX duties registry and the 1人情シス risk: bus factor, the concentration index against hand-computed
values and its trend, people holding too much, suggested backups, one-click assignment, the prefecture figure."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from jinzai.core import hooks
from jinzai.talent.models import DutyHolder, TalentSettings
from jinzai.talent.selectors.duties import concentration, one_person_count, registry_on, risk_report, trend
from jinzai.talent.services import duties as services

from . import _careers as h


def test_concentration_index_hand_computed():
    # weights 5 + 3 held by A, 2 by B: (8/10)² + (2/10)² = 0.64 + 0.04 = 0.68
    assert concentration({1: 8, 2: 2}) == Decimal("0.68")
    # one person holds everything
    assert concentration({1: 17}) == Decimal("1.00")
    # four equal loads: 4 × (1/4)² = 0.25
    assert concentration({1: 3, 2: 3, 3: 3, 4: 3}) == Decimal("0.25")
    # 6, 3, 1: 0.36 + 0.09 + 0.01 = 0.46
    assert concentration({1: 6, 2: 3, 3: 1}) == Decimal("0.46")
    assert concentration({}) is None


@pytest.fixture
def registry(world):
    own = world.own
    a, b, c = own.staff["other"], own.staff["hr"], own.staff["staff"]
    it = own.units["総務課"]
    d1 = h.duty(own, "基幹系システムの運用", 5, unit=it)
    d2 = h.duty(own, "庁内ネットワークの管理", 3, unit=it)
    d3 = h.duty(own, "ホームページの管理", 2, unit=it)
    d4 = h.duty(own, "RPAの保守", 1, unit=it, start=date(2026, 5, 1))
    h.hold(own, d1, a)
    h.hold(own, d2, a)
    h.hold(own, d3, b)
    h.hold(own, d3, a, role="backup")
    h.hold(own, d1, b, role="backup", start=date(2025, 4, 1), end=date(2026, 3, 31))  # left at the transfers
    h.hold(own, d4, c)
    return {"a": a, "b": b, "c": c, "d1": d1, "d2": d2, "d3": d3, "d4": d4}


def test_bus_factor_and_loads_on_a_day(world, registry):
    r = registry_on(world.own.org, date(2026, 6, 1))
    factors = {d.name: r.bus_factor(d) for d in r.duties}
    assert factors == {
        "基幹系システムの運用": 1,
        "庁内ネットワークの管理": 1,
        "ホームページの管理": 2,
        "RPAの保守": 1,
    }
    assert r.loads() == {registry["a"].pk: 8, registry["b"].pk: 2, registry["c"].pk: 1}
    # (8/11)² + (2/11)² + (1/11)² = (64 + 4 + 1) / 121 = 0.5702… → 0.57
    assert concentration(r.loads()) == Decimal("0.57")
    earlier = registry_on(world.own.org, date(2026, 3, 1))
    assert {d.name: earlier.bus_factor(d) for d in earlier.duties}["基幹系システムの運用"] == 2
    assert "RPAの保守" not in {d.name for d in earlier.duties}  # registered in May


def test_trend_uses_the_history(world, registry):
    points = {p["day"]: p for p in trend(world.own.org, today=date(2026, 6, 1), months=3)}
    assert points[date(2026, 3, 31)]["index"] == Decimal("0.68")  # before RPA existed: 8 and 2
    assert points[date(2026, 3, 31)]["single"] == 1
    assert points[date(2026, 6, 1)]["index"] == Decimal("0.57")
    assert points[date(2026, 6, 1)]["single"] == 3


def test_report_lists_single_holders_overload_and_suggestions(world, registry):
    TalentSettings.objects.create(organisation=world.own.org, max_duties=2, max_weight_share=50)
    report = risk_report(world.own.org, today=date(2026, 6, 1))
    assert [i["duty"].name for i in report.single] == [
        "基幹系システムの運用",
        "庁内ネットワークの管理",
        "RPAの保守",
    ]
    assert report.index == Decimal("0.57") and report.effective_people == Decimal("1.8")
    over = report.overloaded
    assert [o["staff"].pk for o in over] == [registry["a"].pk]
    assert (
        over[0]["duties"] == 3
        and over[0]["share"] == Decimal("72.7")
        and over[0]["too_many"]
        and over[0]["too_heavy"]
    )
    suggestion = report.single[0]["suggestions"][0]
    assert suggestion.staff_id == registry["b"].pk  # in 総務課 (人事係), already backing up nothing of it
    assert "総務課に在籍" in suggestion.reasons


def test_suggestions_prefer_matching_skills(world, registry):
    own = world.own
    cert = h.certify(own, own.staff["manager"], "sg")
    registry["d1"].skill_keys = [f"certification:{cert.pk}"]
    registry["d1"].save()
    report = risk_report(own.org, today=date(2026, 6, 1))
    first = report.single[0]["suggestions"][0]
    assert (
        first.staff_id == own.staff["manager"].pk and first.reasons[0] == "情報セキュリティマネジメント保有"
    )


def test_one_click_backup_and_the_prefecture_figure(world, login, registry):
    own = world.own
    assert one_person_count(own.org, date(2026, 6, 1)) == 3
    figures = {}
    for part in hooks.ORGANISATION_FIGURES.collect(own.org):
        figures.update(part)
    assert "one_person_risk" in figures
    assert not any(
        "one_person_risk" in p for p in hooks.ORGANISATION_FIGURES.collect(world.foreign.org)
    )  # 未登録
    client = login(own.users["dx_office"])
    response = client.post(
        reverse("talent:risk_assign", kwargs={"pk": registry["d1"].pk}), {"staff": registry["b"].pk}
    )
    assert response.status_code == 302
    holder = DutyHolder.objects.get(duty=registry["d1"], staff=registry["b"], ended_on__isnull=True)
    assert holder.role == "backup" and holder.proficiency == DutyHolder.Proficiency.LEARNING
    assert one_person_count(own.org, date(2026, 6, 1)) == 2
    response = client.post(
        reverse("talent:risk_assign", kwargs={"pk": registry["d1"].pk}), {"staff": registry["b"].pk}
    )
    assert response.status_code == 302  # the second click: a message, no second row
    assert (
        DutyHolder.objects.filter(duty=registry["d1"], staff=registry["b"], ended_on__isnull=True).count()
        == 1
    )
    foreign = world.foreign.staff["staff"]
    response = client.post(
        reverse("talent:risk_assign", kwargs={"pk": registry["d1"].pk}), {"staff": foreign.pk}
    )
    assert response.status_code == 404


def test_duty_rules_have_japanese_messages(world, registry):
    actor = h.system(world.own)
    with pytest.raises(ValidationError) as exc:
        services.duty_create(actor=actor, name="", weight=11, started_on=None, outsourced=True)
    messages = exc.value.messages
    assert "業務の名称を入力してください。" in messages
    assert any("重みは1〜10" in m for m in messages)
    assert "委託しているときは委託先を入力してください。" in messages
    with pytest.raises(ValidationError):
        services.duty_holder_add(
            actor=actor, duty=registry["d1"], staff=registry["a"], started_on=date(2026, 6, 1)
        )


def test_the_report_page_and_the_table_beside_the_chart(world, login, registry):
    html = login(world.own.users["hr"]).get(reverse("talent:risk_report")).content.decode()
    assert "risk-chart-data" in html and "推移の表" in html and 'name="staff"' not in html  # hr reads only
    html = login(world.own.users["dx_office"]).get(reverse("talent:risk_report")).content.decode()
    assert 'name="staff"' in html and "の副担当にする" in html
    assert login(world.own.users["executive"]).get(reverse("talent:risk_report")).status_code == 403
