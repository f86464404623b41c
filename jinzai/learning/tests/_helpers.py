"""Small builders shared by the learning tests."""

from __future__ import annotations

from datetime import date, timedelta

from jinzai.core.access import SystemActor
from jinzai.learning.models import Certification, Enrolment
from jinzai.learning.services import training
from jinzai.learning.services.certifications import staffcert_register, staffcert_verify

from ._files import JPEG, PDF, PNG  # noqa: F401  (well-formed proof files)


def system(org) -> SystemActor:
    return SystemActor(organisation=org.org, label="test")


def cert(org, key: str) -> Certification:
    return Certification.objects.get(organisation=org.org, key=key)


def holding(org, staff_key: str, key: str, acquired_on: date, *, verify: bool = True):
    record = staffcert_register(
        actor=system(org),
        staff=org.staff[staff_key],
        certification=cert(org, key),
        acquired_on=acquired_on,
        proof_name="proof.pdf",
        proof_content=PDF,
        today=max(acquired_on, date.today()),
    )
    return staffcert_verify(actor=system(org), record=record) if verify else record


def course_with_session(org, title="研修A", *, capacity=None, starts_in=30, fee=0, mode="classroom"):
    actor = system(org)
    course = training.course_create(
        actor=actor, title=title, provider_type="internal", mode=mode, hours=3, fee=fee, step=1
    )
    start = date.today() + timedelta(days=starts_in)
    session = training.session_create(
        actor=actor, course=course, title="第1回", starts_on=start, ends_on=start, capacity=capacity
    )
    return course, session


def complete(org, staff_key: str, session, on: date | None = None) -> Enrolment:
    """Put someone through a session (registered by the office, then completed)."""
    actor = system(org)
    training.enrolment_register(actor=actor, session=session, staff_list=[org.staff[staff_key]])
    enrolment = Enrolment.objects.get(session=session, staff=org.staff[staff_key], status="confirmed")
    training.enrolment_record_results(
        actor=actor, session=session, results={enrolment.pk: "completed"}, completed_on=on
    )
    enrolment.refresh_from_db()
    return enrolment
