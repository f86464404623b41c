"""Install the default certification catalog when an organisation is created."""

from django.dispatch import receiver

from jinzai.core.services import organisation_created

from .defaults import install_default_certifications


@receiver(organisation_created)
def on_organisation_created(sender, organisation, **kwargs):
    install_default_certifications(organisation)
