"""The audit log is scoped to the admin's organisation."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from conftest import PASSWORD
from jinzai.core import selectors, services
from jinzai.core.models import AuditEvent


@pytest.fixture
def both_orgs_wrote(world):
    own = services.grade_create(actor=world.own.members["hr"], name="自分参事")
    foreign = services.grade_create(actor=world.foreign.members["hr"], name="他所参事")
    services.unit_update(
        actor=world.foreign.members["admin"], unit=world.foreign.units["市民課"], name="他所市民課"
    )
    AuditEvent.objects.create(action="auth.login_failed", username="nobody")  # no organisation
    return own, foreign


def test_selector_returns_only_own_events(world, both_orgs_wrote):
    own_events = selectors.audit_events_for(world.own.members["admin"])
    assert own_events.exists()
    assert set(own_events.values_list("organisation_id", flat=True)) == {world.own.org.pk}
    usernames = set(own_events.values_list("username", flat=True))
    assert "a-hr" in usernames
    assert not any(u.startswith("b-") for u in usernames)
    assert "nobody" not in usernames


def test_admin_page_never_shows_the_other_organisation(world, both_orgs_wrote, login):
    own_grade, foreign_grade = both_orgs_wrote
    client = login(world.own.users["admin"])
    response = client.get(reverse("core:audit_list"))
    html = response.getvalue().decode()
    assert "自分参事" in html
    for leak in ("他所参事", "他所市民課", "b-hr", "b-admin", "nobody"):
        assert leak not in html, leak
    # asking for the foreign object by id or name finds nothing
    for obj in (str(foreign_grade.pk), "他所"):
        response = client.get(reverse("core:audit_list"), {"obj": obj})
        assert all(e.organisation_id == world.own.org.pk for e in response.context["page"].object_list)
        assert "他所参事" not in response.getvalue().decode()
    response = client.get(reverse("core:audit_list"), {"actor": "b-"})
    assert response.context["page"].paginator.count == 0


def test_csv_export_never_contains_the_other_organisation(world, both_orgs_wrote, login):
    client = login(world.own.users["admin"])
    response = client.get(reverse("core:audit_list"), {"format": "csv"})
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))[1:]
    assert any("自分参事" in r[5] for r in rows)  # 対象
    assert not any(r[1].startswith("b-") or "他所" in r[5] or r[1] == "nobody" for r in rows)


def test_admin_home_recent_events_are_own_only(world, both_orgs_wrote, login):
    response = login(world.own.users["admin"]).get(reverse("core:home"))
    events = list(response.context["recent_events"])
    assert events
    assert all(e.organisation_id == world.own.org.pk for e in events)
    assert "他所参事" not in response.getvalue().decode()


def test_the_other_admin_sees_their_own_side(world, both_orgs_wrote, login):
    response = login(world.foreign.users["admin"]).get(reverse("core:audit_list"))
    html = response.getvalue().decode()
    assert "他所参事" in html and "他所市民課" in html
    assert "自分参事" not in html and "a-hr" not in html


def test_prefecture_admin_does_not_see_municipality_events(world, both_orgs_wrote, login):
    response = login(world.pref.users["admin"]).get(reverse("core:audit_list"))
    assert all(e.organisation_id == world.pref.org.pk for e in response.context["page"].object_list)
    html = response.getvalue().decode()
    assert "自分参事" not in html and "他所参事" not in html


def test_logins_of_own_users_appear_in_own_audit_log_only(world, client, login):
    # The audit page promises "ログイン…などの記録" and suggests filtering by "auth.login":
    # a login by a user whose only membership is in 自分市 must be visible to 自分市's admin.
    assert client.post(reverse("core:login"), {"username": "a-hr", "password": PASSWORD}).status_code == 302
    client.logout()
    client.post(reverse("core:login"), {"username": "a-hr", "password": "wrong"})
    own_admin = login(world.own.users["admin"])
    response = own_admin.get(reverse("core:audit_list"), {"action": "auth.login", "actor": "a-hr"})
    actions = {e.action for e in response.context["page"].object_list}
    assert "auth.login" in actions
    foreign_admin_events = selectors.audit_events_for(world.foreign.members["admin"], actor="a-hr")
    assert not foreign_admin_events.exists()
