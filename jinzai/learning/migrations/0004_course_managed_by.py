import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("learning", "0003_learningimport_options"),
    ]

    operations = [
        migrations.AddField(
            model_name="course",
            name="managed_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="core.organisation",
                verbose_name="運営する団体（共同研修）",
            ),
        ),
    ]
