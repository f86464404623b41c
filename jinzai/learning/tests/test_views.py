"""Pages render with data, show the right actions, and the cost report exports XLSX."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from jinzai.core.dates import fiscal_year_of
from jinzai.core.services import organisation_create
from jinzai.learning.models import Certification, Enrolment
from jinzai.learning.services import subsidies, training

from ._helpers import cert, complete, course_with_session, holding, system

TODAY = date.today()


@pytest.mark.django_db
def test_new_organisations_get_the_default_catalog(world):
    from jinzai.core.access import SystemActor

    org = organisation_create(
        actor=SystemActor(organisation=None, label="t"), code="992038", name="新市", kind="municipality"
    )
    names = set(Certification.objects.filter(organisation=org).values_list("name", flat=True))
    assert {
        "ITパスポート",
        "応用情報技術者",
        "情報処理安全確保支援士",
        "ITコーディネータ",
        "システム監査技術者",
    } <= names
    sc = Certification.objects.get(organisation=org, key="sc")
    assert sc.validity_months == 36 and sc.itss_level == 4
    assert Certification.objects.get(organisation=org, key="itc").validity_months == 12


@pytest.mark.django_db
def test_pages_with_data(world, login):
    holding(world.own, "staff", "ip", TODAY - timedelta(days=100))
    holding(world.own, "other", "sc", TODAY - timedelta(days=100), verify=False)
    _, session = course_with_session(world.own, fee=5000)
    done = complete(world.own, "staff", session)
    training.feedback_submit(
        actor=system(world.own), enrolment=done, satisfaction=5, usefulness=4, comments="良い"
    )
    rule = subsidies.subsidy_rule_create(
        actor=system(world.own),
        certification=cert(world.own, "fe"),
        fiscal_year=fiscal_year_of(TODAY),
        kind="fixed",
        amount=7500,
        budget=30000,
    )
    app = subsidies.subsidy_apply(
        actor=system(world.own), rule=rule, staff=world.own.staff["hr"], exam_on=TODAY, exam_fee=7500
    )
    subsidies.subsidy_approve(actor=world.own.members["hr"], application=app)
    client = login(world.own.users["dx_office"])
    page = client.get(reverse("learning:certification_list")).content.decode()
    assert "ITパスポート" in page and "確認待ち" in page
    for by in ("unit", "type", "year"):
        assert client.get(reverse("learning:certification_report") + f"?by={by}").status_code == 200
    course_page = client.get(
        reverse("learning:course_detail", kwargs={"pk": session.course_id})
    ).content.decode()
    assert "アンケートの集計" in course_page and "良い" in course_page
    assert (
        "結果を保存する"
        in client.get(reverse("learning:session_detail", kwargs={"pk": session.pk})).content.decode()
    )
    cost = client.get(reverse("learning:cost_report")).content.decode()
    assert "5,000円" in cost and "7,500円" in cost
    export = client.get(reverse("learning:cost_export"))
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")
    card = client.get(
        reverse("people:staff_detail", kwargs={"pk": world.own.staff["staff"].pk})
    ).content.decode()
    assert "研修の履歴" in card and "ITパスポート" in card and "庁内認定" in card
    hr = login(world.own.users["hr"])
    assert "7,500円" in hr.get(reverse("learning:subsidy_list")).content.decode()
    staff = login(world.own.users["staff"])
    mine = staff.get(reverse("learning:my_learning")).content.decode()
    assert "ITパスポート" in mine and "回答済み" in mine


@pytest.mark.django_db
def test_staff_applies_through_the_page(world, login):
    _, session = course_with_session(world.own, capacity=1)
    training.enrolment_register(
        actor=system(world.own), session=session, staff_list=[world.own.staff["other"]]
    )
    client = login(world.own.users["staff"])
    response = client.post(reverse("learning:session_apply", kwargs={"pk": session.pk}), follow=True)
    assert "キャンセル待ちで受け付けました" in response.content.decode()
    assert Enrolment.objects.get(session=session, staff=world.own.staff["staff"]).status == "waitlisted"


@pytest.mark.django_db
def test_hr_verifies_and_returns(world, login):
    record = holding(world.own, "staff", "ip", TODAY - timedelta(days=10), verify=False)
    client = login(world.own.users["hr"])
    assert (
        "確認済にする"
        in client.get(reverse("learning:staffcert_detail", kwargs={"pk": record.pk})).content.decode()
    )
    response = client.post(reverse("learning:staffcert_return", kwargs={"pk": record.pk}), follow=True)
    assert "差し戻す理由を入力してください" in response.content.decode()
    client.post(reverse("learning:staffcert_verify", kwargs={"pk": record.pk}))
    record.refresh_from_db()
    assert record.status == "verified" and record.verified_by == world.own.members["hr"]
