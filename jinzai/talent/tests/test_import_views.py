"""The web flow of the designation import as hr: upload → preview → commit / discard."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jinzai.core.models import AuditEvent
from jinzai.core.models import ImportRecord as DesignationImport
from jinzai.talent.models import Designation

from ._helpers import csv_bytes, row


@pytest.fixture
def hr(world, login):
    return login(world.own.users["hr"])


def upload(client, data: bytes, name="指定.csv"):
    form = {
        "file": SimpleUploadedFile(name, data, content_type="text/csv"),
        "encoding": "auto",
        "default_start_date": "2026-04-01",
    }
    return client.post(reverse("talent:designation_import"), form)


def test_upload_preview_commit(world, hr):
    response = upload(hr, csv_bytes([row(), row(staff_no="000101", name="山田　太郎")]))
    record = DesignationImport.objects.get()
    assert response["Location"] == reverse("talent:designation_import_preview", args=[record.pk])
    page = hr.get(response["Location"]).content.decode()
    assert '<div class="count-add"><dt>新規の指定</dt><dd>2件</dd></div>' in page
    assert "反映する" in page and not Designation.objects.exists()
    response = hr.post(reverse("talent:designation_import_commit", args=[record.pk]), follow=True)
    assert "指定の取込を反映しました。新規の指定 2件、変更 0件、変更なし 0件。" in response.content.decode()
    record.refresh_from_db()
    assert record.status == "committed" and record.content is None
    assert Designation.objects.filter(source="import").count() == 2
    assert AuditEvent.objects.filter(action="designation.create").count() == 2
    assert AuditEvent.objects.filter(action="designation_import.commit").count() == 1
    # the same file again: nothing new
    upload(hr, csv_bytes([row(), row(staff_no="000101", name="山田　太郎")]))
    again = DesignationImport.objects.order_by("-pk").first()
    assert again.summary["counts"] == {"add": 0, "update": 0, "unchanged": 2, "errors": 0}


def test_errors_block_the_commit(world, hr):
    upload(hr, csv_bytes([row(), row(staff_no="000999", name="")]))
    record = DesignationImport.objects.get()
    page = hr.get(reverse("talent:designation_import_preview", args=[record.pk])).content.decode()
    assert "3行目" in page and "A列「職員番号」" in page and "000999" in page
    assert 'disabled aria-describedby="cannot-commit"' in page
    response = hr.post(reverse("talent:designation_import_commit", args=[record.pk]))
    assert response.status_code == 302
    assert not Designation.objects.exists()
    record.refresh_from_db()
    assert record.status == "previewed"


def test_reanalyse_with_another_start_date(world, hr):
    upload(hr, csv_bytes([["000104", "高度専門人材"]], header=["職員番号", "人材像"]))
    record = DesignationImport.objects.get()
    hr.post(
        reverse("talent:designation_import_preview", args=[record.pk]),
        {"encoding": "auto", "default_start_date": "2026-07-01"},
    )
    record.refresh_from_db()
    assert record.options["default_start_date"] == "2026-07-01"
    assert record.summary["rows"]["add"][0]["period"].startswith("2026年7月1日")


def test_discard_clears_the_file(world, hr):
    upload(hr, csv_bytes([row()]))
    record = DesignationImport.objects.get()
    response = hr.post(reverse("talent:designation_import_discard", args=[record.pk]))
    assert response["Location"] == reverse("talent:designation_import")
    record.refresh_from_db()
    assert record.status == "discarded" and record.content is None
    hr.post(reverse("talent:designation_import_commit", args=[record.pk]))
    assert not Designation.objects.exists()


def test_foreign_import_is_404(world, hr, login):
    upload(login(world.foreign.users["hr"]), csv_bytes([row()]))
    record = DesignationImport.objects.get(organisation=world.foreign.org)
    hr = login(world.own.users["hr"])
    assert hr.get(reverse("talent:designation_import_preview", args=[record.pk])).status_code == 404
    assert hr.post(reverse("talent:designation_import_commit", args=[record.pk])).status_code == 404


def test_commit_reanalyses_and_shows_new_problems(world, hr):
    upload(hr, csv_bytes([row()]))
    record = DesignationImport.objects.get()
    assert record.summary["can_commit"] is True
    staff = world.own.staff["other"]
    staff.retired_on = staff.hired_on  # retired after the upload was checked
    staff.save()
    response = hr.post(reverse("talent:designation_import_commit", args=[record.pk]), follow=True)
    assert "ファイルに誤りがあるため反映できません" in response.content.decode()
    record.refresh_from_db()
    assert record.status == "previewed" and record.summary["counts"]["errors"] == 1
    assert not Designation.objects.exists()
