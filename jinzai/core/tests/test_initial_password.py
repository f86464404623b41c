"""An account created by an admin, or whose password an admin set, changes that password at its first
sign-in before anything else (issue 12 item 15); the change is audited."""

from __future__ import annotations

from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from jinzai.core import services
from jinzai.core.models import AuditEvent, UserSetting

INITIAL = "Shoki-pasuwado-2026"
OWN = "Jibun-dake-no-aikotoba-77"


def _create(world, username="a-new-hr", role="hr"):
    return services.user_create(
        actor=world.own.members["admin"], username=username, password=INITIAL, role=role
    )


def _login(client, username, password=INITIAL):
    return client.post(reverse("core:login"), {"username": username, "password": password})


def test_a_new_account_must_change_its_initial_password(world, client):
    user = _create(world)
    assert UserSetting.objects.get(user=user).must_change_password
    response = _login(client, "a-new-hr")
    assert response["Location"] == reverse("core:password_change") + "?next=%2F"
    for name in ("core:home", "people:staff_list", "core:user_settings", "core:twofactor"):
        response = client.get(reverse(name))
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("core:password_change")), name
    html = client.get(reverse("core:password_change")).content.decode()
    assert "初期パスワードを変更してください" in html
    response = client.post(
        reverse("core:password_change"),
        {"old_password": INITIAL, "new_password1": OWN, "new_password2": OWN, "next": "/"},
    )
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get(reverse("core:home")).status_code == 200  # signed in, free to go
    user.refresh_from_db()
    assert user.check_password(OWN)
    assert not UserSetting.objects.get(user=user).must_change_password
    event = AuditEvent.objects.get(action="auth.password_change")
    assert event.username == "a-new-hr" and event.detail == {"initial": True}
    # the next sign-in goes straight home
    client.post(reverse("core:logout"))
    assert _login(client, "a-new-hr", OWN)["Location"] == reverse("core:home")


def test_the_new_password_follows_the_rules(world, client):
    _create(world)
    _login(client, "a-new-hr")
    response = client.post(
        reverse("core:password_change"),
        {"old_password": INITIAL, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 200
    assert client.get(reverse("core:home")).status_code == 302  # still on the password step


def test_logout_is_possible_during_the_step(world, client):
    _create(world)
    _login(client, "a-new-hr")
    assert client.post(reverse("core:logout")).status_code == 302
    assert client.get(reverse("core:home"))["Location"].startswith(reverse("core:login"))


def test_a_password_set_by_an_admin_must_be_changed_too(world, login, client):
    admin = login(world.own.users["admin"])
    member = world.own.members["staff"]
    response = admin.post(reverse("core:membership_password", args=[member.pk]), {"password": INITIAL})
    assert response.status_code == 302
    assert UserSetting.objects.get(user=member.user).must_change_password
    event = AuditEvent.objects.get(action="user.password_reset")
    assert event.detail == {"must_change": True} and event.username == "a-admin"
    other = client.__class__()
    assert _login(other, "a-staff")["Location"].startswith(reverse("core:password_change"))


def test_the_world_users_and_first_admins_are_not_asked(world, client):
    from conftest import PASSWORD

    assert _login(client, "a-hr", PASSWORD)["Location"] == reverse("core:home")


def test_createuser_asks_for_a_change_unless_told_otherwise(world):
    call_command(
        "createuser", "--org", world.own.org.code, "--username", "cli-1", "--role", "hr",
        "--password", INITIAL, stdout=StringIO(),
    )  # fmt: skip
    call_command(
        "createuser", "--org", world.own.org.code, "--username", "cli-2", "--role", "hr",
        "--password", INITIAL, "--no-password-change", stdout=StringIO(),
    )  # fmt: skip
    User = get_user_model()
    assert UserSetting.objects.get(user=User.objects.get(username="cli-1")).must_change_password
    assert not UserSetting.objects.get(user=User.objects.get(username="cli-2")).must_change_password


def test_second_factor_comes_before_the_password_change(world, client):
    from jinzai.core.tests.test_twofactor import require

    require(world.own.org, "hr")
    _create(world)
    response = _login(client, "a-new-hr")
    assert response["Location"].startswith(reverse("core:twofactor_setup"))
    assert client.get(reverse("core:password_change"))["Location"].startswith(reverse("core:twofactor_setup"))
