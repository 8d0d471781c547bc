"""Make the audit table refuse UPDATE and DELETE at the database itself.

The application never changes an audit row; these triggers stop anything
else that connects with the application's credentials from doing so quietly.
Someone with schema rights can still drop them, which is why the rows are
also hash-chained (verify_audit).
"""

from django.db import migrations

from belong.access.guards import install_audit_guards, remove_audit_guards


def install(apps, schema_editor):
    install_audit_guards(schema_editor.connection)


def remove(apps, schema_editor):
    remove_audit_guards(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("access", "0002_initial")]

    operations = [migrations.RunPython(install, remove)]
