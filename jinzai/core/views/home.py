"""The home page of each role."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .. import hooks, selectors
from ..roles import Role


def _home_context(membership) -> dict:
    from jinzai.people import selectors as people_selectors

    role = Role(membership.role)
    ctx: dict = {"role": role, "panels": hooks.HOME_PANELS.collect(membership)}
    if role in {Role.HR, Role.DX_OFFICE, Role.EXECUTIVE, Role.MANAGER}:
        ctx["counts"] = people_selectors.staff_counts(membership)
        ctx["by_employment"] = people_selectors.staff_by_employment(membership)
    if role == Role.HR:
        ctx["imports"] = people_selectors.recent_imports(membership)
    if role == Role.MANAGER:
        ctx["scope_units"] = list(membership.units.all())
    if role == Role.PREFECTURE_SUPPORT:
        ctx["member_orgs"] = selectors.member_organisations(membership)
    if role == Role.ADMIN:
        ctx["user_count"] = (
            selectors.memberships_of(membership.organisation).values("user").distinct().count()
        )
        ctx["recent_events"] = selectors.audit_events_for(membership)[:8]
    if role == Role.STAFF:
        ctx["me"] = membership.staff
    return ctx


@login_required
def home(request):
    membership = request.membership
    if not membership:
        return render(request, "core/no_membership.html", status=403)
    return render(request, f"core/home_{membership.role}.html", _home_context(membership))
