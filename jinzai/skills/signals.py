"""Install the skill-map templates when an organisation is created (after the planning defaults)."""

from django.dispatch import receiver

from jinzai.core.services import organisation_created

from .install import install_templates


@receiver(organisation_created)
def on_organisation_created(sender, organisation, **kwargs):
    from jinzai.talent.defaults import install_talent_defaults

    install_talent_defaults(organisation)  # no-op when planning already installed them
    install_templates(organisation)
