"""The admin home says who does what and links to creating the hr and dx_office accounts (issue 12 item 15)."""

from __future__ import annotations

import re

from django.urls import reverse

from jinzai.core.models import Membership


def test_admin_home_says_who_does_what(world, login):
    html = login(world.own.users["admin"]).get(reverse("core:home")).content.decode()
    assert "だれが何をするか" in html
    assert "職員データの取込" in html and "人事担当" in html
    assert "職員の一覧や取込は人事担当の役割で行います" in html
    create = reverse("core:user_create")
    assert f'href="{create}?role=hr"' in html and f'href="{create}?role=dx_office"' in html
    assert reverse("core:security_policy") in html
    assert "はじめに: 担当者のアカウントを作りましょう" not in html  # the world has hr and dx_office
    # the title is plain text
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert "<" not in title and title.startswith("システム管理者のホーム")


def test_admin_home_prompts_for_missing_accounts(world, login):
    Membership.objects.filter(organisation=world.own.org, role__in=["hr", "dx_office"]).update(
        is_active=False
    )
    html = login(world.own.users["admin"]).get(reverse("core:home")).content.decode()
    assert "はじめに: 担当者のアカウントを作りましょう" in html
    assert "人事担当のアカウントを作る" in html and "DX推進担当のアカウントを作る" in html


def test_the_link_preselects_the_role(world, login):
    client = login(world.own.users["admin"])
    html = client.get(reverse("core:user_create"), {"role": "dx_office"}).content.decode()
    assert re.search(r'<option value="dx_office" selected>', html)
    html = client.get(reverse("core:user_create"), {"role": "nonsense"}).content.decode()
    assert "selected>" not in html.split('name="role"', 1)[1].split("</select>", 1)[0]
