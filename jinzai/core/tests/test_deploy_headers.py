"""Headers and production settings (issue 9 item 7): HSTS with HTTPS, no-store on every signed-in page and
export, static files keep their caching, no Server header from gunicorn, `check --deploy` is clean."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[3]
CLEAN_ENV = {
    k: v
    for k, v in os.environ.items()
    if k
    not in {
        "DEBUG",
        "HTTPS",
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_PRELOAD",
        "SECURE_COOKIES",
        "DATABASE_URL",
        "DJANGO_ALLOW_ASYNC_UNSAFE",  # set by conftest for Playwright; never in a deployment
        "TRUSTED_PROXIES",
    }
}


def production_env(tmp_path, **extra) -> dict:
    return {
        **CLEAN_ENV,
        "JINZAI_DATA_DIR": str(tmp_path),
        "DEBUG": "false",
        "HTTPS": "true",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "jinzai.city.example.lg.jp",
        "CSRF_TRUSTED_ORIGINS": "https://jinzai.city.example.lg.jp",
        **extra,
    }


def _python(code: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_with_production_settings_gives_no_warning(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=production_env(tmp_path),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr


def test_check_deploy_still_warns_without_https(tmp_path):
    """The test above is not vacuous: the same check warns about a plain-HTTP set-up."""
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        env=production_env(tmp_path, HTTPS="false"),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "security.W004" in result.stdout + result.stderr  # no HSTS
    assert "security.W008" in result.stdout + result.stderr  # no HTTPS redirect


def test_hsts_follows_https(tmp_path):
    code = "import jinzai.settings as s; print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD)"
    assert _python(code, production_env(tmp_path)).stdout.split() == ["31536000", "True", "False"]
    assert _python(code, production_env(tmp_path, HTTPS="false")).stdout.split()[0] == "0"
    assert _python(code, production_env(tmp_path, SECURE_HSTS_SECONDS="600")).stdout.split()[0] == "600"


def test_hsts_header_on_https_responses(db, client, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get(reverse("core:login"), secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert "Strict-Transport-Security" not in client.get(reverse("core:login"))  # never over plain HTTP


@pytest.mark.parametrize(
    ("role", "name"),
    [
        ("hr", "core:home"),
        ("hr", "people:staff_list"),
        ("hr", "people:staff_export"),
        ("hr", "core:unit_export"),
        ("staff", "people:my_card"),
        ("admin", "core:audit_list"),
        ("admin", "core:user_list"),
    ],
)
def test_signed_in_pages_and_exports_are_not_stored(world, login, role, name):
    response = login(world.own.users[role]).get(reverse(name))
    assert response.status_code == 200, name
    assert "no-store" in response["Cache-Control"], name
    assert "private" in response["Cache-Control"], name


def test_anonymous_pages_are_not_stored_either(db, client):
    response = client.get(reverse("core:login"))
    assert "no-store" in response["Cache-Control"]


def test_static_files_keep_their_caching(db, client):
    response = client.get("/static/jinzai/app.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_gunicorn_sends_no_server_header(tmp_path):
    """The shipped gunicorn.conf.py removes gunicorn's `Server` header."""
    gunicorn = Path(sys.executable).with_name("gunicorn")
    if not gunicorn.exists():
        pytest.skip("gunicorn is not installed next to this Python")
    port = _free_port()
    env = production_env(
        tmp_path,
        HTTPS="false",
        ALLOWED_HOSTS="127.0.0.1",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="1",
    )
    proc = subprocess.Popen(
        [str(gunicorn), "jinzai.wsgi"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        headers = None
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and headers is None:
            try:
                # "/" answers with a redirect to the login page without touching the database
                opener = urllib.request.build_opener(NoRedirect)
                opener.open(f"http://127.0.0.1:{port}/", timeout=5)
            except urllib.error.HTTPError as exc:
                headers = exc.headers
            except OSError:
                time.sleep(0.3)
        assert headers is not None, proc.stderr.read1().decode() if proc.poll() is not None else "no answer"
        assert headers["Location"].startswith("/login/")
        assert "Server" not in headers, headers["Server"]
        assert "no-store" in headers["Cache-Control"]
    finally:
        proc.terminate()
        proc.wait(timeout=20)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
