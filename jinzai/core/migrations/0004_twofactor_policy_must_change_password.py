from django.db import migrations, models

import jinzai.core.models


def demo_organisations_keep_twofactor_optional(apps, schema_editor):
    """Existing organisations get the new default (admin and hr must use two-factor sign-in) — except
    the demo's, recognised by their `demo.seed` audit event, so that `make run` keeps working."""
    Organisation = apps.get_model("core", "Organisation")
    AuditEvent = apps.get_model("core", "AuditEvent")
    demo_ids = AuditEvent.objects.filter(action="demo.seed").values_list("organisation_id", flat=True)
    Organisation.objects.filter(pk__in=demo_ids).update(twofactor_roles=[])


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_import_record_job_unit_sector"),
    ]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="twofactor_roles",
            field=models.JSONField(
                blank=True,
                default=jinzai.core.models.default_twofactor_roles,
                verbose_name="2段階認証が必須の役割",
            ),
        ),
        migrations.AddField(
            model_name="usersetting",
            name="must_change_password",
            field=models.BooleanField(default=False, verbose_name="次回ログイン時にパスワード変更"),
        ),
        migrations.RunPython(demo_organisations_keep_twofactor_optional, migrations.RunPython.noop),
    ]
