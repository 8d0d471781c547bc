"""Who may do what: the one place access decisions are made.

Views use :func:`require_permission` and :func:`get_object_for`; actions and
queries call :func:`has_permission`. A decision about one object (a coach and
*their* students, an office and *its* requests) is made by an object rule,
registered for one permission and one model with :func:`object_rule` next to
the model it protects.

Access fails closed. A permission checked against an object is refused unless
a rule is registered for exactly that permission and that object's class: a
new model, or a new check on an old one, is invisible to everybody until its
rule is written. Nothing allows "every type it does not name".
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse

from belong.access import persons
from belong.access.permissions import Permission
from belong.access.roles import ROLES, Role

M = TypeVar("M", bound=models.Model)
ObjectRule = Callable[[Any, Any], bool]
RuleKey = tuple[Permission, type]

logger = logging.getLogger(__name__)


class ObjectRules:
    """The registry of object rules, one per (permission, model).

    Looked up by the object's exact class: a subclass or proxy of a protected
    model has no rule until one is registered for it, so it is refused.
    """

    def __init__(self) -> None:
        self._rules: dict[RuleKey, ObjectRule] = {}

    def register(self, permission: Permission, model: type, rule: ObjectRule) -> None:
        key = (Permission(permission), model)
        existing = self._rules.get(key)
        if existing is not None and existing is not rule:
            raise ImproperlyConfigured(
                f"Two object rules decide {permission} for {model.__name__}: "
                f"{_name(existing)} and {_name(rule)}. One pair, one rule."
            )
        self._rules[key] = rule

    def rule_for(self, permission: Permission, model: type) -> ObjectRule | None:
        """The rule deciding ``permission`` for objects of exactly ``model``, if any."""
        return self._rules.get((permission, model))

    def pairs(self) -> frozenset[RuleKey]:
        """Every (permission, model) that has a rule."""
        return frozenset(self._rules)


RULES = ObjectRules()


def _name(rule: ObjectRule) -> str:
    return f"{rule.__module__}.{getattr(rule, '__qualname__', repr(rule))}"


def object_rule(permission: Permission, model: type[M]) -> Callable[[ObjectRule], ObjectRule]:
    """Register ``rule(user, obj) -> bool`` deciding ``permission`` for objects of ``model``.

    The rule is asked only once the user holds ``permission``, and only about
    instances of ``model`` itself. One function may be registered for several
    pairs (stack the decorator), but each registration names one model, and a
    pair can have only one rule.
    """

    def register(rule: ObjectRule) -> ObjectRule:
        RULES.register(permission, model, rule)
        return rule

    return register


def _holding_suffices(user: Any, obj: Any) -> bool:
    """Holding the permission is enough for every object of the model (see below)."""
    return True


def holding_suffices(permission: Permission, model: type[models.Model]) -> None:
    """Register that whoever holds ``permission`` may use it on every ``model``.

    For permissions that already say which records they reach (every person
    record for ``VIEW_PEOPLE``, every pairing run for ``MANAGE_PAIRING``): the
    grant is still per model, so the same permission reaches no other model.
    """
    RULES.register(permission, model, _holding_suffices)


_CACHE = "_belong_roles"


def role_codes(user: Any) -> frozenset[str]:
    """The codes of every role the user holds now (cached on the user object).

    Assigned roles, and the roles the user's current affiliations imply.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, _CACHE, None)
    if cached is not None:
        return cached
    codes = set(user.role_assignments.order_by().values_list("role", flat=True))
    # Roles implied by current affiliations, from the people app (access.persons).
    codes.update(persons.directory().implied_roles(user))
    result = frozenset(codes)
    setattr(user, _CACHE, result)
    return result


def act_with_roles(user: Any, codes: frozenset[str]) -> None:
    """Let ``user`` act, for the rest of this request, only with those of ``codes`` it holds.

    For calls made with a personal access token (``access.tokens``): the token
    carries some of its owner's roles, and every permission check in the call
    then sees no other role, and no role the owner no longer holds.
    """
    setattr(user, _CACHE, role_codes(user) & codes)


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
    """Whether ``user`` may do ``permission`` (to ``obj``, when given).

    Without ``obj``, holding the permission through a role is the answer.
    With ``obj``, the rule registered for ``permission`` and ``obj``'s class
    decides too; with no such rule the answer is no, for every user.
    """
    if permission not in permissions_of(user):
        return False
    if obj is None:
        return True
    rule = RULES.rule_for(permission, type(obj))
    if rule is None:
        # A check that no rule answers is a mistake in the code, never a grant.
        logger.warning(
            "No object rule decides %s for %s; refused.", permission, type(obj).__qualname__
        )
        return False
    return bool(rule(user, obj))


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
