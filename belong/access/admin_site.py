"""The Django admin site, with every write made through it in Belong's audit log.

Django's admin keeps its own history (``LogEntry``), which anyone with the
database can edit and which the audit pages do not show. Belong's admin site
gives every ModelAdmin registered on it (Belong's, Django's and third-party
ones alike) a mixin that records an audit event at each of the admin's own
logging points, inside the admin's transaction: an added, changed or deleted
record, with the names of the fields changed and the new value of yes/no
fields such as superuser status, never other values. Installed in settings as
the admin app's default site (``BelongAdminConfig`` in ``apps.py``).
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import admin
from django.db import models, router, transaction
from django.http import HttpRequest
from django.utils.text import capfirst


def _changed_fields(message: Any) -> list[str]:
    """Field names out of the admin's change message (a list, or its JSON)."""
    if isinstance(message, str):
        try:
            message = json.loads(message)
        except ValueError:
            return []
    fields: list[str] = []
    for part in message if isinstance(message, list) else []:
        if not isinstance(part, dict):
            continue
        if "changed" in part:
            fields += [str(f) for f in part["changed"].get("fields", [])]
        for verb in ("added", "deleted"):
            if part.get(verb, {}).get("name"):
                fields.append(f"{part[verb]['name']} {verb}")
    return fields


def _flags(obj: models.Model, fields: list[str]) -> dict[str, bool]:
    """The new value of each yes/no field changed (superuser status, active...)."""
    return {
        capfirst(str(f.verbose_name)): bool(getattr(obj, f.name))
        for f in obj._meta.concrete_fields
        if isinstance(f, models.BooleanField) and capfirst(str(f.verbose_name)) in fields
    }


def _detail(obj: models.Model, message: Any) -> dict[str, Any]:
    fields = _changed_fields(message)
    detail: dict[str, Any] = {"fields": fields} if fields else {}
    flags = _flags(obj, fields)
    if flags:
        detail["now"] = flags
    return detail


class AuditedModelAdmin:
    """Mixed into every ModelAdmin on Belong's admin site (see the module)."""

    def log_addition(self, request: HttpRequest, obj: models.Model, message: Any) -> Any:
        from belong.access import audit

        audit.record(
            audit.AccessEvent.ADMIN_ADDED, by=request.user, target=obj, detail=_detail(obj, message)
        )
        return super().log_addition(request, obj, message)  # type: ignore[misc]

    def log_change(self, request: HttpRequest, obj: models.Model, message: Any) -> Any:
        from belong.access import audit

        audit.record(
            audit.AccessEvent.ADMIN_CHANGED,
            by=request.user,
            target=obj,
            detail=_detail(obj, message),
        )
        return super().log_change(request, obj, message)  # type: ignore[misc]

    def log_deletions(self, request: HttpRequest, queryset: Any) -> Any:
        from belong.access import audit

        for obj in queryset:
            audit.record(
                audit.AccessEvent.ADMIN_DELETED,
                by=request.user,
                target=(obj._meta.label_lower, str(obj.pk)),
                detail={"name": f"{obj._meta.verbose_name} {str(obj)[:150]}"},
            )
        return super().log_deletions(request, queryset)  # type: ignore[misc]

    def response_action(self, request: HttpRequest, queryset: Any) -> Any:
        # Django runs an action (such as "delete selected") outside a transaction:
        # run it in one, so the deletions and their audit events commit together.
        model = self.model  # type: ignore[attr-defined]
        with transaction.atomic(using=router.db_for_write(model)):
            return super().response_action(request, queryset)  # type: ignore[misc]


class AuditedAdminSite(admin.AdminSite):
    """``admin.site``: every ModelAdmin registered on it is audited."""

    def register(self, model_or_iterable: Any, admin_class: Any = None, **options: Any) -> None:
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, AuditedModelAdmin):
            admin_class = type(
                admin_class.__name__,
                (AuditedModelAdmin, admin_class),
                {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__},
            )
        super().register(model_or_iterable, admin_class, **options)
