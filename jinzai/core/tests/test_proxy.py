"""Behind a reverse proxy (issue 9 item 4): X-Forwarded-For is believed only from TRUSTED_PROXIES, one
function gives the client address to django-axes, the audit log and the rest, and password spraying
from one address across many login IDs is blocked."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.test import RequestFactory
from django.urls import reverse

from conftest import PASSWORD
from jinzai.core.clientip import client_ip
from jinzai.core.models import AuditEvent

PROXY = "10.0.0.5"
ROOT = Path(__file__).resolve().parents[3]


def _ip(settings, remote, xff=None, trusted=(PROXY,)):
    settings.TRUSTED_PROXIES = list(trusted)
    meta = {"REMOTE_ADDR": remote}
    if xff is not None:
        meta["HTTP_X_FORWARDED_FOR"] = xff
    return client_ip(RequestFactory().get("/", **meta))


@pytest.mark.parametrize(
    ("remote", "xff", "expected"),
    [
        ("203.0.113.7", None, "203.0.113.7"),  # no proxy
        ("203.0.113.7", "198.51.100.1", "203.0.113.7"),  # not from a trusted proxy: header ignored
        (PROXY, None, PROXY),
        (PROXY, "198.51.100.1", "198.51.100.1"),
        (PROXY, "1.2.3.4, 198.51.100.1", "198.51.100.1"),  # the client's own (spoofed) entry is left of it
        (PROXY, "198.51.100.1, 10.0.0.6", "198.51.100.1"),  # a second trusted hop (10.0.0.0/24)
        (PROXY, "garbage, 198.51.100.1", "198.51.100.1"),
        (PROXY, "198.51.100.1, garbage", PROXY),  # unreadable from the proxy side: the proxy
        (PROXY, "[2001:db8::1]:443", "2001:db8::1"),
        (PROXY, "198.51.100.1:5050", "198.51.100.1"),
        ("::ffff:10.0.0.5", "198.51.100.1", "198.51.100.1"),  # IPv4-mapped peer
    ],
)
def test_client_ip(settings, remote, xff, expected):
    assert _ip(settings, remote, xff, trusted=[PROXY, "10.0.0.0/24"]) == expected


def test_without_trusted_proxies_the_header_is_never_read(settings):
    assert _ip(settings, PROXY, "198.51.100.1", trusted=[]) == PROXY


def test_axes_uses_the_same_function(settings):
    from axes.helpers import get_client_ip_address

    settings.TRUSTED_PROXIES = [PROXY]
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert get_client_ip_address(request) == "198.51.100.1"


def _login(client, username, password, ip, proxy=PROXY):
    return client.post(
        reverse("core:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR=ip,
    )


def test_lockout_is_per_real_client_behind_the_proxy(world, client, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    settings.AXES_FAILURE_LIMIT = 3
    for i in range(3):
        _login(client, "a-admin", f"wrong-{i}", "198.51.100.66")
    assert _login(client, "a-admin", PASSWORD, "198.51.100.66").status_code == 429  # the attacker
    assert AccessAttempt.objects.get(username="a-admin").ip_address == "198.51.100.66"
    # the real admin, from another desk behind the same proxy, still signs in
    assert _login(client.__class__(), "a-admin", PASSWORD, "192.0.2.10").status_code == 302
    ips = set(AuditEvent.objects.filter(action="auth.lockout").values_list("ip", flat=True))
    assert ips == {"198.51.100.66"}


def test_audit_records_the_real_client(world, client, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    _login(client, "a-hr", "wrong", "198.51.100.23")
    assert AuditEvent.objects.get(action="auth.login_failed").ip == "198.51.100.23"
    _login(client, "a-hr", PASSWORD, "198.51.100.23")
    assert AuditEvent.objects.get(action="auth.login").ip == "198.51.100.23"
    client.get(reverse("core:home"), REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.23")
    client.post(reverse("core:logout"), REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.24")
    assert AuditEvent.objects.get(action="auth.logout").ip == "198.51.100.24"


def test_a_spoofed_header_from_outside_is_recorded_as_the_peer(world, client, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    _login(client, "a-hr", "wrong", "198.51.100.1", proxy="203.0.113.99")
    assert AuditEvent.objects.get(action="auth.login_failed").ip == "203.0.113.99"


def test_password_spraying_blocks_the_address(world, client, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    settings.LOGIN_SPRAY_LIMIT = 4
    sprayer = "198.51.100.77"
    names = ["a-staff", "a-manager", "a-hr", "nobody-1"]
    for name in names[:3]:
        assert _login(client, name, "Summer2026!", sprayer).status_code == 200
    assert not AuditEvent.objects.filter(action="auth.address_lockout").exists()
    response = _login(client, names[3], "Summer2026!", sprayer)  # the 4th distinct login ID
    assert response.status_code == 429
    html = response.content.decode()
    assert "この接続元からのログインを一時停止しています" in html
    assert "多くのログインIDでログインの失敗が続いた" in html and "15分たってから" in html
    event = AuditEvent.objects.get(action="auth.address_lockout")
    assert event.ip == sprayer and event.detail["distinct_usernames"] == 4
    # even a right password is refused from that address now, and nothing more is counted
    before = AuditEvent.objects.filter(action="auth.login_failed").count()
    assert _login(client, "a-dx_office", PASSWORD, sprayer).status_code == 429
    assert AuditEvent.objects.filter(action="auth.login_failed").count() == before
    # other people behind the same proxy are not affected
    assert _login(client.__class__(), "a-dx_office", PASSWORD, "192.0.2.10").status_code == 302
    assert AuditEvent.objects.filter(action="auth.address_lockout").count() == 1


def test_one_person_mistyping_is_not_spraying(world, client, settings):
    settings.LOGIN_SPRAY_LIMIT = 2
    settings.AXES_FAILURE_LIMIT = 10
    for i in range(5):
        _login(client, "a-hr", f"wrong-{i}", "198.51.100.5", proxy="198.51.100.5")
    assert _login(client, "a-hr", PASSWORD, "198.51.100.5", proxy="198.51.100.5").status_code == 302


def test_old_failures_leave_the_window(world, client, settings):
    from datetime import timedelta

    from django.utils import timezone

    settings.LOGIN_SPRAY_LIMIT = 2
    for name in ("x1", "x2"):
        _login(client, name, "pw", "198.51.100.9", proxy="198.51.100.9")
    assert _login(client, "a-hr", PASSWORD, "198.51.100.9", proxy="198.51.100.9").status_code == 429
    AuditEvent.objects.filter(action="auth.login_failed").update(
        at=timezone.now() - timedelta(minutes=settings.AXES_COOLOFF_MINUTES + 1)
    )
    assert _login(client, "a-hr", PASSWORD, "198.51.100.9", proxy="198.51.100.9").status_code == 302


@pytest.mark.parametrize("value", ["10.0.0.300", "proxy.example", "10.0.0.0/33"])
def test_a_bad_trusted_proxies_value_stops_start_up(tmp_path, value):
    env = {k: v for k, v in os.environ.items() if k != "TRUSTED_PROXIES"}
    env.update(JINZAI_DATA_DIR=str(tmp_path), TRUSTED_PROXIES=f"127.0.0.1,{value}")
    result = subprocess.run(
        [sys.executable, "-c", "import jinzai.settings"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "TRUSTED_PROXIES" in result.stderr and value in result.stderr


def test_trusted_proxies_are_read_from_the_environment(tmp_path):
    env = {**os.environ, "JINZAI_DATA_DIR": str(tmp_path), "TRUSTED_PROXIES": "127.0.0.1, 10.1.0.0/16"}
    result = subprocess.run(
        [sys.executable, "-c", "import jinzai.settings as s; print(s.TRUSTED_PROXIES)"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['127.0.0.1', '10.1.0.0/16']"
