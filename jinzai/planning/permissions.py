"""Permissions of the planning app (levels, policy, structure, plans). Executives read, dx_office writes."""

from jinzai.core.access import register
from jinzai.core.roles import Role

READERS = {Role.HR, Role.DX_OFFICE, Role.EXECUTIVE}

register(
    {
        "planning.level_view": READERS,
        "planning.level_manage": {Role.DX_OFFICE},
        "planning.policy_view": READERS,
        "planning.policy_edit": {Role.DX_OFFICE},
        "planning.policy_approve": {Role.DX_OFFICE},
        "planning.structure_view": READERS,
        "planning.structure_edit": {Role.DX_OFFICE},
        "planning.plan_view": READERS,
        "planning.plan_edit": {Role.DX_OFFICE},
        "planning.plan_approve": {Role.DX_OFFICE},
        "planning.plan_export": READERS,
        "planning.plan_import": {Role.DX_OFFICE},
    }
)
