"""The learning dashboards (certification holders by level, unit, talent type and year; the cost report) run
the same number of queries whatever the number of staff, certifications and completions (issue 8 item 9:
every dashboard view asserts its query count)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jinzai.people.models import Assignment, Staff
from jinzai.people.services import staff_search_text

from ._helpers import complete, course_with_session, holding

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("steady_clock")]

PAGES = [
    ("learning:certification_report", {}),
    ("learning:certification_report", {"by": "unit"}),
    ("learning:certification_report", {"by": "type"}),
    ("learning:certification_report", {"by": "year"}),
    ("learning:cost_report", {}),
]


def _count(client, name, params) -> int:
    cache.clear()  # every request measured from the same (empty) validated caches: the menu's tasks included
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse(name), params)
    assert response.status_code == 200, (name, params)
    return sum(
        1 for q in ctx.captured_queries if "django_session" not in q["sql"] and "SAVEPOINT" not in q["sql"]
    )


def _more_people(org, n: int, start: int) -> list[str]:
    keys = []
    units = [u for u in org.units.values() if u.kind != "department"]
    for i in range(n):
        staff_no = f"{start + i:06d}"
        unit = units[i % len(units)]
        staff = Staff.objects.create(
            organisation=org.org,
            staff_no=staff_no,
            name=f"追加　{i}",
            kana=f"ついか　{i}",
            current_unit=unit,
            hired_on=date(2018, 4, 1),
            search_text=staff_search_text(staff_no, f"追加　{i}", f"ついか　{i}"),
        )
        Assignment.objects.create(organisation=org.org, staff=staff, unit=unit, started_on=date(2020, 4, 1))
        key = f"extra{i}"
        org.staff[key] = staff
        keys.append(key)
    return keys


def test_learning_dashboards_do_not_grow_with_staff(world, login):
    own = world.own
    client = login(own.users["hr"])
    holding(own, "staff", "ip", date(2024, 6, 1))
    _, session = course_with_session(own, fee=3000, starts_in=-10)
    complete(own, "staff", session)
    small = {(name, tuple(params.items())): _count(client, name, params) for name, params in PAGES}

    keys = _more_people(own, 12, 800)
    for i, key in enumerate(keys):
        holding(own, key, ("ip", "sg", "fe", "ap")[i % 4], date(2023 + i % 3, 5, 1))
    _, second = course_with_session(own, title="研修B", fee=5000, starts_in=-5)
    for key in keys[:6]:
        complete(own, key, second)
    large = {(name, tuple(params.items())): _count(client, name, params) for name, params in PAGES}

    assert large == small
    assert all(n > 0 for n in small.values())
