"""Demo concerns: reports in each mode and each case state, with replies, notes and check-ins.

Written straight as rows dated against the demo's ``today`` (not through the
intake actions, which date everything by the real clock). One anonymous
report's receipt is put in the summary so that the follow-up can be tried.
The inclusion office then builds the concern aggregates and publishes them to
leadership.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone

from belong.concerns import receipts
from belong.concerns.actions.checkins import CHECKIN_TEXT
from belong.concerns.aggregates.build import DEFAULT_K, build_aggregates
from belong.concerns.choices import TITLE_IX, Category, Hope, InvolvedRole, Mode, Setting
from belong.concerns.models import Case, CaseNote, Concern, Reply, Reporter, ReporterMessage
from belong.core.academic_calendar import academic_year_of, quarter_bounds
from belong.demo.context import DemoContext
from belong.publishing import actions as publishing
from belong.publishing.audiences import Audience

# (mode, state, days ago, categories); states: new, overdue, open, closed, held.
PLAN: list[tuple[str, str, int, list[str]]] = [
    (Mode.ANONYMOUS, "open", 40, [Category.HUMILIATED]),
    (Mode.ANONYMOUS, "new", 1, [Category.REMARKS_RACE]),
    (Mode.ANONYMOUS, "closed", 120, [Category.PERSONAL_SERVICES]),
    (Mode.ANONYMOUS, "held", 3, [Category.DENIED_SEX]),
    (Mode.CONFIDENTIAL, "overdue", 9, [Category.SEXUAL_ADVANCES]),
    (Mode.CONFIDENTIAL, "open", 70, [Category.PHYSICAL_HARM]),
    (Mode.CONFIDENTIAL, "closed", 200, [Category.REMARKS_ORIENTATION]),
    (Mode.NAMED, "new", 0, [Category.OTHER]),
    (Mode.NAMED, "closed", 95, [Category.HUMILIATED, Category.REMARKS_SEX]),
]
# Earlier reports, all closed, over the two academic years before this one: enough
# that the accreditation table (LCME 3.6, ``concerns/evidence.py``) and the
# aggregates show counts above the school's threshold of 10, not only "—".
HISTORY = 60
HISTORY_CATEGORIES = [
    (Category.HUMILIATED, 0.45),
    (Category.REMARKS_SEX, 0.2),
    (Category.REMARKS_RACE, 0.2),
    (Category.PERSONAL_SERVICES, 0.15),
]
WORDS = [
    "On rounds the attending called me stupid in front of the patient and the team.",
    "A resident made a joke about my accent during the morning huddle; others laughed.",
    "I was told to fetch coffee and pick up dry cleaning every day of the rotation.",
    "After I asked about the evaluation, I was left out of every procedure that week.",
    "A staff member kept commenting on my body and asked me out twice after I said no.",
    "A senior resident shoved me out of the way in the operating room and shouted.",
]


def _at(day: Any, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _pick(rng: Any, values: list[str]) -> str:
    return values[int(rng.integers(0, len(values)))]


def build(context: DemoContext) -> None:
    rng = context.rng("concerns")
    today = context.today
    manager = context.users["concerns_manager"]
    reporters = [context.users["student"], context.users["resident"]]
    receipt_text = ""
    with context.timed("concerns"):
        for n, (mode, state, ago, categories) in enumerate(PLAN):
            received = today - timedelta(days=ago)
            receipt = None
            if mode == Mode.ANONYMOUS:
                symbols = rng.integers(0, len(receipts.ALPHABET), receipts.LENGTH)
                whole = "".join(receipts.ALPHABET[int(i)] for i in symbols)
                receipt = receipts.Receipt(
                    whole[: receipts.LOOKUP_LENGTH], whole[receipts.LOOKUP_LENGTH :]
                )
                receipt_text = receipt_text or receipt.text
            concern = Concern.objects.create(
                received_on=received,
                mode=mode,
                categories=[str(c) for c in categories],
                setting=_pick(rng, list(Setting.values)),
                involved_role=_pick(
                    rng, [InvolvedRole.FACULTY, InvolvedRole.RESIDENT, InvolvedRole.STAFF]
                ),
                event_month=(received - timedelta(days=10)).replace(day=1),
                hopes=[_pick(rng, list(Hope.values))],
                description=WORDS[n % len(WORDS)],
                held_until=today + timedelta(days=20) if state == "held" else None,
                receipt_lookup=receipt.lookup if receipt else None,
                receipt_hash=receipts.hash_secret(receipt) if receipt else "",
            )
            start = concern.held_until or received
            case = Case.objects.create(
                concern=concern,
                opened_on=received,
                triage_due=start + timedelta(days=settings.BELONG_CONCERNS_TRIAGE_DAYS),
                title_ix=any(c in TITLE_IX for c in categories),
            )
            if mode != Mode.ANONYMOUS:
                Reporter.objects.create(case=case, user=reporters[n % len(reporters)])
            if state in ("open", "closed"):
                case.status = Case.Status.OPEN
                case.triaged_on = received + timedelta(days=1)
                case.priority = Case.Priority.URGENT if case.title_ix else Case.Priority.ROUTINE
                case.assignees.add(manager)
                CaseNote.objects.create(
                    case=case, author=manager, written_at=_at(received + timedelta(days=1), 11),
                    text="Spoke with the clerkship director; the team will be observed next week.",
                )  # fmt: skip
                Reply.objects.create(
                    case=case, author=manager, written_at=_at(received + timedelta(days=1), 15),
                    text="Thank you for telling us. Could you say which week this was?",
                )  # fmt: skip
                ReporterMessage.objects.create(
                    concern=concern, received_on=received + timedelta(days=2),
                    text="It was the second week of the rotation.",
                )  # fmt: skip
                for days in (30, 60, 90):
                    if ago >= days:
                        Reply.objects.create(
                            case=case,
                            author=None,
                            written_at=_at(received + timedelta(days=days), 9),
                            text=CHECKIN_TEXT.format(days=days),
                            checkin_day=days,
                        )
                        case.checkins_sent += 1
            if state == "closed":
                case.status = Case.Status.CLOSED
                case.closed_on = received + timedelta(days=21)
                case.outcome = "We met the person involved; the rotation's team had training."
            case.save()
    with context.timed("concerns: earlier reports"):
        _history(context, rng, manager, reporters)
    with context.timed("concerns: aggregates"):
        # The inclusion office builds the counts and publishes them to leadership.
        analyst = context.users["analyst"]
        release = build_aggregates(by=analyst, k=DEFAULT_K)
        outcome = publishing.publish_release(
            by=analyst, release=release, audience=Audience.LEADERSHIP
        )
    context.summary["learning-environment concerns"] = len(PLAN) + HISTORY
    context.summary["concern aggregates published"] = int(outcome.published)
    context.summary["anonymous receipt to try at /concerns/follow-up/"] = receipt_text


def _history(context: DemoContext, rng: Any, manager: Any, reporters: list[Any]) -> None:
    """Closed named and confidential reports received in the two academic years before this one."""
    today = context.today
    start = quarter_bounds(academic_year_of(today) - 2, 1)[0]
    span = (quarter_bounds(academic_year_of(today), 1)[0] - start).days
    labels = [c for c, _ in HISTORY_CATEGORIES]
    weights = [w for _, w in HISTORY_CATEGORIES]
    for n in range(HISTORY):
        received = start + timedelta(days=int(rng.integers(0, span - 30)))
        category = labels[int(rng.choice(len(labels), p=weights))]
        concern = Concern.objects.create(
            received_on=received,
            mode=Mode.NAMED if n % 3 else Mode.CONFIDENTIAL,
            categories=[str(category)],
            setting=_pick(rng, list(Setting.values)),
            involved_role=_pick(
                rng, [InvolvedRole.FACULTY, InvolvedRole.RESIDENT, InvolvedRole.STAFF]
            ),
            event_month=(received - timedelta(days=10)).replace(day=1),
            hopes=[_pick(rng, list(Hope.values))],
            description=WORDS[n % len(WORDS)],
        )
        case = Case.objects.create(
            concern=concern,
            opened_on=received,
            triage_due=received + timedelta(days=settings.BELONG_CONCERNS_TRIAGE_DAYS),
            title_ix=category in TITLE_IX,
            status=Case.Status.CLOSED,
            priority=Case.Priority.URGENT if category in TITLE_IX else Case.Priority.ROUTINE,
            triaged_on=received + timedelta(days=1),
            closed_on=min(received + timedelta(days=int(rng.integers(7, 60))), today),
            outcome="We met the person involved and agreed steps with the clerkship.",
        )
        case.assignees.add(manager)
        Reporter.objects.create(case=case, user=reporters[n % len(reporters)])
