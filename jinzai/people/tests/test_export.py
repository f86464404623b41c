"""people:staff_export: XLSX and CSV (CP932 / UTF-8 BOM), filters, formula neutralising, audit."""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from datetime import date

import openpyxl
import pytest
from django.urls import reverse

from jinzai.core.models import AuditEvent
from jinzai.people.models import Staff
from jinzai.people.services import staff_search_text

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def export(client, **params):
    return client.get(reverse("people:staff_export"), params)


def csv_rows(response, encoding):
    return list(csv.reader(io.StringIO(response.getvalue().decode(encoding), newline="")))


def xlsx_sheet(response):
    return openpyxl.load_workbook(io.BytesIO(response.getvalue())).worksheets[0]


def add_named(world, staff_no, name, kana=""):
    return Staff.objects.create(
        organisation=world.own.org,
        staff_no=staff_no,
        name=name,
        kana=kana,
        current_unit=world.own.units["窓口係"],
        search_text=staff_search_text(staff_no, name, kana),
    )


@pytest.fixture
def hr(world, login):
    return login(world.own.users["hr"])


def test_csv_cp932_export(world, hr):
    response = export(hr, format="csv", encoding="cp932")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=shift_jis"
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    assert ".csv" in response["Content-Disposition"]
    rows = csv_rows(response, "cp932")
    assert rows[0] == [
        "職員番号",
        "氏名",
        "ふりがな",
        "所属",
        "職名",
        "任用形態",
        "採用年月日",
        "退職日",
        "メール",
        "電話（内線）",
        "生年月日",  # hr only (core.access field table)
    ]
    assert [r[0] for r in rows[1:]] == ["000101", "000102", "000103", "000104"]
    assert rows[1][:8] == [
        "000101",
        "山田　太郎",
        "やまだ　たろう",
        "市民部 ／ 市民課 ／ 窓口係",
        "主事",
        "正規",
        "2015/04/01",
        "",
    ]
    assert rows[4][1] == "髙橋　美咲"
    assert rows[1][8] == "000101@example.lg.jp"
    assert response.getvalue().endswith(b"\r\n")


def test_csv_utf8_sig_export(world, hr):
    response = export(hr, format="csv", encoding="utf-8-sig")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.getvalue().startswith(codecs.BOM_UTF8)
    rows = csv_rows(response, "utf-8-sig")
    assert rows[0][0] == "職員番号"
    assert len(rows) == 5


def test_xlsx_export(world, hr):
    response = export(hr, format="xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_TYPE
    assert ".xlsx" in response["Content-Disposition"]
    sheet = xlsx_sheet(response)
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][0] == "職員番号"
    assert [v[0] for v in values[1:]] == ["000101", "000102", "000103", "000104"]
    assert sheet.cell(row=2, column=7).value.date() == date(2015, 4, 1)  # a real date cell


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_respects_the_filters(world, hr, fmt):
    params = {"format": fmt, "encoding": "cp932"}
    for query, expected in [
        ({"q": "ﾔﾏﾀﾞ"}, ["000101"]),
        ({"unit": world.own.units["総務部"].pk}, ["000103", "000104"]),
        ({"q": "すずき", "unit": world.own.units["市民部"].pk}, []),
    ]:
        response = export(hr, **params, **query)
        assert response.status_code == 200
        if fmt == "csv":
            got = [r[0] for r in csv_rows(response, "cp932")[1:]]
        else:
            got = [row[0].value for row in xlsx_sheet(response).iter_rows(min_row=2)]
        assert got == expected, query


def test_export_respects_status(world, hr):
    Staff.objects.filter(pk=world.own.staff["other"].pk).update(retired_on=date(2025, 3, 31))
    active = [r[0] for r in csv_rows(export(hr, format="csv"), "cp932")[1:]]
    retired = [r[0] for r in csv_rows(export(hr, format="csv", status="retired"), "cp932")[1:]]
    assert active == ["000101", "000102", "000103"]
    assert retired == ["000104"]


FORMULAS = ["=cmd", "+1+2", "-2+3", "@SUM(A1)"]


def test_csv_neutralises_formula_cells(world, hr):
    for i, name in enumerate(FORMULAS):
        add_named(world, f"00090{i}", name)
    rows = csv_rows(export(hr, format="csv", encoding="utf-8-sig", q="00090"), "utf-8-sig")
    assert [r[1] for r in rows[1:]] == ["'=cmd", "'+1+2", "'-2+3", "'@SUM(A1)"]


def test_xlsx_stores_formula_like_names_as_text(world, hr):
    for i, name in enumerate(FORMULAS):
        add_named(world, f"00090{i}", name)
    response = export(hr, format="xlsx", q="00090")
    with zipfile.ZipFile(io.BytesIO(response.getvalue())) as z:
        sheet_xml = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml
    sheet = xlsx_sheet(response)
    cells = [row[1] for row in sheet.iter_rows(min_row=2)]
    assert [c.value for c in cells] == FORMULAS
    assert all(c.data_type == "s" for c in cells)
    assert all(c.quotePrefix for c in cells)


def test_cp932_export_with_a_character_cp932_lacks_is_a_422_naming_it(world, hr):
    add_named(world, "000901", "𠮷田　一")
    before = AuditEvent.objects.filter(action="staff.export").count()
    response = export(hr, format="csv", encoding="cp932")
    assert response.status_code == 422
    html = response.getvalue().decode()
    assert "𠮷" in html
    assert "Shift_JIS（CP932）で書き出せません" in html
    assert "UTF-8" in html
    assert AuditEvent.objects.filter(action="staff.export").count() == before
    ok = export(hr, format="csv", encoding="utf-8-sig")
    assert ok.status_code == 200
    assert "𠮷田　一" in ok.content.decode("utf-8-sig")
    xlsx = export(hr, format="xlsx")
    assert xlsx.status_code == 200
    assert "𠮷田　一" in [row[1].value for row in xlsx_sheet(xlsx).iter_rows(min_row=2)]


def test_export_is_audited(world, hr):
    export(hr, format="xlsx", q="山田")
    event = AuditEvent.objects.get(action="staff.export")
    assert event.username == "a-hr"
    assert event.organisation_id == world.own.org.pk
    assert event.detail["format"] == "xlsx"
    assert event.detail["rows"] == 1
    assert "q=" in event.detail["filter"]


def test_export_contains_only_own_organisation(world, hr):
    rows = csv_rows(export(hr, format="csv", status="all"), "cp932")
    assert len(rows) == 5  # header + own four; the foreign organisation also has 000101..000104


def test_export_needs_permission(world, login):
    for role in ("executive", "manager", "staff"):
        client = login(world.own.users[role])
        assert export(client, format="csv").status_code == 403
    assert not AuditEvent.objects.filter(action="staff.export").exists()


def test_dx_office_may_export(world, login):
    client = login(world.own.users["dx_office"])
    response = export(client, format="csv")
    assert response.status_code == 200
    assert len(csv_rows(response, "cp932")) == 5


def test_export_columns_follow_the_field_table(world, login):
    """dx_office exports the staff master with contact details but without 生年月日 (hr and the person only)."""
    Staff.objects.filter(pk=world.own.staff["staff"].pk).update(birth_date=date(1990, 5, 6))
    rows = csv_rows(export(login(world.own.users["dx_office"]), format="csv"), "cp932")
    assert "メール" in rows[0] and "生年月日" not in rows[0]
    assert not any("1990" in cell for row in rows for cell in row)
    hr_rows = csv_rows(export(login(world.own.users["hr"]), format="csv"), "cp932")
    assert hr_rows[0][-1] == "生年月日" and hr_rows[1][-1] == "1990/05/06"
