"""Recording what happened without detours, in the browser (issue 12 item 12): dx_office records one
person's past completion and certification from the course and certification pages; hr adds an external
CIO補佐官 by a form; a staff member's cancellation asks first. Screenshots at 1366 and 390 px."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from jinzai.core.access import SystemActor
from jinzai.learning.models import Enrolment, StaffCertification
from jinzai.learning.services import training
from jinzai.people.models import Staff
from tests.e2e.conftest import check, log_in, log_out, nav


def both(page, name: str) -> None:
    check(page, name)
    size = page.viewport_size
    page.set_viewport_size({"width": 390, "height": 844})
    check(page, f"{name}-390")
    page.set_viewport_size(size)


@pytest.fixture(autouse=True)
def _proofs(settings, tmp_path):
    settings.DATA_DIR = tmp_path


@pytest.mark.django_db(transaction=True)
def test_dx_office_records_a_past_completion_and_a_certification(page, world):
    actor = SystemActor(organisation=world.own.org, label="test")
    training.course_create(
        actor=actor,
        title="DX推進リーダー研修（自治大学校）",
        provider_type="jichidai",
        mode="online",
        hours=12,
        fee=0,
        step=2,
    )
    past = date.today() - timedelta(days=120)
    log_in(page, "a-dx_office", PASSWORD)
    nav(page, "研修")
    page.get_by_role("link", name="受講・修了を1人分記録する").click()
    expect(page.get_by_role("heading", name="受講・修了の記録（1人分）")).to_be_visible()
    page.get_by_label("職員番号").fill("000101")
    page.get_by_label(re.compile(r"^研修")).select_option(label="DX推進リーダー研修（自治大学校）")
    page.get_by_label("修了日（受講した日）").fill(past.isoformat())
    both(page, "record-completion-form")
    page.get_by_role("button", name="記録する").click()
    expect(page.get_by_text("山田　太郎さんの「DX推進リーダー研修（自治大学校）」")).to_be_visible()
    expect(page.get_by_role("region", name="研修の履歴")).to_contain_text("DX推進リーダー研修（自治大学校）")
    both(page, "record-completion-card")
    e = Enrolment.objects.get(staff=world.own.staff["staff"])
    assert e.result == "completed" and e.completed_on == past

    page.get_by_role("link", name="山田　太郎さんの資格を記録する").click()
    expect(page.get_by_label("職員番号")).to_have_value("000101")
    page.get_by_label(re.compile(r"^資格")).select_option(label="ITパスポート")
    page.get_by_label("取得日（合格日・更新日）").fill(past.isoformat())
    page.get_by_label("確かめた方法（任意）").fill("IPAの合格者一覧で確認")
    both(page, "record-cert-form")
    page.get_by_role("button", name="記録する").click()
    expect(page.get_by_text("人事担当が確認すると「確認済」になります。")).to_be_visible()
    expect(page.get_by_role("region", name="資格", exact=True)).to_contain_text("ITパスポート")
    assert StaffCertification.objects.get(staff=world.own.staff["staff"]).status == "pending"


@pytest.mark.django_db(transaction=True)
def test_hr_adds_a_cio_adviser_by_a_form(page, world):
    log_in(page, "a-hr", PASSWORD)
    nav(page, "職員一覧")
    page.get_by_role("link", name="1人を登録する（外部人材など）").click()
    page.get_by_label("氏名").fill("佐々木 健")
    page.get_by_label("ふりがな").fill("ささき けん")
    page.get_by_label("任用形態").select_option(label="特定任期付")
    page.get_by_label(re.compile(r"^所属")).select_option(label="\u3000総務課")
    page.get_by_label("役割（任意）").fill("CIO補佐官")
    page.get_by_label("着任日").fill("2026-04-01")
    both(page, "record-external-form")
    page.get_by_role("button", name="登録する").click()
    expect(page.get_by_text("佐々木　健さん（職員番号 EX0001）を登録しました。")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("佐々木　健")
    both(page, "record-external-card")
    assert Staff.objects.get(staff_no="EX0001").employment_type == "specific_fixed_term"


@pytest.mark.django_db(transaction=True)
def test_cancelling_an_enrolment_asks_first(page, world):
    actor = SystemActor(organisation=world.own.org, label="test")
    course = training.course_create(
        actor=actor,
        title="業務改善の基礎",
        provider_type="internal",
        mode="classroom",
        hours=3,
        fee=0,
        step=1,
    )
    start = date.today() + timedelta(days=20)
    session = training.session_create(
        actor=actor, course=course, title="第1回", starts_on=start, ends_on=start, capacity=10
    )
    training.enrolment_apply(
        actor=world.own.members["staff"], session=session, staff=world.own.staff["staff"]
    )
    log_in(page, "a-staff", PASSWORD)
    nav(page, "自分の資格・研修")
    page.get_by_role("link", name="業務改善の基礎 第1回の申込を取り消す").click()
    expect(page.get_by_role("heading", name="申込を取り消しますか")).to_be_visible()
    both(page, "record-cancel-confirm")
    page.get_by_role("link", name="取り消さずに戻る").click()
    assert Enrolment.objects.get(session=session).status == "applied"
    expect(page.get_by_role("heading", name="自分の資格・研修", exact=True)).to_be_visible()
    page.get_by_role("link", name="業務改善の基礎 第1回の申込を取り消す").click()
    page.get_by_role("button", name="取り消す", exact=True).click()
    expect(page.get_by_text("「業務改善の基礎 第1回」の申込を取り消しました。")).to_be_visible()
    assert Enrolment.objects.get(session=session).status == "cancelled"
    log_out(page)
