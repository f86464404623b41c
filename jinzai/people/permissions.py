"""Permissions of the people app. Object scope is applied by people.selectors."""

from jinzai.core.access import register
from jinzai.core.roles import Role

register(
    {
        # lists are scoped: managers see their units only
        "people.staff_list": {Role.HR, Role.DX_OFFICE, Role.MANAGER, Role.EXECUTIVE},
        # the 人財カード; staff see only their own
        "people.staff_view": {Role.HR, Role.DX_OFFICE, Role.MANAGER, Role.EXECUTIVE, Role.STAFF},
        # contact details are hidden from executives (no individual sensitive fields)
        "people.staff_contact": {Role.HR, Role.DX_OFFICE, Role.MANAGER, Role.STAFF},
        "people.staff_edit": {Role.HR},
        "people.staff_transfer": {Role.HR},
        "people.staff_import": {Role.HR},
        "people.staff_export": {Role.HR, Role.DX_OFFICE},
    }
)
