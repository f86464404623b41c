"""Organisations created before the learning app get the default certification catalog."""

from django.db import migrations


def install(apps, schema_editor):
    from jinzai.learning.defaults import install_default_certifications

    Organisation = apps.get_model("core", "Organisation")
    Certification = apps.get_model("learning", "Certification")
    for org in Organisation.objects.all():
        install_default_certifications(org, Certification)


class Migration(migrations.Migration):
    dependencies = [("learning", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
