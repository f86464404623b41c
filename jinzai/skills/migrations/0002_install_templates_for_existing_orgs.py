"""Organisations created before the skills app get the three skill-map templates."""

from django.db import migrations


def install(apps, schema_editor):
    from jinzai.skills.install import install_templates

    Organisation = apps.get_model("core", "Organisation")
    for org in Organisation.objects.all():
        install_templates(org, get_model=apps.get_model)


class Migration(migrations.Migration):
    dependencies = [("skills", "0001_initial"), ("planning", "0003_install_defaults_for_existing_orgs")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
