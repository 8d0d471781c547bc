"""What a page shows a Spanish reader, and which of it is not Spanish.

Every visible text node of a rendered page (and the attributes a screen reader
reads: ``aria-label``, ``title``, ``alt``, ``placeholder``) must be made of:

- translations from the Spanish catalogue (``belong/locale/es``), whole or with
  their ``%(name)s`` placeholders filled by something that is itself allowed;
- data: any text stored in the database (names, services, answers people wrote),
  and the site's and the school's names from settings;
- numbers, dates with Spanish month and day names, and punctuation.

Whatever is left is a string someone forgot to mark for translation, and
:func:`untranslated` returns it. The check works on the rendered page, so it
catches Python strings (form labels, messages, choices, navigation) as well as
template text.
"""

from __future__ import annotations

import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils.translation import trans_real

CATALOGUE = Path(settings.BASE_DIR) / "belong" / "locale" / "es" / "LC_MESSAGES"
_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%[sd]")
_LETTER = re.compile(r"[^\W\d_]")
# Words Django's own Spanish catalogue puts into dates ("3 diciembre 2026", "jue").
_DATE_WORDS = {
    *[
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
    ],
    *[
        "diciembre",
        "ene",
        "feb",
        "mar",
        "abr",
        "may",
        "jun",
        "jul",
        "ago",
        "sep",
        "sept",
        "oct",
        "nov",
        "dic",
    ],
    *[
        "lunes",
        "martes",
        "miércoles",
        "jueves",
        "viernes",
        "sábado",
        "domingo",
        "lun",
        "mié",
        "jue",
        "vie",
        "sáb",
        "dom",
    ],
    *["de", "a.m.", "p.m."],
}
# Attributes that a reader hears or sees.
_SPOKEN = ("aria-label", "title", "alt", "placeholder")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.nodes: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "template", "svg"):
            self._skip += 1
        for name, value in attrs:
            if name in _SPOKEN and value:
                self.nodes.append(value)
            if tag == "input" and name == "value" and value and ("type", "submit") in attrs:
                self.nodes.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template", "svg") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.nodes.append(data)


def visible_text(html: str) -> list[str]:
    """The text nodes of a page, whitespace folded."""
    parser = _Text()
    parser.feed(html)
    return [" ".join(node.split()) for node in parser.nodes]


@cache
def translations() -> tuple[list[re.Pattern[str]], frozenset[str]]:
    """The catalogues' Spanish strings: patterns for those with placeholders, a set for the rest."""
    # Belong's catalogue merged with Django's own (its form errors, month names).
    catalogue = trans_real.translation("es")._catalog  # type: ignore[attr-defined]
    plain: set[str] = set()
    patterns: list[re.Pattern[str]] = []
    for key, value in catalogue.items():
        if not key or not value:
            continue
        # Text with links in it reaches the page as several nodes: one piece each.
        for piece in re.split(r"<[^>]+>|\n", value):
            text = " ".join(piece.split()).casefold()
            if not _LETTER.search(text):
                continue
            if _PLACEHOLDER.search(text):
                pieces = _PLACEHOLDER.split(text)
                literal = [re.escape(p.replace("%%", "%")) for p in pieces[::2]]
                # Enough fixed text that a placeholder cannot swallow a sentence alone.
                if sum(len(p) for p in literal) >= 4:
                    # A placeholder that ends the text takes the rest of the node; what
                    # fills any of them must itself be allowed (see _leftover).
                    last = "(.+?)" if literal[-1] else "(.+)"
                    body = "(.+?)".join(literal[:-1]) + last + literal[-1]
                    patterns.append(re.compile(body, re.IGNORECASE))
            else:
                plain.add(text.replace("%%", "%"))
    patterns.sort(key=lambda p: -len(p.pattern))
    return patterns, frozenset(plain)


def stored_text() -> set[str]:
    """Every short text stored in the database now: data is shown as it was written."""
    from belong.people.models import Person

    found = {settings.SITE_NAME, settings.SCHOOL_NAME, "English", "Español"}
    found.update(person.display_name for person in Person.objects.all())
    for model in apps.get_models():
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        if not fields:
            continue
        for row in model._default_manager.values_list(*fields):
            for value in _strings(row):
                found.add(" ".join(value.split()))
                found.update(" ".join(line.split()) for line in value.splitlines())
    return {text.casefold() for text in found}


def _strings(value: object) -> list[str]:
    """The texts in a stored value, looking inside JSON (a survey item's choices)."""
    if isinstance(value, str):
        return [value] if len(value.strip()) >= 2 else []
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v)]
    return []


def _allowed(text: str, plain: frozenset[str], data: set[str], depth: int = 0) -> bool:
    return not _leftover(text, plain, data, depth)


def _leftover(text: str, plain: frozenset[str], data: set[str], depth: int = 0) -> str:
    text = " ".join(text.split()).casefold()
    if not _LETTER.search(text) or text in plain or text in data:
        return ""
    patterns, _plain = translations()
    if depth < 3:
        for pattern in patterns:
            for match in list(pattern.finditer(text)):
                if all(_allowed(g, plain, data, depth + 1) for g in match.groups()):
                    text = text.replace(match.group(0), " ")
    for known in sorted((s for s in plain | data if s in text), key=len, reverse=True):
        if len(known) >= 2 and known in text:
            text = re.sub(rf"(?<!\w){re.escape(known)}(?!\w)", " ", text)
    # Codes and references (a receipt, "2026-09") hold digits: data, not words.
    words = [w.strip(".,;:!?¡¿()«»“”\"'") for w in text.split() if not re.search(r"\d", w)]
    return " ".join(w for w in words if len(w) > 1 and _LETTER.search(w) and w not in _DATE_WORDS)


def untranslated(html: str, data: set[str] | None = None) -> list[str]:
    """The text nodes of a Spanish page holding words from neither the catalogue nor data."""
    _patterns, plain = translations()
    known = stored_text() | (data or set())
    problems = []
    for node in visible_text(html):
        left = _leftover(node, plain, known)
        if left:
            problems.append(f"{node!r} (left: {left!r})")
    return problems
