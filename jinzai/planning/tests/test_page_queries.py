"""The plan dashboard and the plan pages run a bounded number of queries, whatever the number of targets,
tasks and designated staff (ARCHITECTURE convention 6: dashboards assert their query counts)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jinzai.planning.models import RoadmapTask

from ._plans import add_staff, designate, leader, target
from .test_plan_round_trip import rich_plan

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("steady_clock")]

PAGES = {
    # url name: the most queries the page may run beyond the layout every page shares (session, user,
    # membership, menu and its counts: measured on the empty 推進体制 page), for the rich plan of
    # test_plan_round_trip (5 targets of 5 metrics, tiers, 3 tasks)
    "planning:plan_dashboard": 30,
    "planning:plan_detail": 40,
    "planning:plan_list": 24,
    "planning:target_create": 16,
    "planning:plan_edit": 8,
    "planning:plan_docx": 40,  # a file: no layout, so the whole request
    "planning:plan_xlsx": 40,
}
FILES = {"planning:plan_docx", "planning:plan_xlsx"}


def _count(client, name, plan=None) -> int:
    kwargs = (
        {"pk": plan.pk}
        if plan is not None and name not in {"planning:plan_list", "planning:structure"}
        else {}
    )
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200, name
    # the session is saved at most once per second (the idle timeout's last-seen time): not the page's
    return sum(
        1 for q in ctx.captured_queries if "django_session" not in q["sql"] and "SAVEPOINT" not in q["sql"]
    )


def _grow(world, plan) -> None:
    """Ten more targets of metrics already in the plan, more tasks and more designated people."""
    own = world.own
    lead = leader(own)
    for i in range(5):
        target(plan, "headcount", 10 + i, label=f"追加の人数{i}", talent_type=lead, sort_order=100 + i)
        target(
            plan,
            "coverage",
            1,
            label=f"追加の網羅{i}",
            talent_type=lead,
            params={"unit_kind": "division", "per_unit": 1},
            sort_order=200 + i,
        )
        RoadmapTask.objects.create(
            plan=plan, fiscal_year=2027, talent_type=lead, kind="develop", title=f"研修{i}"
        )
    for i in range(20):
        designate(add_staff(own, f"0099{i:02d}", own.units["窓口係"]), lead, date(2026, 5, 1))


@pytest.mark.parametrize("name", list(PAGES))
def test_plan_pages_have_a_query_ceiling_that_does_not_grow(world, login, name):
    plan = rich_plan(world)
    client = login(world.own.users["dx_office"])
    _count(client, name, plan)  # the first request of a session also loads what is cached per process
    layout = 0 if name in FILES else _count(client, "planning:structure")
    before = _count(client, name, plan)
    assert before - layout <= PAGES[name], f"{name}: {before} queries, {layout} of them the layout's"
    _grow(world, plan)
    after = _count(client, name, plan)
    assert after == before, f"{name}: {before} → {after} queries with more targets, tasks and staff"


def test_dashboard_with_django_assert_max_num_queries(world, login, django_assert_max_num_queries):
    plan = rich_plan(world)
    client = login(world.own.users["executive"])
    client.get(reverse("planning:structure"))
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("planning:structure"))
    layout = len(ctx.captured_queries)
    with django_assert_max_num_queries(PAGES["planning:plan_dashboard"] + layout):
        response = client.get(reverse("planning:plan_dashboard", kwargs={"pk": plan.pk}))
    assert response.status_code == 200
