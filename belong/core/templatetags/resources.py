"""``{% resource_links "counselling" %}``: the current entries for a key, or a fallback.

``{% resource_links key audience="students" limit=3 fallback=text %}`` renders
``_components/resource_links.html``: each entry's name (a link to its page),
provider, hours and contact. When no app has a current entry for the key the
``fallback`` text is shown instead (a page passes its own words, so it still
says something useful on a school that has not filled in its directory).
"""

from __future__ import annotations

from typing import Any

from django import template

from belong.core.resources import find_resources

register = template.Library()


@register.inclusion_tag("_components/resource_links.html")
def resource_links(
    key: str, *, audience: str = "", limit: int = 3, fallback: str = "", heading: str = ""
) -> dict[str, Any]:
    found = find_resources(str(key), audience=str(audience or ""), limit=int(limit))
    return {
        "links": found.links,
        "more": found.more,
        "fallback": fallback,
        "heading": heading,
        "key": key,
    }
