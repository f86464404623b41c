"""The designation list export re-imports unchanged (current and ended designations, CSV and XLSX)."""

from __future__ import annotations

from datetime import date

import pytest

from jinzai.core.importing import analyse, get_importer
from jinzai.talent.services import designation_create, designation_end

from ._helpers import leader, sub

DESIGNATION = get_importer("designation")


@pytest.fixture
def designations(world):
    hr = world.own.members["hr"]
    designation_create(
        actor=hr,
        staff=world.own.staff["other"],
        talent_type=leader(world.own),
        sub_role=sub(world.own, "業務担当"),
        method="appointed",
        duties="窓口業務の見直し\n申請の電子化",
        started_on=date(2026, 4, 1),
    )
    ended = designation_create(
        actor=hr,
        staff=world.own.staff["staff"],
        talent_type=leader(world.own),
        sub_role=sub(world.own, "DX推進担当"),
        method="volunteer",
        started_on=date(2025, 4, 1),
    )
    designation_end(actor=hr, designation=ended, ended_on=date(2026, 3, 31), reason="任期満了")


@pytest.mark.parametrize(
    "query", ["format=csv&encoding=cp932", "format=csv&encoding=utf-8-sig", "format=xlsx"]
)
def test_export_re_imports_unchanged(world, login, designations, query):
    response = login(world.own.users["hr"]).get(f"/talent/designations/export/?status=all&{query}")
    assert response.status_code == 200
    plan = analyse(DESIGNATION, world.own.org, response.getvalue(), {"default_start_date": "2026-12-01"})
    assert plan.unmapped == [] and plan.missing == [] and plan.errors == [], plan.error_dicts()
    assert plan.counts() == {"add": 0, "update": 0, "unchanged": 2, "errors": 0}
