"""The audit log reads in Japanese (issue 12 item 17): actions, objects and fields by name, the person an
entry is about, old → new values of changes to staff data; hr reads the entries about staff records."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from jinzai.core.audit import action_label, audit, describe, field_label, object_text
from jinzai.core.models import AuditEvent
from jinzai.people.services import staff_transfer, staff_update


def _rows(client, **params):
    response = client.get(reverse("core:audit_list"), params)
    assert response.status_code == 200
    return response.context["rows"], response.content.decode()


@pytest.fixture
def changed(world):
    own = world.own
    hr = own.members["hr"]
    yamada = own.staff["staff"]
    staff_update(actor=hr, staff=yamada, kana="やまだ　たろ", phone="内線5678")
    staff_transfer(actor=hr, staff=yamada, unit=own.units["人事係"], grade=None, effective=date(2026, 4, 1))
    audit(own.members["admin"], "membership.update", own.members["staff"], changed=["role"])
    return yamada


def test_labels_for_declared_and_undeclared_actions():
    assert action_label("staffcert.proof_view") == "証明書ファイルのダウンロード"
    assert action_label("staff.view") == "人財カードの閲覧"
    # an action no app declared still reads in Japanese: the object's name and a verb
    assert action_label("policy.approve", "planning.policyversion") == "基本方針の承認"
    assert action_label("policy.approve") == "承認"  # no object, no declared label: the verb alone
    assert field_label("people.staff", "current_unit") == "所属"
    assert field_label("people.staff", "no_such_field") == "no_such_field"


def test_ids_are_not_names():
    event = AuditEvent(
        action="skill_sheet.save", object_type="skills.participant", object_id="5", object_repr="3: 261"
    )
    assert "3: 261" not in object_text(event)
    assert object_text(event).endswith("（番号 5）")


def test_admin_reads_changes_with_old_and_new_values_and_the_person(world, login, changed):
    rows, html = _rows(login(world.own.users["admin"]), person="山田")
    actions = [r["action_label"] for r in rows]
    assert "職員の基本情報の変更" in actions and "異動" in actions
    update = next(r for r in rows if r["action"] == "staff.update")
    assert update["staff"] == "山田　太郎（000101）"
    assert "ふりがな：やまだ　たろう → やまだ　たろ" in update["lines"]
    assert "電話（内線）：（空欄） → 内線5678" in update["lines"]
    transfer = next(r for r in rows if r["action"] == "staff.transfer")
    assert "所属：窓口係 → 人事係" in transfer["lines"]
    table = html.split("<tbody>")[1]
    assert "staff.update" not in table and "current_unit" not in table
    # the person filter keeps other people's entries out
    assert all(r["staff"] == "山田　太郎（000101）" for r in rows)


def test_hr_reads_entries_about_staff_records_only(world, login, changed):
    client = login(world.own.users["hr"])
    rows, _ = _rows(client)
    assert {r["action"] for r in rows} >= {"staff.update", "staff.transfer"}
    assert "membership.update" not in {r["action"] for r in rows}  # users and roles are the admin's
    admin_rows, _ = _rows(login(world.own.users["admin"]))
    assert "membership.update" in {r["action"] for r in admin_rows}


def test_filter_by_action_offers_japanese_choices(world, login, changed):
    client = login(world.own.users["admin"])
    response = client.get(reverse("core:audit_list"))
    html = response.content.decode()
    assert "職員：すべての操作" in html and "人財カードの閲覧" in html
    rows, _ = _rows(client, action="staff.")
    assert rows and all(r["action"].startswith("staff.") for r in rows)
    bad = client.get(reverse("core:audit_list"), {"action": "no.such"})
    assert bad.status_code == 200 and "field-error" in bad.content.decode()


def test_a_birth_date_change_is_recorded_without_the_date(world, login):
    yamada = world.own.staff["staff"]
    staff_update(actor=world.own.members["hr"], staff=yamada, birth_date=date(1990, 5, 6))
    rows, html = _rows(login(world.own.users["admin"]), action="staff.update")
    assert "生年月日：（記録しません） → （記録しません）" in rows[0]["lines"]
    assert "1990" not in html


def test_describe_survives_old_events():
    event = AuditEvent(
        action="staff.view", object_type="people.staff", object_id="12", object_repr="山田　太郎（000101）"
    )
    row = describe(event, {12: "山田　太郎（000101）"})
    assert row["staff"] == "山田　太郎（000101）" and row["action_label"] == "人財カードの閲覧"
