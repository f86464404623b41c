"""No dead ends for staff, in the browser (issue 12 item 10): a staff member opens a course whose session
is full (満席・キャンセル待ちで申し込む) and others that say why they take no application, the subsidy
form that lists what they cannot get with the reason, a skill sheet past its deadline (締切後, the expected
level before the first save, 一時保存 after saving) and a knowledge test that warns about unanswered
questions before scoring. Screenshots at 1366 and 390 px."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from jinzai.core.access import SystemActor
from jinzai.core.dates import fiscal_year_of
from jinzai.learning.models import Certification
from jinzai.learning.services import subsidies, training
from jinzai.skills import services as skills
from jinzai.skills.models import Framework, Participant, RoleProfile
from jinzai.talent.models import TalentType
from tests.e2e.conftest import check, log_in, nav


def both(page, name: str) -> None:
    """The page checked by axe and kept at 1366 px, then the same at 390 px (a phone)."""
    check(page, name)
    size = page.viewport_size
    page.set_viewport_size({"width": 390, "height": 844})
    check(page, f"{name}-390")
    page.set_viewport_size(size)


def _world(world):
    org = world.own.org
    actor = SystemActor(organisation=org, label="test")
    today = date.today()
    course = training.course_create(
        actor=actor,
        title="業務改善の基礎",
        provider_type="internal",
        mode="classroom",
        hours=3,
        fee=0,
        step=1,
    )
    full = training.session_create(
        actor=actor,
        course=course,
        title="第2回",
        starts_on=today + timedelta(days=30),
        ends_on=today + timedelta(days=30),
        capacity=1,
        venue="本庁舎 会議室",
    )
    training.enrolment_apply(actor=world.own.members["hr"], session=full, staff=world.own.staff["hr"])
    training.session_create(
        actor=actor,
        course=course,
        title="第1回",
        starts_on=today - timedelta(days=20),
        ends_on=today - timedelta(days=20),
    )
    training.session_create(
        actor=actor,
        course=course,
        title="第3回",
        starts_on=today + timedelta(days=15),
        ends_on=today + timedelta(days=15),
        apply_deadline=today - timedelta(days=1),
    )
    fy = fiscal_year_of(today)
    leader = TalentType.objects.get(organisation=org, kind=TalentType.Kind.LEADER)
    subsidies.subsidy_rule_create(
        actor=actor,
        certification=Certification.objects.get(organisation=org, key="ip"),
        fiscal_year=fy,
        kind="fixed",
        amount=5000,
        budget=100_000,
    )
    subsidies.subsidy_rule_create(
        actor=actor,
        certification=Certification.objects.get(organisation=org, key="fe"),
        fiscal_year=fy,
        kind="fixed",
        amount=7500,
        budget=100_000,
        talent_types=[leader],
    )
    framework = Framework.objects.get(organisation=org, key="literacy")
    campaign = skills.campaign_create(
        actor=actor,
        name="DXリテラシー評価",
        fiscal_year=fy,
        framework=framework,
        starts_on=today - timedelta(days=40),
        ends_on=today - timedelta(days=3),
    )
    sheet = Participant.objects.get(campaign=campaign, staff=world.own.staff["staff"])
    first = framework.items.filter(is_active=True).order_by("sort_order", "id").first()
    RoleProfile.objects.update_or_create(
        organisation=org, item=first, talent_type_id=sheet.talent_type_id, defaults={"expected_level": 3}
    )
    category = skills.question_category_create(actor=actor, name="DXの基礎")
    for n, text in enumerate(("DXの目的として正しいものは", "個人情報の扱いで正しいものは", "BPRとは")):
        skills.question_create(
            actor=actor,
            category=category,
            text=text,
            kind="single",
            choices=[f"選択肢{n}A", f"選択肢{n}B"],
            correct=[0],
        )
    skills.knowledge_test_create(
        actor=actor, sections={category: 3}, name="DXリーダー向けアセスメント", pass_score=60
    )
    return first


@pytest.mark.django_db(transaction=True)
def test_staff_sees_why_before_each_dead_end(page, world):
    first_item = _world(world)
    log_in(page, "a-staff", PASSWORD)

    # training: the full session offers the waitlist in words; the others say why there is no button
    nav(page, "研修")
    page.get_by_role("link", name="業務改善の基礎", exact=True).first.click()
    expect(page.get_by_role("heading", name="業務改善の基礎", level=1)).to_be_visible()
    table = page.get_by_role("table", name="開催の一覧")
    expect(table.get_by_role("button", name="第2回：満席・キャンセル待ちで申し込む")).to_be_visible()
    expect(table.get_by_role("row").filter(has_text="第1回")).to_contain_text("この回は終了しました。")
    expect(table.get_by_role("row").filter(has_text="第3回")).to_contain_text(
        "を過ぎたため、申し込めません。"
    )
    both(page, "nodead-course")
    page.get_by_role("link", name="第3回", exact=True).click()
    expect(page.get_by_text("申し込めません：")).to_be_visible()
    both(page, "nodead-session-closed")
    page.go_back()
    page.get_by_role("link", name="第2回", exact=True).click()
    expect(page.get_by_text("定員に達しています。申し込むとキャンセル待ちになり")).to_be_visible()
    both(page, "nodead-session-full")
    page.get_by_role("button", name="満席・キャンセル待ちで申し込む").click()
    expect(page.get_by_text("キャンセル待ちで受け付けました")).to_be_visible()

    # subsidies: what the person cannot get is listed apart, with the reason, and is not in the form
    nav(page, "自分の資格・研修")
    page.get_by_role("link", name="受験料補助を申請する").click()
    closed = page.get_by_role("region", name="申請できない補助")
    expect(closed).to_contain_text("基本情報技術者")
    expect(closed).to_contain_text("に指定された職員です")
    options = page.get_by_label("補助").locator("option").all_inner_texts()
    assert not any("基本情報技術者" in o for o in options) and any("ITパスポート" in o for o in options)
    both(page, "nodead-subsidy")

    # the skill sheet: 締切後, the deadline notice, the expected level before saving, then 一時保存
    nav(page, "スキル評価（自分）")
    row = page.get_by_role("row").filter(has_text="DXリテラシー評価")
    expect(row).to_contain_text("締切後")
    expect(row).to_contain_text("未回答")
    both(page, "nodead-my-assessments")
    row.get_by_role("link", name="DXリテラシー評価に回答する").click()
    expect(page.get_by_text("を過ぎています。DX推進担当が評価を終了するまでは")).to_be_visible()
    group = page.get_by_role("group", name=first_item.name)
    expect(group).to_contain_text("期待レベル 3")
    group.get_by_role("radio").nth(1).check()
    page.get_by_role("button", name="一時保存").click()
    expect(page.get_by_text("一時保存しました。")).to_be_visible()
    expect(page.get_by_text("状態：一時保存")).to_be_visible()
    both(page, "nodead-sheet-draft")
    nav(page, "スキル評価（自分）")
    expect(page.get_by_role("row").filter(has_text="DXリテラシー評価")).to_contain_text("一時保存")

    # the knowledge test: a warning names the unanswered questions before anything is scored
    nav(page, "テスト")
    page.get_by_role("link", name="DXリーダー向けアセスメント", exact=True).click()
    page.get_by_role("button", name="受験を始める").click()
    page.locator("fieldset.question").first.get_by_role("radio").first.check()
    page.get_by_role("button", name="提出して採点する").click()
    alert = page.locator("#unanswered-summary")
    expect(alert).to_contain_text("答えていない問題が2問あります")
    expect(alert.get_by_role("link", name="問2に答える")).to_be_visible()
    expect(page.locator("fieldset.question").first.get_by_role("radio").first).to_be_checked()
    both(page, "nodead-test-unanswered")
    page.get_by_role("button", name="答えていない問題があるまま提出する").click()
    expect(page.get_by_text("採点しました。")).to_be_visible()
