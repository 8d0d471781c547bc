# The import records move from people to the import engine. Their tables keep
# their names, so the move itself changes nothing in the database; the new
# fields (status, apply, finished_at, task_id, upload) are then added.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("people", "0002_assessment_relationship"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ImportMapping",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("kind", models.CharField(default="people", max_length=30)),
                        ("name", models.CharField(max_length=120)),
                        (
                            "columns",
                            models.JSONField(
                                default=dict, help_text="{header in file: field in Belong}"
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "created_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "people_importmapping",
                        "ordering": ["kind", "name"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("kind", "name"), name="unique_mapping_name"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="ImportRun",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("kind", models.CharField(default="people", max_length=30)),
                        ("filename", models.CharField(max_length=255)),
                        ("sha256", models.CharField(max_length=64)),
                        (
                            "outcome",
                            models.CharField(
                                choices=[
                                    ("dry_run", "Checked, nothing written"),
                                    ("applied", "Applied"),
                                    ("rejected", "Rejected: problems found, nothing written"),
                                ],
                                max_length=20,
                            ),
                        ),
                        ("rows", models.PositiveIntegerField(default=0)),
                        ("created", models.PositiveIntegerField(default=0)),
                        ("updated", models.PositiveIntegerField(default=0)),
                        ("unchanged", models.PositiveIntegerField(default=0)),
                        ("problem_count", models.PositiveIntegerField(default=0)),
                        ("problems", models.JSONField(default=list)),
                        ("mapping", models.JSONField(default=dict)),
                        ("at", models.DateTimeField(auto_now_add=True)),
                        (
                            "by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={"db_table": "people_importrun", "ordering": ["-at"]},
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterField(
            model_name="importrun",
            name="outcome",
            field=models.CharField(
                blank=True,
                choices=[
                    ("dry_run", "Checked, nothing written"),
                    ("applied", "Applied"),
                    ("rejected", "Rejected: problems found, nothing written"),
                ],
                max_length=20,
            ),
        ),
        migrations.AddField(
            model_name="importrun",
            name="status",
            field=models.CharField(
                choices=[
                    ("queued", "Waiting for the task worker"),
                    ("running", "Running"),
                    ("done", "Finished"),
                    ("failed", "Stopped by an unexpected error"),
                ],
                default="done",
                max_length=10,
            ),
        ),
        migrations.AddField(
            model_name="importrun",
            name="apply",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="importrun",
            name="finished_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="importrun",
            name="task_id",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AddField(
            model_name="importrun",
            name="upload",
            field=models.CharField(blank=True, max_length=64),
        ),
    ]
