"""Role-aware navigation and home-page cards, collected from every app.

Each app may have a ``navigation.py`` with ``ITEMS`` (links shown to those
holding a permission) and ``home_cards(request)`` (facts for the home page).
Core knows no domain app by name. The items for the administration pages of
``access`` (roles, audit log) are core's own, in ``access_navigation.py``:
access is below core and never imports it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest
from django.urls import reverse

from belong.access.permissions import Permission
from belong.access.policies import has_permission
from belong.core.discovery import app_modules

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

    # Labels and sentences may be marked for translation (gettext_lazy): decision 0033.
    Text = str | StrPromise


@dataclass(frozen=True)
class NavItem:
    label: Text
    url_name: str
    permission: Permission | None
    description: Text = ""
    section: str = "Main"
    order: int = 100
    # Extra condition beyond the permission, e.g. "has a person record".
    condition: Callable[[HttpRequest], bool] | None = None
    # Shown to signed-out visitors too (pages anyone may read, such as public reports).
    public: bool = False

    def visible_to(self, request: HttpRequest) -> bool:
        if not request.user.is_authenticated:
            return self.public
        if self.permission is not None and not has_permission(request.user, self.permission):
            return False
        return self.condition is None or self.condition(request)

    @property
    def url(self) -> str:
        return reverse(self.url_name)


@dataclass(frozen=True)
class Card:
    """A fact on the home page: a title, a figure or sentence, a link."""

    title: Text
    body: Text
    url: str = ""
    link_text: Text = ""
    figure: str = ""
    order: int = 100
    notes: tuple[str, ...] = field(default_factory=tuple)
    #: Something that needs attention now (a deadline that has passed), shown flagged.
    alert: str = ""


def _modules() -> tuple[Any, ...]:
    # Access sits below core and cannot import it, so its pages' items live in core.
    from belong.core import access_navigation

    return (access_navigation, *app_modules("navigation"))


def collect_nav_items(request: HttpRequest) -> list[NavItem]:
    """The menu for this request, worked out once (the layout and the home page both use it)."""
    cached: list[NavItem] | None = getattr(request, "_belong_nav_items", None)
    if cached is None:
        cached = _visible_items(request)
        setattr(request, "_belong_nav_items", cached)  # noqa: B010
    return cached


def _visible_items(request: HttpRequest) -> list[NavItem]:
    items: Iterable[NavItem] = (
        item for module in _modules() for item in getattr(module, "ITEMS", ())
    )
    return sorted(
        (item for item in items if item.visible_to(request)),
        key=lambda i: (i.order, i.label),
    )


def collect_home_cards(request: HttpRequest) -> list[Card]:
    cards: list[Card] = []
    for module in _modules():
        provider = getattr(module, "home_cards", None)
        if provider is not None:
            cards.extend(provider(request))
    return sorted(cards, key=lambda c: (c.order, c.title))
