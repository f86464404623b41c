from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("region", "0002_plan_attainment_contributed"),
    ]

    operations = [
        migrations.RenameModel(old_name="PlanAttainment", new_name="MunicipalityFigures"),
        migrations.AlterModelOptions(
            name="municipalityfigures", options={"verbose_name": "管内の集計（団体ごとの控え）"}
        ),
        migrations.AddField(model_name="municipalityfigures", name="staff", field=models.PositiveIntegerField(default=0)),
        migrations.AddField(model_name="municipalityfigures", name="levels", field=models.JSONField(default=dict)),
        migrations.AddField(model_name="municipalityfigures", name="units", field=models.PositiveIntegerField(default=0)),
        migrations.AddField(
            model_name="municipalityfigures", name="covered_units", field=models.PositiveIntegerField(default=0)
        ),
        migrations.AddField(model_name="municipalityfigures", name="certified", field=models.PositiveIntegerField(default=0)),
        migrations.AddField(
            model_name="municipalityfigures", name="completions", field=models.PositiveIntegerField(default=0)
        ),
    ]
