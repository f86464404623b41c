"""Install the planning defaults (types, levels, starter actions) when an organisation is created."""

from django.dispatch import receiver

from jinzai.core.services import organisation_created
from jinzai.talent.signals import talent_type_created

from .defaults import install_levels_for, install_planning_defaults


@receiver(organisation_created)
def on_organisation_created(sender, organisation, **kwargs):
    install_planning_defaults(organisation)


@receiver(talent_type_created)
def on_talent_type_created(sender, talent_type, **kwargs):
    """A new talent type (e.g. a tier) gets its five maturity levels to edit."""
    install_levels_for(talent_type)
