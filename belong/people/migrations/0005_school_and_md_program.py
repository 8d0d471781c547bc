"""A fresh install starts with one school unit and its MD program unit.

Only when no unit is on record: an install that already has its units keeps
them as they are. Renaming them (on the Units page) is audited; this first
pair is installed the way the shipped pipelines are, as configuration.
"""

from django.db import migrations

SCHOOL = ("school", "School of Medicine")
MD_PROGRAM = ("md", "MD program")


def add_first_units(apps, schema_editor):
    Unit = apps.get_model("people", "Unit")
    if Unit.objects.exists():
        return
    school = Unit.objects.create(code=SCHOOL[0], name=SCHOOL[1], kind="school")
    Unit.objects.create(code=MD_PROGRAM[0], name=MD_PROGRAM[1], kind="program", parent=school)


def remove_first_units(apps, schema_editor):
    Unit = apps.get_model("people", "Unit")
    for code in (MD_PROGRAM[0], SCHOOL[0]):
        unit = Unit.objects.filter(code=code).first()
        if unit is not None and not unit.affiliations.exists() and not unit.children.exists():
            unit.delete()


class Migration(migrations.Migration):
    dependencies = [("people", "0004_invitation")]

    operations = [migrations.RunPython(add_first_units, remove_first_units)]
