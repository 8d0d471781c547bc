"""The quote screen: a comment is shown as a quote only if nothing in it is rare or personal.

A quote is read whole by everyone a release reaches, and a rare word
("the only Inuit student in my clerkship", "my pager 4471") can point at its
writer as surely as a name. A comment is held back when it holds:

- a **name**: any word of the people's names the caller passes (the school's
  given and family names), or a capitalised word after a title (Dr., Prof.,
  Mrs., Dean ...);
- a **rare word**: a word, not a stop word, that fewer than ``min_count``
  comments of the whole set contain (rare roles, small units, places, names
  nobody passed);
- an **e-mail address**, a **phone number**, or a **number that looks like an
  id or a date** (four or more digits, a code mixing letters and three or more
  digits, 3/12, 2026-03-12, March 12, 12 de marzo).

Every word of a quote that passes is therefore a stop word or shared by at
least ``min_count`` comments (``tests/surveys/test_themes_screening.py``
attacks exactly that).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from belong.publishing.themes.words import WORD

NAME = "names a person"
RARE = "a rare word"
EMAIL = "an e-mail address"
PHONE = "a phone number"
ID_OR_DATE = "an id or a date"

_TITLES = (
    "dr|dra|prof|profa|mr|mrs|ms|mx|sr|sra|srta|doctor|doctora|professor|profesor|profesora"
    "|dean|decano|decana|nurse|coach|chief|chair"
)
# A title and the word after it; the title in any case, so "dr smith" counts too.
_TITLED = re.compile(rf"\b(?P<title>{_TITLES})\b\.?\s+(?P<name>[^\W\d_][\w'’-]*)", re.IGNORECASE)
_ABBREVIATED = frozenset(
    ("dr", "dra", "prof", "profa", "mr", "mrs", "ms", "mx", "sr", "sra", "srta")
)
_EMAIL = re.compile(r"[\w.+-]+\s*@\s*[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<![\w])\+?\(?\d[\d\s().-]{5,}\d(?![\w])")
_MONTHS = (
    "jan|january|feb|february|mar|march|apr|april|may|jun|june|jul|july|aug|august"
    "|sep|sept|september|oct|october|nov|november|dec|december"
    "|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre"
    "|noviembre|diciembre"
)
_DATES = (
    re.compile(r"\b\d{1,4}[/-]\d{1,2}(?:[/-]\d{1,4})?\b"),
    re.compile(r"\b\d{1,2}\.\d{1,2}\.\d{2,4}\b"),
    re.compile(rf"\b(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b", re.IGNORECASE),
    re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+|de\s+)?(?:{_MONTHS})\b", re.IGNORECASE),
)
_LONG_NUMBER = re.compile(r"\d{4,}")


def _digits(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


def _looks_like_id(word: str) -> bool:
    if _LONG_NUMBER.search(word):
        return True
    has_letter = any(ch.isalpha() for ch in word)
    return has_letter and _digits(word) >= 3


def _sentence_start(text: str, at: int) -> bool:
    before = text[:at].rstrip()
    return not before or before[-1] in '.!?¿¡:;"“(\n'


@dataclass(frozen=True)
class QuoteScreen:
    """Decides whether a comment may be shown whole, against the set it came from.

    ``frequencies`` maps each word to the number of comments holding it
    (:func:`~belong.publishing.themes.words.comment_frequencies` of the whole
    set); ``names`` are lower-case name words; ``stop_words`` are excused from
    the rare-word rule.
    """

    frequencies: Mapping[str, int]
    min_count: int
    stop_words: frozenset[str]
    names: frozenset[str] = frozenset()

    @classmethod
    def build(
        cls,
        *,
        frequencies: Mapping[str, int],
        min_count: int,
        stop_words: frozenset[str],
        known_names: Iterable[str] = (),
    ) -> QuoteScreen:
        names = frozenset(w for name in known_names for w in WORD.findall(str(name).lower()))
        return cls(frequencies, min_count, stop_words, names)

    def is_name(self, word: str, text: str, at: int) -> bool:
        """Whether ``word`` (found at ``at`` in ``text``) is one of the known names.

        A name that is also a stop word ("Will", "May") counts only when
        capitalised away from the start of a sentence.
        """
        lowered = word.lower()
        if lowered not in self.names:
            return False
        if lowered not in self.stop_words:
            return True
        return word[:1].isupper() and not _sentence_start(text, at)

    def reasons(self, text: str) -> tuple[str, ...]:
        """Why ``text`` may not be shown (empty when it may), in a fixed order."""
        found: set[str] = set()
        if _EMAIL.search(text):
            found.add(EMAIL)
        for match in _PHONE.finditer(text):
            if _digits(match.group()) >= 7:
                found.add(PHONE)
        if any(p.search(text) for p in _DATES):
            found.add(ID_OR_DATE)
        for match in _TITLED.finditer(text):
            title, name = match.group("title").lower(), match.group("name")
            if name[:1].isupper() or (
                title in _ABBREVIATED and name.lower() not in self.stop_words
            ):
                found.add(NAME)
        for match in WORD.finditer(text):
            word = match.group()
            lowered = word.lower()
            if self.is_name(word, text, match.start()):
                found.add(NAME)
            if _looks_like_id(lowered):
                found.add(ID_OR_DATE)
            if lowered not in self.stop_words and self.frequencies.get(lowered, 0) < self.min_count:
                found.add(RARE)
        return tuple(r for r in (NAME, RARE, EMAIL, PHONE, ID_OR_DATE) if r in found)

    def rarest(self, text: str) -> int:
        """How many comments share the rarest non-stop word of ``text`` (a large number if none)."""
        counts = [
            self.frequencies.get(w, 0)
            for w in WORD.findall(text.lower())
            if w not in self.stop_words
        ]
        return min(counts, default=1 << 30)
