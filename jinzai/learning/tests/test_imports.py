"""CSV imports: certifications held (人事) and completions of a session (e-learning provider)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from jinzai.core.importing import get_importer
from jinzai.core.services import ImportNotCommittable, import_commit, import_create
from jinzai.learning.models import Enrolment, StaffCertification

from ._helpers import course_with_session, system

CERTS, COMPLETIONS = get_importer("staffcert"), get_importer("completion")


def upload(org, importer, text, session=None, encoding="cp932"):
    return import_create(
        actor=system(org),
        importer=importer,
        file_name="f.csv",
        content=text.encode(encoding),
        options={},
        context=session,
    )


def commit(org, importer, record):
    return import_commit(actor=system(org), importer=importer, record=record)


@pytest.mark.django_db
def test_certification_import_preview_errors_then_commit(world):
    bad = "職員番号,氏名,資格,取得日,登録番号\n000101,山田 太郎,ITパスポート試験,R7.6.1,IP-1\n000103,鈴木 一郎,漢字検定,2025-06-01,\n999999,,AP,2025-06-01,\n"
    record = upload(world.own, CERTS, bad)
    s = record.summary
    assert s["counts"] == {"add": 1, "unchanged": 0, "errors": 2}
    assert s["errors"][0]["line"] == 3 and s["errors"][0]["column"] == "C列「資格」"
    assert "999999" in s["errors"][1]["message"]
    with pytest.raises(ImportNotCommittable):
        commit(world.own, CERTS, record)
    assert not StaffCertification.objects.exists()
    good = "職員番号,資格,取得日\n101,ITパスポート,令和7年6月1日\n000103,登録セキスペ,2024-10-01\n"
    record = upload(world.own, CERTS, good)
    assert record.summary["counts"]["errors"] == 1  # "101" is not a known staff number here
    good = good.replace("\n101,", "\n000101,")
    record = upload(world.own, CERTS, good)
    counts = commit(world.own, CERTS, record)
    assert counts["add"] == 2
    sc = StaffCertification.objects.get(certification__key="sc")
    assert sc.status == "verified" and sc.expires_on == date(2027, 9, 30) and sc.source == "import"
    again = upload(world.own, CERTS, good)
    assert again.summary["counts"] == {"add": 0, "unchanged": 2, "errors": 0}
    with pytest.raises(ValidationError):
        commit(world.own, CERTS, record)  # already committed


@pytest.mark.django_db
def test_completion_import_updates_and_adds(world):
    _, session = course_with_session(world.own, mode="elearning", starts_in=-30)
    Enrolment.objects.create(
        organisation=world.own.org, session=session, staff=world.own.staff["staff"], status="approved"
    )
    text = "受講者ID,受講者名,状態,完了日\n000101,山田　太郎,完了,2026/05/10\n000103,鈴木　一郎,未修了,\n000104,,途中棄権,\n"
    record = upload(world.own, COMPLETIONS, text, session=session, encoding="utf-8-sig")
    assert record.summary["counts"]["errors"] == 1 and "途中棄権" in record.summary["errors"][0]["value"]
    text = text.replace("途中棄権", "欠席")
    record = upload(world.own, COMPLETIONS, text, session=session, encoding="utf-8-sig")
    assert record.summary["counts"] == {"add": 2, "update": 1, "unchanged": 0, "errors": 0}
    commit(world.own, COMPLETIONS, record)
    rows = {e.staff.staff_no: e for e in Enrolment.objects.filter(session=session).select_related("staff")}
    assert rows["000101"].status == "confirmed" and rows["000101"].result == "completed"
    assert rows["000101"].completed_on == date(2026, 5, 10)
    assert rows["000103"].result == "attended" and rows["000104"].result == "absent"
    assert COMPLETIONS.done_url(record) == f"/learning/sessions/{session.pk}/"


@pytest.mark.django_db
def test_certification_import_continues_terms_of_earlier_rows_and_records(world):
    """A renewal continues the term it follows, whether that term was registered before or is an earlier
    row of the same list (inserted a generation before it); every new record is audited with its id."""
    from jinzai.core.models import AuditEvent

    first = "職員番号,資格,取得日\n000103,登録セキスペ,2021-10-01\n"
    commit(world.own, CERTS, upload(world.own, CERTS, first))
    held = StaffCertification.objects.get(staff__staff_no="000103")
    text = (
        "職員番号,資格,取得日\n"
        "000101,登録セキスペ,2027-09-01\n"  # renews the next row (the list is not in date order)
        "000101,登録セキスペ,2024-09-01\n"
        "000101,登録セキスペ,2021-10-01\n"
        "000103,登録セキスペ,2024-09-01\n"  # renews the record registered before
    )
    record = upload(world.own, CERTS, text)
    assert record.summary["counts"] == {"add": 4, "unchanged": 0, "errors": 0}
    commit(world.own, CERTS, record)
    chain = list(StaffCertification.objects.filter(staff__staff_no="000101").order_by("acquired_on"))
    assert [c.renewal_of_id for c in chain] == [None, chain[0].pk, chain[1].pk]
    assert chain[0].valid_from == date(2021, 10, 1) and chain[0].expires_on == date(2024, 9, 30)
    assert chain[1].valid_from == date(2024, 10, 1) and chain[2].valid_from == date(2027, 10, 1)
    renewed = StaffCertification.objects.get(staff__staff_no="000103", acquired_on=date(2024, 9, 1))
    assert renewed.renewal_of_id == held.pk and renewed.valid_from == date(2024, 10, 1)
    events = AuditEvent.objects.filter(action="staffcert.import").exclude(object_id=str(held.pk))
    assert sorted(int(e.object_id) for e in events) == sorted([*(c.pk for c in chain), renewed.pk])
    assert {e.object_repr for e in events} >= {f"{chain[0].staff.name}: {chain[0].certification.name}"}
