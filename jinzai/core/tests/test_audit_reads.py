"""Reads of personal records and refused attempts leave a trace (security review, issue 9 item 6):
one row per person viewed per request, and a row for every 404 or 403 a signed-in user meets."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from jinzai.core.models import AuditEvent


def _events(action: str):
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


@pytest.fixture
def skills_data(world):
    from jinzai.skills.tests._helpers import campaign, confirm, sheet, submit

    own = world.own
    c = campaign(own)
    s = sheet(c, own.staff["staff"])
    submit(own.members["staff"], s, 2)
    confirm(own.members["manager"], s, 2)
    return c, s


@pytest.mark.django_db
def test_certification_detail_and_proof_are_recorded(world, login, settings, tmp_path):
    from jinzai.learning.tests._helpers import holding

    settings.DATA_DIR = tmp_path
    record = holding(world.own, "staff", "ip", date(2025, 6, 1))
    client = login(world.own.users["hr"])
    assert client.get(reverse("learning:staffcert_detail", kwargs={"pk": record.pk})).status_code == 200
    assert client.get(reverse("learning:staffcert_proof", kwargs={"pk": record.pk})).status_code == 200
    (view,) = _events("staffcert.view")
    assert (view.username, view.object_id, view.detail["staff"]) == ("a-hr", str(record.pk), record.staff_id)
    assert len(_events("staffcert.proof_view")) == 1


@pytest.mark.django_db
def test_subsidy_application_view_is_recorded(world, login):
    from jinzai.core.dates import fiscal_year_of
    from jinzai.learning.services import subsidies
    from jinzai.learning.tests._helpers import cert, system

    day = date.today()
    rule = subsidies.subsidy_rule_create(
        actor=system(world.own),
        certification=cert(world.own, "fe"),
        fiscal_year=fiscal_year_of(day),
        kind="fixed",
        amount=7500,
        budget=100_000,
    )
    app = subsidies.subsidy_apply(
        actor=system(world.own), rule=rule, staff=world.own.staff["staff"], exam_on=day, exam_fee=7500
    )
    client = login(world.own.users["manager"])
    assert client.get(reverse("learning:subsidy_application", kwargs={"pk": app.pk})).status_code == 200
    (event,) = _events("subsidy.view")
    assert event.role == "manager" and event.detail["staff"] == world.own.staff["staff"].pk


@pytest.mark.django_db
def test_attempt_view_is_recorded(world, login):
    from jinzai.skills import services
    from jinzai.skills.tests._helpers import system

    actor = system(world.own)
    category = services.question_category_create(actor=actor, name="DXの基礎")
    services.question_create(
        actor=actor, category=category, text="問", kind="single", choices=["a", "b"], correct=[0]
    )
    test = services.knowledge_test_create(actor=actor, sections={category: 1}, name="T", pass_score=50)
    attempt = services.attempt_start(actor=world.own.members["staff"], test=test)
    attempt = services.attempt_submit(actor=world.own.members["staff"], attempt=attempt, answers={})
    client = login(world.own.users["dx_office"])
    assert client.get(reverse("skills:attempt_detail", kwargs={"pk": attempt.pk})).status_code == 200
    (event,) = _events("attempt.view")
    assert event.detail["staff"] == world.own.staff["staff"].pk


@pytest.mark.django_db
def test_person_gap_unit_matrix_and_rating_sheet_are_recorded(world, login, skills_data):
    c, s = skills_data
    own = world.own
    hr = login(own.users["hr"])
    assert hr.get(reverse("skills:gap"), {"staff": own.staff["staff"].pk}).status_code == 200
    (gap,) = _events("skill_gap.view")
    assert gap.object_type == "people.staff" and gap.detail["staff"] == own.staff["staff"].pk
    # the unit × person matrix: one row per person shown, not one per cell
    matrix = hr.get(reverse("skills:matrix_unit", kwargs={"pk": own.units["市民部"].pk}), {"campaign": c.pk})
    assert matrix.status_code == 200
    rows = _events("skill_matrix.view_unit")
    shown = {row["sheet"].staff_id for row in matrix.context["heatmap"].rows}
    assert shown and sorted(e.detail["staff"] for e in rows) == sorted(shown)
    assert all(e.object_id == str(own.units["市民部"].pk) for e in rows)
    hr.get(reverse("skills:matrix_unit", kwargs={"pk": own.units["市民部"].pk}), {"campaign": c.pk})
    assert len(_events("skill_matrix.view_unit")) == 2 * len(shown)  # per request, not per cell
    manager = login(own.users["manager"])
    assert manager.get(reverse("skills:rate", kwargs={"pk": s.pk})).status_code == 200
    (sheet_view,) = _events("skill_sheet.view")
    assert sheet_view.role == "manager" and sheet_view.detail["staff"] == own.staff["staff"].pk


@pytest.mark.django_db
def test_out_of_scope_and_foreign_objects_leave_a_trace(world, login):
    own, foreign = world.own, world.foreign
    manager = login(own.users["manager"])
    other = own.staff["other"]  # 総務課: outside the manager's units
    assert manager.get(reverse("people:staff_detail", kwargs={"pk": other.pk})).status_code == 404
    assert (
        manager.get(reverse("people:staff_detail", kwargs={"pk": foreign.staff["staff"].pk})).status_code
        == 404
    )
    refused = _events("access.not_found")
    assert [e.detail["pk"] for e in refused] == [str(other.pk), str(foreign.staff["staff"].pk)]
    assert all(e.username == "a-manager" and e.organisation_id == own.org.pk for e in refused)
    assert refused[0].detail["view"] == "people:staff_detail"
    assert refused[0].detail["path"] == reverse("people:staff_detail", kwargs={"pk": other.pk})
    # a 403 raised inside a view (not by require_perm) is recorded too, once
    executive = login(own.users["executive"])
    assert (
        executive.get(reverse("skills:matrix_unit", kwargs={"pk": own.units["市民課"].pk})).status_code == 403
    )
    denied = _events("access.denied")
    assert len(denied) == 1 and denied[0].detail["perm"] == "skills.ratings"
    # require_perm's 403 is not recorded twice
    assert executive.get(reverse("people:staff_list")).status_code == 403
    assert len(_events("access.denied")) == 2


@pytest.mark.django_db
def test_anonymous_404s_are_not_recorded(world, client):
    client.get("/no-such-page/")
    assert not AuditEvent.objects.filter(action="access.not_found").exists()
