"""Permissions of the talent app (talent types and designations)."""

from jinzai.core.access import register
from jinzai.core.roles import Role

register(
    {
        "talent.type_view": {Role.HR, Role.DX_OFFICE, Role.EXECUTIVE},
        "talent.type_manage": {Role.DX_OFFICE},
        # lists are scoped: managers see designations of their units only
        "talent.designation_view": {Role.HR, Role.DX_OFFICE, Role.EXECUTIVE, Role.MANAGER},
        "talent.designation_manage": {Role.HR, Role.DX_OFFICE},
        "talent.designation_import": {Role.HR, Role.DX_OFFICE},
    }
)
