"""Links from any page to the school's current resources, found by a stable key.

Pages of other modules (a support request, a check-in result, a concern page)
point people to an office or service ("counselling", "crisis", "title_ix")
without naming the app that keeps those entries. An app contributes by having
a ``links.py`` that defines ``resource_links(key, audience="", limit=3)``,
returning a :class:`ResourceLinks` (or ``None`` when it knows nothing for the
key). Core collects from every such app (``core.discovery``) and the template
tag ``{% resource_links "counselling" %}`` (``templatetags/resources.py``)
renders them, or the page's own fallback text when no app has an entry.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from belong.core.discovery import app_modules


@dataclass(frozen=True)
class ResourceLink:
    """One current entry: what it is, when it is open, how to reach it, where to read more."""

    name: str
    url: str
    provider: str = ""
    hours: str = ""
    contact: str = ""
    contact_href: str = ""
    note: str = ""


@dataclass(frozen=True)
class ResourceLinks:
    links: tuple[ResourceLink, ...] = ()
    # A page listing every entry for the key (for example the directory filtered by topic).
    more_url: str = ""
    more_label: str = ""


@dataclass(frozen=True)
class Found:
    links: list[ResourceLink] = field(default_factory=list)
    more: list[tuple[str, str]] = field(default_factory=list)


def find_resources(key: str, *, audience: str = "", limit: int = 3) -> Found:
    """Every app's current entries for ``key`` (at most ``limit`` from each app)."""
    found = Found()
    for module in app_modules("links", providing="resource_links"):
        answer = module.resource_links(key, audience=audience, limit=limit)
        if answer is None:
            continue
        found.links.extend(answer.links[:limit])
        if answer.more_url:
            found.more.append((answer.more_url, answer.more_label))
    return found
