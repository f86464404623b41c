"""Password rules per ASVS (issue 9 item 1): at least 12 characters for システム管理者, 10 for others,
Django's list of common passwords, and no forced rotation."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from jinzai.core import services

ELEVEN = "Kumo-sora-71"[:11]  # 11 characters, not common, not numeric


def test_admin_accounts_need_twelve_characters(world):
    admin = world.own.members["admin"]
    with pytest.raises(ValidationError) as exc:
        services.user_create(actor=admin, username="a-admin2", password=ELEVEN, role="admin")
    assert "システム管理者のパスワードは12文字以上" in " ".join(exc.value.messages)
    services.user_create(actor=admin, username="a-hr2", password=ELEVEN, role="hr")  # 10 is enough here
    services.user_create(actor=admin, username="a-admin3", password=ELEVEN + "x", role="admin")


def test_an_existing_admin_changing_the_password(world):
    with pytest.raises(ValidationError):
        validate_password(ELEVEN, world.own.users["admin"])
    validate_password(ELEVEN, world.own.users["hr"])


def test_the_admin_password_change_page_says_so(world, login):
    from conftest import PASSWORD

    client = login(world.own.users["admin"])
    response = client.post(
        reverse("core:password_change"),
        {"old_password": PASSWORD, "new_password1": ELEVEN, "new_password2": ELEVEN},
    )
    assert response.status_code == 200
    assert "システム管理者のパスワードは12文字以上" in response.content.decode()


@pytest.mark.parametrize("common", ["password1234", "qwertyuiop12", "1234567890ab"[:10]])
def test_common_passwords_are_refused(world, common):
    with pytest.raises(ValidationError):
        validate_password(common, world.own.users["staff"])


def test_no_forced_rotation():
    # no validator or setting expires passwords; only an admin-set password must be changed once
    names = [v["NAME"] for v in django_settings.AUTH_PASSWORD_VALIDATORS]
    assert "django.contrib.auth.password_validation.CommonPasswordValidator" in names
    assert not any("expir" in n.lower() or "age" in n.lower() for n in names)
    assert not hasattr(django_settings, "PASSWORD_MAX_AGE")
