"""Views of the core app, one module per area; urls.py refers to them through this package."""

from .admin import audit_list, membership_edit, membership_password, user_create, user_list
from .auth import LoginView, LogoutView, PasswordChangeView, csrf_failure, switch_membership, user_settings
from .home import home
from .jobs import job_detail, job_download
from .organisation import grade_edit, grade_list, unit_create, unit_edit, unit_export, unit_list
from .region import member_orgs

__all__ = [
    "LoginView",
    "LogoutView",
    "PasswordChangeView",
    "audit_list",
    "csrf_failure",
    "grade_edit",
    "grade_list",
    "home",
    "job_detail",
    "job_download",
    "member_orgs",
    "membership_edit",
    "membership_password",
    "switch_membership",
    "unit_create",
    "unit_edit",
    "unit_export",
    "unit_list",
    "user_create",
    "user_list",
    "user_settings",
]
