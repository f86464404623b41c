"""Organisations created before the planning app get its defaults (types, levels, starter actions)."""

from django.db import migrations


def install(apps, schema_editor):
    from jinzai.planning.defaults import GENERIC_DESCRIPTIONS, LEVEL_DESCRIPTIONS, LEVEL_NAMES
    from jinzai.talent.defaults import DEFAULT_TYPES

    Organisation = apps.get_model("core", "Organisation")
    TalentType = apps.get_model("talent", "TalentType")
    SubRole = apps.get_model("talent", "SubRole")
    MaturityLevel = apps.get_model("planning", "MaturityLevel")
    StarterAction = apps.get_model("planning", "StarterAction")
    for org in Organisation.objects.all():
        if not TalentType.objects.filter(organisation=org).exists():
            for order, (kind, name, description, sub_roles) in enumerate(DEFAULT_TYPES, start=1):
                tt = TalentType.objects.create(
                    organisation=org, kind=kind, name=name, description=description, sort_order=order * 10
                )
                for sub_order, (sub_name, sub_description) in enumerate(sub_roles, start=1):
                    SubRole.objects.create(
                        organisation=org, talent_type=tt, name=sub_name, description=sub_description,
                        sort_order=sub_order * 10,
                    )
        for tt in TalentType.objects.filter(organisation=org):
            descriptions = LEVEL_DESCRIPTIONS.get(tt.kind, GENERIC_DESCRIPTIONS)
            for level, name in LEVEL_NAMES.items():
                MaturityLevel.objects.get_or_create(
                    organisation=org, talent_type=tt, level=level,
                    defaults={"name": name, "description": descriptions[level]},
                )
        for key in range(1, 6):
            StarterAction.objects.get_or_create(organisation=org, key=key)


class Migration(migrations.Migration):
    dependencies = [("planning", "0002_initial"), ("talent", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
