"""The prefecture's list of its municipalities."""

from __future__ import annotations

from django.shortcuts import render

from .. import selectors
from ..access import require_perm

# --- prefecture -------------------------------------------------------------------


@require_perm("core.member_orgs")
def member_orgs(request):
    return render(
        request, "core/member_orgs.html", {"orgs": selectors.member_organisations(request.membership)}
    )
