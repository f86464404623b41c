"""Designation uploads now live in core.ImportRecord (kind "designation"): copy them, drop the table."""

from django.db import migrations


def copy_to_core(apps, schema_editor):
    Old = apps.get_model("talent", "DesignationImport")
    New = apps.get_model("core", "ImportRecord")
    for old in Old.objects.all().iterator():
        new = New.objects.create(
            organisation_id=old.organisation_id,
            kind="designation",
            created_by_id=old.created_by_id,
            file_name=old.file_name,
            file_sha256=old.file_sha256,
            content=old.content,
            options=old.options,
            summary=old.summary,
            status=old.status,
            committed_at=old.committed_at,
        )
        New.objects.filter(pk=new.pk).update(created_at=old.created_at)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_import_record_job_unit_sector"),
        ("talent", "0002_designationimport"),
    ]

    operations = [
        migrations.RunPython(copy_to_core, migrations.RunPython.noop),
        migrations.DeleteModel(name="DesignationImport"),
    ]
