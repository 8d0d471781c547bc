from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.translation import gettext_lazy as _

from belong.access.permissions import Permission
from belong.access.policies import has_permission
from belong.coaching import queries
from belong.coaching.models import Goal, Referral
from belong.core.navigation import Card, NavItem
from belong.people.queries import person_or_none

ITEMS = [
    NavItem(
        _("My coaching"),
        "coaching:my_coaching",
        Permission.CHOOSE_COACH,
        _(
            "Your physician coach, your meetings and goals, the notes your coach shares with you, "
            "and choosing your coaches."
        ),
        order=30,
    ),
    NavItem(
        _("My coaching students"),
        "coaching:my_students",
        Permission.COACH_STUDENTS,
        _("The students paired with you: meetings, shared goals, your private notes, referrals."),
        order=30,
    ),
    NavItem(
        _("Coaching"),
        "coaching:roster",
        Permission.MANAGE_PAIRING,
        _(
            "The roster of coaches, who assesses whom, pairing runs (optimal and stable side by "
            "side), and referrals students agreed to send."
        ),
        order=40,
    ),
]


def _when(moment) -> str:  # type: ignore[no-untyped-def]
    return dateformat.format(timezone.localtime(moment), "D j M, H:i")


def home_cards(request: HttpRequest) -> list[Card]:
    user = request.user
    cards: list[Card] = []
    person = person_or_none(user)
    if person is not None and has_permission(user, Permission.CHOOSE_COACH):
        pairing = queries.my_pairing(user)
        if pairing is None:
            cards.append(
                Card(
                    _("Your coach"),
                    _(
                        "You do not have a coach yet. Tell student affairs which coaches you would "
                        "like."
                    ),
                    url=reverse("coaching:choose"),
                    link_text=_("Choose coaches"),
                    order=25,
                )
            )
        else:
            upcoming = queries.upcoming_meetings_for_person(person, limit=1)
            open_goals = Goal.objects.filter(pairing=pairing, status=Goal.Status.OPEN).count()
            notes = [
                f"Next meeting: {_when(upcoming[0].starts_at)}"
                if upcoming
                else "No meeting scheduled.",
                f"{open_goals} goal{'s' if open_goals != 1 else ''} in progress.",
            ]
            if Referral.objects.filter(
                student=person, status=Referral.Status.AWAITING_CONSENT
            ).exists():
                notes.append("Your coach suggests a referral: it waits for your answer.")
            cards.append(
                Card(
                    _("Your coach"),
                    pairing.coach.name,
                    url=reverse("coaching:my_coaching"),
                    link_text=_("My coaching"),
                    notes=tuple(notes),
                    order=25,
                )
            )
    if person is not None and has_permission(user, Permission.COACH_STUDENTS):
        students = queries.my_students(user)
        upcoming = queries.upcoming_meetings_for_person(person, limit=3)
        cards.append(
            Card(
                _("Your coaching students"),
                _("Students paired with you."),
                figure=str(len(students)),
                url=reverse("coaching:my_students"),
                link_text=_("My coaching students"),
                notes=tuple(
                    f"{_when(m.starts_at)}: {m.pairing.student.display_name}" for m in upcoming
                )
                or ("No meetings scheduled.",),
                order=25,
            )
        )
    if has_permission(user, Permission.MANAGE_PAIRING):
        waiting = len(queries.unpaired_students())
        last = queries.last_published_run()
        referrals = Referral.objects.filter(status=Referral.Status.SENT).count()
        notes = [
            f"Last published pairing: run {last.pk}, "
            f"{dateformat.format(timezone.localtime(last.published_at), 'j M Y')}."
            if last and last.published_at
            else "No pairing published yet."
        ]
        if referrals:
            notes.append(f"{referrals} referral{'s' if referrals != 1 else ''} to take up.")
        cards.append(
            Card(
                _("Students without a coach"),
                _("Current students waiting for a coach."),
                figure=str(waiting),
                url=reverse("coaching:unpaired"),
                link_text=_("See who, and run a pairing"),
                notes=tuple(notes),
                order=45,
            )
        )
    return cards
