"""Who may open which release, whatever module built it: object rules on ``Release``, one
per permission.

* Those who build releases (``BUILD_RELEASES``) open every release: drafts,
  published and unpublished ones.
* A reader opens a release only while it is published to the audience their
  permission reads (``audiences.READ_PERMISSION``): ``VIEW_LEADERSHIP_RELEASES``
  for leadership releases, ``VIEW_STAFF_RELEASES`` for staff ones. The readers
  nest because the roles grant both, not because one rule allows the other's.
* A release published to the public needs no permission: anyone opens it,
  signed in or not, and the public pages open nothing else.

A release that may not be opened answers 404, like a release that does not exist.
"""

from __future__ import annotations

from typing import Any

from belong.access.permissions import Permission
from belong.access.policies import has_permission, holding_suffices, object_rule
from belong.publishing.audiences import READ_PERMISSION, Audience
from belong.publishing.models import Release

holding_suffices(Permission.BUILD_RELEASES, Release)


@object_rule(Permission.VIEW_LEADERSHIP_RELEASES, Release)
def _published_to_leadership(user: Any, release: Release) -> bool:
    return release.is_published and release.audience == Audience.LEADERSHIP


@object_rule(Permission.VIEW_STAFF_RELEASES, Release)
def _published_to_staff(user: Any, release: Release) -> bool:
    return release.is_published and release.audience == Audience.STAFF


def builds_releases(user: Any) -> bool:
    return has_permission(user, Permission.BUILD_RELEASES)


def may_view_release(user: Any, release: Release) -> bool:
    """Whether ``user`` (possibly anonymous) may open ``release``."""
    if has_permission(user, Permission.BUILD_RELEASES, release):
        return True
    if may_view_publicly(release):
        return True
    permission = READ_PERMISSION.get(release.audience)
    return permission is not None and has_permission(user, permission, release)


def may_view_publicly(release: Release) -> bool:
    """Whether the public pages may show ``release``."""
    return release.is_published and release.audience == Audience.PUBLIC
