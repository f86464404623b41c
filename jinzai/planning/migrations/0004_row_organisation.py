"""Tenancy at the row: the six planning tables that only reached their organisation through a parent get
an `organisation` column, filled from the parent (non-null in 0005). Plans keep the warnings of an import;
targets keep the template their label was built from."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery

CHILDREN = (
    # (model, parent model, parent field)
    ("Target", "DevelopmentPlan", "plan"),
    ("RoadmapTask", "DevelopmentPlan", "plan"),
    ("PlanLevel", "DevelopmentPlan", "plan"),
    ("BodyMember", "Body", "body"),
    ("Meeting", "Body", "body"),
    ("PolicyTypeSection", "PolicyVersion", "policy"),
)


def backfill(apps, schema_editor):
    for model_name, parent_name, field in CHILDREN:
        model = apps.get_model("planning", model_name)
        parent = apps.get_model("planning", parent_name)
        organisation = parent.objects.filter(pk=OuterRef(f"{field}_id")).values("organisation_id")[:1]
        model.objects.filter(organisation__isnull=True).update(organisation_id=Subquery(organisation))


def add_column(model_name: str):
    return migrations.AddField(
        model_name=model_name.lower(),
        name="organisation",
        field=models.ForeignKey(
            null=True,
            on_delete=django.db.models.deletion.PROTECT,
            related_name="+",
            to="core.organisation",
        ),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_import_record_job_unit_sector"),
        ("planning", "0003_install_defaults_for_existing_orgs"),
    ]

    operations = [
        *(add_column(name) for name, _, _ in CHILDREN),
        migrations.AddField(
            model_name="developmentplan",
            name="import_warnings",
            field=models.JSONField(blank=True, default=list, verbose_name="取込時の注意"),
        ),
        migrations.AddField(
            model_name="target",
            name="label_template",
            field=models.CharField(blank=True, max_length=200, verbose_name="目標の文のひな形"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
