# ImportRun and ImportMapping now belong to the import engine (belong.importing),
# which took over their tables as they are: only the state changes here.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0002_assessment_relationship"),
        ("importing", "0001_initial"),
        ("equity", "0002_import_run_in_importing"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="ImportRun"),
                migrations.DeleteModel(name="ImportMapping"),
            ],
            database_operations=[],
        ),
    ]
