"""What the talent app adds to other apps' pages (see core/hooks.py): the designations on the 人財カード."""

from __future__ import annotations

from jinzai.core import hooks
from jinzai.core.access import can
from jinzai.core.hooks import CardSection

from .selectors import designations_of_staff


@hooks.CARD_SECTIONS.register
def designation_section(viewer, staff) -> CardSection | None:
    """Shown to holders of talent.designation_view and to the person themselves; hidden otherwise."""
    is_self = getattr(viewer, "staff_id", None) == staff.pk
    if not (is_self or can(viewer, "talent.designation_view")):
        return None
    can_manage = can(viewer, "talent.designation_manage")
    return CardSection(
        template="talent/_card_designations.html",
        context={
            "staff": staff,
            "designations": list(designations_of_staff(staff)),
            "can_manage": can_manage,
            "can_designate": can_manage and staff.retired_on is None,
        },
    )
