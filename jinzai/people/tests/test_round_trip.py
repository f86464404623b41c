"""The staff list export re-imports unchanged: CSV in CP932 and UTF-8 with BOM, and XLSX."""

from __future__ import annotations

from datetime import date

import pytest

from jinzai.core.importing import analyse, get_importer
from jinzai.people.services import staff_update

STAFF = get_importer("staff")


@pytest.fixture
def hr(world, login):
    # a fuller record than the fixture's: phone, reading with a space, a birth date, a 会計年度任用職員
    staff_update(
        actor=world.own.members["hr"],
        staff=world.own.staff["staff"],
        phone="内線1234",
        birth_date=date(1990, 5, 6),
        employment_type="fiscal_year",
    )
    return login(world.own.users["hr"])


@pytest.mark.parametrize(
    "query", ["format=csv&encoding=cp932", "format=csv&encoding=utf-8-sig", "format=xlsx"], ids=str
)
def test_export_re_imports_with_every_column_recognised_and_no_change(world, hr, query):
    response = hr.get(f"/staff/export/?{query}")
    assert response.status_code == 200
    plan = analyse(STAFF, world.own.org, response.getvalue(), {"effective_date": "2026-12-01"})
    assert plan.unmapped == [] and plan.missing == [] and plan.fatal == ""
    assert plan.errors == []
    assert {h for h in plan.headers} >= {"電話（内線）", "メール", "生年月日"}
    counts = plan.counts()
    assert counts["unchanged"] == 4
    assert counts["add"] == counts["update"] == counts["transfer"] == counts["retire"] == 0
    assert plan.can_commit
