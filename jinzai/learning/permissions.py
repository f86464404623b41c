"""Permissions of the learning app (certifications, subsidies, training, internal certification)."""

from jinzai.core.access import register
from jinzai.core.roles import Role

WITH_STAFF_RECORD = {Role.STAFF, Role.MANAGER, Role.HR, Role.DX_OFFICE, Role.EXECUTIVE}

register(
    {
        "learning.self_service": WITH_STAFF_RECORD,
        "learning.certification_view": {Role.HR, Role.DX_OFFICE, Role.EXECUTIVE, Role.MANAGER},
        "learning.certification_manage": {Role.DX_OFFICE},
        "learning.staffcert_verify": {Role.HR},
        "learning.subsidy_view": {Role.HR, Role.DX_OFFICE, Role.MANAGER},
        "learning.subsidy_manage": {Role.HR, Role.DX_OFFICE},
        "learning.subsidy_approve": {Role.MANAGER, Role.HR},
        "learning.course_view": WITH_STAFF_RECORD,
        "learning.course_manage": {Role.DX_OFFICE},
        "learning.enrolment_approve": {Role.MANAGER},
        "learning.internal_cert_view": {Role.HR, Role.DX_OFFICE, Role.EXECUTIVE},
        "learning.internal_cert_manage": {Role.DX_OFFICE},
        "learning.cost_view": {Role.HR, Role.DX_OFFICE, Role.EXECUTIVE},
    }
)
