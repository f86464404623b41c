"""The shared import pipeline (core/importing.py): headers, required columns first, limits, jobs."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse

from jinzai.core.importing import IGNORE, analyse, get_importer
from jinzai.core.models import ImportRecord, Job
from jinzai.core.services import import_commit, import_create
from jinzai.core.tabular import TabularError, read_table
from jinzai.people.models import Staff

STAFF = get_importer("staff")


def staff_csv(rows: int, extra_header: str = "") -> bytes:
    header = "職員番号,氏名,所属" + (f",{extra_header}" if extra_header else "")
    lines = [header] + [
        f"{9000 + n:06d},職員　{n},市民部市民課" + ("," if extra_header else "") for n in range(rows)
    ]
    return ("\r\n".join(lines) + "\r\n").encode("cp932")


@pytest.mark.django_db
def test_missing_required_column_is_reported_before_any_mapping_question(world):
    plan = analyse(STAFF, world.own.org, "社員コード,氏名\nA1,山田\n".encode(), {})
    assert plan.missing == ["職員番号"]
    first = plan.error_dicts()[0]
    assert first["message"].startswith("必須の列「職員番号」がありません。")
    assert plan.unmapped == ["社員コード"]  # still offered, so the user can say it is the 職員番号
    mapped = analyse(
        STAFF, world.own.org, "社員コード,氏名\nA1,山田\n".encode(), {"mapping": {"社員コード": "staff_no"}}
    )
    assert mapped.missing == [] and mapped.unmapped == [] and mapped.counts()["add"] == 1


@pytest.mark.django_db
def test_ignored_and_informational_columns_do_not_block(world):
    data = "職員番号,氏名,所属,備考欄\n000101,山田　太郎,市民部市民課窓口係,メモ\n".encode()
    assert analyse(STAFF, world.own.org, data, {}).unmapped == ["備考欄"]
    plan = analyse(STAFF, world.own.org, data, {"mapping": {"備考欄": IGNORE}})
    assert plan.can_commit and plan.counts()["unchanged"] == 1


def test_too_many_columns_is_refused_before_parsing():
    data = ("," * 100_000 + "\n").encode()
    with pytest.raises(TabularError, match=r"列が多すぎます（100,001列、上限 200列）"):
        read_table(data, max_columns=200)


def test_too_many_rows_is_refused_before_parsing_csv_and_xlsx():
    csv_data = b"a,b\n" + b"1,2\n" * 1001
    with pytest.raises(TabularError, match=r"行数が多すぎます（約1,001行、上限 1,000行）"):
        read_table(csv_data, max_rows=1000)
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["a", "b"])
    for n in range(1001):
        sheet.append([n, n])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(TabularError, match="行数が多すぎます"):
        read_table(buffer.getvalue(), max_rows=1000)


@pytest.mark.django_db
def test_the_limits_are_settings_named_in_the_message(world, settings):
    settings.IMPORT_MAX_COLUMNS = 10
    plan = analyse(STAFF, world.own.org, ("," * 20 + "\n1\n").encode(), {})
    assert "上限 10列" in plan.fatal


@pytest.mark.django_db
def test_a_large_file_is_analysed_and_committed_as_a_job(world, settings):
    settings.IMPORT_INLINE_MAX_ROWS = 10
    hr = world.own.members["hr"]
    record = import_create(
        actor=hr,
        importer=STAFF,
        file_name="big.csv",
        content=staff_csv(30),
        options={"effective_date": "2026-04-01"},
    )
    record.refresh_from_db()
    analysis = Job.objects.get(kind="import.analyse")
    assert analysis.status == Job.Status.DONE
    assert analysis.result["next_url"] == reverse("people:staff_import_preview", kwargs={"pk": record.pk})
    assert record.summary["counts"]["add"] == 30
    job = import_commit(actor=hr, importer=STAFF, record=record)
    assert isinstance(job, Job) and job.status == Job.Status.DONE and job.result["add"] == 30
    assert Staff.objects.filter(organisation=world.own.org, staff_no__startswith="009").count() == 30
    record.refresh_from_db()
    assert record.status == ImportRecord.Status.COMMITTED


@pytest.mark.django_db
def test_the_upload_page_sends_a_large_file_to_the_job_page(world, login, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.IMPORT_INLINE_MAX_ROWS = 10
    client = login(world.own.users["hr"])
    response = client.post(
        reverse("people:staff_import"),
        {
            "file": SimpleUploadedFile("big.csv", staff_csv(30)),
            "encoding": "auto",
            "effective_date": "2026-04-01",
        },
    )
    job = Job.objects.get(kind="import.analyse")
    assert response["Location"] == reverse("core:job_detail", kwargs={"pk": job.pk})
    page = client.get(response["Location"]).content.decode()
    assert "取込内容を確認する" in page


@pytest.mark.django_db
def test_a_failed_job_commit_keeps_the_file_and_changes_nothing(world, settings):
    settings.IMPORT_INLINE_MAX_ROWS = 10
    hr = world.own.members["hr"]
    record = import_create(
        actor=hr,
        importer=STAFF,
        file_name="big.csv",
        content=staff_csv(30),
        options={"effective_date": "2026-04-01"},
    )
    record.refresh_from_db()
    Staff.objects.filter(organisation=world.own.org, staff_no="000101").update(retired_on="2026-01-01")
    # make one row wrong now: a unit that disappears
    from jinzai.core.models import Unit

    Unit.objects.filter(organisation=world.own.org, name="市民課").update(valid_to="2025-03-31")
    job = import_commit(actor=hr, importer=STAFF, record=record)
    assert job.status == Job.Status.FAILED and "誤り" in job.message
    record.refresh_from_db()
    assert record.status == ImportRecord.Status.PREVIEWED and record.summary["counts"]["errors"] > 0
    assert not Staff.objects.filter(staff_no__startswith="009").exists()
