"""manage.py designate: --json shape, exit 1 with errors and nothing written, --commit."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from jinzai.core.models import AuditEvent
from jinzai.talent.models import Designation

from ._helpers import csv_bytes, row


def run(world, tmp_path, capsys, data: bytes, *args):
    path = tmp_path / "指定.csv"
    path.write_bytes(data)
    code = 0
    try:
        call_command("designate", "--org", world.own.org.code, str(path), *args)
    except SystemExit as exc:
        code = exc.code
    return code, capsys.readouterr().out


def test_json_dry_run_then_commit(world, tmp_path, capsys):
    data = csv_bytes([row()])
    code, out = run(world, tmp_path, capsys, data, "--json")
    assert code == 0
    assert json.loads(out) == {"add": 1, "update": 0, "unchanged": 0, "errors": [], "committed": False}
    assert not Designation.objects.exists()
    code, out = run(world, tmp_path, capsys, data, "--json", "--commit", "--default-start-date", "2026-04-01")
    assert json.loads(out) == {"add": 1, "update": 0, "unchanged": 0, "errors": [], "committed": True}
    assert Designation.objects.get().started_on == date(2026, 4, 1)
    assert AuditEvent.objects.get(action="designation_import.commit").username == "manage.py designate"
    code, out = run(world, tmp_path, capsys, data, "--json", "--commit")
    assert json.loads(out)["unchanged"] == 1 and Designation.objects.count() == 1


def test_errors_exit_1_and_write_nothing(world, tmp_path, capsys):
    data = csv_bytes([row(), row(staff_no="000101", name="山田　太郎", talent_type="不明な人材像")])
    code, out = run(world, tmp_path, capsys, data, "--json", "--commit", "--encoding", "cp932")
    result = json.loads(out)
    assert code == 1 and result["committed"] is False and result["add"] == 1
    (error,) = result["errors"]
    assert set(error) == {"line", "column", "value", "message"}
    assert (error["line"], error["column"], error["value"]) == (3, "C列「人材像」", "不明な人材像")
    assert not Designation.objects.exists()


def test_text_output_and_bad_arguments(world, tmp_path, capsys):
    code, out = run(world, tmp_path, capsys, csv_bytes([row()]))
    assert code == 0 and "新規の指定 1" in out and "確認のみ" in out
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run(world, tmp_path, capsys, csv_bytes([row()]), "--default-start-date", "R8.4.1")
    with pytest.raises(CommandError, match="団体コード"):
        call_command("designate", "--org", "000000", str(tmp_path / "指定.csv"))
