"""The web import flow as world.own's hr user: upload → preview (mapping) → commit / discard."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jinzai.core.importing import IGNORE, get_importer
from jinzai.core.models import AuditEvent
from jinzai.core.models import ImportRecord as StaffImport
from jinzai.core.services import import_create
from jinzai.people.models import Assignment, Staff

from ._files import EFFECTIVE, HEADER, csv_bytes, new_row, options, own_rows


def staff_import_create(*, actor, file_name, content, options):
    return import_create(
        actor=actor, importer=get_importer("staff"), file_name=file_name, content=content, options=options
    )


def upload(client, data: bytes, name="staff.csv", **extra):
    form = {
        "file": SimpleUploadedFile(name, data, content_type="text/csv"),
        "encoding": "auto",
        "effective_date": EFFECTIVE.isoformat(),
        **extra,
    }
    return client.post(reverse("people:staff_import"), form)


def counts_on(html: str) -> dict[str, str]:
    return dict(re.findall(r'<div class="count-(\w+)"><dt>[^<]+</dt><dd>([^<]+)</dd></div>', html))


def state():
    return (
        sorted(Staff.objects.values_list("pk", "name", "email", "current_unit_id", "grade_id", "retired_on")),
        sorted(Assignment.objects.values_list("pk", "unit_id", "started_on", "ended_on")),
    )


@pytest.fixture
def hr(world, login):
    return login(world.own.users["hr"])


def changed_rows():
    rows = own_rows()
    rows[0][3] = "総務部総務課人事係"
    rows.append(new_row(staff_no="000201"))
    return rows


def test_upload_cp932_redirects_to_preview_with_counts(world, hr):
    response = upload(hr, csv_bytes(changed_rows(), encoding="cp932"))
    record = StaffImport.objects.get(organisation=world.own.org)
    assert response.status_code == 302
    assert response["Location"] == reverse("people:staff_import_preview", args=[record.pk])
    assert record.status == StaffImport.Status.PREVIEWED
    assert record.summary["encoding"] == "cp932"
    page = hr.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert counts_on(html) == {
        "add": "1名",
        "update": "0名",
        "transfer": "1名",
        "retire": "0名",
        "unchanged": "3名",
        "error": "0件",
    }
    assert "新井　次郎" in html
    assert reverse("people:staff_import_commit", args=[record.pk]) in html
    assert AuditEvent.objects.filter(action="staff_import.upload", object_id=str(record.pk)).exists()


def test_upload_does_not_change_staff(world, hr):
    before = state()
    upload(hr, csv_bytes(changed_rows()))
    assert state() == before


def test_unmapped_header_shows_mapping_select_and_post_reanalyses(world, hr):
    rows = [r + ["メモ"] for r in changed_rows()]
    upload(hr, csv_bytes(rows, header=[*HEADER, "備考欄"]))
    record = StaffImport.objects.get(organisation=world.own.org)
    url = reverse("people:staff_import_preview", args=[record.pk])
    html = hr.get(url).content.decode()
    assert "読み取れない見出しがあります" in html
    index = len(HEADER)
    assert f'<select name="map_{index}" id="map_{index}">' in html
    assert f'<option value="{IGNORE}">' in html
    assert record.summary["unmapped"] == ["備考欄"]
    assert not record.summary["can_commit"]

    response = hr.post(
        url, {f"map_{index}": IGNORE, "encoding": "auto", "effective_date": EFFECTIVE.isoformat()}
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.summary["unmapped"] == []
    assert record.summary["can_commit"]
    assert record.options["mapping"] == {"備考欄": IGNORE}
    html = hr.get(url).content.decode()
    assert counts_on(html)["add"] == "1名"
    assert "読み取れない見出しがあります" not in html


def test_reanalyse_with_new_options(world, hr):
    rows = own_rows()
    rows[0][3] = "企画部企画課"
    upload(hr, csv_bytes(rows))
    record = StaffImport.objects.get(organisation=world.own.org)
    assert record.summary["counts"]["errors"] == 1
    url = reverse("people:staff_import_preview", args=[record.pk])
    hr.post(url, {"encoding": "auto", "effective_date": EFFECTIVE.isoformat(), "create_units": "on"})
    record.refresh_from_db()
    assert record.summary["counts"]["errors"] == 0
    assert record.summary["extras"] == [
        {"title": "作成する所属", "items": ["企画部 ／ 企画課（2行目）"], "total": 1}
    ]
    assert "企画部 ／ 企画課" in hr.get(url).content.decode()


def test_commit_applies_and_clears_content(world, hr):
    upload(hr, csv_bytes(changed_rows()))
    record = StaffImport.objects.get(organisation=world.own.org)
    response = hr.post(reverse("people:staff_import_commit", args=[record.pk]), follow=True)
    assert response.status_code == 200
    assert "取込を反映しました" in response.content.decode()
    record.refresh_from_db()
    assert record.status == StaffImport.Status.COMMITTED
    assert record.content is None
    assert record.summary["committed"] is True
    assert Staff.objects.filter(organisation=world.own.org, staff_no="000201").exists()
    yamada = Staff.objects.get(pk=world.own.staff["staff"].pk)
    assert yamada.current_unit_id == world.own.units["人事係"].pk
    assert AuditEvent.objects.filter(action="staff_import.commit", organisation=world.own.org).count() == 1


def test_committed_import_cannot_be_committed_again(world, hr):
    upload(hr, csv_bytes(changed_rows()))
    record = StaffImport.objects.get(organisation=world.own.org)
    commit_url = reverse("people:staff_import_commit", args=[record.pk])
    hr.post(commit_url)
    before = state()
    response = hr.post(commit_url, follow=True)
    assert "すでに反映済みか取り消されています" in response.content.decode()
    assert state() == before
    assert AuditEvent.objects.filter(action="staff_import.commit").count() == 1
    # the preview of a committed import offers no commit button and no re-analysis
    html = hr.get(reverse("people:staff_import_preview", args=[record.pk])).content.decode()
    assert commit_url not in html
    hr.post(
        reverse("people:staff_import_preview", args=[record.pk]),
        {"encoding": "auto", "effective_date": EFFECTIVE.isoformat(), "full_sync": "on"},
    )
    record.refresh_from_db()
    assert record.status == StaffImport.Status.COMMITTED
    assert record.options["full_sync"] is False


def test_commit_with_errors_is_refused_and_changes_nothing(world, hr):
    rows = changed_rows()
    rows.append(new_row(staff_no="000202", hired="令和6年13月1日"))
    upload(hr, csv_bytes(rows))
    record = StaffImport.objects.get(organisation=world.own.org)
    assert not record.summary["can_commit"]
    html = hr.get(reverse("people:staff_import_preview", args=[record.pk])).content.decode()
    assert "令和6年13月1日" in html
    assert "G列「採用年月日」" in html
    before = state()
    response = hr.post(reverse("people:staff_import_commit", args=[record.pk]), follow=True)
    assert "ファイルに誤りがあるため反映できません" in response.content.decode()
    assert state() == before
    record.refresh_from_db()
    assert record.status == StaffImport.Status.PREVIEWED


def test_discard_changes_nothing(world, hr):
    upload(hr, csv_bytes(changed_rows()))
    record = StaffImport.objects.get(organisation=world.own.org)
    before = state()
    response = hr.post(reverse("people:staff_import_discard", args=[record.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("people:staff_import")
    record.refresh_from_db()
    assert record.status == StaffImport.Status.DISCARDED
    assert record.content is None
    assert state() == before
    hr.post(reverse("people:staff_import_commit", args=[record.pk]))
    assert state() == before


def test_another_organisations_import_is_404(world, hr):
    record = staff_import_create(
        actor=world.foreign.members["hr"],
        file_name="x.csv",
        content=csv_bytes([new_row()]),
        options=options(),
    )
    before = state()
    assert hr.get(reverse("people:staff_import_preview", args=[record.pk])).status_code == 404
    assert hr.post(reverse("people:staff_import_preview", args=[record.pk]), {}).status_code == 404
    assert hr.post(reverse("people:staff_import_commit", args=[record.pk])).status_code == 404
    assert hr.post(reverse("people:staff_import_discard", args=[record.pk])).status_code == 404
    record.refresh_from_db()
    assert record.status == StaffImport.Status.PREVIEWED
    assert state() == before


def test_upload_over_the_size_limit_is_refused(world, hr, settings):
    settings.IMPORT_MAX_BYTES = 1024
    data = csv_bytes([new_row(staff_no=f"{i:06d}") for i in range(200, 260)])
    response = upload(hr, data)
    assert response.status_code == 200
    assert "ファイルが大きすぎます" in response.content.decode()
    assert not StaffImport.objects.exists()


def test_png_upload_shows_the_fatal_message(world, hr):
    before = state()
    response = upload(hr, b"\x89PNG\r\n\x1a\n" + b"\x00" * 32, name="photo.csv")
    record = StaffImport.objects.get(organisation=world.own.org)
    html = hr.get(response["Location"]).content.decode()
    assert "このファイルは読み込めません" in html
    assert "CSV または Excel" in html
    assert reverse("people:staff_import_commit", args=[record.pk]) not in html
    assert state() == before


def test_missing_required_column_is_explained(world, hr):
    response = upload(hr, csv_bytes([["山田　太郎"]], header=["氏名"]))
    html = hr.get(response["Location"]).content.decode()
    assert "必須の列「職員番号」がありません" in html


def test_upload_page_needs_the_import_permission(world, login):
    client = login(world.own.users["executive"])
    assert client.get(reverse("people:staff_import")).status_code == 403
    assert upload(client, csv_bytes([new_row()])).status_code == 403
    assert not StaffImport.objects.exists()
