"""Directory links: the public directory for everyone, the office's entries for its editors."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from belong.access.permissions import Permission
from belong.core.navigation import NavItem

ITEMS = [
    NavItem(
        _("Directory"),
        "directory:index",
        None,
        _("Offices, services and resources of the school, by audience, topic and campus."),
        order=80,
        public=True,
    ),
    NavItem(
        _("Your office's entries"),
        "directory:office",
        Permission.EDIT_DIRECTORY_ENTRIES,
        _("Keep your office's directory entries current and confirm them once a year."),
        order=81,
    ),
    NavItem(
        "Import the directory",
        "directory:hsds_import",
        Permission.IMPORT_DIRECTORY,
        "Import offices and services from an Open Referral HSDS file, all or nothing.",
        order=82,
    ),
]
