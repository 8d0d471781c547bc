"""What every action of outcomes monitoring shares: the refusal, the permission check."""

from __future__ import annotations

from typing import Any

from belong.access.permissions import Permission
from belong.access.policies import ensure_permission

# The publishing kind of outcome releases (``release_kinds.EquityReleases``).
KIND = "equity"


class ActionError(ValueError):
    """A request the action refuses, with a sentence saying why."""


def require(by: Any, permission: Permission) -> None:
    # The system (None) runs commands and the demo; a user needs the permission.
    if by is not None:
        ensure_permission(by, permission)


def user_or_none(by: Any) -> Any:
    return by if getattr(by, "is_authenticated", False) else None
