"""Heatmaps and gap analysis: aggregates per unit and item; query counts independent of the staff count."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jinzai.people.models import Staff
from jinzai.skills.matrix import group_gap, heat_class, person_heatmap, subtree, unit_heatmap
from jinzai.skills.selectors import response_rates

from ._helpers import campaign, confirm, items, sheet, submit


def _rated(world):
    c = campaign(world.own)
    first = items(c.framework)[0]
    s = sheet(c, world.own.staff["staff"])
    submit(world.own.members["staff"], s, 2)
    confirm(world.own.members["manager"], s, {i.pk: (3 if i == first else 1) for i in items(c.framework)})
    o = sheet(c, world.own.staff["other"])
    submit(world.own.members["dx_office"], o, 2)  # submitted, not confirmed
    return c, first


@pytest.mark.django_db
def test_unit_heatmap_rolls_sections_into_divisions(world):
    c, first = _rated(world)
    final = unit_heatmap(c)
    labels = [r["label"] for r in final.rows]
    assert labels == ["市民部 ／ 市民課"]
    cell = final.rows[0]["cells"][0][0]
    assert (cell.n, cell.avg, cell.share) == (1, Decimal("3.0"), Decimal("100.0"))
    assert final.rows[0]["cells"][1][0].share == Decimal("0.0")  # 1 < expected 2
    own_self = unit_heatmap(c, basis="self")
    assert [r["label"] for r in own_self.rows] == ["総務部 ／ 総務課", "市民部 ／ 市民課"]
    scoped = unit_heatmap(c, basis="self", unit_ids=subtree(world.own.org, world.own.units["総務部"].pk))
    assert [r["label"] for r in scoped.rows] == ["総務部 ／ 総務課"]


@pytest.mark.django_db
def test_person_heatmap_marks_levels_below_expectation(world):
    c, first = _rated(world)
    heatmap = person_heatmap(c, subtree(world.own.org, world.own.units["市民課"].pk))
    rows = {r["label"]: r for r in heatmap.rows}
    assert set(rows) == {"山田　太郎", "佐藤　花子"}
    cells = rows["山田　太郎"]["cells"]
    assert cells[0][0] == {"level": 3, "expected": 2, "below": False}
    assert cells[1][0]["below"] is True
    assert rows["佐藤　花子"]["cells"][0][0]["level"] is None


@pytest.mark.django_db
def test_group_gap_against_role_profiles(world):
    c, first = _rated(world)
    rows = {
        r["item"].pk: r for r in group_gap(c, unit_ids=subtree(world.own.org, world.own.units["市民部"].pk))
    }
    assert rows[first.pk]["avg"] == Decimal("3.0") and rows[first.pk]["gap"] == Decimal("1.0")
    other = next(r for pk, r in rows.items() if pk != first.pk)
    assert (other["gap"], other["share"], other["below"]) == (Decimal("-1.0"), Decimal("0.0"), 1)
    general = c.participants.first().talent_type
    assert group_gap(c, talent_type_id=general.pk)[0]["n"] == 1


def test_heat_classes_follow_the_scale():
    assert heat_class(None, 5) == "heat-0"
    assert heat_class(1, 5) == "heat-1" and heat_class(5, 5) == "heat-5"
    assert heat_class(3, 3) == "heat-5" and heat_class(2, 3) == "heat-3"


@pytest.mark.django_db
def test_response_rates_by_division(world):
    c, _ = _rated(world)
    rates = response_rates(c)
    rows = {r["label"]: r for r in rates["rows"]}
    assert rows["市民部 ／ 市民課"]["total"] == 2 and rows["市民部 ／ 市民課"]["confirmed_pct"] == 50.0
    assert rows["総務部 ／ 総務課"]["answered"] == 1
    assert rates["totals"] == {
        "total": 4,
        "answered": 2,
        "confirmed": 1,
        "answered_pct": 50.0,
        "confirmed_pct": 25.0,
    }


def _add_staff(world, n):
    org, unit = world.own.org, world.own.units["窓口係"]
    Staff.objects.bulk_create(
        [Staff(organisation=org, staff_no=f"9{i:05d}", name=f"職員{i}", current_unit=unit) for i in range(n)]
    )


def _queries(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_query_counts_do_not_grow_with_staff(world):
    small = campaign(world.own, name="小", start=date(2026, 4, 1))
    _add_staff(world, 60)
    large = campaign(world.own, name="大", start=date(2026, 4, 2))
    assert large.participants.count() == small.participants.count() + 60
    for c in (small, large):
        for s in c.participants.all()[:5]:
            s.status = "self_done"
            s.save()
    counts = [
        (
            _queries(lambda c=c: unit_heatmap(c, basis="self")),
            _queries(lambda c=c: response_rates(c)),
            _queries(lambda c=c: group_gap(c)),
        )
        for c in (small, large)
    ]
    assert counts[0] == counts[1]
