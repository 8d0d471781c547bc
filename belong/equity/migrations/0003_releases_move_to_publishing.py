"""Frozen releases move to ``publishing``: copy every row, keeping its id, then drop equity's.

Ids are kept so that every address of a release (and every audit event that
names one) still points at the same release. The copy is exact: the frozen
JSON is moved as it is, with ``kind`` set to ``equity`` and the pipeline
recorded as the release's subject.
"""

from django.core.management.color import no_style
from django.db import migrations

FIELDS = (
    "id",
    "title",
    "spec",
    "result",
    "data_version",
    "data_summary",
    "suppression",
    "suppressed_cells",
    "significant_findings",
    "k",
    "years",
    "units",
    "bounded_contributions",
    "build_seconds",
    "created_by_id",
    "created_at",
    "status",
    "audience",
    "published_at",
    "published_by_id",
    "noise_epsilon",
    "noise_mechanism",
    "noise_scale",
    "noise_sensitivity",
    "noised_result",
)
PUBLICATION_FIELDS = (
    "id",
    "release_id",
    "audience",
    "noised",
    "epsilon",
    "published_by_id",
    "published_at",
    "unpublished_by_id",
    "unpublished_at",
    "guard_report",
)


def copy_releases(apps, schema_editor):
    Old = apps.get_model("equity", "Release")
    OldPublication = apps.get_model("equity", "Publication")
    New = apps.get_model("publishing", "Release")
    NewPublication = apps.get_model("publishing", "Publication")
    db = schema_editor.connection.alias
    for old in Old.objects.using(db).order_by("pk").iterator(chunk_size=50):
        values = {name: getattr(old, name) for name in FIELDS}
        # bulk_create skips the model's save(), which refuses to rewrite a frozen release.
        New.objects.using(db).bulk_create(
            [
                New(
                    kind="equity",
                    subject_code=old.pipeline_code,
                    subject_label=old.pipeline_label,
                    **values,
                )
            ]
        )
    NewPublication.objects.using(db).bulk_create(
        [
            NewPublication(**{name: getattr(p, name) for name in PUBLICATION_FIELDS})
            for p in OldPublication.objects.using(db).order_by("pk")
        ],
        batch_size=500,
    )
    # Rows were written with their ids: move the id sequences past them (PostgreSQL).
    statements = schema_editor.connection.ops.sequence_reset_sql(no_style(), [New, NewPublication])
    with schema_editor.connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def copy_back(apps, schema_editor):
    New = apps.get_model("publishing", "Release")
    NewPublication = apps.get_model("publishing", "Publication")
    Old = apps.get_model("equity", "Release")
    OldPublication = apps.get_model("equity", "Publication")
    db = schema_editor.connection.alias
    for new in New.objects.using(db).filter(kind="equity").order_by("pk").iterator(chunk_size=50):
        values = {name: getattr(new, name) for name in FIELDS}
        Old.objects.using(db).bulk_create(
            [Old(pipeline_code=new.subject_code, pipeline_label=new.subject_label, **values)]
        )
    OldPublication.objects.using(db).bulk_create(
        [
            OldPublication(**{name: getattr(p, name) for name in PUBLICATION_FIELDS})
            for p in NewPublication.objects.using(db).filter(release__kind="equity")
        ],
        batch_size=500,
    )
    NewPublication.objects.using(db).filter(release__kind="equity").delete()
    New.objects.using(db).filter(kind="equity").delete()
    statements = schema_editor.connection.ops.sequence_reset_sql(no_style(), [Old, OldPublication])
    with schema_editor.connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("equity", "0002_import_run_in_importing"),
        ("publishing", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(copy_releases, copy_back),
        migrations.DeleteModel(name="Publication"),
        migrations.DeleteModel(name="Release"),
    ]
