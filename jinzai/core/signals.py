"""Audit events for logins, failed logins, logouts and lockouts."""

import time

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .audit import audit, home_organisation
from .middleware import SESSION_LAST_SEEN, SESSION_LOGIN_AT
from .models import AuditEvent


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    now = int(time.time())
    request.session[SESSION_LOGIN_AT] = now
    request.session[SESSION_LAST_SEEN] = now
    audit(user, "auth.login")


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        audit(user, "auth.logout")


def _organisation_of_username(username: str):
    """So that an organisation's admins see failed logins and lockouts of their own users."""
    user = get_user_model().objects.filter(username=username).first()
    return home_organisation(user) if user else None


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    AuditEvent.objects.create(
        action="auth.login_failed",
        username=username,
        organisation=_organisation_of_username(username),
        ip=request.META.get("REMOTE_ADDR") if request is not None else None,
    )


@receiver(user_locked_out)
def on_locked_out(sender, request, username, ip_address, **kwargs):
    username = str(username or "")[:150]
    AuditEvent.objects.create(
        action="auth.lockout",
        username=username,
        organisation=_organisation_of_username(username),
        ip=ip_address,
    )
