"""Every row filled by 0004: the organisation column becomes required."""

import django.db.models.deletion
from django.db import migrations, models

MODELS = ("target", "roadmaptask", "planlevel", "bodymember", "meeting", "policytypesection")


class Migration(migrations.Migration):
    dependencies = [("planning", "0004_row_organisation")]

    operations = [
        migrations.AlterField(
            model_name=name,
            name="organisation",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="core.organisation"
            ),
        )
        for name in MODELS
    ]
