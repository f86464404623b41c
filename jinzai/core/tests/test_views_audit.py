"""The audit log page: filters, Japanese labels, hr's scope and the CSV export (itself audited)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from urllib.parse import quote

import pytest
from django.urls import reverse

from jinzai.core.models import AuditEvent

CSV_HEADER = [
    "日時(UTC)",
    "利用者",
    "役割",
    "操作",
    "操作（コード）",
    "対象",
    "対象の種類",
    "対象ID",
    "対象の職員",
    "変更の内容",
    "接続元",
]


def _event(org, username, action, at, *, obj="", object_id="", changed=()):
    e = AuditEvent.objects.create(
        organisation=org,
        username=username,
        role="hr",
        action=action,
        object_type="core.unit" if obj else "",
        object_id=object_id,
        object_repr=obj,
        changed=list(changed),
        ip="192.0.2.1",
    )
    AuditEvent.objects.filter(pk=e.pk).update(at=at)
    return e


@pytest.fixture
def events(world):
    own, foreign = world.own.org, world.foreign.org
    return {
        "e1": _event(
            own,
            "a-hr",
            "unit.create",
            datetime(2026, 1, 10, 3, tzinfo=UTC),
            obj="情報政策課",
            object_id="9001",
            changed=["name", "kind"],
        ),
        "e2": _event(
            own,
            "a-dx_office",
            "unit.update",
            datetime(2026, 2, 15, 3, tzinfo=UTC),
            obj="市民課",
            object_id="9002",
            changed=["name"],
        ),
        "e3": _event(
            own, "a-hr", "grade.create", datetime(2026, 3, 20, 3, tzinfo=UTC), obj="参事", object_id="9003"
        ),
        "f1": _event(
            foreign,
            "b-hr",
            "unit.create",
            datetime(2026, 2, 15, 3, tzinfo=UTC),
            obj="情報政策課",
            object_id="9004",
        ),
    }


def _shown(client, **params) -> list[int]:
    response = client.get(reverse("core:audit_list"), params)
    assert response.status_code == 200
    return [e.pk for e in response.context["page"].object_list]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"actor": "a-hr"}, ["e3", "e1"]),
        ({"actor": "DX_OFF"}, ["e2"]),  # case-insensitive substring
        ({"action": "unit."}, ["e2", "e1"]),  # a family of actions
        ({"action": "grade.create"}, ["e3"]),  # one action
        ({"obj": "情報政策"}, ["e1"]),
        ({"obj": "9002"}, ["e2"]),
        ({"since": "2026-02-01", "until": "2026-02-28"}, ["e2"]),
        ({"since": "2026-02-15"}, ["e3", "e2"]),
        ({"until": "2026-02-15", "action": "unit."}, ["e2", "e1"]),
        ({"actor": "a-hr", "action": "unit."}, ["e1"]),
    ],
)
def test_audit_list_filters(world, events, login, params, expected):
    client = login(world.own.users["admin"])
    shown = [pk for pk in _shown(client, **params) if pk in {e.pk for e in events.values()}]
    assert shown == [events[k].pk for k in expected]


def test_audit_list_without_filters_shows_own_events_newest_first(world, events, login):
    client = login(world.own.users["admin"])
    response = client.get(reverse("core:audit_list"))
    html = response.getvalue().decode()
    shown = [e.pk for e in response.context["page"].object_list]
    mine = [pk for pk in shown if pk in {e.pk for e in events.values()}]
    assert mine == [events["e3"].pk, events["e2"].pk, events["e1"].pk]
    assert events["f1"].pk not in shown
    assert "b-hr" not in html
    table = html.split("<tbody>")[1]
    assert "所属の作成" in table and "unit.create" not in table  # actions in Japanese
    assert "所属「情報政策課」" in html
    assert f"{response.context['page'].paginator.count}件" in html


def test_audit_list_with_a_bad_date_shows_an_error_and_no_crash(world, events, login):
    client = login(world.own.users["admin"])
    response = client.get(reverse("core:audit_list"), {"since": "not-a-date"})
    assert response.status_code == 200
    assert "field-error" in response.getvalue().decode()


def test_audit_csv_export_utf8_bom_japanese_header_and_filtered_rows(world, events, login):
    client = login(world.own.users["admin"])
    response = client.get(reverse("core:audit_list"), {"action": "unit.", "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename*=UTF-8''" + quote("自分市_監査ログ_"))
    assert disposition.endswith(".csv")
    body = response.getvalue()
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0] == CSV_HEADER
    data = rows[1:]
    assert [r[1] for r in data] == ["a-dx_office", "a-hr"]
    assert data[1] == [
        "2026-01-10T03:00:00+00:00",
        "a-hr",
        "人事担当",
        "所属の作成",
        "unit.create",
        "所属「情報政策課」",
        "core.unit",
        "9001",
        "",
        "変更した項目：所属名、区分",
        "192.0.2.1",
    ]
    export = AuditEvent.objects.get(action="audit.export")
    assert export.username == "a-admin"
    assert export.organisation == world.own.org
    assert export.detail["format"] == "csv" and export.detail["rows"] == 2


def test_audit_csv_export_in_cp932_on_request(world, events, login):
    client = login(world.own.users["admin"])
    response = client.get(reverse("core:audit_list"), {"actor": "a-hr", "format": "csv", "encoding": "cp932"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=shift_jis"
    assert not response.getvalue().startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("cp932"))))
    assert rows[0] == CSV_HEADER
    assert {r[5] for r in rows[1:]} >= {"所属「情報政策課」", "所属「参事」"}
    assert all(r[1] == "a-hr" for r in rows[1:])


def test_audit_export_is_itself_listed(world, events, login):
    client = login(world.own.users["admin"])
    client.get(reverse("core:audit_list"), {"format": "csv"})
    assert _shown(client, action="audit.export") == [AuditEvent.objects.get(action="audit.export").pk]


def test_audit_list_is_refused_to_roles_other_than_admin_and_hr(world, login):
    client = login(world.own.users["dx_office"])
    assert client.get(reverse("core:audit_list"), {"format": "csv"}).status_code == 403
    assert not AuditEvent.objects.filter(action="audit.export").exists()
    denied = AuditEvent.objects.get(action="access.denied")
    assert denied.username == "a-dx_office" and denied.detail["perm"] == "core.audit_view"
