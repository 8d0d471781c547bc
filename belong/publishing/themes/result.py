"""What theme finding returns: frozen, plain data that a release can store as JSON.

A held-back quote carries the theme it would have illustrated and why it was
withheld, never its text: the text is exactly what the screen keeps out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Theme:
    """One theme: a label made from its top terms, the terms, how many comments, quotes.

    ``count`` is the number of comments placed in the theme (at least the
    caller's ``min_count``); ``quotes`` are whole comments that passed the
    screen, most representative first.
    """

    label: str
    terms: tuple[str, ...]
    count: int
    quotes: tuple[str, ...]

    def to_record(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "terms": list(self.terms),
            "count": self.count,
            "quotes": list(self.quotes),
        }

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Theme:
        return cls(
            label=str(record["label"]),
            terms=tuple(str(t) for t in record["terms"]),
            count=int(record["count"]),
            quotes=tuple(str(q) for q in record["quotes"]),
        )


@dataclass(frozen=True)
class HeldBack:
    """A quote the screen withheld: which theme it was for and why (no text)."""

    theme: str
    reasons: tuple[str, ...]

    def to_record(self) -> dict[str, Any]:
        return {"theme": self.theme, "reasons": list(self.reasons)}

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> HeldBack:
        return cls(theme=str(record["theme"]), reasons=tuple(str(r) for r in record["reasons"]))


@dataclass(frozen=True)
class ThemeResult:
    """Themes shown (each with at least ``min_count`` comments), quotes held back, the rest.

    ``unthemed`` counts the non-blank comments in no shown theme: those that
    share no common term with the others and those of themes too small to
    show. ``method`` says how the themes were found (``"tfidf-nmf"`` or
    ``"embeddings"``).
    """

    themes: tuple[Theme, ...]
    held_back: tuple[HeldBack, ...]
    unthemed: int
    method: str = "tfidf-nmf"

    def to_record(self) -> dict[str, Any]:
        return {
            "themes": [t.to_record() for t in self.themes],
            "held_back": [h.to_record() for h in self.held_back],
            "unthemed": self.unthemed,
            "method": self.method,
        }

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> ThemeResult:
        return cls(
            themes=tuple(Theme.from_record(t) for t in record["themes"]),
            held_back=tuple(HeldBack.from_record(h) for h in record["held_back"]),
            unthemed=int(record["unthemed"]),
            method=str(record["method"]),
        )
