"""The survey office's link. Respondents need none: they arrive through their link."""

from __future__ import annotations

from belong.access.permissions import Permission
from belong.core.navigation import NavItem

ITEMS = [
    NavItem(
        "Surveys",
        "surveys:home",
        Permission.MANAGE_SURVEYS,
        "Climate and pulse surveys: instruments, REDCap dictionaries, campaigns and response "
        "rates. Answers are anonymous; nobody sees who answered what.",
        order=50,
    ),
]
