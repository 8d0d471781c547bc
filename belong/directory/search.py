"""Search words, normalised the same way for the stored column and the query.

Lower case, accents removed, punctuation turned into spaces: a plain
``LIKE`` on the normalised column then matches on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import re
import unicodedata

_NOT_WORD = re.compile(r"[^\w]+")


def normalise(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_NOT_WORD.sub(" ", plain.lower()).split())


def words(query: str, limit: int = 8) -> list[str]:
    """The distinct words of a query (at most ``limit``), each already normalised."""
    seen: list[str] = []
    for word in normalise(query).split():
        if word not in seen:
            seen.append(word)
    return seen[:limit]
