"""The ranking in the database (evaluate_rule) equals the walk over every person in Python, and holders by
unit equals a count of the people themselves."""

from datetime import timedelta

import pytest

from jinzai.learning import reports
from jinzai.learning.eligibility import _evaluate_in_python, applicable_requirements, evaluate_rule
from jinzai.learning.models import Certification, StaffCertification

from .test_internal_cert import TODAY, _complete_past, holding, setup_rule


def _same(rule):
    eligible, close = evaluate_rule(rule, TODAY)
    walked = _evaluate_in_python(rule, TODAY, applicable_requirements(rule), None)
    as_rows = lambda standings: [(s.staff_id, s.missing_units, s.missing) for s in standings]  # noqa: E731
    assert as_rows(eligible) == as_rows(walked[0])
    assert as_rows(close) == as_rows(walked[1])
    return eligible, close


@pytest.mark.django_db
def test_database_ranking_equals_the_python_walk(world):
    org = world.own
    rule, sessions = setup_rule(org, certs=("ip", "fe"))
    people = list(org.staff)
    for i, key in enumerate(people):
        for session in sessions[: i % 4]:
            _complete_past(org, key, session)
        if i % 2:
            holding(org, key, "ip", TODAY - timedelta(days=30))
        if i % 3 == 0:
            holding(org, key, "fe", TODAY - timedelta(days=30))
    eligible, close = _same(rule)
    assert eligible or close
    assert all(s.missing for s in close)  # the sentences are written when read


@pytest.mark.django_db
def test_n_of_curriculum_and_no_certifications(world):
    org = world.own
    rule, sessions = setup_rule(org, mode="n_of", required_count=2, certs=())
    for i, key in enumerate(org.staff):
        for session in sessions[: i % 3]:
            _complete_past(org, key, session)
    _same(rule)


@pytest.mark.django_db
def test_holders_by_unit_counts_each_person_once_at_their_highest_level(world):
    org = world.own
    staff = org.staff["staff"]
    holding(org, "staff", "ip", TODAY - timedelta(days=30))
    holding(org, "staff", "fe", TODAY - timedelta(days=30))
    rows = {r["unit"].pk: r for r in reports.holders_by_unit(org.org, TODAY)}
    levels = {c.key: c.itss_level for c in Certification.objects.filter(organisation=org.org)}
    top = staff.current_unit
    while top.parent_id:
        top = top.parent
    row = rows[top.pk]
    assert row["any"] >= 1
    held = StaffCertification.objects.filter(staff=staff).values_list("certification__key", flat=True)
    best = max(levels[k] or 0 for k in held)
    assert all(row[f"l{n}"] >= 1 for n in range(1, min(best, 4) + 1))
    total_people = sum(r["any"] for r in rows.values())
    holders = (
        StaffCertification.objects.filter(organisation=org.org, status="verified")
        .values("staff_id")
        .distinct()
        .count()
    )
    assert total_people == holders
