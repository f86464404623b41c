"""Enrolment workflow: apply → approve → confirm; the waitlist and its automatic promotion; results; survey."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jinzai.learning.models import Enrolment, Feedback
from jinzai.learning.services import training

from ._helpers import complete, course_with_session, system


@pytest.mark.django_db
def test_apply_approve_confirm(world):
    course, session = course_with_session(world.own, fee=12000, capacity=5)
    e = training.enrolment_apply(
        actor=world.own.members["staff"], session=session, staff=world.own.staff["staff"]
    )
    assert e.status == "applied"
    with pytest.raises(ValidationError, match="すでに申し込んで"):
        training.enrolment_apply(
            actor=world.own.members["staff"], session=session, staff=world.own.staff["staff"]
        )
    with pytest.raises(ValidationError, match="所属長の承認"):
        training.enrolment_confirm(actor=world.own.members["dx_office"], enrolment=e)
    e = training.enrolment_approve(actor=world.own.members["manager"], enrolment=e)
    e = training.enrolment_confirm(actor=world.own.members["dx_office"], enrolment=e)
    assert e.status == "confirmed" and e.fee == 12000


@pytest.mark.django_db
def test_full_session_waitlists_and_a_cancellation_promotes(world):
    _, session = course_with_session(world.own, capacity=1)
    first = training.enrolment_apply(
        actor=world.own.members["staff"], session=session, staff=world.own.staff["staff"]
    )
    second = training.enrolment_apply(
        actor=world.own.members["hr"], session=session, staff=world.own.staff["hr"]
    )
    third = training.enrolment_apply(actor=system(world.own), session=session, staff=world.own.staff["other"])
    assert (first.status, second.status, third.status) == ("applied", "waitlisted", "waitlisted")
    training.enrolment_cancel(actor=world.own.members["staff"], enrolment=first)
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.status == "applied" and third.status == "waitlisted"  # first come, first served
    # a rejection frees the seat too
    training.enrolment_reject(actor=world.own.members["dx_office"], enrolment=second, reason="業務の都合")
    third.refresh_from_db()
    assert third.status == "applied"
    assert Enrolment.objects.filter(session=session, status__in=Enrolment.SEAT_HOLDING).count() == 1


@pytest.mark.django_db
def test_raising_the_capacity_promotes_the_waitlist(world):
    _, session = course_with_session(world.own, capacity=1)
    training.enrolment_register(
        actor=system(world.own), session=session, staff_list=[world.own.staff["staff"], world.own.staff["hr"]]
    )
    waiting = Enrolment.objects.get(session=session, staff=world.own.staff["hr"])
    assert waiting.status == "waitlisted"
    training.session_update(actor=world.own.members["dx_office"], session=session, capacity=2)
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"  # registered by the office: confirmed when promoted


@pytest.mark.django_db
def test_cannot_cancel_someone_elses_or_apply_after_the_deadline(world):
    _, session = course_with_session(world.own, capacity=3)
    e = training.enrolment_apply(
        actor=world.own.members["staff"], session=session, staff=world.own.staff["staff"]
    )
    with pytest.raises(PermissionDenied):
        training.enrolment_cancel(actor=world.own.members["hr"], enrolment=e)
    session.apply_deadline = session.starts_on - timedelta(days=40)
    session.save()
    with pytest.raises(ValidationError, match="申込締切"):
        training.enrolment_apply(actor=world.own.members["hr"], session=session, staff=world.own.staff["hr"])


@pytest.mark.django_db
def test_manager_approves_only_their_units(world):
    _, session = course_with_session(world.own)
    e = training.enrolment_apply(actor=system(world.own), session=session, staff=world.own.staff["other"])
    with pytest.raises(PermissionDenied):
        training.enrolment_approve(actor=world.own.members["manager"], enrolment=e)


@pytest.mark.django_db
def test_results_and_feedback(world):
    _, session = course_with_session(world.own)
    e = complete(world.own, "staff", session)
    assert e.result == "completed" and e.completed_on == session.ends_on
    with pytest.raises(ValidationError, match="取り消せません"):
        training.enrolment_cancel(actor=world.own.members["staff"], enrolment=e)
    with pytest.raises(PermissionDenied):
        training.feedback_submit(actor=world.own.members["hr"], enrolment=e, satisfaction=5, usefulness=5)
    training.feedback_submit(
        actor=world.own.members["staff"], enrolment=e, satisfaction=4, usefulness=5, comments="よかったです"
    )
    with pytest.raises(ValidationError, match="回答済み"):
        training.feedback_submit(actor=world.own.members["staff"], enrolment=e, satisfaction=4, usefulness=5)
    from jinzai.learning.reports import feedback_of_course

    agg = feedback_of_course(session.course)
    assert agg["overall"]["n"] == 1 and agg["overall"]["satisfaction"] == 4
    assert agg["per_session"][session.pk]["usefulness"] == 5 and agg["comments"][0][0] == "よかったです"
    assert Feedback.objects.count() == 1
