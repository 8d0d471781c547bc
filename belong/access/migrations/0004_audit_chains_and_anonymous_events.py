"""Audit events on several chains (decision record 0008) and anonymous events
held by day until sealed (decision record 0009).

Existing rows become chain 0 with their sequence numbers and hashes unchanged,
so they verify as before. No row is updated. SQLite rebuilds the table to
change its columns, which drops its triggers: the append-only guards are put
back at the end.
"""

from django.db import migrations, models

from belong.access.guards import install_audit_guards, remove_audit_guards


def lift_guards(apps, schema_editor):
    remove_audit_guards(schema_editor.connection)


def restore_guards(apps, schema_editor):
    install_audit_guards(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("access", "0003_audit_append_only"),
    ]

    operations = [
        migrations.RunPython(lift_guards, restore_guards),
        migrations.CreateModel(
            name="PendingAnonymousEvents",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("day", models.DateField(unique=True)),
                ("events", models.JSONField(default=list)),
            ],
            options={
                "verbose_name_plural": "pending anonymous events",
            },
        ),
        migrations.AlterModelOptions(
            name="auditevent",
            options={"ordering": ["-id"]},
        ),
        migrations.AddField(
            model_name="auditevent",
            name="chain",
            field=models.PositiveSmallIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="day",
            field=models.DateField(editable=False, null=True),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="at",
            field=models.DateTimeField(db_index=True, editable=False, null=True),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="seq",
            field=models.BigIntegerField(editable=False),
        ),
        migrations.AddConstraint(
            model_name="auditevent",
            constraint=models.UniqueConstraint(
                fields=("chain", "seq"), name="one_event_per_chain_position"
            ),
        ),
        migrations.RunPython(restore_guards, lift_guards),
    ]
