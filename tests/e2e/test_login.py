"""Logging in as each role lands on that role's home; a lockout after repeated failures."""

import pytest

from conftest import PASSWORD
from tests.e2e.conftest import assert_accessible, log_in, shot

HOMES = {
    "staff": "職員のホーム",
    "manager": "所属長のホーム",
    "hr": "人事担当のホーム",
    "dx_office": "DX推進担当のホーム",
    "executive": "幹部のホーム",
    "admin": "システム管理者のホーム",
}


@pytest.mark.django_db(transaction=True)
def test_login_page_is_japanese_and_accessible(page, world):
    page.goto("/")
    assert page.url.endswith("/login/?next=/")
    assert page.get_by_role("heading", name="ログイン").is_visible()
    assert_accessible(page)
    shot(page, "login", wide=True)


@pytest.mark.django_db(transaction=True)
def test_each_role_lands_on_its_home(page, world):
    for role, heading in HOMES.items():
        log_in(page, f"a-{role}", PASSWORD)
        assert page.get_by_role("heading", level=1).inner_text() == heading, role
        assert page.locator(".org-name").inner_text() == "自分市"
        if role in {"hr", "admin", "staff"}:
            shot(page, f"home-{role}")
        page.get_by_role("button", name="ログアウト").click()
        assert page.get_by_role("heading", name="ログイン").is_visible()
    log_in(page, "p-prefecture_support", PASSWORD)
    assert page.get_by_role("heading", level=1).inner_text() == "市町村支援担当のホーム"
    page.get_by_role("link", name="管内の市区町村の集計を見る").click()
    assert page.get_by_role("rowheader").filter(has_text="自分市").first.is_visible()
    assert_accessible(page)
    shot(page, "member-orgs")


@pytest.mark.django_db(transaction=True)
def test_wrong_password_then_lockout(page, world, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(2):
        log_in(page, "a-hr", "wrong-password")
        assert page.get_by_text("ログインIDまたはパスワードが正しくありません").is_visible()
    log_in(page, "a-hr", "wrong-password")
    assert page.get_by_role("heading", name="ログインを一時停止しています").is_visible()
    shot(page, "lockout")
    # Even the right password is refused during the cool-off.
    log_in(page, "a-hr", PASSWORD)
    assert page.get_by_role("heading", name="ログインを一時停止しています").is_visible()
    from jinzai.core.models import AuditEvent

    assert AuditEvent.objects.filter(action="auth.lockout", username="a-hr").exists()
    assert AuditEvent.objects.filter(action="auth.login_failed", username="a-hr").count() >= 3
