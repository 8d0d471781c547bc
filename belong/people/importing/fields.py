"""What a people import can hold: every field, its rules, and the words accepted for it.

Pure Python apart from reading the model choices: the mapping screen, the
row checks and ``docs/importing.md`` all follow this catalogue, which the
import engine reads as the people importer's :class:`Schema`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from belong.importing.fields import Field, Schema, normalise
from belong.people import categories as cat
from belong.people.importing import crosswalks as X
from belong.people.models import Affiliation

PERSON = "person"
AFFILIATION = "affiliation"
SELF_ID = "self_identification"

GROUP_LABELS = {
    PERSON: "Person",
    AFFILIATION: "Affiliation",
    SELF_ID: "Self-identification",
}


# A people import's fields are the engine's; the name stays for the code that reads them.
ImportField = Field
_normal = normalise


def _lookup(
    options: Mapping[str, str], *, prefer_not: bool, extra: Mapping[str, str] | None = None
) -> tuple[dict[str, str], tuple[str, ...]]:
    """Codes and labels, case- and punctuation-insensitive, → code."""
    table: dict[str, str] = {}
    for code, label in options.items():
        table[_normal(code)] = code
        table[_normal(label)] = code
    allowed = tuple(options)
    if prefer_not:
        for word in (
            cat.PREFER_NOT,
            cat.PREFER_NOT_LABEL,
            "prefer not to say",
            "decline to state",
            "declined to state",
            *X.DECLINED,
        ):
            table[_normal(word)] = cat.PREFER_NOT
        allowed = (*allowed, cat.PREFER_NOT)
    for word, code in (extra or {}).items():
        table[_normal(word)] = code
    return table, allowed


# Registrar words for "no answer recorded": read as a blank cell (which never
# erases an answer on record).
NO_ANSWER_WORDS = frozenset(
    _normal(w) for w in ("unknown", "not reported", "not specified", "unreported", "n/a", "na")
)
# Race values that name no category (AMCAS "Other", IPEDS "Two or more races"...).
RACE_BLANK_WORDS = NO_ANSWER_WORDS | frozenset(_normal(w) for w in X.RACE_WITHOUT_CATEGORY)
# "Prefer not to answer" stands alone: never beside a category.
_ALONE = (cat.PREFER_NOT,)

_YES_NO_EXTRA = {"y": "yes", "n": "no", "true": "yes", "false": "no"}


def _single(name: str, label: str, options: Mapping[str, str], **extra: str) -> ImportField:
    table, allowed = _lookup(options, prefer_not=True, extra=extra or None)
    return ImportField(
        name,
        label,
        SELF_ID,
        "choice",
        sensitive=True,
        choices=table,
        allowed=allowed,
        blank_words=NO_ANSWER_WORDS,
    )


def _model_choice(
    name: str,
    label: str,
    choices: Mapping[str, str],
    extra: Mapping[str, str],
    synonyms: tuple[str, ...] = (),
) -> ImportField:
    table, allowed = _lookup(choices, prefer_not=False, extra=extra)
    return ImportField(
        name, label, AFFILIATION, "choice", choices=table, allowed=allowed, synonyms=synonyms
    )


_RACE_TABLE, _ = _lookup({**cat.RACE_ETHNICITY, **cat.DETAILED_LABELS}, prefer_not=True)
_RACE_TABLE.update(
    {
        _normal("Black"): "black",
        _normal("Latino"): "hispanic",
        _normal("Hispanic"): "hispanic",
        _normal("Hispanic/Latino"): "hispanic",
        _normal("American Indian"): "aian",
        _normal("Pacific Islander"): "nhpi",
        _normal("Native Hawaiian or Other Pacific Islander"): "nhpi",
    }
)
_RACE_TABLE.update({_normal(label): code for label, code in X.AMCAS_RACE.items()})
_RACE_TABLE.update({_normal(label): code for label, code in X.IPEDS_RACE.items()})
# The detailed labels reuse some minimum labels; the minimum code wins there.
_RACE_TABLE.update({_normal(label): code for code, label in cat.RACE_ETHNICITY.items()})
_DETAILED_TABLE, _DETAILED_ALLOWED = _lookup(cat.DETAILED_LABELS, prefer_not=False)

FIELDS: tuple[ImportField, ...] = (
    # --- Person ---------------------------------------------------------
    ImportField(
        "institutional_id",
        "Institutional id",
        PERSON,
        "id",
        max_length=64,
        synonyms=(
            "id",
            "employee id",
            "emp id",
            "empl id",
            "emplid",
            "employee number",
            "student id",
            "student number",
            "person id",
            "university id",
            "banner id",
            "sis id",
            "school id",
        ),
        help="The school's own id (EMPLID, Banner ID...). The key unless the import names "
        "another: a row whose key is on record updates that person.",
    ),
    ImportField(
        "aamc_id",
        "AAMC ID",
        PERSON,
        "id",
        max_length=64,
        synonyms=("aamc id", "aamc number"),
        help="The AAMC's id of an applicant (AMCAS, ERAS). May be the import's key.",
    ),
    ImportField(
        "eras_id",
        "ERAS id",
        PERSON,
        "id",
        max_length=64,
        synonyms=("eras id", "eras number", "eras applicant id"),
        help="A residency applicant's ERAS id. May be the import's key.",
    ),
    ImportField(
        "nrmp_id",
        "NRMP id",
        PERSON,
        "id",
        max_length=64,
        synonyms=("nrmp id", "nrmp number"),
    ),
    ImportField(
        "legal_given_name",
        "Legal given name",
        PERSON,
        max_length=120,
        synonyms=("first name", "given name", "firstname", "forename", "legal first name"),
        help="Required for people not yet on record.",
    ),
    ImportField(
        "legal_family_name",
        "Legal family name",
        PERSON,
        max_length=120,
        synonyms=(
            "last name",
            "surname",
            "family name",
            "lastname",
            "legal last name",
            "legal surname",
        ),
        help="Required for people not yet on record.",
    ),
    ImportField(
        "preferred_name",
        "Preferred name",
        PERSON,
        max_length=200,
        synonyms=("preferred first name", "chosen name", "name to use", "display name"),
    ),
    ImportField("pronouns", "Pronouns", PERSON, max_length=60, synonyms=("pronoun",)),
    ImportField(
        "email",
        "E-mail",
        PERSON,
        "email",
        max_length=254,
        synonyms=("email address", "e mail", "e mail address", "work email", "school email"),
    ),
    # --- Affiliation ------------------------------------------------------
    _model_choice(
        "affiliation_kind",
        "Affiliation kind",
        dict(Affiliation.Kind.choices),
        {
            "fellow": "resident",
            "resident": "resident",
            "employee": "staff",
            **{code.lower(): kind for code, kind in X.ACADEMIC_CAREER.items()},
        },
        synonyms=("affiliation", "kind", "person type", "role", "population"),
    ),
    ImportField(
        "unit_code",
        "Unit code",
        AFFILIATION,
        "unit",
        max_length=200,
        synonyms=(
            "unit",
            "dept",
            "department",
            "dept code",
            "department code",
            "program",
            "program code",
            "division",
            "home department",
        ),
        help="A unit's code, or its exact name.",
    ),
    ImportField(
        "campus_code",
        "Campus code",
        AFFILIATION,
        "campus",
        max_length=200,
        synonyms=("campus", "location", "site"),
        help="A campus's code, or its exact name.",
    ),
    ImportField(
        "start_date",
        "Start date",
        AFFILIATION,
        "date",
        synonyms=(
            "start",
            "hire date",
            "matriculation date",
            "begin date",
            "effective date",
            "appointment start",
        ),
    ),
    ImportField(
        "end_date",
        "End date",
        AFFILIATION,
        "date",
        synonyms=("end", "termination date", "term date", "separation date", "appointment end"),
    ),
    ImportField(
        "cohort",
        "Cohort (class year)",
        AFFILIATION,
        "year",
        synonyms=("class year", "class of", "graduation year", "grad year", "entry year"),
    ),
    _model_choice(
        "rank",
        "Faculty rank",
        dict(Affiliation.Rank.choices),
        {"professor": "full", "full professor": "full", "emeritus professor": "emeritus"},
        synonyms=("academic rank", "faculty rank"),
    ),
    _model_choice(
        "track",
        "Faculty track",
        dict(Affiliation.Track.choices),
        {"clinician educator": "clinical", "tenure": "tenure", "voluntary": "adjunct"},
        synonyms=("faculty track", "appointment track", "series"),
    ),
    ImportField(
        "title",
        "Title",
        AFFILIATION,
        max_length=200,
        synonyms=("job title", "position", "position title", "working title"),
    ),
    _model_choice(
        "status",
        "Status",
        dict(Affiliation.Status.choices),
        {
            "graduated": "completed",
            "completed": "completed",
            "leave of absence": "leave",
            "loa": "leave",
            "withdrawn": "withdrawn",
            "terminated": "separated",
            "resigned": "separated",
            "retired": "separated",
            "enrolled": "active",
            "current": "active",
            **{code.lower(): status for code, status in X.PROGRAM_STATUS.items()},
        },
        synonyms=("enrollment status", "employment status", "academic status"),
    ),
    # --- Self-identification (sensitive: never echoed) -------------------------
    ImportField(
        "race",
        "Race and ethnicity",
        SELF_ID,
        "codes",
        sensitive=True,
        choices=_RACE_TABLE,
        allowed=(*cat.RACE_ETHNICITY, cat.PREFER_NOT),
        blank_words=RACE_BLANK_WORDS,
        exclusive=_ALONE,
        synonyms=("race ethnicity", "ethnicity", "race and ethnicity"),
        help="Several codes or labels separated by “;” or “|” (or the separator the mapping "
        "states; never a comma by default). Detailed codes imply their category.",
    ),
    ImportField(
        "race_detailed",
        "Race and ethnicity, detailed",
        SELF_ID,
        "codes",
        sensitive=True,
        choices=_DETAILED_TABLE,
        allowed=_DETAILED_ALLOWED,
        blank_words=NO_ANSWER_WORDS,
        exclusive=_ALONE,
        synonyms=("detailed race", "race detail", "ethnicity detail"),
    ),
    ImportField(
        "race_write_in",
        "Race and ethnicity, own words",
        SELF_ID,
        max_length=200,
        sensitive=True,
        synonyms=("race other", "race write in", "ethnicity other"),
    ),
    _single("sex", "Sex", cat.SEX, **X.SEX),
    _single(
        "gender_identity", "Gender identity", cat.GENDER_IDENTITY, **{"non binary": "nonbinary"}
    ),
    ImportField(
        "gender_identity_write_in",
        "Gender identity, own words",
        SELF_ID,
        max_length=200,
        sensitive=True,
    ),
    _single(
        "sexual_orientation",
        "Sexual orientation",
        cat.SEXUAL_ORIENTATION,
        straight="straight",
        heterosexual="straight",
    ),
    ImportField(
        "sexual_orientation_write_in",
        "Sexual orientation, own words",
        SELF_ID,
        max_length=200,
        sensitive=True,
    ),
    _single("first_generation", "First-generation college", cat.YES_NO, **_YES_NO_EXTRA),
    _single("disability", "Disability", cat.YES_NO, **_YES_NO_EXTRA),
    _single("veteran", "Veteran", cat.YES_NO, **_YES_NO_EXTRA),
    _single("origin", "Rural or urban origin", cat.ORIGIN),
    _single("age_band", "Age band", cat.AGE_BAND),
    _single("citizenship", "Citizenship", cat.CITIZENSHIP, **X.CITIZENSHIP),
)

# PeopleSoft, Banner and AMCAS header names (crosswalks.HEADERS) join each field's synonyms.
FIELDS = tuple(
    dataclasses.replace(f, synonyms=(*f.synonyms, *X.HEADERS.get(f.name, ()))) for f in FIELDS
)

# The synonyms that would wrongly map a column are left out on purpose: a
# registrar's "Gender" column usually holds legal sex, not gender identity, so
# the steward chooses it by hand.

DEFAULT_KEY = "institutional_id"
IDENTIFIER_FIELDS = ("institutional_id", "aamc_id", "eras_id", "nrmp_id")
REQUIRED_COLUMNS = (DEFAULT_KEY,)
NEW_PERSON_FIELDS = ("legal_given_name", "legal_family_name")

SCHEMA = Schema(
    fields=FIELDS,
    required=REQUIRED_COLUMNS,
    groups=GROUP_LABELS,
    noun="people",
    missing_hint="(often “Employee ID” or “Student ID”; or choose another key, such as the "
    "AAMC ID)",
    key_fields=IDENTIFIER_FIELDS,
)
BY_NAME = SCHEMA.by_name
PERSON_FIELDS = tuple(f.name for f in FIELDS if f.group == PERSON)
AFFILIATION_FIELDS = tuple(f.name for f in FIELDS if f.group == AFFILIATION)
SELF_ID_FIELDS = tuple(f.name for f in FIELDS if f.group == SELF_ID)
