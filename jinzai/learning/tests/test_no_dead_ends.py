"""No dead ends for staff on the learning pages (issue 12 items 10 and 12): a subsidy the person can never
get is not offered (it is listed with the reason); a full session says 満席・キャンセル待ちで申し込む; every
session without an apply button says why; cancelling an enrolment asks first."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from jinzai.core.dates import fiscal_year_of
from jinzai.learning.models import Enrolment
from jinzai.learning.services import subsidies, training
from jinzai.talent.models import TalentType

from ._helpers import cert, course_with_session, system


def _text(response) -> str:
    return response.content.decode()


@pytest.mark.django_db
def test_a_subsidy_the_person_cannot_get_is_not_offered_and_says_why(world, login):
    fy = fiscal_year_of(date.today())
    leader = TalentType.objects.get(organisation=world.own.org, kind=TalentType.Kind.LEADER)
    open_rule = subsidies.subsidy_rule_create(
        actor=system(world.own),
        certification=cert(world.own, "ip"),
        fiscal_year=fy,
        kind="fixed",
        amount=5000,
        budget=100_000,
    )
    leaders_only = subsidies.subsidy_rule_create(
        actor=system(world.own),
        certification=cert(world.own, "fe"),
        fiscal_year=fy,
        kind="fixed",
        amount=7500,
        budget=100_000,
        talent_types=[leader],
    )
    response = login(world.own.users["staff"]).get(reverse("learning:my_subsidy_apply"))
    page = _text(response)
    offered = {r.pk for r in response.context["form"].fields["rule"].queryset}
    assert offered == {open_rule.pk}
    assert "申請できない補助" in page and "に指定された職員です" in page
    offered_table = page.split("<caption>申請できる補助</caption>", 1)[1].split("</table>", 1)[0]
    closed = page.split('id="closed-h"', 1)[1]
    assert leaders_only.certification.name in closed
    assert leaders_only.certification.name not in offered_table


@pytest.mark.django_db
def test_a_full_session_offers_the_waitlist_in_words(world, login):
    _, session = course_with_session(world.own, capacity=1)
    training.enrolment_apply(actor=world.own.members["hr"], session=session, staff=world.own.staff["hr"])
    client = login(world.own.users["staff"])
    page = _text(client.get(reverse("learning:session_detail", args=[session.pk])))
    assert "満席・キャンセル待ちで申し込む" in page
    mine = _text(client.get(reverse("learning:my_learning")))
    assert "満席・キャンセル待ちで申し込む" in mine
    course_page = _text(client.get(reverse("learning:course_detail", args=[session.course_id])))
    assert "満席・キャンセル待ちで申し込む" in course_page
    assert "満席・キャンセル待ちで申し込む" in _text(client.get(reverse("learning:course_list")))


@pytest.mark.django_db
def test_every_session_without_an_apply_button_says_why(world, login):
    course, upcoming = course_with_session(world.own, starts_in=30)
    past = training.session_create(
        actor=system(world.own),
        course=course,
        title="第0回",
        starts_on=date.today() - timedelta(days=10),
        ends_on=date.today() - timedelta(days=10),
    )
    closed = training.session_create(
        actor=system(world.own),
        course=course,
        title="第2回",
        starts_on=date.today() + timedelta(days=20),
        ends_on=date.today() + timedelta(days=20),
        apply_deadline=date.today() - timedelta(days=1),
    )
    client = login(world.own.users["staff"])
    assert "この回は終了しました。" in _text(client.get(reverse("learning:session_detail", args=[past.pk])))
    assert "申込締切（" in _text(client.get(reverse("learning:session_detail", args=[closed.pk])))
    page = _text(client.get(reverse("learning:course_detail", args=[course.pk])))
    assert "この回は終了しました。" in page and "を過ぎたため、申し込めません。" in page
    assert "第1回に申し込む" in page  # the open one has its button
    training.enrolment_apply(
        actor=world.own.members["staff"], session=upcoming, staff=world.own.staff["staff"]
    )
    assert "申込済みです。" in _text(client.get(reverse("learning:course_detail", args=[course.pk])))


@pytest.mark.django_db
def test_cancelling_an_enrolment_asks_first(world, login):
    _, session = course_with_session(world.own, capacity=5)
    mine = training.enrolment_apply(
        actor=world.own.members["staff"], session=session, staff=world.own.staff["staff"]
    )
    client = login(world.own.users["staff"])
    url = reverse("learning:enrolment_cancel", args=[mine.pk])
    detail = _text(client.get(reverse("learning:session_detail", args=[session.pk])))
    assert f'href="{url}?next=' in detail  # the page links to the question, no one-click form
    response = client.get(url)
    assert response.status_code == 200
    assert "申込を取り消しますか" in _text(response) and "取り消さずに戻る" in _text(response)
    mine.refresh_from_db()
    assert mine.status == Enrolment.Status.APPLIED  # asking changed nothing
    assert client.post(url).status_code == 302
    mine.refresh_from_db()
    assert mine.status == Enrolment.Status.CANCELLED


@pytest.mark.django_db
def test_the_results_form_no_longer_cancels_in_one_click(world, login):
    _, session = course_with_session(world.own, capacity=5)
    training.enrolment_register(
        actor=system(world.own), session=session, staff_list=[world.own.staff["staff"]]
    )
    page = _text(
        login(world.own.users["dx_office"]).get(reverse("learning:session_detail", args=[session.pk]))
    )
    assert "formaction=" not in page
    assert "さんの受講を取り消す" in page
