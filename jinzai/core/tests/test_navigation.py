"""The left navigation shows only what the acting role may use."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from jinzai.core.navigation import NAV_GROUPS, visible_to


def _nav(html: str) -> dict[str, str]:
    """label -> href of the side navigation."""
    match = re.search(r'<nav class="side-nav"[^>]*>(.*?)</nav>', html, re.S)
    if match is None:
        return {}
    return {label: href for href, label in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', match.group(1))}


def _home_nav(client) -> dict[str, str]:
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    return _nav(response.content.decode())


def test_staff_has_no_import_link(world, login):
    client = login(world.own.users["staff"])
    html = client.get(reverse("core:home")).content.decode()
    nav = _nav(html)
    assert nav["ホーム"] == reverse("core:home")
    # besides home, only self-service pages of the later apps (own skill sheets, tests, own learning)
    assert {k for k, v in nav.items() if v.startswith("/skills/")} == {"スキル評価（自分）", "テスト"}
    assert all(
        v.startswith(("/skills/", "/learning/", "/talent/my/")) for k, v in nav.items() if k != "ホーム"
    )
    assert "職員データ取込" not in html
    assert reverse("people:staff_import") not in html
    assert "監査ログ" not in html


def test_hr_has_the_import_link(world, login):
    nav = _home_nav(login(world.own.users["hr"]))
    assert nav["職員データ取込"] == reverse("people:staff_import")
    assert nav["職員一覧"] == reverse("people:staff_list")
    assert nav["職名・職級"] == reverse("core:grade_list")
    assert nav["監査ログ"] == reverse("core:audit_list")  # the entries about staff records
    assert "利用者と役割" not in nav


def test_admin_has_the_audit_log(world, login):
    nav = _home_nav(login(world.own.users["admin"]))
    assert nav["監査ログ"] == reverse("core:audit_list")
    assert nav["利用者と役割"] == reverse("core:user_list")
    assert "職員データ取込" not in nav
    assert "職員一覧" not in nav


@pytest.mark.parametrize("role", ["staff", "manager", "hr", "dx_office", "executive", "admin"])
def test_every_link_shown_is_allowed_and_every_allowed_link_is_shown(world, login, role):
    nav = _home_nav(login(world.own.users[role]))
    member = world.own.members[role]
    expected = {item.label for _, items in NAV_GROUPS for item in items if visible_to(member, item)}
    assert set(nav) == expected
    client = login(world.own.users[role])
    for label, href in nav.items():
        assert client.get(href).status_code == 200, (role, label)


def test_prefecture_support_sees_the_prefecture_hub(world, login):
    nav = _home_nav(login(world.pref.users["prefecture_support"]))
    assert nav["管内の集計"] == reverse("region:dashboard")
    assert nav["支援要請の受付"] == reverse("region:case_list")
    assert "支援要請・相談" not in nav  # the municipality side's entry
    assert "職員一覧" not in nav


def test_current_page_is_marked(world, login):
    client = login(world.own.users["hr"])
    html = client.get(reverse("core:grade_list")).content.decode()
    assert f'<a href="{reverse("core:grade_list")}" aria-current="page">職名・職級</a>' in html
    assert f'<a href="{reverse("core:unit_list")}">所属（組織）</a>' in html
