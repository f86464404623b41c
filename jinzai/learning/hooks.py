"""What the learning app adds (see core/hooks.py): metrics, internal-certification requirements, the
人財カード section and the default certification catalog of a new organisation."""

from __future__ import annotations

from jinzai.core import hooks
from jinzai.core.access import can
from jinzai.core.hooks import CardSection

from . import eligibility, metrics  # noqa: F401  (register the requirements and the learning metrics)
from .defaults import install_default_certifications
from .models import Enrolment, InternalCertification
from .selectors import _today, certifications_of_staff, renewed_ids, status_word


@hooks.CARD_SECTIONS.register
def learning_section(viewer, staff) -> CardSection | None:
    """Shown to the person and to anyone who may read certifications or courses; the card already limits
    which people a viewer can open (managers: their units)."""
    is_self = getattr(viewer, "staff_id", None) == staff.pk
    if not (is_self or can(viewer, "learning.certification_view")):
        return None
    today = _today()
    records = list(certifications_of_staff(staff))
    renewed = renewed_ids(records)
    certs = [{"r": r, "status": status_word(r, today, renewed)} for r in records]
    enrolments = list(
        staff.enrolments.filter(status__in=[Enrolment.Status.CONFIRMED, *Enrolment.ACTIVE])
        .select_related("session__course")
        .order_by("-session__starts_on", "-id")[:50]
    )
    awards = list(
        InternalCertification.objects.filter(staff=staff)
        .select_related("rule")
        .order_by("-certified_on", "-id")
    )
    return CardSection(
        template="learning/_card_learning.html",
        context={"staff": staff, "certs": certs, "enrolments": enrolments, "awards": awards, "today": today},
    )


hooks.ORGANISATION_CREATED.register(install_default_certifications)
