"""Session timeouts and the acting membership of each request."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.functional import SimpleLazyObject

from .audit import current_ip
from .models import Membership
from .roles import Role

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
            if now - last_seen >= 30 or SESSION_LAST_SEEN not in session:  # spare a session write per request
                session[SESSION_LAST_SEEN] = now
        return self.get_response(request)


def memberships_for(user) -> list[Membership]:
    members = list(
        Membership.objects.filter(user=user, is_active=True).select_related("organisation", "staff", "user")
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
        token = current_ip.set(request.META.get("REMOTE_ADDR"))
        try:
            return self.get_response(request)
        finally:
            current_ip.reset(token)
