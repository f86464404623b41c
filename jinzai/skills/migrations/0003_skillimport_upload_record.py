"""SkillImport now shares core.uploads.UploadRecord (file hash, commit time, the 取消 status)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("skills", "0002_install_templates_for_existing_orgs")]

    operations = [
        migrations.AddField(
            model_name="skillimport", name="committed_at", field=models.DateTimeField(blank=True, null=True)
        ),
        migrations.AddField(
            model_name="skillimport",
            name="file_sha256",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="skillimport",
            name="status",
            field=models.CharField(
                choices=[("previewed", "確認中"), ("committed", "反映済"), ("discarded", "取消")],
                default="previewed",
                max_length=20,
            ),
        ),
    ]
