"""Who reads a published release, and which releases a reader can put side by side.

Three audiences, each named by the permission that reads it:

* ``leadership`` -- the dean and senior committee (and the analysts who build
  releases): ``VIEW_LEADERSHIP_RELEASES``;
* ``staff`` -- every faculty and staff member: ``VIEW_STAFF_RELEASES``;
* ``public`` -- anyone, signed in or not.

The readers nest: everyone who reads leadership releases also reads staff
releases, and everyone reads public ones. So one person (a dean) sees every
release of every audience at once, and the differencing guard has to assume
that a new release will be set beside *every* release ever published exactly,
whatever its audience. :func:`audiences_read_together` derives that from the
roles rather than asserting it, so that a change to the roles changes the
guard with it (``docs/decisions/0005-releases-and-audiences.md``).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from belong.access.permissions import Permission
from belong.access.roles import ROLES


class Audience(models.TextChoices):
    LEADERSHIP = "leadership", _("Leadership")
    STAFF = "staff", _("All faculty and staff")
    PUBLIC = "public", _("The public")


# The permission that reads each audience's releases (None: anyone, even signed out).
READ_PERMISSION: dict[str, Permission | None] = {
    Audience.LEADERSHIP: Permission.VIEW_LEADERSHIP_RELEASES,
    Audience.STAFF: Permission.VIEW_STAFF_RELEASES,
    Audience.PUBLIC: None,
}

DESCRIPTIONS: dict[str, str] = {
    Audience.LEADERSHIP: "The dean and the senior leadership committee, and the analysts who "
    "build releases.",
    Audience.STAFF: "Every faculty and staff member of the school, and leadership.",
    Audience.PUBLIC: "Anyone, without signing in, on the school's public pages.",
}

# From the narrowest audience to the widest.
ORDER: tuple[str, ...] = (Audience.LEADERSHIP, Audience.STAFF, Audience.PUBLIC)


def _reader_roles(audience: str) -> frozenset[str]:
    """Codes of the roles that read ``audience``; ``*`` stands for anyone at all."""
    permission = READ_PERMISSION[audience]
    if permission is None:
        return frozenset({"*", *ROLES})
    return frozenset(code for code, role in ROLES.items() if permission in role.permissions)


def audiences_read_together(audience: str) -> tuple[str, ...]:
    """Audiences whose releases some reader of ``audience`` can also read.

    A reader who holds both releases can subtract one from the other, so the
    differencing guard compares a new release with every earlier release of
    these audiences. With Belong's roles this is every audience: leadership
    reads all three.
    """
    readers = _reader_roles(audience)
    return tuple(other for other in ORDER if readers & _reader_roles(other))


def may_read(user: object, audience: str) -> bool:
    """Whether ``user`` (possibly anonymous) reads releases published to ``audience``."""
    from belong.access.policies import has_permission

    permission = READ_PERMISSION.get(audience)
    if audience not in READ_PERMISSION:
        return False
    return permission is None or has_permission(user, permission)


def readable_audiences(user: object) -> tuple[str, ...]:
    """The audiences whose releases ``user`` reads, narrowest first."""
    return tuple(a for a in ORDER if may_read(user, a))
