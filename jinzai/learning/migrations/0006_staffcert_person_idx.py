"""A covering index of what each person holds, grouped by person (issue 13: holders by unit, eligibility)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0005_import_records_move_to_core"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="staffcertification",
            index=models.Index(
                fields=["organisation", "status", "staff", "certification", "valid_from", "expires_on"],
                name="staffcert_person_idx",
            ),
        ),
    ]
