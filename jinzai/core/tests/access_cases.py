"""Access-matrix rows of the core app (see core/tests/test_access_matrix.py)."""

from django.urls import reverse

from conftest import PASSWORD
from jinzai.core.roles import Role
from jinzai.core.tests._matrix import Post, form

ALL = {r.value for r in Role}

# url name -> (object key for kwargs or None, roles allowed (200 for GET, 302 for POST), method)
CASES: dict[str, tuple[str | None, set[str], str]] = {
    "core:home": (None, ALL, "get"),
    "core:password_change": (None, ALL, "get"),
    "core:user_settings": (None, ALL, "get"),
    "core:unit_list": (None, {"hr", "dx_office", "executive", "admin"}, "get"),
    "core:unit_export": (None, {"hr", "dx_office", "executive", "admin"}, "get"),
    "core:unit_create": (None, {"hr", "dx_office", "admin"}, "get"),
    "core:unit_edit": ("unit", {"hr", "dx_office", "admin"}, "get"),
    "core:unit_flags": (None, {"hr", "dx_office", "admin"}, "get"),
    "core:grade_list": (None, {"hr", "admin"}, "get"),
    "core:grade_edit": ("grade", {"hr", "admin"}, "get"),
    "core:user_list": (None, {"admin"}, "get"),
    "core:user_create": (None, {"admin"}, "get"),
    "core:membership_edit": ("membership", {"admin"}, "get"),
    "core:membership_password": ("membership", {"admin"}, "post"),
    "core:audit_list": (None, {"admin", "hr"}, "get"),  # hr: the entries about staff records
    "core:reauth": (None, ALL, "get"),
    "core:twofactor": (None, ALL, "get"),
    "core:twofactor_setup": (None, ALL, "get"),  # force_login counts as a fresh password (REAUTH_MAX_AGE)
    "core:twofactor_codes": (None, ALL, "post"),  # not enrolled: a message and back to core:twofactor
    "core:twofactor_disable": (None, ALL, "post"),
    "core:security_policy": (None, {"admin"}, "get"),
    "core:membership_twofactor_reset": ("membership", {"admin"}, "post"),
}
# Pages that behave differently by design and are tested on their own.
SPECIAL = {
    "core:login",
    "core:logout",
    "core:switch_membership",
    "core:login_otp",  # only during the code step of a login: core/tests/test_twofactor.py
    "core:first_run",  # only on an empty database, 404 afterwards: core/tests/test_firstrun.py
    "core:job_detail",  # only the person who started the job: core/tests/test_jobs.py
    "core:job_download",
}


def make_objects(org, hr_member) -> dict[str, int]:
    """Objects of `org` that the rows above refer to by key."""
    return {
        "unit": org.units["市民課"].pk,
        "grade": org.org.grades.first().pk,
        "membership": org.members["staff"].pk,
    }


# --- POST with a valid body (the method dimension; see core/tests/test_access_matrix.py) ----------------

NEW_PASSWORD = "kawaru-pass-2026!Q"


def _confirmed_device(ctx):
    """A confirmed authenticator for the posting user (recovery codes and disabling need one)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=ctx.user, name="default", confirmed=True)
    return {}


def _totp_code(ctx):
    """The setup page's form with the code the pending authenticator shows now."""
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    body = ctx.form()
    device = TOTPDevice.objects.filter(user=ctx.user, confirmed=False).latest("pk")
    return {
        **body,
        "code": f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}",
    }


def _enrolled(ctx):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=ctx.user, confirmed=True).exists()


def _reset_twofactor(ctx):
    """A device on the membership's user, so that there is something to reset."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from jinzai.core.models import Membership

    user = Membership.objects.get(pk=ctx.obj("membership")).user
    TOTPDevice.objects.create(user=user, name="default", confirmed=True)
    return {}


def _date_style_changed(ctx):
    from jinzai.core.models import UserSetting

    return UserSetting.objects.filter(user=ctx.user, date_style="wareki").exists()


def _signed(action):
    """A sign-in event of the user (auth.*: the validated caches do not count them as writes of data)."""

    def wrote(ctx):
        from jinzai.core.models import AuditEvent

        return AuditEvent.objects.filter(user=ctx.user, action=action).exists()

    return wrote


POSTS = {
    "core:password_change": Post(
        None,
        ALL,
        form(old_password=PASSWORD, new_password1=NEW_PASSWORD, new_password2=NEW_PASSWORD),
        wrote=_signed("auth.password_change"),
    ),
    "core:user_settings": Post(None, ALL, form(date_style="wareki"), wrote=_date_style_changed),
    "core:reauth": Post(None, ALL, form(password=PASSWORD), wrote=_signed("auth.reauth")),
    "core:twofactor_setup": Post(None, ALL, _totp_code, ok=(200,), wrote=_enrolled),
    "core:twofactor_codes": Post(None, ALL, _confirmed_device, ok=(200,)),
    "core:twofactor_disable": Post(None, ALL, _confirmed_device, wrote=lambda ctx: not _enrolled(ctx)),
    "core:unit_create": Post(
        None, {"hr", "dx_office", "admin"}, form(name="情報政策課", kind="division", code="0301")
    ),
    "core:unit_edit": Post("unit", {"hr", "dx_office", "admin"}, form(name="市民生活課")),
    "core:unit_flags": Post(
        None,
        {"hr", "dx_office", "admin"},
        lambda ctx: {**ctx.form(), f"is_dx_{ctx.org.units['市民課'].pk}": "on"},
    ),
    "core:grade_list": Post(None, {"hr", "admin"}, form(name="専門員", rank="5")),
    "core:grade_edit": Post("grade", {"hr", "admin"}, form(aliases="主任主事")),
    "core:user_create": Post(
        None, {"admin"}, form(username="new-user", password=NEW_PASSWORD, role="staff", staff_no="000104")
    ),
    "core:membership_edit": Post(
        "membership", {"admin"}, lambda ctx: ctx.form(role="manager", units=[str(ctx.org.units["市民課"].pk)])
    ),
    "core:membership_password": Post(
        "membership",
        {"admin"},
        form(
            lambda ctx: reverse("core:membership_edit", kwargs={"pk": ctx.obj("membership")}),
            password=NEW_PASSWORD,
        ),
    ),
    "core:membership_twofactor_reset": Post("membership", {"admin"}, _reset_twofactor),
    "core:security_policy": Post(None, {"admin"}, form(roles=["admin", "hr", "dx_office"])),
}
