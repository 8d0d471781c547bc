"""Release presets: the questions schools ask first, each one click on the build page.

A preset is only a set of initial choices for the build form (``BuildReleaseForm``):
the analyst sees every choice filled in, may change any of them, and builds as
usual. Nothing about a preset is stored with the release beyond those choices,
so a release built from a preset is an ordinary release.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["PRESETS", "ReleasePreset", "preset"]


@dataclass(frozen=True)
class ReleasePreset:
    code: str
    label: str
    answers: str
    groupings: tuple[str, ...]
    # No benchmark: the question is stage to stage, decisions compared with the people
    # who reached the stage before, not with the population at large.
    benchmarks: tuple[str, ...] = ()
    years_reported: str = "separately"
    correction: str = "holm"

    def initial(self) -> dict[str, Any]:
        """The build form's initial values for this preset."""
        return {
            "groupings": list(self.groupings),
            "benchmarks": list(self.benchmarks),
            "years_reported": self.years_reported,
            "correction": self.correction,
            "for_public": False,
            "bounded": False,
        }


PIPELINE_FAIR = ReleasePreset(
    code="pipeline_fair",
    label="Is our pipeline fair?",
    answers="Race and ethnicity (IPEDS), sex, and race and ethnicity by sex; each stage "
    "compared with the one before it (who was interviewed among applicants, offered a place "
    "among interviewees ...), every year separately and all years together; no comparison "
    "with the general population.",
    groupings=("race_ipeds", "sex", "race_ipeds__sex"),
)

PRESETS: dict[str, ReleasePreset] = {p.code: p for p in (PIPELINE_FAIR,)}


def preset(code: str | None) -> ReleasePreset | None:
    """The preset named ``code``, or None for no (or an unknown) preset."""
    return PRESETS.get(code or "")
