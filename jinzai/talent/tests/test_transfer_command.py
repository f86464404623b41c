"""manage.py simulate_transfers: without --commit it prints the impact tables and writes nothing; with --commit
it applies the draft list (the same importer as the page)."""

from __future__ import annotations

from datetime import date

from django.core.management import call_command

from jinzai.people.models import Assignment

from . import _careers as h


def run(world, tmp_path, capsys, *args):
    path = tmp_path / "内示.csv"
    path.write_bytes("職員番号,氏名,異動先,職名,兼務\n000301,中野 聡,市民部市民課,,\n".encode("cp932"))
    code = 0
    try:
        call_command(
            "simulate_transfers",
            "--org",
            world.own.org.code,
            str(path),
            "--effective-date",
            "2027-04-01",
            *args,
        )
    except SystemExit as exc:
        code = exc.code
    return code, capsys.readouterr().out


def test_dry_run_prints_the_impact_then_commit_applies(world, tmp_path, capsys):
    own = world.own
    lead = h.person(own, "000301", "中野　聡", own.units["人事係"], "係長")  # 総務課's only leader
    h.designate(own, lead)
    network = h.duty(own, "庁内ネットワークの管理", 6, unit=own.units["総務課"])
    h.hold(own, network, lead)
    code, out = run(world, tmp_path, capsys)
    assert code == 0
    assert "■ DX推進リーダーがいなくなる・目標を下回る所属（1件）" in out
    assert "総務部 ／ 総務課｜1｜0｜中野　聡｜唯一のリーダーがいなくなります" in out
    assert "庁内ネットワークの管理" in out
    assert Assignment.objects.filter(staff=lead).count() == 1  # nothing written
    code, out = run(world, tmp_path, capsys, "--commit")
    assert code == 0
    lead.refresh_from_db()
    assert lead.current_unit_id == own.units["市民課"].pk
    assert Assignment.objects.get(staff=lead, ended_on__isnull=True).started_on == date(2027, 4, 1)
