"""The 工程 table (types × years + 長期的) and adding, editing and deleting tasks."""

import pytest
from django.urls import reverse

from jinzai.planning.models import PlanLevel, RoadmapTask
from jinzai.planning.selectors.plans import LONG_TERM, roadmap_grid

from ._plans import general, leader, plan

pytestmark = pytest.mark.django_db


def test_grid_groups_tasks_by_type_year_and_kind(world):
    own = world.own
    p = plan(own, 2026)
    PlanLevel.objects.create(plan=p, talent_type=general(own), current_level=1, target_level=2)
    lead = leader(own)
    RoadmapTask.objects.create(plan=p, fiscal_year=2026, talent_type=lead, kind="place", title="情報係に2名")
    RoadmapTask.objects.create(plan=p, fiscal_year=2026, talent_type=lead, kind="develop", title="研修")
    RoadmapTask.objects.create(plan=p, fiscal_year=None, talent_type=lead, kind="develop", title="見直し")
    grid = roadmap_grid(p)
    assert grid["columns"] == [2026, 2027, 2028, LONG_TERM]
    rows = {r["talent_type"].name: r["cells"] for r in grid["rows"]}
    assert list(rows) == ["DX推進リーダー", "一般行政職員"]  # types with tasks or levels, in type order
    first_year = rows["DX推進リーダー"][0]
    assert [(label, [t.title for t in tasks]) for label, tasks in first_year] == [
        ("育成", ["研修"]),
        ("配置", ["情報係に2名"]),
    ]
    assert rows["DX推進リーダー"][1] == [] and rows["DX推進リーダー"][3][0][1][0].title == "見直し"


def test_task_pages(world, login):
    own = world.own
    p = plan(own, 2026)
    client = login(own.users["dx_office"])
    url = reverse("planning:task_create", kwargs={"pk": p.pk})
    form = client.get(url).content.decode()
    assert "長期的（定着化）" in form and "令和10年度（2028年度）" in form
    r = client.post(
        url,
        {
            "fiscal_year": "long",
            "talent_type": leader(own).pk,
            "kind": "place",
            "title": "キャリアパスを示す",
            "owner_unit": own.units["人事係"].pk,
            "status": "planned",
        },
    )
    assert r.status_code == 302 and r["Location"].endswith("#roadmap-h")
    task = RoadmapTask.objects.get(plan=p)
    assert (task.fiscal_year, task.owner_unit, task.kind) == (None, own.units["人事係"], "place")
    r = client.post(
        reverse("planning:task_edit", kwargs={"pk": task.pk}),
        {
            "fiscal_year": "2027",
            "talent_type": leader(own).pk,
            "kind": "place",
            "title": "キャリアパスを示す",
            "status": "done",
        },
    )
    task.refresh_from_db()
    assert (task.fiscal_year, task.status, task.owner_unit) == (2027, "done", None)
    detail = client.get(reverse("planning:plan_detail", kwargs={"pk": p.pk})).content.decode()
    assert "キャリアパスを示す" in detail and "完了" in detail
    bad = client.post(
        url,
        {
            "fiscal_year": "2030",
            "talent_type": leader(own).pk,
            "kind": "place",
            "title": "x",
            "status": "planned",
        },
    )
    assert bad.status_code == 200 and "入力内容を確かめてください" in bad.content.decode()
    client.post(reverse("planning:task_delete", kwargs={"pk": task.pk}))
    assert not RoadmapTask.objects.filter(plan=p).exists()
