"""In Chromium: setting up two-factor sign-in from the QR page and signing in with a code from the app,
a recovery code, the first-run setup on an empty database, and the forced change of an initial password.

The authenticator app is played by an RFC 6238 function written in the test (jinzai/core/tests/
test_twofactor.py), fed with the key the page shows for typing by hand.
"""

from __future__ import annotations

import time

import pytest

from conftest import PASSWORD
from jinzai.core.tests.test_twofactor import enrol, require, rfc6238
from tests.e2e.conftest import assert_accessible, log_in, log_out, shot

NEW_PASSWORD = "Atarashii-aikotoba-2026"


def _small(page, name: str) -> None:
    """A second screenshot at 390 px wide (a phone)."""
    size = page.viewport_size
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, f"{name}-390")
    page.set_viewport_size(size)


def _enter_code(page, code: str, button: str) -> None:
    page.get_by_role("textbox").first.fill(code)
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()


@pytest.mark.django_db(transaction=True)
def test_required_enrolment_then_sign_in_with_the_app(page, world):
    require(world.own.org, "admin", "hr")
    log_in(page, "a-admin", PASSWORD)
    assert page.url.endswith("/account/twofactor/setup/?next=%2F")
    assert page.get_by_role("heading", name="最初に2段階認証を設定してください").is_visible()
    qr = page.get_by_role("img", name="認証アプリで読み取るQRコード（読み取れないときは下のキーを入力）")
    assert qr.is_visible() and qr.evaluate("img => img.naturalWidth") > 100  # the SVG renders
    assert_accessible(page)
    shot(page, "twofactor-setup")
    _small(page, "twofactor-setup")
    page.get_by_text("QRコードを読み取れないとき（キーを手で入力する）").click()
    secret = page.locator(".secret-key").inner_text()
    # any other page waits until it is set up
    page.goto("/staff/")
    assert "/account/twofactor/setup/" in page.url
    page.goto("/account/twofactor/setup/?next=%2F")
    page.get_by_label("認証アプリに表示された6桁の数字").fill(
        "000000" if rfc6238(secret) != "000000" else "111111"
    )
    with page.expect_navigation():
        page.get_by_role("button", name="確かめて設定する").click()
    assert page.get_by_text("数字が正しくありません").first.is_visible()
    time.sleep(1.1)  # django-otp's back-off after a wrong code
    page.get_by_label("認証アプリに表示された6桁の数字").fill(rfc6238(secret))
    with page.expect_navigation():
        page.get_by_role("button", name="確かめて設定する").click()
    assert page.get_by_role("heading", name="回復コード", exact=True).is_visible()
    assert page.locator(".recovery-codes li").count() == 10
    assert_accessible(page)
    shot(page, "twofactor-recovery-codes")
    with page.expect_navigation():
        page.get_by_role("link", name="保存しました。次へ進む").click()
    assert page.get_by_role("heading", level=1).inner_text() == "システム管理者のホーム"
    assert page.get_by_role("heading", name="だれが何をするか").is_visible()
    shot(page, "home-admin-who-does-what", wide=True)
    _small(page, "home-admin-who-does-what")
    log_out(page)

    log_in(page, "a-admin", PASSWORD)
    assert "/login/code/" in page.url
    assert page.get_by_role("heading", name="確認コードの入力").is_visible()
    assert_accessible(page)
    shot(page, "login-code")
    _small(page, "login-code")
    _enter_code(page, rfc6238(secret, time.time() + 30), "確認する")  # the next step: this one was used
    assert page.get_by_role("heading", level=1).inner_text() == "システム管理者のホーム"


@pytest.mark.django_db(transaction=True)
def test_sign_in_with_a_recovery_code(page, world):
    _, codes = enrol(world.own.users["hr"])
    log_in(page, "a-hr", PASSWORD)
    page.get_by_text("スマートフォンが手元にないとき", exact=True).click()
    shot(page, "login-code-recovery-help")
    _enter_code(page, codes[3], "確認する")
    assert page.get_by_role("heading", level=1).inner_text() == "人事担当のホーム"
    assert page.get_by_text("回復コードでログインしました（残り9個）").is_visible()
    shot(page, "login-recovery-code-used")
    page.goto("/account/twofactor/")
    assert page.get_by_text("9個").is_visible()
    assert_accessible(page)
    shot(page, "twofactor-overview")
    log_out(page)
    log_in(page, "a-hr", PASSWORD)
    _enter_code(page, codes[3], "確認する")  # a used code does not work again
    assert page.get_by_text("確認コードが正しくありません").first.is_visible()


@pytest.mark.django_db(transaction=True)
def test_first_run_setup_on_an_empty_database(page, settings, tmp_path):
    from jinzai.core import firstrun
    from jinzai.core.models import Organisation

    settings.DATA_DIR = tmp_path
    page.goto("/")
    assert page.get_by_role("heading", name="初期設定がまだです").is_visible()
    shot(page, "first-run-login-notice")
    with page.expect_navigation():
        page.get_by_role("link", name="初期設定を始める").click()
    assert_accessible(page)
    shot(page, "first-run-1")
    _small(page, "first-run-1")
    page.get_by_label("都道府県").select_option(label="東京都")
    with page.expect_navigation():
        page.get_by_role("button", name="次へ").click()
    page.get_by_label("団体").select_option(label="八王子市（132012）")
    page.get_by_label("初期設定の確認コード").fill(firstrun.setup_token())
    page.get_by_label("システム管理者のログインID").fill("admin-hachioji")
    page.get_by_label("氏名（表示名）").fill("八王子　一郎")
    page.locator('input[name="password1"]').fill(NEW_PASSWORD)
    page.locator('input[name="password2"]').fill(NEW_PASSWORD)
    assert_accessible(page)
    shot(page, "first-run-2")
    _small(page, "first-run-2")
    with page.expect_navigation():
        page.get_by_role("button", name="登録する").click()
    assert page.get_by_role("heading", name="初期設定が終わりました").is_visible()
    assert page.get_by_role("heading", name="次にすること").is_visible()
    assert_accessible(page)
    shot(page, "first-run-done")
    _small(page, "first-run-done")
    assert Organisation.objects.get(code="132012").prefecture.name == "東京都"
    response = page.goto("/setup/")
    assert response.status == 404
    log_in(page, "admin-hachioji", NEW_PASSWORD)
    assert page.get_by_role("heading", name="最初に2段階認証を設定してください").is_visible()


@pytest.mark.django_db(transaction=True)
def test_a_new_account_changes_its_initial_password_first(page, world):
    log_in(page, "a-admin", PASSWORD)
    page.goto("/admin/users/new/?role=dx_office")
    page.get_by_label("ログインID").fill("a-dx2")
    page.get_by_label("初期パスワード").fill("Shoki-pasuwado-2026")
    with page.expect_navigation():
        page.get_by_role("button", name="追加する").click()
    log_out(page)
    log_in(page, "a-dx2", "Shoki-pasuwado-2026")
    assert page.get_by_role("heading", name="初期パスワードを変更してください").is_visible()
    assert_accessible(page)
    shot(page, "password-change-forced")
    _small(page, "password-change-forced")
    page.goto("/planning/plans/")
    assert "/password/" in page.url  # nothing else until it is changed
    page.locator('input[name="old_password"]').fill("Shoki-pasuwado-2026")
    page.locator('input[name="new_password1"]').fill(NEW_PASSWORD)
    page.locator('input[name="new_password2"]').fill(NEW_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="変更する").click()
    assert page.get_by_text("パスワードを変更しました。").is_visible()
    # and on to the page that was asked for
    assert page.get_by_role("heading", level=1).inner_text() == "育成計画"
