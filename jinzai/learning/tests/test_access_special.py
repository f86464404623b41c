"""The SPECIAL rows of the access matrix: proof files and a person's own enrolments and applications."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from jinzai.core.dates import fiscal_year_of
from jinzai.learning.models import Enrolment, SubsidyApplication
from jinzai.learning.services import subsidies, training

from ._helpers import PDF, cert, complete, course_with_session, holding, system


@pytest.mark.django_db
def test_proof_file_only_for_those_who_may_see_the_person(world, client):
    record = holding(world.own, "staff", "ip", date(2025, 6, 1), verify=False)  # 山田 in 窓口係 (市民課)
    url = reverse("learning:staffcert_proof", kwargs={"pk": record.pk})
    expected = {
        "staff": 200,
        "manager": 200,
        "hr": 200,
        "dx_office": 200,
        "executive": 404,  # aggregates only: another person's proof is as if it did not exist
        "admin": 403,
    }
    for role, status in expected.items():
        client.force_login(world.own.users[role], backend="django.contrib.auth.backends.ModelBackend")
        response = client.get(url)
        assert response.status_code == status, role
        if status == 200:
            assert b"".join(response.streaming_content) == PDF
            assert response["Content-Type"] == "application/pdf"
            assert response["Content-Disposition"].startswith("attachment;")
            assert "no-store" in response["Cache-Control"]
    # someone else's proof: 404 to a staff member and to a manager of other units
    other = holding(world.own, "other", "ip", date(2025, 6, 1), verify=False)  # 総務課
    other_url = reverse("learning:staffcert_proof", kwargs={"pk": other.pk})
    for role in ("staff", "manager"):
        client.force_login(world.own.users[role], backend="django.contrib.auth.backends.ModelBackend")
        assert client.get(other_url).status_code == 404, role
    # another organisation's people: 404 even to hr
    client.force_login(world.foreign.users["hr"], backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(url).status_code == 404
    client.force_login(
        world.pref.users["prefecture_support"], backend="django.contrib.auth.backends.ModelBackend"
    )
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302


@pytest.mark.django_db
def test_own_enrolment_cancel_and_feedback(world, login):
    _, session = course_with_session(world.own, capacity=5)
    mine = training.enrolment_apply(
        actor=world.own.members["staff"], session=session, staff=world.own.staff["staff"]
    )
    cancel = reverse("learning:enrolment_cancel", kwargs={"pk": mine.pk})
    assert login(world.own.users["hr"]).post(cancel).status_code == 404  # not theirs
    assert login(world.own.users["staff"]).post(cancel).status_code == 302
    mine.refresh_from_db()
    assert mine.status == "cancelled"
    _, past = course_with_session(world.own, "研修B")
    done = complete(world.own, "staff", past)
    feedback = reverse("learning:enrolment_feedback", kwargs={"pk": done.pk})
    assert login(world.own.users["hr"]).get(feedback).status_code == 404
    client = login(world.own.users["staff"])
    assert client.get(feedback).status_code == 200
    assert (
        client.post(
            feedback, {"satisfaction": "5", "usefulness": "4", "comments": "わかりやすかった"}
        ).status_code
        == 302
    )
    assert Enrolment.objects.get(pk=done.pk).feedback.usefulness == 4
    assert login(world.foreign.users["staff"]).get(feedback).status_code == 404


@pytest.mark.django_db
def test_dx_office_may_cancel_anyone_in_the_organisation(world, login):
    _, session = course_with_session(world.own, capacity=5)
    e = training.enrolment_apply(
        actor=world.own.members["staff"], session=session, staff=world.own.staff["staff"]
    )
    assert (
        login(world.own.users["dx_office"])
        .post(reverse("learning:enrolment_cancel", kwargs={"pk": e.pk}))
        .status_code
        == 302
    )
    assert Enrolment.objects.get(pk=e.pk).status == "cancelled"


@pytest.mark.django_db
def test_withdraw_own_subsidy_application(world, login):
    rule = subsidies.subsidy_rule_create(
        actor=system(world.own),
        certification=cert(world.own, "ip"),
        fiscal_year=fiscal_year_of(date.today()),
        kind="fixed",
        amount=7500,
        budget=50000,
    )
    app = subsidies.subsidy_apply(
        actor=system(world.own),
        rule=rule,
        staff=world.own.staff["staff"],
        exam_on=date.today() + timedelta(days=1)
        if fiscal_year_of(date.today() + timedelta(days=1)) == rule.fiscal_year
        else date.today(),
        exam_fee=7500,
    )
    url = reverse("learning:my_subsidy_withdraw", kwargs={"pk": app.pk})
    assert login(world.own.users["hr"]).post(url).status_code == 404
    assert login(world.own.users["staff"]).get(url).status_code == 405
    assert login(world.own.users["staff"]).post(url).status_code == 302
    assert SubsidyApplication.objects.get(pk=app.pk).status == "withdrawn"
