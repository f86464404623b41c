"""LearningImport now shares core.uploads.UploadRecord (adds the options field)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("learning", "0002_install_default_certifications")]

    operations = [
        migrations.AddField(model_name="learningimport", name="options", field=models.JSONField(default=dict)),
    ]
