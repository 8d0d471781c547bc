"""Well-being links and home-page cards, for students, offices and student affairs."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.translation import gettext_lazy as _

from belong.access.permissions import Permission
from belong.access.policies import has_permission
from belong.core.calendar import offers_events
from belong.core.formatting import when
from belong.core.navigation import Card, NavItem
from belong.people.queries import person_or_none
from belong.wellbeing import aggregates, queries
from belong.wellbeing.models import CoverageRecord, CoverageYear

# A submitted waiver waits for the school, not for the student.
AWAITING = CoverageRecord.AWAITING_REVIEW


def _has_person(request: HttpRequest) -> bool:
    return person_or_none(request.user) is not None


def _has_calendar(request: HttpRequest) -> bool:
    # Offered only to people something goes into a calendar for (students, coaches).
    person = person_or_none(request.user)
    return person is not None and offers_events(person)


ITEMS = [
    NavItem(
        _("REACH weeks"),
        "wellbeing:reach_calendar",
        Permission.ATTEND_REACH,
        _(
            "Your class's REACH week calendar, your attendance, and a private reflection journal "
            "only you can read."
        ),
        order=30,
    ),
    NavItem(
        _("Check-in"),
        "wellbeing:checkins",
        Permission.SUBMIT_CHECKIN,
        _("A two-minute well-being check-in (the WHO-5). Only you ever see your scores."),
        order=32,
    ),
    NavItem(
        _("Support"),
        "wellbeing:support_home",
        Permission.REQUEST_SUPPORT,
        _(
            "Ask for academic advising, tutoring, counselling, accommodations, career or "
            "financial advice, and follow your requests."
        ),
        order=34,
    ),
    NavItem(
        _("Health coverage"),
        "wellbeing:coverage_home",
        Permission.MANAGE_OWN_COVERAGE,
        _("Enrol in the school's health plan or apply for a waiver, each academic year."),
        order=36,
    ),
    NavItem(
        _("Support queue"),
        "wellbeing:support_queue",
        Permission.HANDLE_SUPPORT_REQUESTS,
        _("The support requests routed to your office: acknowledge, assign, reply, resolve."),
        order=40,
    ),
    NavItem(
        _("Student affairs dashboard"),
        "wellbeing:dashboard",
        Permission.VIEW_STUDENT_AFFAIRS_DASHBOARD,
        _(
            "REACH attendance, support-request handling, coverage compliance and well-being "
            "by class: aggregates only."
        ),
        order=41,
    ),
    NavItem(
        _("REACH planning"),
        "wellbeing:reach_manage",
        Permission.MANAGE_REACH,
        _("Plan each class's REACH weeks and sessions, and take attendance."),
        order=42,
    ),
    NavItem(
        _("Coverage review"),
        "wellbeing:coverage_review_queue",
        Permission.REVIEW_COVERAGE,
        _(
            "Review health-coverage waivers, set each year's plan and deadline, and follow up "
            "with students not yet covered."
        ),
        order=44,
    ),
    NavItem(
        _("Support services"),
        "wellbeing:support_services",
        Permission.MANAGE_SUPPORT_SERVICES,
        _("Which office answers each kind of support request, and how quickly."),
        order=46,
    ),
    NavItem(
        _("Calendar feed"),
        "wellbeing:calendar_feed_settings",
        Permission.VIEW_OWN_PROFILE,
        _(
            "A private address that puts your REACH sessions, meetings and deadlines in your "
            "own calendar app."
        ),
        order=88,
        condition=_has_calendar,
    ),
]


def home_cards(request: HttpRequest) -> list[Card]:
    user = request.user
    cards: list[Card] = []
    if has_permission(user, Permission.ATTEND_REACH):
        cards.append(_next_session_card(request))
    if has_permission(user, Permission.SUBMIT_CHECKIN):
        cards.append(_checkin_card(request))
    if has_permission(user, Permission.REQUEST_SUPPORT) and _has_person(request):
        count = queries.own_open_request_count(user)
        cards.append(
            Card(
                _("Your support requests"),
                "open, waiting for or being handled by an office."
                if count
                else "You have no open requests. Asking for help is always fine.",
                figure=str(count) if count else "",
                url=reverse("wellbeing:support_home"),
                link_text="See your requests" if count else "Ask for support",
                order=34,
            )
        )
    if has_permission(user, Permission.MANAGE_OWN_COVERAGE):
        card = _coverage_card(request)
        if card is not None:
            cards.append(card)
    if has_permission(user, Permission.HANDLE_SUPPORT_REQUESTS):
        counts = queries.office_queue_counts(user)
        cards.append(
            Card(
                _("Support queue"),
                f"open requests in your office's queue; {counts.overdue} past the response "
                f"target, {counts.unassigned} not assigned to anyone.",
                figure=str(counts.open),
                url=reverse("wellbeing:support_queue"),
                link_text=_("Open the queue"),
                order=30,
            )
        )
    if has_permission(user, Permission.REVIEW_COVERAGE):
        waiting = CoverageRecord.objects.filter(
            status=CoverageRecord.Status.WAIVER_SUBMITTED
        ).count()
        cards.append(
            Card(
                _("Waivers awaiting review"),
                _("health-coverage waivers waiting for a decision."),
                figure=str(waiting),
                url=reverse("wellbeing:coverage_review_queue"),
                link_text=_("Review waivers"),
                order=44,
                alert=_uncovered_after_deadline(),
            )
        )
    return cards


def _uncovered_after_deadline() -> str:
    """For reviewers: once this year's deadline has passed, how many students lack coverage."""
    today = timezone.localdate()
    year = aggregates.current_coverage_year(today)
    if year is None or year.deadline >= today:
        return ""
    everyone = aggregates.coverage_compliance(year, today)[-1]
    missing = everyone.students - everyone.compliant - everyone.counts.get(AWAITING[0], 0)
    if not missing:
        return ""
    students = "1 student is" if missing == 1 else f"{missing} students are"
    return (
        f"The deadline, {dateformat.format(year.deadline, 'j F Y')}, has passed and "
        f"{students} not covered yet (not started, more information asked for, or denied)."
    )


def _next_session_card(request: HttpRequest) -> Card:
    person = person_or_none(request.user)
    session = queries.next_reach_session(person) if person is not None else None
    if session is None:
        return Card(
            _("Next REACH session"),
            _("No upcoming REACH sessions are scheduled for your class yet."),
            url=reverse("wellbeing:reach_calendar"),
            link_text=_("See the REACH calendar"),
            order=30,
        )
    return Card(
        _("Next REACH session"),
        f"{session.title} ({session.get_component_display()}), {when(session.starts_at)}"
        + (f", {session.location}" if session.location else "")
        + ".",
        url=reverse("wellbeing:reach_calendar"),
        link_text=_("See the REACH calendar"),
        order=30,
    )


def _checkin_card(request: HttpRequest) -> Card:
    last = queries.last_checkin_at(request.user)
    if last is None:
        body = "You haven't checked in yet. It takes two minutes, and only you see the result."
        link = "Check in now"
    else:
        days = (timezone.localdate() - timezone.localdate(last)).days
        body = f"Your last check-in was on {dateformat.format(timezone.localtime(last), 'j F Y')}."
        if days >= 14:
            body += " It's been a couple of weeks: how are you doing?"
        link = "Check in" if days >= 14 else "See your check-ins"
    return Card(
        _("Well-being check-in"),
        body,
        url=reverse("wellbeing:checkin_new" if last is None else "wellbeing:checkins"),
        link_text=link,
        order=32,
    )


def _coverage_card(request: HttpRequest) -> Card | None:
    today = timezone.localdate()
    year = (
        CoverageYear.objects.filter(coverage_ends_on__gte=today).order_by("academic_year").first()
    ) or aggregates.current_coverage_year(today)
    if year is None:
        return None
    status = queries.own_coverage_status(request.user, year)
    labels = dict(CoverageRecord.Status.choices)
    deadline = dateformat.format(year.deadline, "j F Y")
    if status is None:
        body = f"Not started. Enrol in {year.plan_name} or apply for a waiver by {deadline}."
    else:
        body = labels[status] + "."
    alert = ""
    if year.deadline < today and status not in (*CoverageRecord.COMPLIANT, *AWAITING):
        # Past the deadline and nothing done, more asked for, or a waiver denied.
        alert = (
            f"The deadline, {deadline}, has passed and you are not covered yet. Enrol in "
            f"{year.plan_name} or finish your waiver now, or contact student affairs."
        )
    return Card(
        f"Health coverage {year.label}",
        body,
        url=reverse("wellbeing:coverage_home"),
        link_text=_("Manage your coverage"),
        order=36,
        alert=alert,
    )
