"""Login, failed login, lockout (django-axes), idle/absolute timeouts, password change, denied access."""

from __future__ import annotations

import re
import time

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from conftest import PASSWORD
from jinzai.core.middleware import SESSION_LAST_SEEN, SESSION_LOGIN_AT
from jinzai.core.models import AuditEvent

NEW_PASSWORD = "Atarashii-aikotoba-2026"
TIMEOUT_MESSAGE = "一定時間が経過したため、安全のためログアウトしました。"


def _post_login(client, username, password):
    return client.post(reverse("core:login"), {"username": username, "password": password})


def test_login_page_logs_in_and_audits(world, client):
    response = _post_login(client, "a-hr", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    event = AuditEvent.objects.get(action="auth.login")
    assert event.username == "a-hr"
    assert event.user == world.own.users["hr"]
    assert event.ip == "127.0.0.1"
    session = client.session
    assert abs(session[SESSION_LOGIN_AT] - time.time()) < 60
    assert session[SESSION_LAST_SEEN] == session[SESSION_LOGIN_AT]
    assert client.get(reverse("core:home")).status_code == 200


def test_failed_login_is_audited_and_shows_a_japanese_error(world, client):
    response = _post_login(client, "a-hr", "wrong-password")
    assert response.status_code == 200
    html = response.content.decode()
    assert "ログインIDまたはパスワードが正しくありません。" in html
    event = AuditEvent.objects.get(action="auth.login_failed")
    assert event.username == "a-hr"
    assert event.ip == "127.0.0.1"
    assert not AuditEvent.objects.filter(action="auth.login").exists()
    assert "_auth_user_id" not in client.session


def test_lockout_after_the_failure_limit(world, client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    statuses = [_post_login(client, "a-hr", f"wrong-{i}").status_code for i in range(2)]
    assert statuses == [200, 200]
    assert not AuditEvent.objects.filter(action="auth.lockout").exists()
    response = _post_login(client, "a-hr", "wrong-2")
    assert response.status_code == 429  # django-axes' AXES_HTTP_RESPONSE_CODE default
    html = response.content.decode()
    assert "ログインを一時停止しています" in html
    assert "パスワードを続けて間違えたため" in html
    lockout = AuditEvent.objects.get(action="auth.lockout")
    assert lockout.username == "a-hr"
    assert lockout.ip == "127.0.0.1"
    assert AuditEvent.objects.filter(action="auth.login_failed", username="a-hr").count() == 3
    assert AccessAttempt.objects.get(username="a-hr").failures_since_start == 3
    # even the right password is refused while locked out
    response = _post_login(client, "a-hr", PASSWORD)
    assert response.status_code == 429
    assert not AuditEvent.objects.filter(action="auth.login").exists()
    assert "_auth_user_id" not in client.session
    # another login ID from the same address is not locked (username + IP)
    assert _post_login(client, "a-dx_office", PASSWORD).status_code == 302


def test_lockout_page_states_the_cool_off_in_japanese(world, client, settings):
    settings.AXES_FAILURE_LIMIT = 1
    html = _post_login(client, "a-hr", "wrong").content.decode()
    assert "ログインを一時停止しています" in html
    # the cool-off must read as Japanese ("15分" or "しばらく"), not an ISO 8601 duration ("PT15M")
    assert not re.search(r"\bP(?:\d+D)?T\d+[HMS]", html)
    assert re.search(r"(15分|しばらく)たってから", html)


def test_idle_timeout_logs_out_and_is_audited(world, login, settings):
    client = login(world.own.users["hr"])
    assert client.get(reverse("core:home")).status_code == 200
    session = client.session
    session[SESSION_LAST_SEEN] -= settings.SESSION_IDLE_TIMEOUT + 5
    session.save()
    staff_list = reverse("people:staff_list")
    response = client.get(staff_list)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('core:login')}?next={staff_list}"
    event = AuditEvent.objects.get(action="auth.timeout")
    assert event.username == "a-hr"
    assert event.detail == {"kind": "idle"}
    assert AuditEvent.objects.filter(action="auth.logout", username="a-hr").exists()
    html = client.get(response["Location"]).content.decode()
    assert TIMEOUT_MESSAGE in html
    assert client.get(reverse("core:home")).status_code == 302  # still logged out


def test_activity_within_the_idle_timeout_keeps_the_session(world, login, settings):
    client = login(world.own.users["hr"])
    client.get(reverse("core:home"))
    session = client.session
    session[SESSION_LAST_SEEN] -= settings.SESSION_IDLE_TIMEOUT - 30
    session.save()
    assert client.get(reverse("core:home")).status_code == 200
    assert abs(client.session[SESSION_LAST_SEEN] - time.time()) < 60  # sliding window moved on
    assert not AuditEvent.objects.filter(action="auth.timeout").exists()


def test_absolute_timeout_logs_out_even_when_active(world, login, settings):
    client = login(world.own.users["hr"])
    client.get(reverse("core:home"))
    session = client.session
    session[SESSION_LOGIN_AT] -= settings.SESSION_ABSOLUTE_TIMEOUT + 5
    session.save()  # last_seen stays fresh
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:login"))
    event = AuditEvent.objects.get(action="auth.timeout")
    assert event.username == "a-hr"
    assert event.detail == {"kind": "absolute"}
    assert client.get(reverse("core:unit_list")).status_code == 302


@pytest.mark.parametrize("lowered", [True, False])
def test_idle_timeout_follows_the_setting(world, login, settings, lowered):
    settings.SESSION_IDLE_TIMEOUT = 60 if lowered else 3600
    client = login(world.own.users["hr"])
    client.get(reverse("core:home"))
    session = client.session
    session[SESSION_LAST_SEEN] -= 120
    session.save()
    assert client.get(reverse("core:home")).status_code == (302 if lowered else 200)


def test_password_change_page(world, login):
    user = world.own.users["staff"]
    client = login(user)
    url = reverse("core:password_change")
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 200
    assert "入力内容を確かめてください" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert not AuditEvent.objects.filter(action="auth.password_change").exists()
    response = client.post(
        url, {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    event = AuditEvent.objects.get(action="auth.password_change")
    assert event.username == "a-staff" and event.changed == ["password"]
    response = client.get(reverse("core:home"))  # the session survives the change
    assert response.status_code == 200
    assert "パスワードを変更しました。" in response.content.decode()


def test_password_change_applies_validators(world, login):
    user = world.own.users["staff"]
    client = login(user)
    response = client.post(
        reverse("core:password_change"),
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_logout_is_audited(world, login):
    client = login(world.own.users["hr"])
    response = client.post(reverse("core:logout"))
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="auth.logout", username="a-hr").exists()
    assert client.get(reverse("core:home")).status_code == 302


def test_denied_access_is_a_japanese_403_and_audited(world, login):
    client = login(world.own.users["staff"])
    response = client.get(reverse("people:staff_list"))
    assert response.status_code == 403
    assert "このページを見る権限がありません" in response.content.decode()
    event = AuditEvent.objects.get(action="access.denied")
    assert event.username == "a-staff"
    assert event.organisation == world.own.org
    assert event.role == "staff"
    assert event.detail == {"perm": "people.staff_list", "path": reverse("people:staff_list")}


def test_anonymous_is_sent_to_login_not_audited_as_denied(db, client):
    response = client.get(reverse("people:staff_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:login"))
    assert not AuditEvent.objects.filter(action="access.denied").exists()
