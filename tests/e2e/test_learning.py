"""Certifications, training and internal certification in the browser:
a staff member registers ITパスポート with a PDF and hr verifies it; a staff member applies to a full
session, is waitlisted and is promoted when someone cancels; dx_office confirms an internal
certification and the designation appears."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from jinzai.core.access import SystemActor
from jinzai.learning.models import Enrolment
from jinzai.learning.services import internal, training
from jinzai.learning.tests._files import pdf
from jinzai.talent.models import SubRole, TalentType
from tests.e2e.conftest import check, log_in, log_out, nav

PDF = pdf()  # a well-formed PDF: proofs are checked by their structure


@pytest.fixture(autouse=True)
def _proofs(settings, tmp_path):
    settings.DATA_DIR = tmp_path


@pytest.mark.django_db(transaction=True)
def test_staff_registers_a_certification_and_hr_verifies_it(page, world):
    log_in(page, "a-staff", PASSWORD)
    nav(page, "自分の資格・研修")
    expect(page.get_by_role("heading", name="自分の資格・研修", exact=True)).to_be_visible()
    check(page, "learning-my-empty", wide=True)
    page.get_by_role("link", name="取得した資格を登録する").click()
    page.get_by_label("資格").select_option(label="ITパスポート")
    page.get_by_label("取得日（合格日・更新日）").fill((date.today() - timedelta(days=20)).isoformat())
    page.get_by_label("登録番号・証書番号").fill("IP-2026-000123")
    page.get_by_label("証明書のファイル（PDF・JPEG・PNG）").set_input_files(
        files=[{"name": "goukaku.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    check(page, "learning-cert-register")
    page.get_by_role("button", name="登録する").click()
    expect(page.get_by_text("「ITパスポート」を登録しました。")).to_be_visible()
    expect(page.get_by_role("region", name="資格").get_by_text("確認待ち")).to_be_visible()
    check(page, "learning-my-pending")
    log_out(page)

    log_in(page, "a-hr", PASSWORD)
    nav(page, "資格")
    expect(page.get_by_role("heading", name="資格", exact=True)).to_be_visible()
    check(page, "learning-certification-list", wide=True)
    page.get_by_role("link", name="確認待ちの一覧", exact=True).click()
    check(page, "learning-staffcert-pending")
    page.get_by_role("link", name="山田　太郎さんのITパスポートの詳細").click()
    expect(page.get_by_role("link", name="goukaku.pdfを開く")).to_be_visible()
    check(page, "learning-staffcert-verify")
    page.get_by_role("button", name="確認済にする").click()
    expect(page.get_by_text("山田　太郎さんの「ITパスポート」を確認済にしました。")).to_be_visible()
    href = page.get_by_role("link", name="goukaku.pdfを開く").get_attribute("href")
    proof = page.request.get(href)  # with the hr session; opening it would start Chromium's PDF viewer
    assert proof.status == 200 and proof.body() == PDF and proof.headers["content-type"] == "application/pdf"
    page.goto(f"/staff/{world.own.staff['staff'].pk}/")
    section = page.get_by_role("region", name="資格", exact=True)
    assert "ITパスポート" in section.inner_text() and "有効" in section.inner_text()
    check(page, "learning-staff-card")


@pytest.mark.django_db(transaction=True)
def test_waitlisted_staff_member_is_promoted_when_someone_cancels(page, world):
    actor = SystemActor(organisation=world.own.org, label="test")
    course = training.course_create(
        actor=actor,
        title="業務改善の基礎",
        provider_type="prefecture",
        provider_name="県・市町村共同研修",
        mode="classroom",
        hours=6,
        fee=0,
        step=1,
    )
    start = date.today() + timedelta(days=40)
    session = training.session_create(
        actor=actor,
        course=course,
        title="第1回",
        starts_on=start,
        ends_on=start,
        capacity=1,
        venue="県庁 大会議室",
        apply_deadline=start - timedelta(days=7),
    )
    training.enrolment_apply(actor=world.own.members["hr"], session=session, staff=world.own.staff["hr"])

    log_in(page, "a-staff", PASSWORD)
    nav(page, "研修")
    expect(page.get_by_role("heading", name="研修", exact=True)).to_be_visible()
    check(page, "learning-course-list", wide=True)
    page.get_by_role("link", name="業務改善の基礎（第1回）").click()
    expect(page.get_by_text("満席", exact=True)).to_be_visible()
    check(page, "learning-session-full")
    page.get_by_role("button", name="キャンセル待ちで申し込む").click()
    expect(page.get_by_text("キャンセル待ちで受け付けました")).to_be_visible()
    expect(page.get_by_role("region", name="あなたの申込").get_by_text("キャンセル待ち")).to_be_visible()
    check(page, "learning-session-waitlisted")
    log_out(page)

    log_in(page, "a-hr", PASSWORD)
    nav(page, "自分の資格・研修")
    page.get_by_role("link", name="業務改善の基礎 第1回の申込を取り消す").click()
    page.get_by_role("button", name="取り消す", exact=True).click()  # cancelling asks first
    expect(page.get_by_text("「業務改善の基礎 第1回」の申込を取り消しました。")).to_be_visible()
    log_out(page)

    log_in(page, "a-staff", PASSWORD)
    nav(page, "自分の資格・研修")
    row = (
        page.get_by_role("region", name="研修の申込・受講")
        .get_by_role("row")
        .filter(has_text="業務改善の基礎")
    )
    expect(row.get_by_text("所属長の承認待ち")).to_be_visible()
    check(page, "learning-my-promoted", wide=True)
    assert Enrolment.objects.get(session=session, staff=world.own.staff["staff"]).status == "applied"
    log_out(page)

    log_in(page, "a-manager", PASSWORD)
    nav(page, "研修")
    page.get_by_role("link", name="申込の承認", exact=True).click()  # the page's link, not the menu's
    check(page, "learning-enrolment-approvals")
    page.get_by_role("button", name="山田　太郎さんの申込を承認する").click()
    expect(page.get_by_text("申込を承認しました")).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_dx_office_confirms_an_internal_certification(page, world):
    actor = SystemActor(organisation=world.own.org, label="test")
    courses = []
    for i, title in enumerate(("DX推進リーダー基礎研修", "業務改善とBPRの進め方")):
        course = training.course_create(
            actor=actor, title=title, provider_type="internal", mode="classroom", hours=3, fee=0, step=1
        )
        day = date.today() - timedelta(days=60 - i)
        session = training.session_create(
            actor=actor, course=course, title="第1回", starts_on=day, ends_on=day
        )
        for key in ("other", "staff"):
            Enrolment.objects.create(
                organisation=world.own.org,
                session=session,
                staff=world.own.staff[key],
                status="confirmed",
                result="completed" if key == "other" or i == 0 else "absent",
                completed_on=day,
            )
        courses.append(course)
    curriculum = internal.curriculum_save(
        actor=actor,
        name="DX推進リーダー養成",
        description="",
        mode="all",
        required_count=None,
        courses=courses,
    )
    leader = TalentType.objects.get(organisation=world.own.org, kind="leader")
    internal.internal_rule_save(
        actor=actor,
        name="DXリーダー認定",
        description="養成カリキュラムを修了した職員を認定します。",
        curriculum=curriculum,
        requires_test=False,
        test_id=None,
        talent_type=leader,
        sub_role=SubRole.objects.get(talent_type=leader, name="業務担当"),
        is_active=True,
    )

    log_in(page, "a-dx_office", PASSWORD)
    nav(page, "庁内認定")
    expect(page.get_by_role("heading", name="庁内認定", exact=True)).to_be_visible()
    check(page, "learning-internal-list", wide=True)
    page.get_by_role("link", name="DXリーダー認定").click()
    close = page.get_by_role("region", name="あと少しの人（1名）")
    assert "研修の修了：業務改善とBPRの進め方" in close.inner_text()
    check(page, "learning-internal-rule", wide=True)
    page.get_by_role("button", name="髙橋　美咲さんを認定する").click()
    expect(
        page.get_by_text(
            "髙橋　美咲さんを「DXリーダー認定」に認定し、「DX推進リーダー（業務担当）」に指定しました。"
        )
    ).to_be_visible()
    expect(page.get_by_role("region", name="認定の記録").get_by_text("認定中")).to_be_visible()
    check(page, "learning-internal-confirmed")
    nav(page, "指定（DX推進リーダー等）")
    row = page.locator("tbody tr").filter(has_text="髙橋　美咲")
    expect(row).to_contain_text("DX推進リーダー")
    expect(row).to_contain_text("業務担当")
    page.get_by_role("link", name="髙橋　美咲", exact=True).click()
    assert "DXリーダー認定" in page.get_by_role("region", name="庁内認定").inner_text()
    check(page, "learning-card-internal")
    nav(page, "費用の集計")
    check(page, "learning-cost-report", wide=True)
