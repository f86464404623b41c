"""Template context shared by every page: the acting membership and the navigation it may use."""

from .access import can
from .errors import ERROR_PAGE
from .middleware import request_memberships
from .models import UserSetting
from .navigation import navigation_for
from .templatetags.jinzai import date_style


class PermLookup:
    """`{% if jperms.people.staff_import %}` in templates asks `can(membership, "people.staff_import")`."""

    def __init__(self, membership, prefix: str = ""):
        self._membership = membership
        self._prefix = prefix

    def __getitem__(self, name: str):
        if not self._prefix:
            return PermLookup(self._membership, name)
        return can(self._membership, f"{self._prefix}.{name}")


def jinzai(request):
    if not request.user.is_authenticated:
        return {}
    setting = UserSetting.objects.filter(user=request.user).only("date_style", "display_name").first()
    date_style.set(setting.date_style if setting else UserSetting.DateStyle.WESTERN)
    member = request.membership or None
    return {
        "display_name": (setting.display_name if setting else "") or request.user.get_username(),
        "membership": member,
        "all_memberships": request_memberships(request),
        "nav_groups": navigation_for(
            member, request.resolver_match, counts=not getattr(request, ERROR_PAGE, False)
        ),
        "jperms": PermLookup(member),
    }
