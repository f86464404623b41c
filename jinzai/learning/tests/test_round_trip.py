"""The staff-certification export and a session's roster re-import unchanged."""

from __future__ import annotations

from datetime import date

import pytest

from jinzai.core.importing import analyse, get_importer
from jinzai.core.services import import_commit, import_create
from jinzai.learning.models import Enrolment

from ._helpers import course_with_session, system


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_staff_certifications_export_re_imports_unchanged(world, login, fmt):
    importer = get_importer("staffcert")
    text = "職員番号,資格,取得日,登録番号\n000101,ITパスポート,2025-06-01,IP-1\n000103,登録セキスペ,2024-10-01,\n"
    record = import_create(
        actor=system(world.own), importer=importer, file_name="c.csv", content=text.encode(), options={}
    )
    import_commit(actor=system(world.own), importer=importer, record=record)
    response = login(world.own.users["hr"]).get(f"/learning/staff-certifications/export/?format={fmt}")
    assert response.status_code == 200
    plan = analyse(importer, world.own.org, response.getvalue(), {})
    assert plan.unmapped == [] and plan.errors == [], plan.error_dicts()
    assert plan.counts() == {"add": 0, "unchanged": 2, "errors": 0}


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_session_roster_re_imports_unchanged(world, login, fmt):
    _, session = course_with_session(world.own, mode="elearning", starts_in=-30)
    for key, result, day in (("staff", "completed", date(2026, 5, 10)), ("hr", "absent", None)):
        Enrolment.objects.create(
            organisation=world.own.org,
            session=session,
            staff=world.own.staff[key],
            status="confirmed",
            result=result,
            completed_on=day,
        )
    response = login(world.own.users["dx_office"]).get(
        f"/learning/sessions/{session.pk}/export/?format={fmt}"
    )
    assert response.status_code == 200
    plan = analyse(get_importer("completion"), world.own.org, response.getvalue(), {}, context=session)
    assert plan.unmapped == [] and plan.errors == [], plan.error_dicts()
    assert plan.counts() == {"add": 0, "update": 0, "unchanged": 2, "errors": 0}
