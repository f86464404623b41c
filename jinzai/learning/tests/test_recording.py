"""Recording what happened without detours (issue 12 item 12): dx_office records one person's past
completion (no session to set up, no application, no waitlist); hr or dx_office records a certification
one person already has (hr's is verified at once, dx_office's waits for hr)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from jinzai.core.audit import AuditEvent
from jinzai.learning import selectors
from jinzai.learning.models import Enrolment, StaffCertification
from jinzai.learning.services import training
from jinzai.learning.services.certifications import staffcert_record

from ._helpers import cert, system

PAST = date.today() - timedelta(days=200)


def _course(org, *, capacity_session=False, fee=12000):
    course = training.course_create(
        actor=system(org),
        title="DX推進リーダー基礎研修",
        provider_type="jichidai",
        mode="online",
        hours=6,
        fee=fee,
        step=2,
    )
    return course


@pytest.mark.django_db
def test_dx_office_records_a_past_completion_directly(world, login):
    course = _course(world.own)
    client = login(world.own.users["dx_office"])
    assert client.get(reverse("learning:completion_record")).status_code == 200
    response = client.post(
        reverse("learning:completion_record"),
        {"staff_no": "000101", "course": course.pk, "completed_on": PAST.isoformat(), "result": "completed"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("people:staff_detail", args=[world.own.staff["staff"].pk])
    e = Enrolment.objects.get(staff=world.own.staff["staff"], session__course=course)
    assert (e.status, e.result, e.completed_on, e.fee, e.source) == (
        "confirmed",
        "completed",
        PAST,
        12000,
        "office",
    )
    assert selectors.is_record_session(e.session) and e.session.starts_on == PAST
    assert AuditEvent.objects.filter(action="enrolment.record").count() == 1
    # the card shows it; nobody can apply to the record's session
    card = client.get(reverse("people:staff_detail", args=[world.own.staff["staff"].pk])).content.decode()
    assert "DX推進リーダー基礎研修" in card and "さんの受講・修了を記録する" in card
    staff_page = login(world.own.users["staff"]).get(reverse("learning:session_detail", args=[e.session.pk]))
    assert "個別の受講記録のための回です" in staff_page.content.decode()


@pytest.mark.django_db
def test_a_second_record_for_the_same_day_is_refused_and_future_dates_too(world):
    course = _course(world.own)
    actor = world.own.members["dx_office"]
    staff = world.own.staff["staff"]
    training.completion_record(actor=actor, staff=staff, course=course, completed_on=PAST)
    with pytest.raises(ValidationError, match="すでに記録されています"):
        training.completion_record(actor=actor, staff=staff, course=course, completed_on=PAST)
    with pytest.raises(ValidationError, match="今日以前"):
        training.completion_record(
            actor=actor, staff=staff, course=course, completed_on=date.today() + timedelta(days=1)
        )
    # another person on the same day shares the record session
    other = training.completion_record(
        actor=actor, staff=world.own.staff["other"], course=course, completed_on=PAST, fee=0
    )
    assert other.fee == 0 and course.sessions.count() == 1


@pytest.mark.django_db
def test_unknown_staff_number_is_an_error_at_the_field(world, login):
    course = _course(world.own)
    response = login(world.own.users["dx_office"]).post(
        reverse("learning:completion_record"),
        {"staff_no": "999999", "course": course.pk, "completed_on": PAST.isoformat(), "result": "completed"},
    )
    assert response.status_code == 200
    assert "職員番号「999999」の職員は登録されていません。" in response.content.decode()
    assert not Enrolment.objects.exists()


@pytest.mark.django_db
def test_hr_records_a_verified_certification_dx_office_one_waiting_for_hr(world, login):
    ip, fe = cert(world.own, "ip"), cert(world.own, "fe")
    response = login(world.own.users["hr"]).post(
        reverse("learning:staffcert_record"),
        {
            "staff_no": "000101",
            "certification": ip.pk,
            "acquired_on": PAST.isoformat(),
            "note": "合格証書の写し",
        },
    )
    assert response.status_code == 302
    by_hr = StaffCertification.objects.get(staff=world.own.staff["staff"], certification=ip)
    assert by_hr.status == "verified" and by_hr.proof_path == "" and "合格証書の写し" in by_hr.note
    response = login(world.own.users["dx_office"]).post(
        reverse("learning:staffcert_record"),
        {"staff_no": "000101", "certification": fe.pk, "acquired_on": PAST.isoformat()},
    )
    assert response.status_code == 302
    by_dx = StaffCertification.objects.get(staff=world.own.staff["staff"], certification=fe)
    assert by_dx.status == "pending" and by_dx.verified_at is None
    assert AuditEvent.objects.filter(action="staffcert.record").count() == 2


@pytest.mark.django_db
def test_staff_and_managers_cannot_record_for_others(world):
    from django.core.exceptions import PermissionDenied

    for role in ("staff", "manager", "executive"):
        with pytest.raises(PermissionDenied):
            staffcert_record(
                actor=world.own.members[role],
                staff=world.own.staff["other"],
                certification=cert(world.own, "ip"),
                acquired_on=PAST,
            )
