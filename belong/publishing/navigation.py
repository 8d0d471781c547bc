"""Reports in the navigation: every module's releases, and the public pages."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from belong.access.permissions import Permission
from belong.core.navigation import NavItem

ITEMS = [
    NavItem(
        _("Reports"),
        "publishing:release_list",
        Permission.VIEW_STAFF_RELEASES,
        _(
            "Published releases on recruitment, admissions, hiring, retention and promotion, "
            "compared with the diversity of our patients, community and nation."
        ),
        order=40,
    ),
    NavItem(
        "Accreditation evidence",
        "publishing:evidence",
        Permission.VIEW_ACCREDITATION_EVIDENCE,
        "Tables for the LCME data collection instrument (elements 3.5, 3.6, 12.3 to 12.6), "
        "computed from live data with small cells hidden; download as Excel or PDF.",
        order=41,
    ),
    NavItem(
        _("Published reports"),
        "publishing:public_release_list",
        None,
        order=39,
        public=True,
        condition=lambda request: not request.user.is_authenticated,
    ),
]
