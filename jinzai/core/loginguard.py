"""Password spraying: one client address failing for many different login IDs is blocked for a while.

django-axes locks a login ID at one address after AXES_FAILURE_LIMIT failures; that does not stop one
address trying one password on every account. This counts the distinct login IDs with a failed login
(auth.login_failed in the audit log) from the address within AXES_COOLOFF_MINUTES: at LOGIN_SPRAY_LIMIT
the address is refused every login until the oldest of those failures leaves the window.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from .models import AuditEvent


def _window_start():
    return timezone.now() - timedelta(minutes=settings.AXES_COOLOFF_MINUTES)


def distinct_failures(ip: str | None) -> int:
    if not ip:
        return 0
    return (
        AuditEvent.objects.filter(action="auth.login_failed", ip=ip, at__gte=_window_start())
        .values("username")
        .distinct()
        .count()
    )


def address_blocked(ip: str | None) -> bool:
    return distinct_failures(ip) >= settings.LOGIN_SPRAY_LIMIT


def note_failure(ip: str | None) -> None:
    """After a failed login: audit the moment the address reaches the limit (once per window)."""
    if not ip or distinct_failures(ip) != settings.LOGIN_SPRAY_LIMIT:
        return
    if AuditEvent.objects.filter(action="auth.address_lockout", ip=ip, at__gte=_window_start()).exists():
        return
    AuditEvent.objects.create(
        action="auth.address_lockout",
        ip=ip,
        detail={"distinct_usernames": settings.LOGIN_SPRAY_LIMIT, "minutes": settings.AXES_COOLOFF_MINUTES},
    )
