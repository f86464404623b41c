"""Users and memberships as the システム管理者, through the test client."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.urls import reverse

from jinzai.core.models import AuditEvent, Membership

NEW_PASSWORD = "Kawaru-aikotoba-77"


def _user_post(**overrides) -> dict:
    data = {"username": "", "display_name": "", "password": "", "role": "hr", "staff_no": ""}
    data.update(overrides)
    return data


def test_user_list_shows_own_users_only(world, login):
    client = login(world.own.users["admin"])
    response = client.get(reverse("core:user_list"))
    assert response.status_code == 200
    html = response.content.decode()
    for role in ["staff", "manager", "hr", "dx_office", "executive", "admin"]:
        assert f"<td>a-{role}</td>" in html
    assert "b-hr" not in html and "p-admin" not in html
    assert "000102 佐藤　花子" in html  # the manager's staff record
    assert "<td>市民課</td>" in html  # the manager's unit


def test_user_create_form_creates_a_staff_user(world, login):
    client = login(world.own.users["admin"])
    html = client.get(reverse("core:user_create")).content.decode()
    assert 'value="prefecture_support"' not in html  # not offered in a municipality
    response = client.post(
        reverse("core:user_create"),
        _user_post(
            username="a-yamada",
            display_name="山田　太郎",
            password=NEW_PASSWORD,
            role="staff",
            staff_no="０００１０１",
        ),  # full-width digits are normalised
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(username="a-yamada")
    assert user.check_password(NEW_PASSWORD)
    m = Membership.objects.get(user=user)
    assert (m.organisation, m.role, m.staff) == (world.own.org, "staff", world.own.staff["staff"])
    assert AuditEvent.objects.get(action="user.create").username == "a-admin"
    assert "利用者「a-yamada」を作成しました。" in client.get(reverse("core:user_list")).content.decode()


def test_user_create_form_errors_in_japanese_and_nothing_saved(world, login):
    client = login(world.own.users["admin"])
    response = client.post(
        reverse("core:user_create"),
        _user_post(username="a-mgr", password=NEW_PASSWORD, role="manager"),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "入力内容を確かめてください" in html
    assert "所属長には担当する所属を1つ以上選んでください。" in html
    response = client.post(
        reverse("core:user_create"),
        _user_post(username="a-s", password=NEW_PASSWORD, role="staff", staff_no="999999"),
    )
    assert "職員番号「999999」の職員が見つかりません。" in response.content.decode()
    response = client.post(reverse("core:user_create"), _user_post(username="a-weak", password="abc"))
    assert response.status_code == 200
    assert "入力内容を確かめてください" in response.content.decode()
    response = client.post(reverse("core:user_create"), _user_post(username="山田", password=NEW_PASSWORD))
    assert "ログインIDは半角英数字と _ . @ + - で入力してください。" in response.content.decode()
    assert not get_user_model().objects.filter(username__in=["a-mgr", "a-s", "a-weak", "山田"]).exists()
    assert not AuditEvent.objects.filter(action__in=["user.create", "membership.create"]).exists()


def test_membership_edit_changes_role_and_units(world, login):
    client = login(world.own.users["admin"])
    m = world.own.members["manager"]
    url = reverse("core:membership_edit", args=[m.pk])
    html = client.get(url).content.decode()
    assert "役割の編集：a-manager" in html
    assert 'value="000102"' in html
    response = client.post(
        url,
        {
            "role": "manager",
            "units": [str(world.own.units["総務課"].pk), str(world.own.units["市民課"].pk)],
            "staff_no": "000102",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert set(m.units.all()) == {world.own.units["総務課"], world.own.units["市民課"]}
    event = AuditEvent.objects.get(action="membership.update")
    assert event.changed == ["units"] and event.username == "a-admin"


def test_membership_edit_deactivate_other_user(world, login):
    client = login(world.own.users["admin"])
    m = world.own.members["hr"]
    response = client.post(
        reverse("core:membership_edit", args=[m.pk]), {"role": "hr", "staff_no": "000103"}
    )  # is_active unchecked
    assert response.status_code == 302
    m.refresh_from_db()
    assert not m.is_active
    # the deactivated user no longer has an acting membership
    hr_client = login(world.own.users["hr"])
    assert hr_client.get(reverse("core:home")).status_code == 403


def test_membership_edit_admin_cannot_deactivate_self(world, login):
    client = login(world.own.users["admin"])
    me = world.own.members["admin"]
    response = client.post(reverse("core:membership_edit", args=[me.pk]), {"role": "admin", "staff_no": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert "入力内容を確かめてください" in html
    assert "自分自身の管理者の役割は変更・無効化できません。" in html
    me.refresh_from_db()
    assert me.is_active and me.role == "admin"


def test_membership_edit_of_a_foreign_membership_is_404(world, login):
    client = login(world.own.users["admin"])
    m = world.foreign.members["hr"]
    response = client.post(reverse("core:membership_edit", args=[m.pk]), {"role": "hr", "staff_no": ""})
    assert response.status_code == 404
    assert Membership.objects.get(pk=m.pk).is_active


def test_membership_password_sets_a_new_password(world, login):
    client = login(world.own.users["admin"])
    m = world.own.members["hr"]
    response = client.post(reverse("core:membership_password", args=[m.pk]), {"password": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("core:membership_edit", args=[m.pk])
    m.user.refresh_from_db()
    assert m.user.check_password(NEW_PASSWORD)
    event = AuditEvent.objects.get(action="user.password_reset")
    assert event.username == "a-admin" and event.organisation == world.own.org
    html = client.get(response["Location"]).content.decode()
    assert "「a-hr」のパスワードを設定しました。" in html


def test_membership_password_weak_password_is_refused_with_a_message(world, login):
    client = login(world.own.users["admin"])
    m = world.own.members["hr"]
    response = client.post(
        reverse("core:membership_password", args=[m.pk]), {"password": "1234"}, follow=True
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "message-error" in html
    assert "短すぎます" in html
    m.user.refresh_from_db()
    assert not m.user.check_password("1234")
    assert not AuditEvent.objects.filter(action="user.password_reset").exists()
    response = client.post(reverse("core:membership_password", args=[m.pk]), {"password": ""}, follow=True)
    assert "新しいパスワードを入力してください。" in response.content.decode()
