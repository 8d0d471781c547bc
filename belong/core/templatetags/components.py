"""Template tags for the shared components in ``templates/_components/``.

``{% table %}<caption>…</caption><thead>…</thead><tbody>…</tbody>{% endtable %}``
is the one table component: it puts the table in the frame of
``_components/table_frame.html``, a region named by the table's caption that
scrolls sideways by itself when the table is wider than the screen, so the
page never does. Every table has a caption (the tag refuses one without).
``{% table class="compact" %}`` adds a class to the table. Tables built in
Python (``core.tables.DataTable``) are drawn by
``{% include "_components/table.html" %}``, which uses the same tag.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from django import template
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

register = template.Library()

_CAPTION = re.compile(r"<caption(?=[\s>])")


class TableNode(template.Node):
    def __init__(self, css_class: FilterExpression | None, body: NodeList):
        self.css_class = css_class
        self.body = body

    def render(self, context: Any) -> str:
        body = str(self.body.render(context))
        # The region is named by the caption: give the caption an id to point at, unique
        # on the page (a count kept at the bottom of this render's context) and stable.
        root = context.dicts[0]
        root["_belong_tables"] = count = int(root.get("_belong_tables", 0)) + 1
        digest = hashlib.sha1(body.encode(), usedforsecurity=False).hexdigest()[:8]
        ident = f"table-{count}-{digest}"
        named, found = _CAPTION.subn(f'<caption id="{ident}"', body, count=1)
        if not found:
            raise template.TemplateSyntaxError("{% table %} needs a <caption> naming the table")
        return render_to_string(
            "_components/table_frame.html",
            {
                "ident": ident,
                "css_class": self.css_class.resolve(context) if self.css_class else "",
                # Rendered by the template engine just above, so already escaped.
                "body": mark_safe(named),  # noqa: S308
            },
        )


@register.tag("table")
def table(parser: Parser, token: Token) -> TableNode:
    """``{% table [class=...] %} <caption>…</caption> rows {% endtable %}``."""
    bits = token.split_contents()
    css_class = None
    if len(bits) > 2:
        raise template.TemplateSyntaxError("{% table %} takes at most class=...")
    if len(bits) == 2:
        name, _, value = bits[1].partition("=")
        if name != "class" or not value:
            raise template.TemplateSyntaxError("{% table %}'s one argument is class=...")
        css_class = parser.compile_filter(value)
    body = parser.parse(("endtable",))
    parser.delete_first_token()
    return TableNode(css_class, body)
