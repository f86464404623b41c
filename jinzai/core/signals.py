"""Audit events for logins, failed logins, logouts and lockouts."""

import time

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from . import loginguard, twofactor
from .audit import audit, home_organisation
from .clientip import client_ip
from .middleware import SESSION_LAST_SEEN, SESSION_LOGIN_AT
from .models import AuditEvent, UserSetting


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    """The password step passed: decide the steps left (core.middleware.SignInStepsMiddleware)."""
    now = int(time.time())
    session = request.session
    session[SESSION_LOGIN_AT] = now
    session[SESSION_LAST_SEEN] = now
    session[twofactor.SESSION_REAUTH_AT] = now  # the password was just typed
    step = twofactor.signin_step(user)
    if step:
        session[twofactor.SESSION_STEP] = step
    else:
        session.pop(twofactor.SESSION_STEP, None)
    if UserSetting.objects.filter(user=user, must_change_password=True).exists():
        session[twofactor.SESSION_MUST_CHANGE_PASSWORD] = True
    else:
        session.pop(twofactor.SESSION_MUST_CHANGE_PASSWORD, None)
    audit(user, "auth.login", detail={"next_step": step} if step else None)


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
        ip=client_ip(request) if request is not None else None,
    )
    if request is not None:
        loginguard.note_failure(client_ip(request))


@receiver(user_locked_out)
def on_locked_out(sender, request, username, ip_address, **kwargs):
    username = str(username or "")[:150]
    AuditEvent.objects.create(
        action="auth.lockout",
        username=username,
        organisation=_organisation_of_username(username),
        ip=ip_address,
    )
