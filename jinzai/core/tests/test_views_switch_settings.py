"""Switching the acting membership, and the 西暦/和暦 display setting."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from jinzai.core.models import AuditEvent, Membership, UserSetting


def _h1(html: str) -> str:
    return re.search(r"<h1>(.*?)</h1>", html, re.S).group(1)


@pytest.fixture
def ken_multi(world):
    """One person, two roles at the prefecture (as the demo's ken-multi)."""
    user = get_user_model().objects.create_user(username="ken-multi", password="x")
    pref = world.pref
    support = Membership.objects.create(
        user=user, organisation=pref.org, role="prefecture_support", staff=pref.staff["other"]
    )
    staff = Membership.objects.create(
        user=user, organisation=pref.org, role="staff", staff=pref.staff["staff"]
    )
    return user, support, staff


def test_default_membership_is_the_highest_priority_role(world, login, ken_multi):
    user, support, _ = ken_multi
    response = login(user).get(reverse("core:home"))
    assert response.status_code == 200
    assert response.context["membership"] == support
    html = response.content.decode()
    assert _h1(html) == "市町村支援担当のホーム"
    # the switcher offers both memberships, the acting one selected
    assert 'id="membership-switch"' in html
    assert f'<option value="{support.pk}" selected>見本テスト県・都道府県 市町村支援担当</option>' in html


def test_switch_membership_changes_the_acting_role_and_heading(world, login, ken_multi):
    user, support, staff = ken_multi
    client = login(user)
    response = client.post(reverse("core:switch_membership"), {"membership": str(staff.pk)})
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    response = client.get(reverse("core:home"))
    assert response.wsgi_request.membership == staff
    html = response.content.decode()
    assert _h1(html) == "職員のホーム"
    assert "見本テスト県の「職員」に切り替えました。" in html
    assert "山田　太郎さん" in html  # the staff membership's own record
    # the acting role decides access: 管内の集計 is now refused, the own card allowed
    assert client.get(reverse("region:dashboard")).status_code == 403
    assert client.get(reverse("people:my_card")).status_code == 200
    client.post(reverse("core:switch_membership"), {"membership": str(support.pk)})
    response = client.get(reverse("core:home"))
    assert _h1(response.content.decode()) == "市町村支援担当のホーム"
    assert client.get(reverse("region:dashboard")).status_code == 200


def test_switch_across_organisations_changes_the_organisation(world, login):
    user = get_user_model().objects.create_user(username="ken-shi", password="x")
    Membership.objects.create(user=user, organisation=world.pref.org, role="executive")
    own_hr = Membership.objects.create(user=user, organisation=world.own.org, role="hr")
    client = login(user)
    html = client.get(reverse("core:home")).content.decode()
    assert _h1(html) == "人事担当のホーム"  # HR ranks before executive
    assert '<p class="org-name">自分市</p>' in html
    exec_m = Membership.objects.get(user=user, role="executive")
    client.post(reverse("core:switch_membership"), {"membership": str(exec_m.pk)})
    response = client.get(reverse("core:home"))
    html = response.content.decode()
    assert _h1(html) == "幹部のホーム"
    assert '<p class="org-name">見本テスト県</p>' in html
    assert response.wsgi_request.membership.organisation == world.pref.org
    assert own_hr.pk != exec_m.pk


def test_switch_to_someone_elses_or_inactive_membership_is_ignored(world, login, ken_multi):
    user, support, staff = ken_multi
    client = login(user)
    client.post(reverse("core:switch_membership"), {"membership": str(world.pref.members["admin"].pk)})
    response = client.get(reverse("core:home"))
    assert response.wsgi_request.membership == support
    assert _h1(response.content.decode()) == "市町村支援担当のホーム"
    staff.is_active = False
    staff.save(update_fields=["is_active"])
    client.post(reverse("core:switch_membership"), {"membership": str(staff.pk)})
    assert client.get(reverse("core:home")).wsgi_request.membership == support


def test_switch_membership_needs_post(world, login, ken_multi):
    user, _, staff = ken_multi
    client = login(user)
    assert client.get(reverse("core:switch_membership"), {"membership": str(staff.pk)}).status_code == 405


def test_single_membership_users_get_no_switcher(world, login):
    html = login(world.own.users["hr"]).get(reverse("core:home")).content.decode()
    assert 'id="membership-switch"' not in html


# --- 西暦 / 和暦 ------------------------------------------------------------------------


def _hired_on(html: str) -> str:
    return re.search(r"<dt>採用年月日</dt><dd>(.*?)</dd>", html).group(1)


def test_date_style_switch_renders_wareki_and_back(world, login):
    user = world.own.users["hr"]
    client = login(user)
    card = reverse("people:staff_detail", args=[world.own.staff["staff"].pk])
    html = client.get(card).content.decode()
    assert _hired_on(html) == "2015年4月1日"
    assert "2020年4月1日〜" in html  # assignment history follows the same setting

    response = client.post(reverse("core:user_settings"), {"date_style": "wareki"})
    assert response.status_code == 302
    assert UserSetting.objects.get(user=user).date_style == "wareki"
    event = AuditEvent.objects.get(action="user.setting")
    assert event.username == "a-hr" and event.changed == ["date_style"]
    html = client.get(card).content.decode()
    assert _hired_on(html) == "平成27年4月1日"
    assert "令和2年4月1日〜" in html

    client.post(reverse("core:user_settings"), {"date_style": "western"})
    assert _hired_on(client.get(card).content.decode()) == "2015年4月1日"


def test_date_style_is_per_user(world, login, client):
    login(world.own.users["hr"])
    client.post(reverse("core:user_settings"), {"date_style": "wareki"})
    client.logout()
    login(world.own.users["dx_office"])  # no setting: western
    html = client.get(reverse("people:staff_detail", args=[world.own.staff["staff"].pk])).content.decode()
    assert _hired_on(html) == "2015年4月1日"


def test_user_settings_rejects_an_unknown_style(world, login):
    client = login(world.own.users["staff"])
    response = client.post(reverse("core:user_settings"), {"date_style": "kouki"})
    assert response.status_code == 200
    assert not UserSetting.objects.filter(user=world.own.users["staff"], date_style="kouki").exists()
    assert not AuditEvent.objects.filter(action="user.setting").exists()
