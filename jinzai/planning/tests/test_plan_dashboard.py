"""The dashboard: status cards, charts with tables, the coverage map (gaps first), levels, starter actions."""

import json
import re
from datetime import date

import pytest
from django.urls import reverse

from jinzai.core.models import AuditEvent
from jinzai.planning.models import LevelAssessment, StarterAction

from ._plans import add_unit, designate, general, leader, plan, target

pytestmark = pytest.mark.django_db


@pytest.fixture
def dashboard(world):
    own = world.own
    lead = leader(own)
    p = plan(own, 2026)
    add_unit(own, "税務課", own.units["総務部"], sort_order=26)
    designate(own.staff["staff"], lead, date(2026, 4, 1))  # covers 市民課
    target(p, "coverage", 3, label="各課にリーダー", talent_type=lead, params={"unit_kind": "division"})
    target(p, "headcount", 1, label="リーダー1名", talent_type=lead)
    LevelAssessment.objects.create(
        organisation=own.org,
        talent_type=general(own),
        fiscal_year=2025,
        level=1,
        assessed_on=date(2025, 6, 1),
    )
    return p


def test_dashboard_cards_charts_and_coverage_map(world, login, dashboard):
    page = login(world.own.users["executive"]).get(
        reverse("planning:plan_dashboard", kwargs={"pk": dashboard.pk})
    )
    html = page.content.decode()
    cards = {c["label"] if isinstance(c, dict) else c[1]: c[2] for c in page.context["counts"]}
    assert cards["達成"] == 1 and sum(cards.values()) == 2
    assert "状況の決め方" in html and "7割" in html
    data = json.loads(
        re.search(r'<script id="chart-\d+-data" type="application/json">(.*?)</script>', html).group(1)
    )
    assert set(data) >= {"labels", "expected", "actual", "unit", "final"} and len(data["labels"]) == 3
    assert "<script>" not in html  # no inline script (CSP)
    assert html.count('<details class="plan-details">') == 3  # one table per chart and the level chart
    coverage = page.context["coverage_maps"][0]
    assert [r["path"] for r in coverage["lacking"]] == ["総務部 ／ 総務課", "総務部 ／ 税務課"]  # tree order
    assert [r["path"] for r in coverage["covered"]] == ["市民部 ／ 市民課"]
    assert html.index("総務部 ／ 税務課") < html.index("市民部 ／ 市民課")  # gaps first
    assert "更新する" not in html  # executives read the checklist only


def test_starter_update(world, login, dashboard):
    own = world.own
    action = StarterAction.objects.get(organisation=own.org, key=5)
    client = login(own.users["dx_office"])
    back = reverse("planning:plan_dashboard", kwargs={"pk": dashboard.pk})
    assert "更新する" in client.get(back).content.decode()
    r = client.post(
        reverse("planning:starter_update", kwargs={"pk": action.pk}),
        {
            f"s{action.pk}-status": "done",
            f"s{action.pk}-started_on": "2026-05-01",
            f"s{action.pk}-notes": "受験料を補助",
            "next": back,
        },
    )
    assert r["Location"] == back
    action.refresh_from_db()
    assert (action.status, action.started_on, action.notes) == ("done", date(2026, 5, 1), "受験料を補助")
    assert action.done_on is not None  # filled with today
    assert AuditEvent.objects.filter(action="starter.update", object_id=str(action.pk)).exists()
    r = client.post(
        reverse("planning:starter_update", kwargs={"pk": action.pk}),
        {
            f"s{action.pk}-status": "done",
            f"s{action.pk}-started_on": "2026-05-01",
            f"s{action.pk}-done_on": "2026-04-01",
            "next": "https://evil.example/",
        },
    )
    assert r["Location"] == reverse("planning:plan_list")
    action.refresh_from_db()
    assert action.done_on != date(2026, 4, 1)
