"""Two-factor sign-in: the code step of the login, setting up an authenticator app (QR code), recovery
codes, turning it off, and the organisation's policy of who must use it (システム管理者)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from .. import selectors, services, twofactor
from ..access import require_perm
from ..audit import audit
from ..forms import OTPForm, TOTPConfirmForm, TwoFactorPolicyForm
from ..roles import Role
from .auth import require_recent_password, safe_next


def _passed_second_factor(request, device) -> None:
    otp_login(request, device)
    request.session.pop(twofactor.SESSION_STEP, None)
    request.session.pop(twofactor.SESSION_PENDING_DEVICE, None)
    request.session.cycle_key()  # a new session id once the sign-in is complete


@login_required
def login_otp(request):
    """The second step of the login for a person with an authenticator app."""
    if request.session.get(twofactor.SESSION_STEP) != twofactor.STEP_VERIFY:
        return redirect(safe_next(request))
    form = OTPForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = twofactor.verify(request.user, form.cleaned_data["code"])
        if result.device is not None:
            _passed_second_factor(request, result.device)
            audit(request.user, "auth.second_factor", detail={"kind": result.kind})
            if result.kind == "recovery":
                left = twofactor.recovery_codes_left(request.user)
                audit(request.user, "twofactor.recovery_code_used", detail={"left": left})
                messages.warning(
                    request,
                    f"回復コードでログインしました（残り{left}個）。使った回復コードはもう使えません。"
                    "スマートフォンをなくした場合は、システム管理者に2段階認証のリセットを依頼してください。",
                )
            return redirect(safe_next(request))
        audit(request.user, "auth.otp_failed", detail={"throttled": bool(result.wait_seconds)})
        if result.wait_seconds:
            form.add_error(
                "code", f"続けて間違えたため、{result.wait_seconds}秒待ってからもう一度入力してください。"
            )
        else:
            form.add_error(
                "code",
                "確認コードが正しくありません。認証アプリの最新の6桁（30秒ごとに変わります）か、回復コードを入力してください。",
            )
    # no menu during a sign-in step: every other page would only send the person back here
    return render(
        request, "core/login_otp.html", {"form": form, "next": safe_next(request, ""), "nav_groups": []}
    )


@login_required
def twofactor_overview(request):
    user = request.user
    membership = request.membership
    return render(
        request,
        "core/twofactor.html",
        {
            "enrolled": twofactor.is_enrolled(user),
            "required": twofactor.is_required(user),
            "codes_left": twofactor.recovery_codes_left(user),
            "policy_roles": [Role(r).label for r in twofactor.required_roles(membership.organisation)]
            if membership
            else [],
        },
    )


def _pending_device(request) -> TOTPDevice:
    """The not-yet-confirmed TOTP device of this enrolment (one QR code per attempt, not per page view)."""
    device = services.twofactor_pending_device(
        user=request.user, pk=request.session.get(twofactor.SESSION_PENDING_DEVICE)
    )
    request.session[twofactor.SESSION_PENDING_DEVICE] = device.pk
    return device


@require_recent_password("core:twofactor")
def twofactor_setup(request):
    """The QR code to scan with an authenticator app, then one code from the app to confirm."""
    device = _pending_device(request)
    forced = request.session.get(twofactor.SESSION_STEP) == twofactor.STEP_ENROL
    form = TOTPConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.twofactor_enrol(
                user=request.user, device=device, token=form.cleaned_data["code"]
            )
        except ValidationError as exc:
            request.session.pop(twofactor.SESSION_PENDING_DEVICE, None)
            messages.error(request, " ".join(exc.messages))
            return redirect("core:twofactor_setup")
        if codes is not None:
            _passed_second_factor(request, device)
            return render(
                request,
                "core/twofactor_codes.html",
                {"codes": codes, "next": safe_next(request, ""), "just_enrolled": True},
            )
        form.add_error(
            "code",
            "数字が正しくありません。スマートフォンの時刻が正しいことを確かめ、アプリに今表示されている6桁を入力してください。",
        )
    return render(
        request,
        "core/twofactor_setup.html",
        {
            "form": form,
            "forced": forced,
            "qr": twofactor.qr_data_uri(device),
            "secret": twofactor.secret_for_display(device),
            "issuer": twofactor.issuer_label(),
            "enrolled": twofactor.is_enrolled(request.user),
            "next": safe_next(request, ""),
            **({"nav_groups": []} if forced else {}),  # no menu during the sign-in step
        },
    )


@require_POST
@require_recent_password("core:twofactor")
def twofactor_codes(request):
    """New recovery codes (the old ones stop working)."""
    try:
        codes = services.twofactor_new_recovery_codes(user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("core:twofactor")
    return render(request, "core/twofactor_codes.html", {"codes": codes, "next": ""})


@require_POST
@require_recent_password("core:twofactor")
def twofactor_disable(request):
    try:
        services.twofactor_disable(user=request.user)
        messages.success(request, "2段階認証を無効にしました。")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("core:twofactor")


@require_perm("core.security_policy")
def security_policy(request):
    org = request.membership.organisation
    form = TwoFactorPolicyForm(
        request.POST or None, organisation=org, initial={"roles": twofactor.required_roles(org)}
    )
    if request.method == "POST" and form.is_valid():
        services.organisation_twofactor_update(actor=request.membership, roles=form.cleaned_data["roles"])
        messages.success(request, "2段階認証の方針を保存しました。")
        return redirect("core:security_policy")
    members = [m for m in selectors.memberships_of(org) if m.is_active]
    enrolled = selectors.twofactor_enrolled_user_ids({m.user_id for m in members})
    rows = []
    required = set(twofactor.required_roles(org))
    for value, label in twofactor.role_choices(org):
        users = {m.user_id for m in members if m.role == value}
        rows.append(
            {
                "label": label,
                "required": value in required,
                "users": len(users),
                "enrolled": len(users & enrolled),
            }
        )
    return render(request, "core/security_policy.html", {"form": form, "rows": rows})
