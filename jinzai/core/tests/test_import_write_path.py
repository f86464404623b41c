"""Every importer writes on one path (core.bulk, issue 13 item 3): its write step sends the same number
of statements for one row as for many — one INSERT per table and batch, one UPDATE, one for the audit
rows — and audits each new record with its id.

Each case commits a file of one row and then a file of several rows for other people; the write step
(``importer.apply``) of both is counted."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from jinzai.core.importing import analyse, get_importer
from jinzai.core.models import AuditEvent
from jinzai.learning.tests._helpers import course_with_session
from jinzai.people.tests import _files as files
from jinzai.talent.tests._helpers import csv_bytes as designation_csv
from jinzai.talent.tests._helpers import options as designation_options
from jinzai.talent.tests._helpers import row as designation_row

OTHERS = ["000102", "000103", "000104"]


def _write_step(world, importer, data: bytes, options: dict, context=None) -> int:
    """Analyse `data`, then run the importer's write step alone; the number of statements it sent."""
    actor = world.own.members["hr"]
    plan = analyse(importer, world.own.org, data, options, context=context)
    assert not plan.errors and not plan.fatal, plan.errors or plan.fatal
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        importer.apply(plan, actor)
    return len(queries)


def _audited(action: str, model) -> None:
    ids = {int(i) for i in AuditEvent.objects.filter(action=action).values_list("object_id", flat=True)}
    assert ids == set(model.objects.values_list("pk", flat=True))


def _same_for_one_and_many(world, importer, make, options=None, context=None) -> None:
    one = _write_step(world, importer, make(["000101"]), options or {}, context)
    many = _write_step(world, importer, make(OTHERS), options or {}, context)
    assert many == one, f"{importer.key}: {one} statements for one row, {many} for {len(OTHERS)} rows"


@pytest.mark.django_db
def test_designations(world):
    from jinzai.talent.models import Designation

    importer = get_importer("designation")

    def make(numbers):
        return designation_csv([designation_row(staff_no=n, name="") for n in numbers])

    _same_for_one_and_many(world, importer, make, designation_options())
    assert Designation.objects.count() == 4
    _audited("designation.create", Designation)


# key, header, the cells of one person's rows (two each), the model and the audit action of a new record
PER_PERSON = {
    "evaluation": (
        ["職員番号", "年度", "評価項目", "評価"],
        [["令和7年度", "ICT技能", "A"], ["令和7年度", "業務改善", "A"]],
        "talent.Evaluation",
        "evaluation.create",
    ),
    "staffcert": (
        ["職員番号", "資格", "取得日"],
        [["ITパスポート", "2025-06-01"], ["登録セキスペ", "2025-06-01"]],
        "learning.StaffCertification",
        "staffcert.import",
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("key", sorted(PER_PERSON))
def test_rows_per_person(world, key):
    from django.apps import apps

    header, cells, label, action = PER_PERSON[key]
    model = apps.get_model(label)

    def make(numbers):
        rows = [[n, *c] for n in numbers for c in cells]
        return files.csv_bytes(rows, encoding="utf-8-sig", header=header)

    _same_for_one_and_many(world, get_importer(key), make)
    assert model.objects.count() == 8
    _audited(action, model)


@pytest.mark.django_db
def test_completions(world):
    from jinzai.learning.models import Enrolment

    _, session = course_with_session(world.own, mode="elearning", starts_in=-30)
    importer = get_importer("completion")

    def make(numbers):
        rows = [[n, "", "完了", "2026/05/10"] for n in numbers]
        return files.csv_bytes(rows, encoding="utf-8-sig", header=["受講者ID", "受講者名", "状態", "完了日"])

    _same_for_one_and_many(world, importer, make, context=session)
    assert Enrolment.objects.filter(session=session, result="completed").count() == 4
    events = AuditEvent.objects.filter(action="enrolment.import")
    assert {int(e.object_id) for e in events} == set(Enrolment.objects.values_list("pk", flat=True))
