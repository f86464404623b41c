"""Every role's home runs a fixed number of queries: more staff, units, designations, enrolments, sheets
and certifications in the organisation do not add any (ARCHITECTURE convention 6; the home gathers
「対応が必要なこと」 and every app's panel)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ._tasks_world import build, grow

# the most queries a home may run in the task world (a ceiling well above today's count, to catch a loop)
CEILING = 90


def _count(client) -> int:
    """Queries of one home page, leaving out the session's own write (the idle timer stores the time of the
    last request at most once a second, so whether it runs depends on the clock, not on the page)."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("core:home"))
    assert response.status_code == 200
    return sum(
        1
        for q in ctx.captured_queries
        if "django_session" not in q["sql"] and not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
    )


@pytest.mark.parametrize(
    "org_key, role",
    [
        ("own", "staff"),
        ("own", "manager"),
        ("own", "hr"),
        ("own", "dx_office"),
        ("own", "executive"),
        ("own", "admin"),
        ("pref", "prefecture_support"),
    ],
)
def test_home_queries_do_not_grow_with_the_organisation(world, login, org_key, role):
    build(world)
    client = login(getattr(world, org_key).users[role])
    _count(client)  # the first request of a session also loads what is cached per process
    before = _count(client)
    assert before <= CEILING, f"{role}: {before} queries"
    grow(world, 30)
    after = _count(client)
    assert after == before, f"{role}: {before} → {after} queries with 30 more staff, units and records"
