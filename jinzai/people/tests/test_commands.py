"""manage.py import_staff and export_staff."""

from __future__ import annotations

import csv
import io
import json

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from jinzai.core.models import AuditEvent
from jinzai.people.models import Assignment, Staff

from ._files import EFFECTIVE, HEADER, csv_bytes, new_row, own_rows

KEYS = ["add", "transfer", "update", "retire", "unchanged", "errors", "committed"]


def state():
    return (
        sorted(Staff.objects.values_list("pk", "staff_no", "name", "email", "current_unit_id", "retired_on")),
        sorted(Assignment.objects.values_list("pk", "unit_id", "started_on", "ended_on")),
    )


def run_import(world, path, *args):
    out = io.StringIO()
    call_command(
        "import_staff",
        str(path),
        "--org",
        world.own.org.code,
        "--effective-date",
        EFFECTIVE.isoformat(),
        *args,
        stdout=out,
    )
    return out.getvalue()


def run_import_failing(world, path, *args):
    out = io.StringIO()
    with pytest.raises(SystemExit) as exc_info:
        call_command(
            "import_staff",
            str(path),
            "--org",
            world.own.org.code,
            "--effective-date",
            EFFECTIVE.isoformat(),
            *args,
            stdout=out,
        )
    assert exc_info.value.code == 1
    return out.getvalue()


def changed_file(tmp_path):
    rows = own_rows()
    rows[0][3] = "総務部総務課人事係"
    rows[2][7] = "suzuki@example.lg.jp"
    rows.append(new_row(staff_no="000201"))
    path = tmp_path / "staff.csv"
    path.write_bytes(csv_bytes(rows))
    return path


def error_file(tmp_path):
    rows = own_rows()
    rows[0][3] = "総務部総務課人事係"
    rows.append(new_row(staff_no="000201", hired="令和6年13月1日"))
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes(rows))
    return path


def test_json_dry_run_writes_nothing(world, tmp_path):
    before = state()
    result = json.loads(run_import(world, changed_file(tmp_path), "--json"))
    assert list(result) == KEYS
    assert result == {
        "add": 1,
        "update": 1,
        "transfer": 1,
        "retire": 0,
        "unchanged": 2,
        "errors": [],
        "committed": False,
    }
    assert state() == before
    assert not AuditEvent.objects.filter(action="staff_import.commit").exists()


def test_json_with_errors_exits_1_and_writes_nothing(world, tmp_path):
    before = state()
    result = json.loads(run_import_failing(world, error_file(tmp_path), "--json"))
    assert list(result) == KEYS
    assert result["committed"] is False
    assert len(result["errors"]) == 1
    error = result["errors"][0]
    assert list(error) == ["line", "column", "value", "message"]
    assert error["line"] == 6
    assert error["column"] == "G列「採用年月日」"
    assert error["value"] == "令和6年13月1日"
    assert "日付として読めません" in error["message"]
    assert state() == before


def test_commit_with_errors_exits_1_and_writes_nothing(world, tmp_path):
    before = state()
    result = json.loads(run_import_failing(world, error_file(tmp_path), "--json", "--commit"))
    assert result["committed"] is False
    assert result["errors"][0]["line"] == 6
    assert state() == before
    assert not AuditEvent.objects.filter(action="staff_import.commit").exists()


def test_commit_writes_the_data(world, tmp_path):
    result = json.loads(run_import(world, changed_file(tmp_path), "--json", "--commit"))
    assert result["committed"] is True
    assert result["errors"] == []
    assert (result["add"], result["update"], result["transfer"]) == (1, 1, 1)
    assert Staff.objects.filter(organisation=world.own.org, staff_no="000201").exists()
    yamada = Staff.objects.get(pk=world.own.staff["staff"].pk)
    assert yamada.current_unit_id == world.own.units["人事係"].pk
    assert yamada.assignments.get(ended_on__isnull=True).started_on == EFFECTIVE
    commit = AuditEvent.objects.get(action="staff_import.commit")
    assert commit.username == "manage.py import_staff"
    assert commit.organisation_id == world.own.org.pk
    # and running it again changes nothing
    before = state()
    again = json.loads(run_import(world, changed_file(tmp_path), "--json", "--commit"))
    assert again["unchanged"] == 5
    assert state() == before


def test_full_sync_option(world, tmp_path):
    path = tmp_path / "all.csv"
    path.write_bytes(csv_bytes(own_rows()[:3]))
    result = json.loads(run_import(world, path, "--json", "--full-sync", "--commit"))
    assert result["retire"] == 1
    assert Staff.objects.get(pk=world.own.staff["other"].pk).retired_on is not None


def test_create_units_option(world, tmp_path):
    path = tmp_path / "units.csv"
    path.write_bytes(csv_bytes([new_row(unit="企画部企画課")]))
    failing = json.loads(run_import_failing(world, path, "--json"))
    assert failing["errors"][0]["column"] == "D列「所属」"
    result = json.loads(run_import(world, path, "--json", "--create-units", "--commit"))
    assert result["committed"] is True
    assert Staff.objects.get(organisation=world.own.org, staff_no="000201").current_unit.name == "企画課"


def test_unmapped_header_fails_until_mapped(world, tmp_path):
    path = tmp_path / "extra.csv"
    path.write_bytes(csv_bytes([r + ["x"] for r in own_rows()], header=[*HEADER, "備考欄"]))
    result = json.loads(run_import_failing(world, path, "--json"))
    assert result["errors"][0]["column"] == "備考欄"
    assert "--map" in result["errors"][0]["message"]
    ok = json.loads(run_import(world, path, "--json", "--map", "備考欄=__ignore__"))
    assert ok["unchanged"] == 4
    assert ok["errors"] == []


def test_fatal_file_reports_line_1(world, tmp_path):
    path = tmp_path / "wrong.csv"
    path.write_bytes(csv_bytes(own_rows(), encoding="cp932"))
    result = json.loads(run_import_failing(world, path, "--json", "--encoding", "utf-8"))
    assert result["errors"][0]["line"] == 1
    assert "UTF-8" in result["errors"][0]["message"]


def test_text_output(world, tmp_path):
    out = run_import(world, changed_file(tmp_path))
    assert "新規 1" in out
    assert "確認のみ" in out
    bad = run_import_failing(world, error_file(tmp_path))
    assert "6行目" in bad
    assert "誤りがあるため反映しません" in bad


def test_import_argument_errors(world, tmp_path):
    with pytest.raises(CommandError):
        call_command("import_staff", str(tmp_path / "missing.csv"), "--org", world.own.org.code)
    path = changed_file(tmp_path)
    with pytest.raises(CommandError):
        call_command("import_staff", str(path), "--org", "999999")
    with pytest.raises(CommandError):
        call_command("import_staff", str(path), "--org", world.own.org.code, "--effective-date", "R8.4.1")
    with pytest.raises(CommandError):
        call_command("import_staff", str(path), "--org", world.own.org.code, "--map", "備考欄=unknown")


# --- export_staff ------------------------------------------------------------------------------------


def test_export_staff_csv(world, tmp_path):
    out_path = tmp_path / "out.csv"
    out = io.StringIO()
    call_command("export_staff", "--org", world.own.org.code, "-o", str(out_path), stdout=out)
    assert out_path.exists()
    rows = list(csv.reader(io.StringIO(out_path.read_bytes().decode("cp932"), newline="")))
    assert rows[0][0] == "職員番号"
    assert [r[0] for r in rows[1:]] == ["000101", "000102", "000103", "000104"]
    assert rows[1][1] == "山田　太郎"
    assert "4名" in out.getvalue()
    event = AuditEvent.objects.get(action="staff.export")
    assert event.detail["via"] == "command"
    assert event.organisation_id == world.own.org.pk


def test_export_staff_xlsx_and_utf8(world, tmp_path):
    xlsx_path = tmp_path / "out.xlsx"
    call_command(
        "export_staff",
        "--org",
        world.own.org.code,
        "--format",
        "xlsx",
        "-o",
        str(xlsx_path),
        stdout=io.StringIO(),
    )
    sheet = openpyxl.load_workbook(xlsx_path).worksheets[0]
    assert [row[0].value for row in sheet.iter_rows(min_row=2)] == ["000101", "000102", "000103", "000104"]
    utf_path = tmp_path / "out-utf8.csv"
    call_command(
        "export_staff",
        "--org",
        world.own.org.code,
        "--encoding",
        "utf-8-sig",
        "-o",
        str(utf_path),
        stdout=io.StringIO(),
    )
    assert utf_path.read_bytes().startswith(b"\xef\xbb\xbf")


def test_export_staff_cp932_failure_is_a_command_error(world, tmp_path):
    Staff.objects.filter(pk=world.own.staff["staff"].pk).update(name="𠮷田　太郎")
    out_path = tmp_path / "out.csv"
    with pytest.raises(CommandError) as exc_info:
        call_command("export_staff", "--org", world.own.org.code, "-o", str(out_path), stdout=io.StringIO())
    assert "𠮷" in str(exc_info.value)
    assert not out_path.exists()
