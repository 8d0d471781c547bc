from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.translation import gettext_lazy as _

from belong.access.permissions import Permission
from belong.access.policies import has_permission
from belong.core.navigation import Card, NavItem
from belong.importing.models import ImportRun
from belong.people import queries
from belong.people.models import Person


def _has_person(request: HttpRequest) -> bool:
    return queries.person_or_none(request.user) is not None


ITEMS = [
    NavItem(
        _("My information"),
        "people:me",
        Permission.VIEW_OWN_PROFILE,
        _(
            "Your name, pronouns, affiliations and roles, and your self-identification answers, "
            "which only you (and the data steward, on the record) can see."
        ),
        order=10,
        condition=_has_person,
    ),
    NavItem(
        _("People"),
        "people:people_list",
        Permission.VIEW_PEOPLE,
        _(
            "Find a person's record: names, ids and affiliations. Demographics are never "
            "shown here."
        ),
        order=60,
    ),
    NavItem(
        _("Import people"),
        "people:imports:upload",
        Permission.IMPORT_PEOPLE,
        _(
            "Add or update people, affiliations and self-identification from a CSV or Excel file: "
            "every row is checked first, then applied all at once or not at all."
        ),
        order=65,
    ),
    NavItem(
        _("Units"),
        "people:units",
        Permission.MANAGE_UNITS,
        _(
            "The school's programs, departments and offices that affiliations and stage events "
            "name: list them, add one, rename one (audited)."
        ),
        order=64,
    ),
]


def home_cards(request: HttpRequest) -> list[Card]:
    cards: list[Card] = []
    user = request.user
    person = queries.person_or_none(user)
    if person is not None and has_permission(user, Permission.EDIT_OWN_SELF_ID):
        answered = queries.has_answered(person)
        cards.append(
            Card(
                _("Your self-identification"),
                "Your answers are on file; you can change them at any time."
                if answered
                else "You have not answered yet. Every question is optional.",
                url=reverse("people:my_self_identification"),
                link_text="Review your answers" if answered else "Answer the questions",
                order=20,
            )
        )
    if has_permission(user, Permission.VIEW_PEOPLE):
        cards.append(
            Card(
                _("People on record"),
                _("Persons in the school's records, with current affiliations."),
                figure=f"{Person.objects.count():,}",
                url=reverse("people:people_list"),
                link_text=_("Find a person"),
                order=80,
            )
        )
    if has_permission(user, Permission.IMPORT_PEOPLE):
        last = ImportRun.objects.filter(kind="people").first()
        cards.append(
            Card(
                _("Last people import"),
                f"{last.state_display}: “{last.filename}”, "
                f"{last.rows:,} row{'s' if last.rows != 1 else ''}."
                if last
                else "No people have been imported yet.",
                figure=dateformat.format(timezone.localtime(last.at), "j M Y") if last else "",
                url=reverse("people:imports:history") if last else reverse("people:imports:upload"),
                link_text="Import history" if last else "Import people",
                order=85,
            )
        )
    return cards
