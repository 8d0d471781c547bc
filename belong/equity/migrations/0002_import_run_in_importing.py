# Stage events point at the import run that brought them in; the run's model
# moved from people to the import engine (same table), so only the state changes.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("equity", "0001_initial"),
        ("importing", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="stageevent",
                    name="import_run",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="importing.importrun",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
