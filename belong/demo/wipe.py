"""Empty Belong's tables before a demo is rebuilt (``build_demo --reset``).

Every table of every ``belong.*`` app is emptied, children before parents,
with one DELETE per table, so a million rows go as fast as ten. Kept:

* the audit log, which is append-only by design (the database refuses to
  delete from it) and records the reset itself;
* superuser accounts, so an operator keeps the way in; every other account
  goes, with its sessions' access.

Runs in the caller's transaction: a build that fails after the wipe leaves
the old data in place.
"""

from __future__ import annotations

from typing import cast

from django.apps import apps
from django.db import connection, models

from belong.access.models import User

# The audit log, and the accounts with their group and permission links
# (accounts are deleted apart, so that superusers keep theirs).
KEEP: frozenset[str] = frozenset(
    {"access.auditevent", "access.user", "access.user_groups", "access.user_user_permissions"}
)


def _wiped_models() -> list[type[models.Model]]:
    # Only tables that exist: an app may have a model whose migration is not applied yet.
    tables = set(connection.introspection.table_names())
    found = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_config is not None
        and model._meta.app_config.name.startswith("belong.")
        and model._meta.label_lower not in KEEP
        and model._meta.managed
        and not model._meta.proxy
        and model._meta.db_table in tables
    ]
    return sorted(found, key=lambda m: m._meta.label_lower)


def deletion_order(found: list[type[models.Model]]) -> list[type[models.Model]]:
    """Models ordered so that nothing is deleted while a remaining row points at it."""
    targets = {
        model: {
            field.related_model
            for field in model._meta.concrete_fields
            if field.is_relation and field.related_model is not model
        }
        for model in found
    }
    remaining = list(found)
    ordered: list[type[models.Model]] = []
    while remaining:
        ready = [m for m in remaining if not any(m in targets[o] for o in remaining if o is not m)]
        # A cycle between tables: delete them together (constraints hold at statement end).
        batch = ready or remaining
        ordered.extend(batch)
        remaining = [m for m in remaining if m not in batch]
    return ordered


def _delete_accounts(tables: set[str]) -> int:
    """Delete every account but the superusers, honouring each reference's ``on_delete``."""
    ids = list(User.objects.filter(is_superuser=False).values_list("pk", flat=True))
    if not ids:
        return 0
    for relation in User._meta.related_objects:
        model = cast(type[models.Model], relation.related_model)
        if relation.many_to_many or model._meta.db_table not in tables:
            continue
        rows = model._base_manager.filter(**{f"{relation.field.name}__in": ids})
        rule = relation.on_delete
        if rule is models.CASCADE:
            rows._raw_delete(connection.alias)
        elif rule is models.SET_NULL:
            rows.update(**{relation.field.name: None})
        elif rule is not models.DO_NOTHING and rows.exists():
            raise RuntimeError(f"{model._meta.label} still refers to accounts being deleted")
    for field in User._meta.many_to_many:
        through = cast(type[models.Model], field.remote_field.through)
        through._base_manager.filter(**{f"{field.m2m_field_name()}__in": ids})._raw_delete(
            connection.alias
        )
    return User._base_manager.filter(pk__in=ids)._raw_delete(connection.alias)


def wipe() -> dict[str, int]:
    """Delete Belong's rows (see module docstring); return rows deleted per table."""
    tables = set(connection.introspection.table_names())
    deleted: dict[str, int] = {}
    for model in deletion_order(_wiped_models()):
        count = model._base_manager.all()._raw_delete(connection.alias)
        if count:
            deleted[model._meta.label_lower] = count
    users = _delete_accounts(tables)
    if users:
        deleted["access.user"] = users
    return deleted
