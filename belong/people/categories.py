"""Self-identification questions and their answer codes.

Pure Python, no models: the forms, the importer, the analytics and the demo
all read the same vocabulary from here. The choices and the reasons for them
are recorded in ``docs/decisions/0002-self-identification-categories.md``.

Conventions shared by every module:

* Every question may be left unanswered (stored as ``None``, reported as
  "Not answered") or answered :data:`PREFER_NOT` (reported as "Prefer not to
  answer"). Reports keep both as their own rows; neither is ever dropped.
* Race and ethnicity follow OMB Statistical Policy Directive No. 15 (2024): one
  combined question, select all that apply, seven minimum categories (including
  Middle Eastern or North African), optional detailed categories and a write-in.
  :func:`derive_ipeds` maps an answer to the 1997-standards / IPEDS
  nine-category value used by federal reporting.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

PREFER_NOT = "prefer_not"
PREFER_NOT_LABEL = "Prefer not to answer"
NOT_ANSWERED = "not_answered"
NOT_ANSWERED_LABEL = "Not answered"

# --- Race and ethnicity (SPD 15, 2024) ---------------------------------------

RACE_ETHNICITY: dict[str, str] = {
    "aian": "American Indian or Alaska Native",
    "asian": "Asian",
    "black": "Black or African American",
    "hispanic": "Hispanic or Latino",
    "mena": "Middle Eastern or North African",
    "nhpi": "Native Hawaiian or Pacific Islander",
    "white": "White",
}

# Detailed categories: the examples SPD 15 (2024) lists under each minimum
# category. A detailed answer implies its minimum category.
RACE_ETHNICITY_DETAILED: dict[str, tuple[str, dict[str, str]]] = {
    "aian": (
        "American Indian or Alaska Native",
        {
            "aian_navajo": "Navajo Nation",
            "aian_blackfeet": "Blackfeet Tribe of the Blackfeet Indian Reservation of Montana",
            "aian_barrow": "Native Village of Barrow Inupiat Traditional Government",
            "aian_nome": "Nome Eskimo Community",
            "aian_aztec": "Aztec",
            "aian_maya": "Maya",
        },
    ),
    "asian": (
        "Asian",
        {
            "asian_chinese": "Chinese",
            "asian_indian": "Asian Indian",
            "asian_filipino": "Filipino",
            "asian_vietnamese": "Vietnamese",
            "asian_korean": "Korean",
            "asian_japanese": "Japanese",
        },
    ),
    "black": (
        "Black or African American",
        {
            "black_african_american": "African American",
            "black_jamaican": "Jamaican",
            "black_haitian": "Haitian",
            "black_nigerian": "Nigerian",
            "black_ethiopian": "Ethiopian",
            "black_somali": "Somali",
        },
    ),
    "hispanic": (
        "Hispanic or Latino",
        {
            "hispanic_mexican": "Mexican",
            "hispanic_puerto_rican": "Puerto Rican",
            "hispanic_salvadoran": "Salvadoran",
            "hispanic_cuban": "Cuban",
            "hispanic_dominican": "Dominican",
            "hispanic_guatemalan": "Guatemalan",
        },
    ),
    "mena": (
        "Middle Eastern or North African",
        {
            "mena_lebanese": "Lebanese",
            "mena_iranian": "Iranian",
            "mena_egyptian": "Egyptian",
            "mena_syrian": "Syrian",
            "mena_iraqi": "Iraqi",
            "mena_israeli": "Israeli",
        },
    ),
    "nhpi": (
        "Native Hawaiian or Pacific Islander",
        {
            "nhpi_native_hawaiian": "Native Hawaiian",
            "nhpi_samoan": "Samoan",
            "nhpi_chamorro": "Chamorro",
            "nhpi_tongan": "Tongan",
            "nhpi_fijian": "Fijian",
            "nhpi_marshallese": "Marshallese",
        },
    ),
    "white": (
        "White",
        {
            "white_english": "English",
            "white_german": "German",
            "white_irish": "Irish",
            "white_italian": "Italian",
            "white_polish": "Polish",
            "white_scottish": "Scottish",
        },
    ),
}

DETAILED_TO_MINIMUM: dict[str, str] = {
    detail: minimum
    for minimum, (_label, details) in RACE_ETHNICITY_DETAILED.items()
    for detail in details
}
DETAILED_LABELS: dict[str, str] = {
    detail: label
    for _minimum, (_group, details) in RACE_ETHNICITY_DETAILED.items()
    for detail, label in details.items()
}

# IPEDS / 1997 standards: nine mutually exclusive categories.
IPEDS: dict[str, str] = {
    "hispanic": "Hispanic or Latino",
    "aian": "American Indian or Alaska Native",
    "asian": "Asian",
    "black": "Black or African American",
    "nhpi": "Native Hawaiian or Other Pacific Islander",
    "white": "White",
    "two_or_more": "Two or more races",
    "unknown": "Race and ethnicity unknown",
    "nonresident": "U.S. Nonresident",
}

# OMB 2024 "alone" scheme: mutually exclusive, one category alone or several.
OMB_ALONE: dict[str, str] = {
    **{code: f"{label} alone" for code, label in RACE_ETHNICITY.items()},
    "multiple": "Two or more categories",
}

# --- Other questions -----------------------------------------------------------

# "x": a legal sex marker other than female or male (AMCAS, passports, many states).
SEX: dict[str, str] = {
    "female": "Female",
    "male": "Male",
    "intersex": "Intersex",
    "x": "X (another legal sex)",
}

GENDER_IDENTITY: dict[str, str] = {
    "woman": "Woman",
    "man": "Man",
    "transgender_woman": "Transgender woman",
    "transgender_man": "Transgender man",
    "nonbinary": "Non-binary or genderqueer",
    "another": "Another gender identity",
}

SEXUAL_ORIENTATION: dict[str, str] = {
    "straight": "Straight or heterosexual",
    "gay": "Gay",
    "lesbian": "Lesbian",
    "bisexual": "Bisexual",
    "queer": "Queer",
    "asexual": "Asexual",
    "another": "Another sexual orientation",
}

YES_NO: dict[str, str] = {"yes": "Yes", "no": "No"}

ORIGIN: dict[str, str] = {
    "rural": "Rural",
    "suburban": "Suburban",
    "urban": "Urban",
}

AGE_BAND: dict[str, str] = {
    "under_25": "Under 25",
    "25_34": "25 to 34",
    "35_44": "35 to 44",
    "45_54": "45 to 54",
    "55_64": "55 to 64",
    "65_plus": "65 or older",
}

CITIZENSHIP: dict[str, str] = {
    "citizen": "U.S. citizen",
    "permanent_resident": "U.S. permanent resident",
    "nonresident": "Not a U.S. citizen or permanent resident",
}


@dataclass(frozen=True)
class Dimension:
    """One self-identification question as the analytics see it."""

    code: str
    label: str
    choices: dict[str, str]
    multiple: bool = False  # select all that apply

    def label_for(self, value: str | None) -> str:
        if value is None or value == NOT_ANSWERED:
            return NOT_ANSWERED_LABEL
        if value == PREFER_NOT:
            return PREFER_NOT_LABEL
        return self.choices[value]

    @property
    def report_values(self) -> tuple[str, ...]:
        """Every value a report shows for this dimension, in display order."""
        return (*self.choices, PREFER_NOT, NOT_ANSWERED)


DIMENSIONS: dict[str, Dimension] = {
    d.code: d
    for d in (
        Dimension("race_ethnicity", "Race and ethnicity", RACE_ETHNICITY, multiple=True),
        Dimension("sex", "Sex", SEX),
        Dimension("gender_identity", "Gender identity", GENDER_IDENTITY),
        Dimension("sexual_orientation", "Sexual orientation", SEXUAL_ORIENTATION),
        Dimension("first_generation", "First-generation college", YES_NO),
        Dimension("disability", "Disability", YES_NO),
        Dimension("veteran", "Veteran status", YES_NO),
        Dimension("origin", "Rural or urban origin", ORIGIN),
        Dimension("age_band", "Age band", AGE_BAND),
    )
}

# Single-choice questions (everything but race and ethnicity).
SINGLE_CHOICE_DIMENSIONS: tuple[str, ...] = tuple(
    code for code, d in DIMENSIONS.items() if not d.multiple
)

# Reporting schemes derived from the race and ethnicity answer.
RACE_SCHEMES: dict[str, tuple[str, dict[str, str]]] = {
    "ipeds": ("IPEDS nine categories", IPEDS),
    "omb_alone": ("OMB 2024 categories, alone or two or more", OMB_ALONE),
    "omb_any": ("OMB 2024 categories, alone or in combination (select all)", RACE_ETHNICITY),
}


class CategoryError(ValueError):
    """An answer code that the question does not offer."""


def normalise_race(codes: Iterable[str]) -> tuple[str, ...]:
    """Return the sorted minimum-category codes of an answer.

    Detailed codes imply their minimum category. ``prefer_not`` stands alone:
    combined with a category it is an error, because the two contradict.
    """
    minimum: set[str] = set()
    prefer_not = False
    for raw in codes:
        code = raw.strip().lower()
        if not code:
            continue
        if code == PREFER_NOT:
            prefer_not = True
        elif code in RACE_ETHNICITY:
            minimum.add(code)
        elif code in DETAILED_TO_MINIMUM:
            minimum.add(DETAILED_TO_MINIMUM[code])
        else:
            raise CategoryError(f"{raw!r} is not a race or ethnicity category")
    if prefer_not and minimum:
        raise CategoryError("'prefer_not' cannot be combined with a category")
    return (PREFER_NOT,) if prefer_not else tuple(sorted(minimum))


def derive_ipeds(race_codes: Iterable[str] | None, citizenship: str | None = None) -> str:
    """Map a 2024 answer to the IPEDS nine-category value.

    IPEDS counts U.S. nonresidents apart whatever their race. Under the 1997
    standards Hispanic or Latino is an ethnicity asked first, so any answer
    that includes it is Hispanic; Middle Eastern or North African was part of
    White, so it folds into White before races are counted.
    """
    if citizenship == "nonresident":
        return "nonresident"
    codes = set(race_codes or ())
    if not codes or PREFER_NOT in codes:
        return "unknown"
    if "hispanic" in codes:
        return "hispanic"
    races = {"white" if code == "mena" else code for code in codes}
    if len(races) == 1:
        return races.pop()
    return "two_or_more"


def derive_omb_alone(race_codes: Iterable[str] | None) -> str:
    """Map a 2024 answer to one category alone, ``multiple``, or a missing value."""
    codes = set(race_codes or ())
    if not codes:
        return NOT_ANSWERED
    if PREFER_NOT in codes:
        return PREFER_NOT
    if len(codes) == 1:
        return codes.pop()
    return "multiple"


def validate_choice(dimension: str, value: str | None) -> str | None:
    """Check a single-choice answer; return it normalised (``None`` if blank)."""
    if value is None:
        return None
    code = value.strip().lower()
    if code == "":
        return None
    if code == PREFER_NOT:
        return PREFER_NOT
    choices = DIMENSIONS[dimension].choices if dimension in DIMENSIONS else CITIZENSHIP
    if code not in choices:
        allowed = ", ".join([*choices, PREFER_NOT])
        raise CategoryError(f"{value!r} is not an answer to {dimension} (allowed: {allowed})")
    return code
