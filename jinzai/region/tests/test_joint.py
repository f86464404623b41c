"""Joint training: publication copies the course into each allocated municipality's catalog; the
municipality enrols its own staff; attendance and completion are its own records and count in its plan."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jinzai.learning.metrics import measure_completed
from jinzai.learning.models import Course, Enrolment
from jinzai.learning.services import training
from jinzai.planning.tests._plans import plan, target
from jinzai.region.models import SeatAllocation
from jinzai.region.services import joint

from ._helpers import fy, grant, system, today


@pytest.fixture
def published(world):
    actor = world.pref.members["prefecture_support"]
    course = joint.joint_course_create(
        actor=actor,
        title="共同DX研修",
        provider_name="県立大学",
        mode="classroom",
        hours=6,
        fee=1000,
        step=1,
        shared_cost=100,
        split_rule="seats",
    )
    start = today() + timedelta(days=10)
    session = joint.joint_session_create(
        actor=actor,
        course=course,
        title="第1回",
        starts_on=start,
        ends_on=start,
        seats={world.own.org: 2, world.foreign.org: 1},
    )
    joint.joint_publish(actor=actor, course=course)
    return course, session


@pytest.mark.django_db
def test_publication_puts_a_managed_copy_in_each_catalog(world, published):
    course, session = published
    own = SeatAllocation.objects.get(session=session, municipality=world.own.org)
    local = own.local_session
    assert local.organisation_id == world.own.org.pk and local.capacity == 2
    assert local.course.managed_by_id == world.pref.org.pk and local.course.provider_type == "prefecture"
    assert local.course.fee == 1000 and local.course.title == "共同DX研修"
    assert Course.objects.filter(managed_by=world.pref.org).count() == 2  # one per municipality
    # the municipality cannot change the prefecture's schedule or seats
    with pytest.raises(ValidationError, match="県が運営する共同研修"):
        training.session_update(actor=world.own.members["dx_office"], session=local, capacity=50)
    # the prefecture's changes are copied
    joint.joint_seats_set(
        actor=world.pref.members["prefecture_support"], session=session, seats={world.own.org: 4}
    )
    local.refresh_from_db()
    assert local.capacity == 4
    joint.joint_course_update(
        actor=world.pref.members["prefecture_support"], course=course, title="共同DX研修（基礎）"
    )
    local.course.refresh_from_db()
    assert local.course.title == "共同DX研修（基礎）"


@pytest.mark.django_db
def test_seats_limit_enrolments_and_cannot_go_below_those_held(world, published):
    _, session = published
    allocation = SeatAllocation.objects.get(session=session, municipality=world.own.org)
    dx = world.own.members["dx_office"]
    people = [world.own.staff[k] for k in ("staff", "hr", "manager")]
    result = joint.joint_enrol(actor=dx, allocation=allocation, staff_list=people)
    assert len(result["confirmed"]) == 2 and len(result["waitlisted"]) == 1
    with pytest.raises(ValidationError, match="2名が登録"):
        joint.joint_seats_set(
            actor=world.pref.members["prefecture_support"], session=session, seats={world.own.org: 1}
        )
    with pytest.raises(PermissionDenied):
        joint.joint_enrol(
            actor=world.foreign.members["dx_office"], allocation=allocation, staff_list=people[:1]
        )
    # another municipality's staff are never enrolled in this copy
    foreign_result = joint.joint_enrol(
        actor=dx, allocation=allocation, staff_list=[world.foreign.staff["staff"]]
    )
    assert foreign_result["skipped"] == [world.foreign.staff["staff"]]


@pytest.mark.django_db
def test_results_flow_back_into_the_municipalitys_records_and_plan(world, published):
    _, session = published
    allocation = SeatAllocation.objects.get(session=session, municipality=world.own.org)
    joint.joint_enrol(
        actor=world.own.members["dx_office"], allocation=allocation, staff_list=[world.own.staff["staff"]]
    )
    enrolment = Enrolment.objects.get(session=allocation.local_session)
    support_member = world.pref.members["prefecture_support"]
    with pytest.raises(ValidationError, match="名簿を県に提供していない"):
        joint.joint_results(actor=support_member, session=session, results={enrolment.pk: "completed"})
    grant(world.own, joint_roster=True)
    assert (
        joint.joint_results(actor=support_member, session=session, results={enrolment.pk: "completed"}) == 1
    )
    enrolment.refresh_from_db()
    assert enrolment.organisation_id == world.own.org.pk and enrolment.result == "completed"
    # a target "completed course X" of 自分市's plan counts it
    p = plan(world.own, start_fy=fy())
    t = target(p, "completed", 1, params={"learning_target": f"course:{allocation.local_session.course_id}"})
    later = max(enrolment.completed_on, today())
    assert measure_completed(t, [later])[0].value == 1


@pytest.mark.django_db
def test_cost_shares_add_up(world, published):
    course, session = published
    shares = {s["municipality"].name: s["share"] for s in joint.cost_shares(course)}
    assert shares == {"自分市": 67, "他所町": 33}  # 100 円 by seats 2 : 1
    joint.joint_course_update(
        actor=world.pref.members["prefecture_support"], course=course, split_rule="equal", shared_cost=101
    )
    course.refresh_from_db()
    shares = {s["municipality"].name: s["share"] for s in joint.cost_shares(course)}
    assert shares == {"自分市": 51, "他所町": 50}
    assert system(world.own)  # helper import used


@pytest.mark.django_db
def test_publishing_needs_seats(world):
    actor = world.pref.members["prefecture_support"]
    course = joint.joint_course_create(
        actor=actor,
        title="空の研修",
        mode="online",
        hours=1,
        fee=0,
        step=1,
        shared_cost=0,
        split_rule="equal",
    )
    with pytest.raises(ValidationError, match="座席を配分"):
        joint.joint_publish(actor=actor, course=course)
