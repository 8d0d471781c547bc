from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from belong.access.permissions import Permission
from belong.access.policies import has_permission
from belong.core.navigation import Card, NavItem

ITEMS = [
    NavItem(
        "Roles",
        "access:role_list",
        Permission.MANAGE_ROLES,
        "Give and remove roles. Each change is recorded in the audit log.",
        order=90,
    ),
    NavItem(
        "Audit log",
        "access:audit_log",
        Permission.VIEW_AUDIT_LOG,
        "Every change and every read of a sensitive record, in order and tamper-evident.",
        order=95,
    ),
]


def home_cards(request: HttpRequest) -> list[Card]:
    if not has_permission(request.user, Permission.VIEW_AUDIT_LOG):
        return []
    from datetime import timedelta

    from django.utils import timezone

    from belong.access.audit.catalogue import kinds
    from belong.access.models import AuditEvent

    since = timezone.now() - timedelta(days=7)
    reads = [kind.verb for kind in kinds() if kind.read]
    sensitive = AuditEvent.objects.filter(at__gte=since, verb__in=reads).count()
    total = AuditEvent.objects.filter(at__gte=since).count()
    return [
        Card(
            "Audit log, last 7 days",
            f"{total:,} events, of which {sensitive:,} were reads of sensitive records.",
            figure=f"{total:,}",
            url=reverse("access:audit_log"),
            link_text="Browse the audit log",
            order=90,
        )
    ]
