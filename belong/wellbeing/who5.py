"""The WHO-5 Well-Being Index: items, scoring and what a score means.

Source: WHO Regional Office for Europe, *Wellbeing Measures in Primary Health
Care / The DepCare Project* (1998), Psychiatric Research Unit, Mental Health
Centre North Zealand; free to use without permission. Cut-offs from Topp,
Østergaard, Søndergaard and Bech, "The WHO-5 Well-Being Index: a systematic
review of the literature", *Psychotherapy and Psychosomatics* 84 (2015) 167–176:

* the raw score (0–25) times four gives a percentage score (0–100);
* below 50 indicates poor well-being and is a reason to screen for depression;
* 28 or below indicates likely depression;
* a change of 10 percentage points is clinically meaningful.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

# In Spanish, the wording of the WHO's own Spanish version (decision 0033).
PROMPT = _("Over the last two weeks")
ITEMS: tuple[StrPromise, ...] = (
    _("I have felt cheerful and in good spirits"),
    _("I have felt calm and relaxed"),
    _("I have felt active and vigorous"),
    _("I woke up feeling fresh and rested"),
    _("My daily life has been filled with things that interest me"),
)
SCALE: tuple[tuple[int, StrPromise], ...] = (
    (5, _("All of the time")),
    (4, _("Most of the time")),
    (3, _("More than half of the time")),
    (2, _("Less than half of the time")),
    (1, _("Some of the time")),
    (0, _("At no time")),
)
POOR_BELOW = 50
LIKELY_DEPRESSION_AT_OR_BELOW = 28
MEANINGFUL_CHANGE = 10


def percentage_score(items: Sequence[int]) -> int:
    """Raw sum of the five answers (each 0–5) times four."""
    if len(items) != len(ITEMS):
        raise ValueError(f"The WHO-5 has {len(ITEMS)} items; got {len(items)} answers.")
    for number, value in enumerate(items, start=1):
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 5:
            raise ValueError(f"Item {number} must be a whole number from 0 to 5; got {value!r}.")
    return sum(items) * 4


@dataclass(frozen=True)
class Reading:
    """What one score means, in the words shown to the student."""

    score: int
    previous: int | None

    @property
    def change(self) -> int | None:
        return None if self.previous is None else self.score - self.previous

    @property
    def poor(self) -> bool:
        return self.score < POOR_BELOW

    @property
    def likely_depression(self) -> bool:
        return self.score <= LIKELY_DEPRESSION_AT_OR_BELOW

    @property
    def meaningful_drop(self) -> bool:
        return self.change is not None and self.change <= -MEANINGFUL_CHANGE

    @property
    def meaningful_rise(self) -> bool:
        return self.change is not None and self.change >= MEANINGFUL_CHANGE

    @property
    def offer_support(self) -> bool:
        """Show support options and the one-click request."""
        return self.poor or self.meaningful_drop

    @property
    def urgent(self) -> bool:
        """Also show urgent help (988) prominently."""
        return self.likely_depression

    @property
    def headline(self) -> str:
        if self.likely_depression:
            return gettext("It sounds like things have been really hard lately.")
        if self.poor:
            return gettext("Your well-being seems lower than it could be right now.")
        if self.meaningful_drop:
            return gettext("Your well-being has dipped since your last check-in.")
        return gettext("Your well-being looks good.")

    @property
    def explanation(self) -> str:
        if self.likely_depression:
            return gettext(
                "Scores of 28 or below often go with depression. That is not a diagnosis, "
                "and it is not your fault: it is a sign that talking to someone could help, "
                "and you deserve that help. You don't have to manage this alone."
            )
        if self.poor:
            return gettext(
                "Scores below 50 suggest your well-being is low. That is common in medical "
                "school, and talking it through with someone often helps."
            )
        if self.meaningful_drop:
            return gettext(
                "A change of %(points)d points or more is meaningful. Your score is "
                "still in the healthy range, but it is worth noticing what has changed and "
                "whether some support would help."
            ) % {"points": MEANINGFUL_CHANGE}
        if self.meaningful_rise:
            return gettext("Your score has gone up meaningfully since last time. Good to see.")
        return gettext(
            "Scores of 50 and above are in the range most people report when doing well."
        )


def interpret(score: int, previous: int | None = None) -> Reading:
    return Reading(score=score, previous=previous)
