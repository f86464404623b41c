"""The idle timeout counts from the real last request (issue 9 item 8).

It used to refresh the last-seen time only every 30 s, so a session could end up to 29 s before
SESSION_IDLE_TIMEOUT had passed since the last request. The clock of the middleware is replaced here.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from jinzai.core import middleware
from jinzai.core.middleware import SESSION_LAST_SEEN
from jinzai.core.models import AuditEvent


class Clock:
    def __init__(self, now: float):
        self.now = now

    def time(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    clock = Clock(2_000_000_000.0)
    monkeypatch.setattr(middleware, "time", clock)
    return clock


def _signed_in(world, login, clock):
    client = login(world.own.users["hr"])
    session = client.session
    session[middleware.SESSION_LOGIN_AT] = int(clock.now)
    session[SESSION_LAST_SEEN] = int(clock.now)
    session.save()
    return client


def test_every_request_moves_the_last_seen_time(world, login, clock):
    client = _signed_in(world, login, clock)
    for step in (1, 7, 29):
        clock.now += step
        assert client.get(reverse("core:home")).status_code == 200
        assert client.session[SESSION_LAST_SEEN] == int(clock.now)


def test_no_logout_before_the_timeout_after_the_last_request(world, login, clock, settings):
    client = _signed_in(world, login, clock)
    clock.now += 29  # a request 29 s after the last refresh (the old code did not record it)
    assert client.get(reverse("core:home")).status_code == 200
    clock.now += settings.SESSION_IDLE_TIMEOUT  # exactly the timeout after that request: still fine
    assert client.get(reverse("core:home")).status_code == 200
    assert not AuditEvent.objects.filter(action="auth.timeout").exists()


def test_logout_once_the_timeout_has_passed_since_the_last_request(world, login, clock, settings):
    client = _signed_in(world, login, clock)
    clock.now += 29
    client.get(reverse("core:home"))
    clock.now += settings.SESSION_IDLE_TIMEOUT + 1
    response = client.get(reverse("core:home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("core:login"))
    assert AuditEvent.objects.get(action="auth.timeout").detail == {"kind": "idle"}


def test_several_requests_in_one_second_write_the_session_once(world, login, clock):
    client = _signed_in(world, login, clock)
    clock.now += 5.2
    client.get(reverse("core:home"))
    stamp = client.session[SESSION_LAST_SEEN]
    clock.now += 0.5
    client.get(reverse("core:home"))
    assert client.session[SESSION_LAST_SEEN] == stamp == int(clock.now)
