"""Permissions of the skills app. Object scope (own ratings, own units) is applied by selectors."""

from jinzai.core.access import register
from jinzai.core.roles import Role

WITH_STAFF_RECORD = {Role.STAFF, Role.MANAGER, Role.HR, Role.DX_OFFICE, Role.EXECUTIVE}

register(
    {
        "skills.framework_view": {Role.HR, Role.DX_OFFICE, Role.EXECUTIVE, Role.MANAGER},
        "skills.framework_manage": {Role.DX_OFFICE},
        "skills.campaign_view": {Role.HR, Role.DX_OFFICE, Role.EXECUTIVE},
        "skills.campaign_manage": {Role.DX_OFFICE},
        "skills.self_assess": WITH_STAFF_RECORD,
        "skills.manager_rate": {Role.MANAGER},
        # executives see aggregates only (unit × item), never a person's ratings
        "skills.matrix_view": {Role.MANAGER, Role.HR, Role.DX_OFFICE, Role.EXECUTIVE},
        "skills.test_take": WITH_STAFF_RECORD,
        "skills.test_manage": {Role.DX_OFFICE},
        "skills.results_view": {Role.HR, Role.DX_OFFICE},
    }
)
