"""Who may do what: the one place access decisions are made.

Views use :func:`require_permission` and :func:`get_object_for`; actions and
queries call :func:`has_permission`. Object-level rules (a coach and *their*
students, an office and *its* requests) are registered per permission with
:func:`object_rule`, next to the models they protect.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone

from belong.access.permissions import Permission
from belong.access.roles import ROLE_FOR_AFFILIATION, ROLES, Role

M = TypeVar("M", bound=models.Model)
ObjectRule = Callable[[Any, Any], bool]
_object_rules: dict[Permission, list[ObjectRule]] = {}

_CACHE = "_belong_roles"


def object_rule(permission: Permission) -> Callable[[ObjectRule], ObjectRule]:
    """Register ``rule(user, obj) -> bool`` deciding ``permission`` for an object.

    With several rules for one permission, any rule that allows is enough.
    Without a rule, holding the permission is enough for every object.
    """

    def register(rule: ObjectRule) -> ObjectRule:
        _object_rules.setdefault(permission, []).append(rule)
        return rule

    return register


def role_codes(user: Any) -> frozenset[str]:
    """The codes of every role the user holds now (cached on the user object)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, _CACHE, None)
    if cached is not None:
        return cached
    codes = set(user.role_assignments.order_by().values_list("role", flat=True))
    try:
        person = user.person
    except models.ObjectDoesNotExist:
        person = None
    if person is not None:
        current = person.affiliations.current(timezone.localdate()).order_by()
        for kind in current.values_list("kind", flat=True).distinct():
            if kind in ROLE_FOR_AFFILIATION:
                codes.add(ROLE_FOR_AFFILIATION[kind])
    result = frozenset(codes)
    setattr(user, _CACHE, result)
    return result


def forget_roles(user: Any) -> None:
    """Drop the cached roles (after an assignment changes within one request)."""
    if hasattr(user, _CACHE):
        delattr(user, _CACHE)


def roles_of(user: Any) -> list[Role]:
    return [ROLES[code] for code in sorted(role_codes(user)) if code in ROLES]


def permissions_of(user: Any) -> frozenset[Permission]:
    granted: set[Permission] = set()
    for role in roles_of(user):
        granted |= role.permissions
    return frozenset(granted)


def units_for_role(user: Any, role: str) -> frozenset[int]:
    """Ids of the units for which the user holds a scoped role."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    return frozenset(
        user.role_assignments.filter(role=role, unit__isnull=False).values_list(
            "unit_id", flat=True
        )
    )


def has_permission(user: Any, permission: Permission, obj: Any = None) -> bool:
    """Whether ``user`` may do ``permission`` (to ``obj``, when given)."""
    if permission not in permissions_of(user):
        return False
    if obj is None:
        return True
    rules = _object_rules.get(permission)
    if not rules:
        return True
    return any(rule(user, obj) for rule in rules)


def ensure_permission(user: Any, permission: Permission, obj: Any = None) -> None:
    """For actions: raise 404 (as a view would) unless ``user`` may do ``permission``."""
    if not has_permission(user, permission, obj):
        raise Http404("No such record.")


def require_permission(*permissions: Permission) -> Callable[..., Any]:
    """View decorator: sign-in required, then every listed permission.

    A signed-in user without the permission gets 404, not 403, so that a page
    reveals nothing about what exists behind it.
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not all(has_permission(request.user, p) for p in permissions):
                raise Http404("No such page.")
            return view(request, *args, **kwargs)

        wrapper.required_permissions = permissions  # type: ignore[attr-defined]
        return wrapper

    return decorator


def login_required_404(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Sign-in required; nothing else (for pages about one's own record)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


def get_object_for(
    user: Any,
    permission: Permission,
    queryset: models.QuerySet[M] | type[M],
    **lookup: Any,
) -> M:
    """Fetch one object and check ``permission`` on it; 404 if either fails."""
    qs = queryset._default_manager.all() if isinstance(queryset, type) else queryset
    try:
        obj = qs.get(**lookup)
    except (models.ObjectDoesNotExist, ValueError, TypeError):
        raise Http404("No such record.") from None
    if not has_permission(user, permission, obj):
        raise Http404("No such record.")
    return obj
