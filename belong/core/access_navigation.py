"""Menu items and the home card for the pages of ``access`` (roles, audit log).

Kept in core, which may import access, because access is the layer below core
and imports nothing from it (``tests/test_layers.py``).
"""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from belong.access.permissions import Permission
from belong.access.policies import has_permission
from belong.core.navigation import Card, NavItem

ITEMS = [
    NavItem(
        _("Roles"),
        "access:role_list",
        Permission.MANAGE_ROLES,
        _("Give and remove roles. Each change is recorded in the audit log."),
        order=90,
    ),
    NavItem(
        _("Audit log"),
        "access:audit_log",
        Permission.VIEW_AUDIT_LOG,
        _("Every change and every read of a sensitive record, in order and tamper-evident."),
        order=95,
    ),
]


def home_cards(request: HttpRequest) -> list[Card]:
    if not has_permission(request.user, Permission.VIEW_AUDIT_LOG):
        return []
    from datetime import timedelta

    from django.db.models import Q
    from django.utils import timezone

    from belong.access.audit.catalogue import kinds
    from belong.access.models import AuditEvent

    since = timezone.now() - timedelta(days=7)
    # Anonymous events carry their day and no time.
    recent = AuditEvent.objects.filter(Q(at__gte=since) | Q(day__gte=timezone.localdate(since)))
    reads = [kind.verb for kind in kinds() if kind.read]
    sensitive = recent.filter(verb__in=reads).count()
    total = recent.count()
    return [
        Card(
            _("Audit log, last 7 days"),
            f"{total:,} events, of which {sensitive:,} were reads of sensitive records.",
            figure=f"{total:,}",
            url=reverse("access:audit_log"),
            link_text=_("Browse the audit log"),
            order=90,
        )
    ]
