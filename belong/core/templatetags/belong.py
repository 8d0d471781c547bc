from typing import Any

from django import template

from belong.access.permissions import Permission
from belong.access.policies import has_permission

register = template.Library()


@register.filter
def can(user: Any, permission: str) -> bool:
    """``{% if request.user|can:"view_self_id_records" %}``"""
    return has_permission(user, Permission(permission))
