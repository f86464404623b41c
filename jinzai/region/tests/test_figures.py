"""Aggregates of the prefecture dashboard against figures computed by hand, the plan-attainment cache
against the live computation (decisions R7), and the query count at any number of municipalities."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jinzai.core.audit import audit, audit_many, build_event
from jinzai.core.dates import fiscal_year_bounds
from jinzai.learning.models import Certification, Enrolment, StaffCertification
from jinzai.planning.models import LevelAssessment
from jinzai.planning.selectors.plans import default_plan
from jinzai.planning.selectors.progress import plan_progress, status_counts
from jinzai.planning.tests._plans import plan, target
from jinzai.region import figures as fig
from jinzai.region.models import MunicipalityFigures
from jinzai.region.selectors import prefecture as pref
from jinzai.region.services import support
from jinzai.talent.models import Designation, TalentType
from jinzai.talent.services import designation_create

from ._helpers import accepted_request, expert, fy, system, today


def _leader(org):
    return TalentType.objects.get(organisation=org.org, kind="leader")


def _row(rows, org):
    return next(r for r in rows if r.organisation_id == org.org.pk)


@pytest.fixture
def data(world):
    own, day = world.own, today()
    # 4 staff; one retired yesterday and one hired tomorrow do not count
    other = own.staff["other"]
    other.retired_on = day - timedelta(days=1)
    other.save(update_fields=["retired_on"])
    from jinzai.people.models import Staff

    Staff.objects.create(
        organisation=own.org, staff_no="000199", name="新人　太郎", hired_on=day + timedelta(days=1)
    )
    # a leader in 窓口係 (below 市民課): 1 of 2 business 課 covered
    Designation.objects.create(
        organisation=own.org,
        staff=own.staff["staff"],
        talent_type=_leader(own),
        started_on=day - timedelta(days=30),
    )
    # an ended designation does not count
    Designation.objects.create(
        organisation=own.org,
        staff=own.staff["hr"],
        talent_type=_leader(own),
        started_on=day - timedelta(days=90),
        ended_on=day - timedelta(days=10),
    )
    ip = Certification.objects.get(organisation=own.org, key="ip")
    for key, status in (("manager", "verified"), ("hr", "pending")):
        StaffCertification.objects.create(
            organisation=own.org,
            staff=own.staff[key],
            certification=ip,
            acquired_on=day - timedelta(days=5),
            valid_from=day - timedelta(days=5),
            status=status,
        )
    LevelAssessment.objects.create(
        organisation=own.org, talent_type=_leader(own), fiscal_year=fy(), level=2, assessed_on=day
    )
    # one completion this fiscal year, one last year
    from jinzai.learning.models import Course, Session

    course = Course.objects.create(
        organisation=own.org, title="研修", provider_type="internal", mode="classroom"
    )
    start, _ = fiscal_year_bounds(fy())
    for staff_key, done in (("hr", start + timedelta(days=3)), ("manager", start - timedelta(days=3))):
        session = Session.objects.create(
            organisation=own.org, course=course, title="回", starts_on=done, ends_on=done
        )
        Enrolment.objects.create(
            organisation=own.org,
            session=session,
            staff=own.staff[staff_key],
            status="confirmed",
            result="completed",
            completed_on=done,
        )
    # two dispatches this fiscal year: 3 h + 2 h
    r = accepted_request(world)
    e = expert(world.pref)
    for hours in (3, 2):
        support.dispatch_record(
            actor=world.pref.members["prefecture_support"],
            request=r,
            expert=e,
            scheme="pref_bank",
            held_on=day,
            hours=hours,
            mode="visit",
        )
    return world


@pytest.mark.django_db
def test_aggregates_match_figures_computed_by_hand(data):
    world = data
    rows = pref.dashboard_figures(world.pref.members["prefecture_support"], today())
    own, foreign = _row(rows, world.own), _row(rows, world.foreign)
    assert own.staff == 3  # 山田, 佐藤, 鈴木
    assert (own.units, own.covered_units, own.coverage) == (2, 1, Decimal("50.0"))
    assert (own.certified, own.certified_share) == (1, Decimal("33.3"))
    assert own.completions == 1
    assert (own.support_count, own.support_hours) == (2, Decimal("5.0"))
    assert own.levels == {"leader": 2}
    assert own.has_plan is False and own.plan_share is None
    assert own.one_person == "未登録"  # nothing contributes the duty registry yet
    assert own.band == "200名未満"
    assert (
        foreign.staff,
        foreign.covered_units,
        foreign.certified,
        foreign.completions,
        foreign.support_count,
    ) == (4, 0, 0, 0, 0)


@pytest.mark.django_db
def test_cached_aggregates_follow_every_write_and_equal_the_live_queries(data):
    world = data
    viewer = world.pref.members["prefecture_support"]
    own = world.own
    before = _row(pref.dashboard_figures(viewer, today()), own)
    assert before.covered_units == 1
    # 鈴木 (人事係, below 総務課) becomes a leader through the service: 総務課 is covered too
    designation_create(actor=system(own), staff=own.staff["hr"], talent_type=_leader(own), started_on=today())
    after = _row(pref.dashboard_figures(viewer, today()), own)
    assert after.covered_units == 2
    # the row equals the aggregate queries run now
    ids = [own.org.pk, world.foreign.org.pk]
    for org in (own, world.foreign):
        row = MunicipalityFigures.objects.get(organisation=org.org)
        assert row.staff == fig.staff_counts(ids, today()).get(org.org.pk, 0)
        assert row.certified == fig.certified_counts(ids, today()).get(org.org.pk, 0)
        assert row.completions == fig.completion_counts(ids, fy()).get(org.org.pk, 0)
        coverage = fig.leader_coverage(ids, today())[org.org.pk]
        assert (row.units, row.covered_units) == (coverage["units"], coverage["covered"])
        assert row.levels == fig.latest_levels(ids, today()).get(org.org.pk, {})


@pytest.mark.django_db
def test_contributed_one_person_risk_is_shown(world):
    from jinzai.core import hooks

    def contribution(organisation):
        return {"one_person_risk": 3} if organisation.pk == world.own.org.pk else None

    hooks.ORGANISATION_FIGURES.register(contribution)
    try:
        rows = pref.dashboard_figures(world.pref.members["prefecture_support"], today())
    finally:
        hooks.ORGANISATION_FIGURES.unregister(contribution)
    assert _row(rows, world.own).one_person == 3
    assert _row(rows, world.foreign).one_person == "未登録"


def _live(org):
    counts = status_counts(plan_progress(default_plan(org.org), today=today()))
    return counts["achieved"] + counts["on_track"], sum(
        counts[k] for k in ("achieved", "on_track", "watch", "behind")
    )


def _cached(world):
    row = _row(fig.live_figures([world.own.org], today()), world.own)
    return row.plan_good, row.plan_measured


@pytest.mark.django_db
def test_plan_attainment_cache_equals_the_live_computation_after_every_kind_of_write(world):
    own = world.own
    p = plan(own, start_fy=fy())
    target(p, "headcount", 2, talent_type=_leader(own))
    target(p, "headcount", 1, talent_type=TalentType.objects.get(organisation=own.org, kind="general"))
    assert _cached(world) == _live(own)
    first = MunicipalityFigures.objects.get(organisation=own.org)
    assert fig.is_fresh(first, today())
    # a read does not invalidate it …
    audit(own.members["hr"], "staff.view", own.staff["staff"])
    assert fig.is_fresh(MunicipalityFigures.objects.get(organisation=own.org), today())
    # … a write through a service does, and the next dashboard shows the live value
    designation_create(
        actor=system(own),
        staff=own.staff["staff"],
        talent_type=_leader(own),
        started_on=today() - timedelta(days=1),
    )
    assert not fig.is_fresh(MunicipalityFigures.objects.get(organisation=own.org), today())
    assert _cached(world) == _live(own)
    # a bulk import writes its audit rows with audit_many (no signals): still noticed
    d = Designation.objects.create(
        organisation=own.org,
        staff=own.staff["manager"],
        talent_type=_leader(own),
        started_on=today() - timedelta(days=1),
    )
    audit_many([build_event(system(own), "designation.create", d, changed=["import"])])
    assert not fig.is_fresh(MunicipalityFigures.objects.get(organisation=own.org), today())
    good, measured = _cached(world)
    assert (good, measured) == _live(own)
    assert good >= 1  # 2 leaders now: the headcount target of 2 is reached
    # the next day the row is measured again
    row = MunicipalityFigures.objects.get(organisation=own.org)
    assert not fig.is_fresh(row, today() + timedelta(days=1))


@pytest.mark.django_db
def test_a_write_that_began_before_the_measurement_is_not_missed(world):
    """An audit row dated before the measurement started (a long transaction committing later) counts."""
    own = world.own
    p = plan(own, start_fy=fy())
    target(p, "headcount", 1, talent_type=_leader(own))
    _cached(world)
    row = MunicipalityFigures.objects.get(organisation=own.org)
    late = build_event(system(own), "designation.create", None, organisation=own.org)
    late.save()
    type(late).objects.filter(pk=late.pk).update(at=row.started_at - timedelta(minutes=20))
    assert not fig.is_fresh(row, today())


@pytest.mark.django_db
def test_dashboard_queries_do_not_grow_with_municipalities(world):
    from conftest import org_code
    from jinzai.core.models import Organisation

    viewer = world.pref.members["prefecture_support"]
    pref.dashboard_figures(viewer, today())  # warm the plan cache

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            pref.dashboard_figures(viewer, today())
        return len(ctx)

    before = count()
    for i in range(4):
        Organisation.objects.create(
            code=org_code(f"9950{i}"), name=f"追加町{i}", kind="municipality", prefecture=world.pref.org
        )
    pref.dashboard_figures(viewer, today())  # the new ones are measured once
    assert count() == before


@pytest.mark.django_db
def test_comparison_with_municipalities_of_similar_size(world):
    from jinzai.region.models import SurveyFigure, SurveyMunicipality

    m = SurveyMunicipality.objects.create(organisation=world.pref.org, code="994014", name="調査村")
    SurveyFigure.objects.create(
        organisation=world.pref.org,
        municipality=m,
        fiscal_year=fy(),
        staff_count=80,
        certified_share=40,
        leader_coverage=10,
    )
    viewer = world.pref.members["prefecture_support"]
    own, everyone = pref.municipality_figures(viewer, world.own.org, today())
    compare = fig.comparison(own, everyone)
    assert compare["band"] == "200名未満" and compare["peers"] == 2  # 他所町 and 調査村
    rows = {r["key"]: r for r in compare["rows"]}
    assert rows["certified_share"]["band"] == Decimal("20.0")  # (0 + 40) / 2
    assert rows["coverage"]["band"] == Decimal("5.0")
