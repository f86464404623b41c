"""The designation pages: list filters (sub-units), manager scope, read-only executive, create/edit/end."""

from __future__ import annotations

import csv
import io
from datetime import date

import openpyxl
import pytest
from django.urls import reverse

from jinzai.core.models import AuditEvent
from jinzai.talent import services
from jinzai.talent.models import Designation

from ._helpers import expert, leader, sub


@pytest.fixture
def designated(world):
    """山田 (窓口係) and 髙橋 (総務課) as DX推進リーダー/業務担当, 鈴木 (人事係) as 高度専門人材 (ended)."""
    hr = world.own.members["hr"]
    own = world.own
    services.designation_create(
        actor=hr,
        staff=own.staff["staff"],
        talent_type=leader(own),
        sub_role=sub(own, "業務担当"),
        started_on=date(2026, 4, 1),
        duties='=HYPERLINK("http://example.com")',
    )
    services.designation_create(
        actor=hr,
        staff=own.staff["other"],
        talent_type=leader(own),
        sub_role=sub(own, "業務担当"),
        method=Designation.Method.APPOINTED,
        started_on=date(2026, 4, 1),
        duties="業務改革の取りまとめ",
    )
    ended = services.designation_create(
        actor=hr, staff=own.staff["hr"], talent_type=expert(own), started_on=date(2025, 4, 1)
    )
    services.designation_end(actor=hr, designation=ended, ended_on=date(2026, 3, 31))
    return own


def names(response) -> list[str]:
    return [row["d"].staff.name for row in response.context["rows"]]


def test_list_default_shows_active_with_counts(world, login, designated):
    response = login(world.own.users["hr"]).get(reverse("talent:designation_list"))
    assert sorted(names(response)) == ["山田　太郎", "髙橋　美咲"]
    counts = {c["type"].name: c["n"] for c in response.context["type_counts"]}
    assert counts == {"高度専門人材": 0, "DX推進リーダー": 2, "一般行政職員": 0}
    html = response.getvalue().decode()
    assert reverse("people:staff_detail", args=[world.own.staff["other"].pk]) in html
    assert "総務部 ／ 総務課" in html and "指名・兼務発令あり" in html


def test_list_filters(world, login, designated):
    client = login(world.own.users["dx_office"])
    url = reverse("talent:designation_list")
    assert names(client.get(url, {"status": "ended"})) == ["鈴木　一郎"]
    assert len(names(client.get(url, {"status": "all"}))) == 3
    assert names(client.get(url, {"unit": world.own.units["市民部"].pk})) == ["山田　太郎"]  # sub-units
    # ordered by type (高度専門人材 first), then sub-role and 職員番号
    assert names(client.get(url, {"unit": world.own.units["総務部"].pk, "status": "all"})) == [
        "鈴木　一郎",
        "髙橋　美咲",
    ]
    assert names(client.get(url, {"q": "たかはし"})) == ["髙橋　美咲"]
    assert names(client.get(url, {"q": "高橋"})) == ["髙橋　美咲"]
    assert names(client.get(url, {"q": "000101"})) == ["山田　太郎"]
    assert names(client.get(url, {"talent_type": expert(world.own).pk, "status": "all"})) == ["鈴木　一郎"]
    assert names(client.get(url, {"sub_role": sub(world.own, "DX推進担当").pk})) == []


def test_manager_sees_only_their_units(world, login, designated):
    client = login(world.own.users["manager"])  # 市民課 and below
    response = client.get(reverse("talent:designation_list"), {"status": "all"})
    assert names(response) == ["山田　太郎"]
    assert "指定する" not in response.getvalue().decode()
    export = client.get(reverse("talent:designation_export"), {"status": "all", "format": "csv"})
    text = export.getvalue().decode("cp932")
    assert "山田　太郎" in text and "髙橋" not in text


def test_executive_counts_designations_but_does_not_list_or_create_them(world, login, designated):
    client = login(world.own.users["executive"])
    assert client.get(reverse("talent:designation_list")).status_code == 403  # names: aggregates only
    assert client.get(reverse("talent:designation_export")).status_code == 403
    types = client.get(reverse("talent:type_list")).content.decode()  # the numbers per type
    assert reverse("talent:designation_list") not in types
    assert client.get(reverse("talent:designation_create")).status_code == 403
    post = client.post(reverse("talent:designation_create"), {"staff": "000101"})
    assert post.status_code == 403
    assert AuditEvent.objects.filter(action="access.denied", username="a-executive").count() == 4


def test_export_is_neutralised_filtered_and_audited(world, login, designated):
    client = login(world.own.users["hr"])
    response = client.get(reverse("talent:designation_export"), {"format": "csv", "encoding": "cp932"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("cp932"))))
    assert rows[0][:5] == ["職員番号", "氏名", "ふりがな", "所属", "人材像"]
    assert len(rows) == 3  # header + the two active designations
    duties = {r[1]: r[7] for r in rows[1:]}
    assert duties["山田　太郎"].startswith("'=HYPERLINK")
    event = AuditEvent.objects.get(action="designation.export")
    assert event.detail["rows"] == 2 and event.detail["format"] == "csv"
    xlsx = client.get(reverse("talent:designation_export"), {"format": "xlsx", "status": "all"})
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.max_row == 4
    assert AuditEvent.objects.filter(action="designation.export").count() == 2


def test_create_by_staff_no_with_clear_overlap_error(world, login, designated):
    client = login(world.own.users["hr"])
    data = {
        "staff": "000104",
        "talent_type": leader(world.own).pk,
        "sub_role": sub(world.own, "業務担当").pk,
        "method": "appointed",
        "duties": "",
        "started_on": "2026-06-01",
    }
    response = client.post(reverse("talent:designation_create"), data)
    assert response.status_code == 200
    assert "すでに「DX推進リーダー（業務担当）」に指定されています" in response.getvalue().decode()
    data["sub_role"] = sub(world.own, "DX推進担当").pk
    response = client.post(reverse("talent:designation_create"), data)
    assert response.status_code == 302 and response["Location"] == reverse("talent:designation_list")
    assert Designation.objects.filter(staff=world.own.staff["other"], sub_role__name="DX推進担当").exists()


def test_create_rejects_sub_role_of_another_type(world, login):
    client = login(world.own.users["dx_office"])
    data = {
        "staff": "髙橋",
        "talent_type": expert(world.own).pk,
        "sub_role": sub(world.own, "業務担当").pk,
        "method": "nominated",
        "started_on": "2026-06-01",
    }
    response = client.post(reverse("talent:designation_create"), data)
    assert "区分「業務担当」は「DX推進リーダー」の区分です。" in response.getvalue().decode()
    assert not Designation.objects.exists()


def test_create_prefilled_from_the_card_returns_to_it(world, login):
    client = login(world.own.users["hr"])
    staff = world.own.staff["other"]
    page = client.get(reverse("talent:designation_create"), {"staff": staff.pk}).content.decode()
    assert 'value="000104 髙橋　美咲（総務部 ／ 総務課）"' in page
    data = {
        "staff": "000104 髙橋　美咲（総務部 ／ 総務課）",
        "talent_type": expert(world.own).pk,
        "method": "volunteer",
        "started_on": "2026-06-01",
        "return_to": "card",
    }
    response = client.post(reverse("talent:designation_create"), data)
    assert response["Location"] == reverse("people:staff_detail", args=[staff.pk])


def test_end_page_ends_and_keeps_history(world, login, designated):
    client = login(world.own.users["hr"])
    d = Designation.objects.get(staff=world.own.staff["other"])
    page = client.get(reverse("talent:designation_end", args=[d.pk]))
    assert page.status_code == 200 and "終了の理由" in page.content.decode()
    bad = client.post(reverse("talent:designation_end", args=[d.pk]), {"ended_on": "2026-03-01"})
    assert "開始日（2026年4月1日）以後" in bad.content.decode()
    response = client.post(
        reverse("talent:designation_end", args=[d.pk]), {"ended_on": "2026-05-31", "reason": "任期満了"}
    )
    assert response["Location"] == reverse("people:staff_detail", args=[d.staff_id])
    d.refresh_from_db()
    assert (d.ended_on, d.end_reason) == (date(2026, 5, 31), "任期満了")
    card = client.get(response["Location"]).content.decode()
    assert "終了の理由：任期満了" in card


def test_edit_page_saves_duties_and_is_closed_for_ended(world, login, designated):
    client = login(world.own.users["dx_office"])
    d = Designation.objects.get(staff=world.own.staff["other"])
    response = client.post(
        reverse("talent:designation_edit", args=[d.pk]),
        {"method": "appointed", "duties": "全庁のDX推進", "note": "兼務発令 R8.4.1"},
    )
    assert response.status_code == 302
    d.refresh_from_db()
    assert (d.duties, d.note) == ("全庁のDX推進", "兼務発令 R8.4.1")
    ended = Designation.objects.get(staff=world.own.staff["hr"])
    page = client.get(reverse("talent:designation_edit", args=[ended.pk])).content.decode()
    assert "変更できません" in page and '<form method="post" class="form-narrow"' not in page
