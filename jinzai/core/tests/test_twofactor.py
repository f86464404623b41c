"""Two-factor sign-in (issue 9 item 1): TOTP with recovery codes, the per-organisation policy, the login
steps, re-authentication before changes, and the admin's reset — all audited.

The test world requires no second factor (conftest `_build_org`); these tests turn it on.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import struct
import time
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD
from jinzai.core import services, twofactor
from jinzai.core.access import SystemActor
from jinzai.core.models import AuditEvent, Organisation, org_code_check_digit

SECRET_RE = re.compile(r'<p class="secret-key mono">([A-Z2-7 ]+)</p>')
CODE_RE = re.compile(r"<li>([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})</li>")


def rfc6238(secret_b32: str, at: float | None = None, step: int = 30) -> str:
    """What an authenticator app shows (RFC 6238, HMAC-SHA1, 6 digits) — written independently of django-otp."""
    secret = secret_b32.replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // step)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def app_code(device: TOTPDevice, at: float | None = None) -> str:
    return rfc6238(base64.b32encode(device.bin_key).decode(), at)


def enrol(user) -> tuple[TOTPDevice, list[str]]:
    device = TOTPDevice.objects.create(user=user, name="test", confirmed=False)
    codes = services.twofactor_enrol(user=user, device=device, token=app_code(device))
    assert codes is not None
    device.refresh_from_db()
    return device, codes


def post_login(client, username, password=PASSWORD):
    return client.post(reverse("core:login"), {"username": username, "password": password})


def require(org, *roles):
    org.twofactor_roles = list(roles)
    org.save(update_fields=["twofactor_roles"])


# --- policy ---------------------------------------------------------------------------------


def test_a_new_organisation_requires_it_for_admin_and_hr(db):
    code = "13201" + str(org_code_check_digit("13201"))
    org = services.organisation_create(
        actor=SystemActor(organisation=None, label="test"), code=code, name="八王子市", kind="municipality"
    )
    assert org.twofactor_roles == ["admin", "hr"]


def test_the_test_world_requires_nothing(world):
    for o in (world.pref, world.own, world.foreign):
        assert o.org.twofactor_roles == []
    assert not twofactor.is_required(world.own.users["admin"])


def test_required_follows_any_active_membership(world):
    require(world.own.org, "hr")
    assert twofactor.is_required(world.own.users["hr"])
    assert not twofactor.is_required(world.own.users["staff"])
    member = world.own.members["hr"]
    member.is_active = False
    member.save()
    assert not twofactor.is_required(world.own.users["hr"])


def test_admin_changes_the_policy_audited(world, login):
    client = login(world.own.users["admin"])
    url = reverse("core:security_policy")
    html = client.get(url).content.decode()
    assert "ログインの安全" in html and 'value="prefecture_support"' not in html
    response = client.post(url, {"roles": ["admin", "hr", "dx_office"]})
    assert response.status_code == 302
    world.own.org.refresh_from_db()
    assert world.own.org.twofactor_roles == ["hr", "dx_office", "admin"]  # in role order
    event = AuditEvent.objects.get(action="organisation.twofactor_policy")
    assert event.username == "a-admin" and event.organisation == world.own.org
    assert event.detail == {"before": [], "after": ["hr", "dx_office", "admin"]}
    client.post(url, {"roles": ["admin", "hr", "dx_office"]})  # no change, no second event
    assert AuditEvent.objects.filter(action="organisation.twofactor_policy").count() == 1
    world.foreign.org.refresh_from_db()
    assert world.foreign.org.twofactor_roles == []


def test_only_admin_sets_the_policy(world, login):
    assert login(world.own.users["hr"]).get(reverse("core:security_policy")).status_code == 403


# --- login with an enrolled device -------------------------------------------------------------


def test_enrolled_user_must_enter_a_code_after_the_password(world, client):
    user = world.own.users["staff"]  # not required: enrolled by choice still asks for the code
    device, _ = enrol(user)
    response = post_login(client, "a-staff")
    assert response.status_code == 302
    assert response["Location"] == reverse("core:login_otp") + "?next=%2F"
    # every other page sends back to the code step
    for name in ("core:home", "people:my_card", "core:user_settings", "core:twofactor"):
        response = client.get(reverse(name))
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("core:login_otp")), name
    html = client.get(reverse("core:login_otp")).content.decode()
    assert "確認コードの入力" in html and 'autocomplete="one-time-code"' in html
    response = client.post(
        reverse("core:login_otp"), {"code": "000000" if app_code(device) != "000000" else "111111"}
    )
    assert response.status_code == 200
    assert "確認コードが正しくありません" in response.content.decode()
    assert AuditEvent.objects.filter(action="auth.otp_failed", username="a-staff").count() == 1
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)  # skip the 1 s back-off
    session_key = client.session.session_key
    # the code of the next 30 s step (the current one was used by the enrolment; one step of drift is allowed)
    response = client.post(
        reverse("core:login_otp"), {"code": app_code(device, time.time() + 30), "next": "/"}
    )
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.session.session_key != session_key  # a new session id once signed in fully
    assert client.get(reverse("core:home")).status_code == 200
    assert AuditEvent.objects.get(action="auth.second_factor").detail == {"kind": "totp"}
    assert AuditEvent.objects.get(action="auth.login", username="a-staff").detail == {"next_step": "verify"}


def test_a_code_is_accepted_once_only(world, client):
    user = world.own.users["hr"]
    device, _ = enrol(user)  # enrol used the current code
    post_login(client, "a-hr")
    response = client.post(reverse("core:login_otp"), {"code": app_code(device)})
    assert response.status_code == 200  # replay of the code used a moment ago
    assert client.get(reverse("core:home")).status_code == 302


def test_wrong_codes_are_throttled(world, client):
    device, _ = enrol(world.own.users["hr"])
    post_login(client, "a-hr")
    wrong = "123456" if app_code(device) != "123456" else "654321"
    client.post(reverse("core:login_otp"), {"code": wrong})
    client.post(reverse("core:login_otp"), {"code": wrong})  # within the back-off
    response = client.post(reverse("core:login_otp"), {"code": app_code(device, time.time() + 30)})
    assert "秒待ってから" in response.content.decode()
    assert client.get(reverse("core:home")).status_code == 302


def test_recovery_code_signs_in_once(world, client):
    user = world.own.users["hr"]
    _, codes = enrol(user)
    assert len(codes) == 10 and len(set(codes)) == 10
    # stored as digests, not as the codes
    stored = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert not stored & {c.replace("-", "") for c in codes} and len(stored) == 10
    post_login(client, "a-hr")
    typed = codes[0].upper().replace("-", " ")  # case and separators do not matter
    response = client.post(reverse("core:login_otp"), {"code": typed})
    assert response.status_code == 302
    assert "回復コードでログインしました（残り9個）" in client.get(reverse("core:home")).content.decode()
    assert AuditEvent.objects.get(action="twofactor.recovery_code_used").detail == {"left": 9}
    client.post(reverse("core:logout"))
    post_login(client, "a-hr")
    response = client.post(reverse("core:login_otp"), {"code": codes[0]})
    assert response.status_code == 200 and "確認コードが正しくありません" in response.content.decode()


# --- enrolment ----------------------------------------------------------------------------------


def test_required_but_not_enrolled_must_set_it_up_before_anything_else(world, client):
    require(world.own.org, "admin", "hr")
    response = post_login(client, "a-hr")
    assert response["Location"] == reverse("core:twofactor_setup") + "?next=%2F"
    for name in ("core:home", "people:staff_list", "core:login_otp"):
        response = client.get(reverse(name))
        assert response["Location"].startswith(reverse("core:twofactor_setup")), name
    html = client.get(reverse("core:twofactor_setup")).content.decode()
    assert "最初に2段階認証を設定してください" in html
    assert 'src="data:image/svg+xml;base64,' in html  # the QR code, no external image, no PIL
    secret = SECRET_RE.search(html).group(1)
    # the QR code encodes the same key as the one shown for typing
    device = TOTPDevice.objects.get(user=world.own.users["hr"], confirmed=False)
    assert "otpauth://totp/jinzai%3Aa-hr?secret=" + secret.replace(" ", "") in device.config_url
    assert (
        client.get(reverse("core:twofactor_setup")).content.decode().count(secret) == 1
    )  # same key on reload
    response = client.post(
        reverse("core:twofactor_setup"), {"code": "999999" if rfc6238(secret) != "999999" else "888888"}
    )
    assert "数字が正しくありません" in response.content.decode()
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    response = client.post(reverse("core:twofactor_setup"), {"code": rfc6238(secret), "next": "/"})
    assert response.status_code == 200
    html = response.content.decode()
    codes = CODE_RE.findall(html)
    assert len(codes) == 10 and "表示はこの1回だけです" in html
    assert client.get(reverse("core:home")).status_code == 200  # no step left
    device.refresh_from_db()
    assert device.confirmed
    event = AuditEvent.objects.get(action="twofactor.enrol")
    assert event.username == "a-hr" and event.detail == {"replaced": False, "recovery_codes": 10}
    assert twofactor.recovery_codes_left(world.own.users["hr"]) == 10


def test_not_required_role_logs_in_directly(world, client):
    require(world.own.org, "admin", "hr")
    response = post_login(client, "a-staff")
    assert response["Location"] == reverse("core:home")
    assert client.get(reverse("core:home")).status_code == 200


def test_force_login_cannot_skip_a_required_enrolment(world, login):
    require(world.own.org, "admin")
    client = login(world.own.users["admin"])
    response = client.get(reverse("core:user_list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("core:twofactor_setup"))


def test_re_enrolment_replaces_the_old_app_and_codes(world, login):
    user = world.own.users["dx_office"]
    old, old_codes = enrol(user)
    new, new_codes = enrol(user)
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()
    assert StaticDevice.objects.filter(user=user).count() == 1
    assert twofactor.verify(user, old_codes[0]).device is None
    StaticDevice.objects.filter(user=user).update(throttling_failure_count=0)  # the back-off after a miss
    assert twofactor.verify(user, new_codes[0]).kind == "recovery"
    assert AuditEvent.objects.filter(action="twofactor.enrol").last().detail["replaced"] is False
    assert AuditEvent.objects.filter(action="twofactor.enrol").first().detail["replaced"] is True


def test_new_recovery_codes_make_the_old_ones_useless(world, login):
    user = world.own.users["staff"]
    client = login(user)  # signed in before enrolling: no code step in this session
    _, old_codes = enrol(user)
    response = client.post(reverse("core:twofactor_codes"))
    new_codes = CODE_RE.findall(response.content.decode())
    assert len(new_codes) == 10
    assert twofactor.verify(user, old_codes[1]).device is None
    StaticDevice.objects.filter(user=user).update(throttling_failure_count=0)
    assert twofactor.verify(user, new_codes[1]).device is not None
    assert AuditEvent.objects.filter(action="twofactor.recovery_codes", username="a-staff").exists()


# --- re-authentication -------------------------------------------------------------------------------


def test_changing_the_second_factor_asks_for_the_password_again(world, login, settings):
    client = login(world.own.users["staff"])
    session = client.session
    session[twofactor.SESSION_REAUTH_AT] -= settings.REAUTH_MAX_AGE + 5
    session.save()
    setup = reverse("core:twofactor_setup")
    response = client.get(setup)
    assert response["Location"] == reverse("core:reauth") + "?next=" + setup.replace("/", "%2F")
    response = client.post(reverse("core:twofactor_disable"))
    assert response["Location"].startswith(reverse("core:reauth"))
    response = client.post(reverse("core:reauth"), {"password": "wrong-password", "next": setup})
    assert response.status_code == 200 and "パスワードが正しくありません" in response.content.decode()
    assert AuditEvent.objects.filter(
        action="auth.login_failed", username="a-staff"
    ).exists()  # counts for axes
    response = client.post(reverse("core:reauth"), {"password": PASSWORD, "next": setup})
    assert response["Location"] == setup
    assert client.get(setup).status_code == 200
    assert AuditEvent.objects.filter(action="auth.reauth", username="a-staff").exists()


def test_reauth_does_not_redirect_off_site(world, login):
    client = login(world.own.users["staff"])
    response = client.post(reverse("core:reauth"), {"password": PASSWORD, "next": "https://evil.example/"})
    assert response["Location"] == reverse("core:home")


def test_password_change_needs_the_current_password(world, login):
    client = login(world.own.users["staff"])
    html = client.get(reverse("core:password_change")).content.decode()
    assert 'name="old_password"' in html


# --- turning it off, the admin's reset ---------------------------------------------------------------


def test_disable_is_refused_when_the_role_requires_it(world, login):
    user = world.own.users["hr"]
    enrol(user)
    require(world.own.org, "hr")
    client = login(user)
    # (force_login: the code step is not what this test is about)
    session = client.session
    session.pop(twofactor.SESSION_STEP, None)
    session.save()
    client.post(reverse("core:twofactor_disable"))
    assert twofactor.is_enrolled(user)
    assert "必須のため、無効にできません" in client.get(reverse("core:twofactor")).content.decode()
    require(world.own.org)
    client.post(reverse("core:twofactor_disable"))
    assert not twofactor.is_enrolled(user) and not StaticDevice.objects.filter(user=user).exists()
    assert AuditEvent.objects.filter(action="twofactor.disable", username="a-hr").exists()


def test_admin_resets_a_persons_second_factor_audited(world, login):
    hr = world.own.users["hr"]
    enrol(hr)
    client = login(world.own.users["admin"])  # the admin has no app: no code step
    member = world.own.members["hr"]
    html = client.get(reverse("core:membership_edit", args=[member.pk])).content.decode()
    assert "2段階認証をリセットする" in html and "設定済み" in html
    response = client.post(reverse("core:membership_twofactor_reset", args=[member.pk]))
    assert response.status_code == 302
    assert (
        not TOTPDevice.objects.filter(user=hr).exists() and not StaticDevice.objects.filter(user=hr).exists()
    )
    event = AuditEvent.objects.get(action="user.twofactor_reset")
    assert (event.username, event.role, event.object_id) == ("a-admin", "admin", str(hr.pk))
    assert event.organisation == world.own.org
    # the person sets it up again at the next sign-in when required
    require(world.own.org, "hr")
    other = client.__class__()
    assert post_login(other, "a-hr")["Location"].startswith(reverse("core:twofactor_setup"))


def test_admin_reset_limits(world, login):
    admin = world.own.users["admin"]
    client = login(admin)
    enrol(admin)
    client.post(reverse("core:membership_twofactor_reset", args=[world.own.members["admin"].pk]))
    assert twofactor.is_enrolled(admin)  # not oneself
    foreign = world.foreign.members["hr"]
    enrol(foreign.user)
    assert client.post(reverse("core:membership_twofactor_reset", args=[foreign.pk])).status_code == 404
    assert twofactor.is_enrolled(foreign.user)
    hr_client = login(world.own.users["hr"])
    assert (
        hr_client.post(
            reverse("core:membership_twofactor_reset", args=[world.own.members["staff"].pk])
        ).status_code
        == 403
    )
    assert not AuditEvent.objects.filter(action="user.twofactor_reset").exists()


# --- the demo and the migration --------------------------------------------------------------------


def test_migration_keeps_the_demo_organisations_optional(world):
    migration = import_module("jinzai.core.migrations.0004_twofactor_policy_must_change_password")
    Organisation.objects.update(twofactor_roles=["admin", "hr"])  # as after the field was added
    AuditEvent.objects.create(action="demo.seed", organisation=world.foreign.org)
    migration.demo_organisations_keep_twofactor_optional(django_apps, None)
    world.own.org.refresh_from_db()
    world.foreign.org.refresh_from_db()
    assert world.own.org.twofactor_roles == ["admin", "hr"]
    assert world.foreign.org.twofactor_roles == []


@pytest.mark.parametrize("typed", ["１２３４５６", " 123 456 "])
def test_codes_are_normalised(typed):
    assert twofactor.normalise_code(typed) == "123456"
