"""The words a report is made of: how the reporter is known, what happened, where, by whom.

Categories follow the mistreatment behaviours of the AAMC Graduation
Questionnaire, so that counts can be set beside the school's GQ results.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Mode(models.TextChoices):
    NAMED = "named", _("Named")
    CONFIDENTIAL = "confidential", _("Confidential")
    ANONYMOUS = "anonymous", _("Anonymous")


# What each mode means, in the words the reporter reads before they write.
MODE_EXPLAINED = {
    Mode.NAMED: _(
        "Your name is on the report. The case managers may tell the people who need to act "
        "(for example a course director) that the report is yours. You sign in to report and "
        "to read replies."
    ),
    Mode.CONFIDENTIAL: _(
        "Your name is kept with the report, but only the case managers can see it, and they "
        "do not pass it on without asking you first. You sign in to report and to read replies."
    ),
    Mode.ANONYMOUS: _(
        "Nothing about you is kept: no name, no account, no internet address and no time, only "
        "the day. You need no account. You get a receipt, the only way to read replies and "
        "answer them; if you lose it, nobody can give it back."
    ),
}


class Category(models.TextChoices):
    HUMILIATED = "humiliated", _("Publicly humiliated")
    PHYSICAL_HARM = "physical_harm", _("Threatened with physical harm, or physically harmed")
    PERSONAL_SERVICES = "personal_services", _("Required to perform personal services")
    REMARKS_SEX = "remarks_sex", _("Offensive remarks or names about sex or gender")
    REMARKS_RACE = "remarks_race", _("Offensive remarks or names about race or ethnicity")
    REMARKS_ORIENTATION = (
        "remarks_orientation",
        _("Offensive remarks or names about sexual orientation"),
    )
    DENIED_SEX = "denied_sex", _("Denied opportunities or given lower evaluations because of sex")
    DENIED_RACE = (
        "denied_race",
        _("Denied opportunities or given lower evaluations because of race or ethnicity"),
    )
    DENIED_ORIENTATION = (
        "denied_orientation",
        _("Denied opportunities or given lower evaluations because of sexual orientation"),
    )
    SEXUAL_ADVANCES = "sexual_advances", _("Unwanted sexual advances")
    SEXUAL_FAVOURS = "sexual_favours", _("Asked to exchange sexual favours for grades or rewards")
    OTHER = "other", _("Something else")


# Sex-based and sexual-misconduct categories: such a case is flagged for the Title IX office.
TITLE_IX = frozenset(
    {
        Category.REMARKS_SEX,
        Category.DENIED_SEX,
        Category.SEXUAL_ADVANCES,
        Category.SEXUAL_FAVOURS,
    }
)


class Setting(models.TextChoices):
    COURSE = "course", _("A course (classroom, lab, small group)")
    CLERKSHIP = "clerkship", _("A clerkship or rotation")
    SITE = "site", _("A clinical or teaching site")
    ONLINE = "online", _("Online (e-mail, messages, video calls, social media)")
    OTHER = "other", _("Somewhere else")


class InvolvedRole(models.TextChoices):
    FACULTY = "faculty", _("Faculty member or attending physician")
    RESIDENT = "resident", _("Resident or fellow")
    NURSE = "nurse", _("Nurse or other clinical staff")
    STAFF = "staff", _("Administrative staff")
    STUDENT = "student", _("Another student")
    PATIENT = "patient", _("A patient or a patient's family")
    OTHER = "other", _("Someone else")
    NOT_SAYING = "not_saying", _("I would rather not say")


class Hope(models.TextChoices):
    RECORDED = "recorded", _("That it is on record, nothing more for now")
    TALK = "talk", _("To talk with someone about it")
    ADDRESS_PERSON = "address_person", _("That someone speaks with the person involved")
    CHANGE = "change", _("A change to the course, rotation or site")
    NOT_SURE = "not_sure", _("I am not sure yet")


def labels(choices: type[models.TextChoices], codes: list[str]) -> list[str]:
    """The labels of ``codes``, in the order given; an unknown code is shown as it is."""
    known = dict(choices.choices)
    return [str(known.get(code, code)) for code in codes]


# How long a closed case is kept, in years, by category; a case with several keeps the
# longest. Title IX records are kept seven years (34 CFR 106.45(b)(10)); the others six.
DEFAULT_RETENTION_YEARS = 6
RETENTION_YEARS: dict[str, int] = {str(code): 7 for code in TITLE_IX} | {
    str(Category.PHYSICAL_HARM): 7
}


def retention_years(categories: list[str]) -> int:
    return max(
        (RETENTION_YEARS.get(c, DEFAULT_RETENTION_YEARS) for c in categories),
        default=DEFAULT_RETENTION_YEARS,
    )
