"""Who may open which release, whatever module built it.

* Those who build releases (``BUILD_RELEASES``) open every release: drafts,
  published and unpublished ones.
* Everyone else opens a release only while it is published to an audience
  they read (``audiences.may_read``); the public pages open only releases
  published to the public.

A release that may not be opened answers 404, like a release that does not exist.
"""

from __future__ import annotations

from typing import Any

from belong.access.permissions import Permission
from belong.access.policies import has_permission
from belong.publishing.audiences import Audience, may_read
from belong.publishing.models import Release


def builds_releases(user: Any) -> bool:
    return has_permission(user, Permission.BUILD_RELEASES)


def may_view_release(user: Any, release: Release) -> bool:
    """Whether ``user`` (possibly anonymous) may open ``release``."""
    if builds_releases(user):
        return True
    return release.is_published and may_read(user, release.audience)


def may_view_publicly(release: Release) -> bool:
    """Whether the public pages may show ``release``."""
    return release.is_published and release.audience == Audience.PUBLIC
