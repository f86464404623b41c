"""Permissions of the core app (organisation settings, users, audit log)."""

from .access import register
from .roles import ALL_ROLES, Role

register(
    {
        "core.home": ALL_ROLES,
        "core.unit_view": {Role.HR, Role.DX_OFFICE, Role.EXECUTIVE, Role.ADMIN},
        "core.unit_manage": {Role.HR, Role.DX_OFFICE, Role.ADMIN},
        "core.grade_manage": {Role.HR, Role.ADMIN},
        "core.user_manage": {Role.ADMIN},
        "core.audit_view": {Role.ADMIN},
        "core.member_orgs": {Role.PREFECTURE_SUPPORT},
        "core.job_view": ALL_ROLES,  # a job is visible to the person who started it (selectors.jobs_of)
    }
)
