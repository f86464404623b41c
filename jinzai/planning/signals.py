"""Install the planning defaults (types, levels, starter actions) when an organisation is created."""

from django.dispatch import receiver

from jinzai.core.services import organisation_created

from .defaults import install_planning_defaults


@receiver(organisation_created)
def on_organisation_created(sender, organisation, **kwargs):
    install_planning_defaults(organisation)
