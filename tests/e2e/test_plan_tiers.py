"""Tiers add up into their parent (issue 12, item 1), clicked through at 1366 and 390 px: a DX推進リーダー
target counts ゴールド and シルバー, a target can name both tiers, the target form shows only the fields of
the chosen way of measuring; and a plan imported from another organisation lists what it left empty."""

import json
import re
from datetime import date

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from jinzai.core.access import SystemActor
from jinzai.core.dates import fiscal_year_of
from jinzai.core.services import today
from jinzai.people.models import Assignment, Staff
from jinzai.planning.models import LevelAssessment
from jinzai.planning.services.plans import LevelChoice, plan_create
from jinzai.talent.models import Designation, TalentType
from jinzai.talent.services import talent_type_create
from tests.e2e.conftest import check, log_in, nav

NARROW = {"width": 390, "height": 844}
WIDE = {"width": 1366, "height": 768}


def _city_with_tiers(world):
    """ゴールド 2名 and シルバー 3名 under DX推進リーダー, a draft plan, levels at which two types are equal."""
    own = world.own
    org = own.org
    actor = SystemActor(organisation=org, label="test")
    leader = TalentType.objects.get(organisation=org, kind="leader")
    gold = talent_type_create(actor=actor, name="ゴールド", parent=leader)
    silver = talent_type_create(actor=actor, name="シルバー", parent=leader)
    fy = fiscal_year_of(today())
    start = date(fy, 4, 1)
    for i, (tier, unit) in enumerate(
        [(gold, "総務課"), (gold, "市民課"), (silver, "窓口係"), (silver, "人事係"), (silver, "市民課")]
    ):
        staff = Staff.objects.create(
            organisation=org, staff_no=f"0008{i:02d}", name=f"階層　職員{i}", current_unit=own.units[unit]
        )
        Assignment.objects.create(
            organisation=org, staff=staff, unit=own.units[unit], started_on=date(2020, 4, 1)
        )
        Designation.objects.create(organisation=org, staff=staff, talent_type=tier, started_on=start)
    types = list(TalentType.objects.filter(organisation=org, parent__isnull=True))
    for t in types:  # 高度専門人材 and 一般行政職員 are both at レベル2 in both years
        for offset in (2, 1):
            LevelAssessment.objects.create(
                organisation=org,
                talent_type=t,
                fiscal_year=fy - offset,
                level=1 if t.kind == "leader" else 2,
                assessed_on=date(fy - offset, 10, 1),
            )
    plan = plan_create(
        actor=actor,
        start_fy=fy,
        years=3,
        title="階層のある育成計画",
        levels=[LevelChoice(t, 1 if t.kind == "leader" else 2, 3) for t in types],
    )
    return plan


def _resize(page, size) -> None:
    page.set_viewport_size(size)
    page.wait_for_timeout(400)  # app.js marks the tables that now scroll 150 ms after a resize


def _both_widths(page, name: str) -> None:
    check(page, name)
    _resize(page, NARROW)
    check(page, f"{name}-390")
    _resize(page, WIDE)


@pytest.mark.django_db(transaction=True)
def test_tiers_count_as_their_parent_and_a_target_names_two_tiers(page, world):
    plan = _city_with_tiers(world)
    log_in(page, "a-dx_office", PASSWORD)
    nav(page, "育成計画")
    page.get_by_role("link", name="階層のある育成計画", exact=True).click()

    # a DX推進リーダー target: the form shows only what 「人数」 uses
    page.get_by_role("link", name="目標を追加").first.click()
    form = page.locator("form[data-target-form]")
    expect(form.get_by_role("group", name="対象の人材")).to_be_hidden()  # nothing chosen yet
    page.get_by_label("人数：指定された人（人材像・区分・職級）").check()
    expect(form.get_by_role("group", name="対象の人材")).to_be_visible()
    expect(form.get_by_role("group", name="配置する所属")).to_be_hidden()
    expect(form.get_by_role("group", name="数える所属")).to_be_hidden()
    expect(form.get_by_role("group", name="対象の職員（割合の分母）")).to_be_hidden()
    page.get_by_label("割合：対象の職員のうち人材像に指定された人").check()
    expect(form.get_by_role("group", name="対象の職員（割合の分母）")).to_be_visible()
    expect(page.get_by_label("部門")).to_be_visible()
    page.get_by_label("人数：指定された人（人材像・区分・職級）").check()
    expect(form.get_by_role("group", name="対象の職員（割合の分母）")).to_be_hidden()
    page.get_by_label(re.compile(r"^目標(必須)?$")).fill("DX推進リーダーを5名にする")
    page.get_by_label("育成目標", exact=True).check()
    page.get_by_label("人材像", exact=True).select_option(label="DX推進リーダー")
    # the chosen type is not offered again among the ones counted with it
    expect(
        form.get_by_role("group", name="あわせて数える人材像").get_by_label("DX推進リーダー", exact=True)
    ).to_be_hidden()
    page.get_by_label("最終目標値").fill("5")
    _both_widths(page, "plan-tiers-target-form")
    page.get_by_role("button", name="目標を追加する").click()
    expect(page.get_by_text("目標「DX推進リーダーを5名にする」を加えました。")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="DX推進リーダーを5名にする")
    expect(row).to_contain_text("DX推進リーダー（ゴールド・シルバーを含む）")
    expect(row.locator("td").nth(5)).to_have_text("5名")  # 2 gold + 3 silver count as leaders

    # a target naming both tiers (北九州市's ゴールド + シルバー)
    page.get_by_role("link", name="目標を追加").first.click()
    page.get_by_label("人数：指定された人（人材像・区分・職級）").check()
    page.get_by_label(re.compile(r"^目標(必須)?$")).fill("ゴールドとシルバーを合わせて5名")
    page.get_by_label("人材像", exact=True).select_option(label="\u3000ゴールド（DX推進リーダーの階層）")
    page.get_by_role("group", name="あわせて数える人材像").get_by_label(
        "シルバー（DX推進リーダーの階層）"
    ).check()
    page.get_by_label("最終目標値").fill("5")
    page.get_by_label("目標値を上回ったら達成").check()
    page.get_by_role("button", name="目標を追加する").click()
    row = page.get_by_role("row").filter(has_text="ゴールドとシルバーを合わせて5名")
    expect(row).to_contain_text("ゴールド＋シルバー")
    expect(row.locator("td").nth(5)).to_have_text("5名")
    expect(row).to_contain_text("を上回る")
    _both_widths(page, "plan-tiers-detail")

    # the dashboard: charts for both targets, and the level chart shows every type at equal levels
    page.get_by_role("link", name="ダッシュボード").click()
    page.wait_for_function("() => document.querySelectorAll('canvas[data-drawn]').length >= 3")
    legend = page.evaluate(
        "() => { const c = Chart.getChart(document.querySelector('canvas[data-kind=levels]'));"
        " return c.data.datasets.map(d => d.label + ':' + d.data.join(',')); }"
    )
    assert legend[:2] == ["高度専門人材:2,2", "DX推進リーダー:1,1"] and "一般行政職員:2,2" in legend
    assert (
        page.evaluate("() => Chart.getChart(document.querySelector('canvas[data-kind=levels]')).config.type")
        == "bar"
    )
    page.locator("canvas[data-kind=levels]").scroll_into_view_if_needed()
    _both_widths(page, "plan-tiers-dashboard")
    page.locator("canvas[data-kind=levels]").screenshot(path="artifacts/plan-tiers-level-chart.png")
    assert plan.targets.count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_plan_from_another_organisation_lists_what_it_left_empty(page, world, tmp_path):
    data = {
        "format": "jinzai-plan",
        "organisation": "見本市",
        "title": "見本市の計画から",
        "start_fy": fiscal_year_of(today()),
        "end_fy": fiscal_year_of(today()) + 2,
        "levels": [{"talent_type": "DX推進リーダー", "current_level": 1, "target_level": 2}],
        "targets": [
            {
                "label": "情報政策課にDX推進担当を2名置く",
                "purpose": "placement",
                "metric": "placement",
                "talent_type": "DX推進リーダー",
                "unit": ["総務部", "情報政策課"],
                "target_value": 2,
            }
        ],
        "tasks": [
            {
                "fiscal_year": fiscal_year_of(today()),
                "talent_type": "DX推進リーダー",
                "kind": "develop",
                "title": "役割を学ぶ研修",
                "owner_unit": ["総務部", "情報政策課"],
            }
        ],
    }
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    log_in(page, "a-dx_office", PASSWORD)
    nav(page, "育成計画")
    page.get_by_role("link", name="ファイルから取り込む").click()
    page.get_by_label("計画ファイル（JSON）").set_input_files(str(path))
    page.get_by_role("button", name="取り込んで下書きを作る").click()
    expect(page.get_by_text("この団体にない所属・資格などが2件あり、空欄にしました。")).to_be_visible()
    warnings = page.get_by_role("region", name="取込で空欄にした項目（2件）")
    expect(warnings).to_contain_text("所属「総務部／情報政策課」がこの団体にないため、所属を空欄にしました。")
    _both_widths(page, "plan-import-warnings")
    warnings.get_by_role("link", name="目標を直す").click()
    page.get_by_label("所属", exact=True).select_option(label="\u3000総務課")
    page.get_by_role("button", name="保存する").click()
    expect(page.get_by_role("region", name="取込で空欄にした項目（1件）")).to_be_visible()
    page.get_by_role("link", name="工程を直す").click()
    page.get_by_role("button", name="保存する").click()
    expect(page.get_by_role("region", name="取込で空欄にした項目（1件）")).to_have_count(0)
