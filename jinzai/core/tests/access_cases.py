"""Access-matrix rows of the core app (see core/tests/test_access_matrix.py)."""

from jinzai.core.roles import Role

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
