"""Session timeouts, the sign-in steps (second factor, initial password), the acting membership of
each request and the no-store caching of every page."""

from __future__ import annotations

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.functional import SimpleLazyObject

from .audit import current_ip
from .clientip import client_ip
from .models import Membership
from .roles import Role
from .twofactor import SESSION_MUST_CHANGE_PASSWORD, SESSION_STEP, STEP_ENROL, STEP_VERIFY

SESSION_LOGIN_AT = "jinzai_login_at"
SESSION_LAST_SEEN = "jinzai_last_seen"
SESSION_MEMBERSHIP = "jinzai_membership"

# When a user has several memberships and has not chosen one, the first in this order acts.
ROLE_PRIORITY = [
    Role.ADMIN,
    Role.HR,
    Role.DX_OFFICE,
    Role.PREFECTURE_SUPPORT,
    Role.EXECUTIVE,
    Role.MANAGER,
    Role.STAFF,
]


class SessionTimeoutMiddleware:
    """Logs out after SESSION_IDLE_TIMEOUT seconds without a request or SESSION_ABSOLUTE_TIMEOUT after login."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            session = request.session
            login_at = session.get(SESSION_LOGIN_AT, now)
            last_seen = session.get(SESSION_LAST_SEEN, now)
            idle = now - last_seen > settings.SESSION_IDLE_TIMEOUT
            absolute = now - login_at > settings.SESSION_ABSOLUTE_TIMEOUT
            if idle or absolute:
                from .audit import audit

                audit(request.user, "auth.timeout", detail={"kind": "idle" if idle else "absolute"})
                logout(request)
                messages.info(
                    request,
                    "一定時間が経過したため、安全のためログアウトしました。もう一度ログインしてください。",
                )
                return redirect_to_login(request.get_full_path())
            if SESSION_LOGIN_AT not in session:
                session[SESSION_LOGIN_AT] = login_at
            # Idleness is measured from the real last request: the time is stored on every request
            # (whole seconds, so at most one session write per second; never early, as both are floored).
            if session.get(SESSION_LAST_SEEN) != now:
                session[SESSION_LAST_SEEN] = now
        return self.get_response(request)


def memberships_for(user) -> list[Membership]:
    members = list(  # no ORDER BY: sorted below by role priority
        Membership.objects.filter(user=user, is_active=True)
        .select_related("organisation", "staff", "user")
        .order_by()
    )
    members.sort(key=lambda m: (ROLE_PRIORITY.index(Role(m.role)), m.organisation.code))
    return members


def request_memberships(request) -> list[Membership]:
    """The user's active memberships, loaded once per request."""
    if not hasattr(request, "_jinzai_memberships"):
        request._jinzai_memberships = memberships_for(request.user) if request.user.is_authenticated else []
    return request._jinzai_memberships


def resolve_membership(request) -> Membership | None:
    if not request.user.is_authenticated:
        return None
    members = request_memberships(request)
    chosen = request.session.get(SESSION_MEMBERSHIP)
    for member in members:
        if member.pk == chosen:
            return member
    return members[0] if members else None


class ActiveMembershipMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = SimpleLazyObject(lambda: resolve_membership(request))
        token = current_ip.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            current_ip.reset(token)


class SignInStepsMiddleware:
    """Until a signed-in person has passed every step, only that step's pages answer.

    The steps are decided at login (core/signals.py): enter a code from the authenticator app, or set
    one up first when the role requires it; then change an initial password set by an admin."""

    STEPS = {
        STEP_VERIFY: ("core:login_otp", ("core:login_otp", "core:logout")),
        STEP_ENROL: ("core:twofactor_setup", ("core:twofactor_setup", "core:reauth", "core:logout")),
        "password": ("core:password_change", ("core:password_change", "core:logout")),
    }

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            step = request.session.get(SESSION_STEP)
            if step not in (STEP_VERIFY, STEP_ENROL):
                step = "password" if request.session.get(SESSION_MUST_CHANGE_PASSWORD) else None
            if step is not None:
                target, allowed = self.STEPS[step]
                if request.path_info not in {reverse(name) for name in allowed}:
                    url = reverse(target)
                    if request.method == "GET" and request.path_info != reverse("core:home"):
                        url += "?" + urlencode({"next": request.get_full_path()})
                    return redirect(url)
        return self.get_response(request)


class NoStoreMiddleware:
    """`Cache-Control: no-store` on every page and export a signed-in person gets (and on anonymous
    pages that set no caching of their own). Static files are answered earlier by whitenoise."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response
