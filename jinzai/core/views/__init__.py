"""Views of the core app, one module per area; urls.py refers to them through this package."""

from .admin import (
    audit_list,
    membership_edit,
    membership_password,
    membership_twofactor_reset,
    user_create,
    user_list,
)
from .auth import (
    LoginView,
    LogoutView,
    PasswordChangeView,
    csrf_failure,
    reauth,
    switch_membership,
    user_settings,
)
from .firstrun import first_run
from .home import home
from .jobs import job_detail, job_download
from .organisation import grade_edit, grade_list, unit_create, unit_edit, unit_export, unit_flags, unit_list
from .twofactor import (
    login_otp,
    security_policy,
    twofactor_codes,
    twofactor_disable,
    twofactor_overview,
    twofactor_setup,
)

__all__ = [
    "LoginView",
    "LogoutView",
    "PasswordChangeView",
    "audit_list",
    "csrf_failure",
    "first_run",
    "grade_edit",
    "grade_list",
    "home",
    "job_detail",
    "job_download",
    "login_otp",
    "membership_edit",
    "membership_password",
    "membership_twofactor_reset",
    "reauth",
    "security_policy",
    "switch_membership",
    "twofactor_codes",
    "twofactor_disable",
    "twofactor_overview",
    "twofactor_setup",
    "unit_create",
    "unit_edit",
    "unit_export",
    "unit_flags",
    "unit_list",
    "user_create",
    "user_list",
    "user_settings",
]
