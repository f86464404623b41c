"""Signing in and out, changing one's password, confirming the password again, switching membership,
personal settings."""

from __future__ import annotations

import time
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .. import loginguard, selectors, services
from ..audit import audit
from ..clientip import client_ip
from ..forms import LoginForm, ReauthForm, UserSettingForm
from ..middleware import SESSION_MEMBERSHIP, request_memberships
from ..twofactor import (
    SESSION_MUST_CHANGE_PASSWORD,
    SESSION_REAUTH_AT,
    SESSION_STEP,
    STEP_ENROL,
    STEP_VERIFY,
)


def safe_next(request, default: str = "") -> str:
    """The `next` parameter when it points into this site, else `default` (or the home page)."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    # only a path on this site: a bare word would be taken for a URL name by redirect()
    if url.startswith("/") and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return default or reverse("core:home")


def with_next(url_name: str, next_url: str) -> str:
    url = reverse(url_name)
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


class LoginView(auth_views.LoginView):
    template_name = "core/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        ip = client_ip(request)
        if loginguard.address_blocked(ip):
            return self._address_lockout()
        response = super().post(request, *args, **kwargs)
        if response.status_code == 200 and loginguard.address_blocked(ip):  # this failure reached the limit
            return self._address_lockout()
        return response

    def _address_lockout(self):
        return render(self.request, "core/lockout_address.html", status=429)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["first_run"] = services.first_run_available()
        return context

    def get_success_url(self):
        url = super().get_success_url()
        step = self.request.session.get(SESSION_STEP)
        if step == STEP_VERIFY:
            return with_next("core:login_otp", url)
        if step == STEP_ENROL:
            return with_next("core:twofactor_setup", url)
        if self.request.session.get(SESSION_MUST_CHANGE_PASSWORD):
            return with_next("core:password_change", url)
        return url


class LogoutView(auth_views.LogoutView):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    """Asks for the current password (re-authentication) before setting a new one."""

    template_name = "core/password_change.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("core:home")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["forced"] = bool(self.request.session.get(SESSION_MUST_CHANGE_PASSWORD))
        context["next"] = safe_next(self.request, "")
        if context["forced"]:
            context["nav_groups"] = []  # no menu during the sign-in step
        return context

    def form_valid(self, form):
        forced = bool(self.request.session.get(SESSION_MUST_CHANGE_PASSWORD))
        services.password_change(user=form.user, password=form.cleaned_data["new_password1"], forced=forced)
        update_session_auth_hash(self.request, form.user)
        self.request.session.pop(SESSION_MUST_CHANGE_PASSWORD, None)
        self.request.session[SESSION_REAUTH_AT] = int(time.time())
        messages.success(self.request, "パスワードを変更しました。")
        return redirect(safe_next(self.request) if forced else self.get_success_url())


def recently_authenticated(request) -> bool:
    at = request.session.get(SESSION_REAUTH_AT)
    return bool(at) and time.time() - at <= settings.REAUTH_MAX_AGE


def require_recent_password(back_to: str | None = None):
    """View decorator: changing the second factor asks for the password again after REAUTH_MAX_AGE."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not recently_authenticated(request):
                target = (
                    request.get_full_path() if request.method == "GET" else reverse(back_to or "core:home")
                )
                return redirect(with_next("core:reauth", target))
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


@login_required
def reauth(request):
    """「本人確認」: type the password again before a change to how one signs in."""
    form = ReauthForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(
            request, username=request.user.get_username(), password=form.cleaned_data["password"]
        )  # through django-axes: failures count towards the lockout like at the login page
        if user is not None and user.pk == request.user.pk:
            request.session[SESSION_REAUTH_AT] = int(time.time())
            audit(request.user, "auth.reauth")
            return redirect(safe_next(request))
        form.add_error("password", "パスワードが正しくありません。")
    return render(request, "core/reauth.html", {"form": form, "next": safe_next(request)})


@login_required
@require_POST
def switch_membership(request):
    wanted = request.POST.get("membership")
    for member in request_memberships(request):
        if str(member.pk) == wanted:
            request.session[SESSION_MEMBERSHIP] = member.pk
            messages.info(
                request, f"{member.organisation.name}の「{member.get_role_display()}」に切り替えました。"
            )
            break
    return redirect("core:home")


@login_required
def user_settings(request):
    form = UserSettingForm(request.POST or None, instance=selectors.user_setting_of(request.user))
    if request.method == "POST" and form.is_valid():
        services.user_setting_update(user=request.user, date_style=form.cleaned_data["date_style"])
        messages.success(request, "表示の設定を保存しました。")
        return redirect("core:user_settings")
    return render(request, "core/user_settings.html", {"form": form})


def csrf_failure(request, reason=""):
    return render(request, "core/csrf_failure.html", {"login_url": reverse("core:login")}, status=403)
