"""What access asks about the person behind an account, answered by the layer above.

Access sits below the people app and never imports it. It still needs three
answers about people: which roles a user's current affiliations imply (a
current student is a student), and, for single sign-on, which person an
identity provider's claims name and how to link a new account to them. The
people app registers one :class:`PersonDirectory` that answers them when it is
ready (``belong.people.accounts``).

Without a directory access fails closed: nobody has an implied role and
single sign-on finds nobody.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol


@dataclass(frozen=True)
class AccountHolder:
    """The person an identity names, as much as access needs of them."""

    institutional_id: str
    email: str
    # The account already linked to this person, if any.
    user_id: int | None
    # The record itself, handed back to the directory (and named in audit events).
    record: Any


class PersonDirectory(Protocol):
    def implied_roles(self, user: Any) -> Iterable[str]:
        """Codes of the roles that ``user``'s current affiliations imply."""
        ...

    def find_holder(self, *, institutional_id: str, verified_email: str) -> AccountHolder | None:
        """The one person with this institutional id (or, failing that, this verified e-mail)."""
        ...

    def link_account(self, holder: AccountHolder, user: Any) -> None:
        """Record that ``user`` is the account of ``holder`` (inside the caller's transaction)."""
        ...


class _NobodyKnown:
    """Used until a directory is registered: no implied roles, no holder found."""

    def implied_roles(self, user: Any) -> Iterable[str]:
        return ()

    def find_holder(self, *, institutional_id: str, verified_email: str) -> AccountHolder | None:
        return None

    def link_account(self, holder: AccountHolder, user: Any) -> None:
        raise LookupError("No person directory is registered; nobody can be linked.")


_directory: PersonDirectory = _NobodyKnown()


def register_directory(directory: PersonDirectory) -> None:
    """Make ``directory`` the one that answers (called by the people app when ready)."""
    global _directory
    _directory = directory


def directory() -> PersonDirectory:
    return _directory
