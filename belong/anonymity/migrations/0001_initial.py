import uuid

from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies: list[tuple[str, str]] = []

    operations = [
        migrations.CreateModel(
            name="SealedEnvelope",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("bucket", models.CharField(db_index=True, editable=False, max_length=120)),
                ("payload", models.BinaryField(editable=False)),
            ],
            options={"ordering": []},
        ),
    ]
