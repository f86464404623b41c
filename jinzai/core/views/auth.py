"""Signing in and out, changing one's password, switching membership, personal settings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_POST

from .. import services
from ..forms import LoginForm, UserSettingForm
from ..middleware import SESSION_MEMBERSHIP, request_memberships
from ..models import UserSetting


class LoginView(auth_views.LoginView):
    template_name = "core/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "core/password_change.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("core:home")

    def form_valid(self, form):
        response = super().form_valid(form)
        from ..audit import audit

        audit(self.request.user, "auth.password_change", changed=["password"])
        messages.success(self.request, "パスワードを変更しました。")
        return response


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
    setting, _ = UserSetting.objects.get_or_create(user=request.user)
    form = UserSettingForm(request.POST or None, instance=setting)
    if request.method == "POST" and form.is_valid():
        services.user_setting_update(user=request.user, date_style=form.cleaned_data["date_style"])
        messages.success(request, "表示の設定を保存しました。")
        return redirect("core:user_settings")
    return render(request, "core/user_settings.html", {"form": form})


def csrf_failure(request, reason=""):
    return render(request, "core/csrf_failure.html", {"login_url": reverse("core:login")}, status=403)
