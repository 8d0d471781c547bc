"""The demo school's culture action plan: five areas, owners, progress, feedback, a live measure.

Leadership writes the plan in the five areas of the senior committee (faculty
hiring, staff hiring, campus climate, professional training, curriculum
design), publishes it to the public, and its owners report progress so that
every status appears (not started, on track, at risk, off track, done,
dropped). Two listening sessions are recorded; a named and several anonymous
comments are triaged into themes and linked to the actions that answer them;
the faculty-hiring goal's measure is read live from the public outcomes
release when there is one. Everything is dated back from ``context.today``
and nothing is drawn at random, so the same day gives the same plan.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from belong.demo.context import DemoContext
from belong.plans.actions import feedback, plans, progress
from belong.plans.actions.measures import set_measure
from belong.plans.actions.reports import issue_report
from belong.plans.models import AnonymousComment, Plan
from belong.publishing.figures import FigureError, published_figure
from belong.publishing.frozen import tables_for
from belong.publishing.models import Release

TITLE = "Culture action plan"

# area → (goal, [(action, owner persona, office code, started days ago, due in days,
#                 [(days ago, status, note, reason)]) ...])
AREAS: list[tuple[str, str, list[tuple[Any, ...]]]] = [
    (
        "Faculty hiring",
        "Faculty hiring reflects the communities the school serves",
        [
            (
                "Train every search committee in fair hiring",
                "faculty",
                "inclusive-excellence",
                200,
                160,
                [
                    (120, "on_track", "Four committees trained.", ""),
                    (30, "on_track", "Nine of twelve committees trained.", ""),
                ],
            ),
            (
                "Publish open positions to national networks",
                "faculty",
                "inclusive-excellence",
                150,
                30,
                [(20, "done", "Every open position is now posted nationally.", "")],
            ),
        ],
    ),
    (
        "Staff hiring",
        "Staff hiring is open and fair",
        [
            (
                "Review job descriptions for needless requirements",
                "staff",
                "registrar",
                120,
                200,
                [(40, "at_risk", "Review started; HR capacity is short.", "")],
            ),
            ("Structured interviews for every staff post", "staff", "registrar", 10, 300, []),
        ],
    ),
    (
        "Campus climate",
        "Everyone feels they belong",
        [
            (
                "Quarterly town halls with the dean",
                "student_affairs",
                "student-affairs",
                240,
                400,
                [
                    (90, "on_track", "Two town halls held.", ""),
                    (14, "on_track", "Third town hall held; attendance doubled.", ""),
                ],
            ),
            (
                "Quiet spaces for students on each campus",
                "student_affairs",
                "student-affairs",
                180,
                120,
                [
                    (
                        25,
                        "off_track",
                        "Rooms identified, none yet opened.",
                        "Building works delayed the Pasadena rooms to next year.",
                    )
                ],
            ),
        ],
    ),
    (
        "Professional training",
        "Every member of the school trained to challenge bias",
        [
            (
                "Bystander training for all clinical teachers",
                "leadership",
                "inclusive-excellence",
                90,
                270,
                [(30, "on_track", "Pilot sessions in two departments.", "")],
            ),
        ],
    ),
    (
        "Curriculum design",
        "The curriculum reflects the patients the school serves",
        [
            (
                "Review case vignettes for stereotypes",
                "faculty",
                "inclusive-excellence",
                300,
                60,
                [
                    (200, "on_track", "First-year cases reviewed.", ""),
                    (
                        45,
                        "dropped",
                        "Folded into the curriculum committee's review.",
                        "The curriculum committee now reviews every case each year.",
                    ),
                ],
            ),
            (
                "Add a health-equity thread to each clerkship",
                "faculty",
                "inclusive-excellence",
                5,
                500,
                [],
            ),
        ],
    ),
]


def build(context: DemoContext) -> None:
    with context.timed("plans: culture action plan"):
        plan = _build(context)
    context.summary.update(
        {"action plans": 1, "plan actions": sum(len(a[2]) for a in AREAS) if plan else 0}
    )


def _build(context: DemoContext) -> Plan:
    today = context.today
    lead = context.users["leadership"]
    plan = plans.create_plan(
        by=lead,
        title=TITLE,
        summary="Written after the town halls, to guide and track the school's work on "
        "inclusion and belonging in five areas.",
        audience=Plan.Audience.PUBLIC,
    )
    actions = {}
    goals = {}
    for area_title, goal_title, items in AREAS:
        area = plans.add_area(by=lead, plan=plan, title=area_title)
        goal = plans.add_goal(by=lead, area=area, title=goal_title)
        goals[area_title] = goal
        for title, persona, office, started, due, _ in items:
            actions[title] = plans.add_action(
                by=lead,
                goal=goal,
                title=title,
                starts_on=today - timedelta(days=started),
                due_on=today + timedelta(days=due) if due > 0 else today,
                owner_person=context.people[persona],
                owner_unit=context.units[office],
            )
    for title, milestone, days in (
        ("Train every search committee in fair hiring", "Every committee trained", 90),
        ("Quiet spaces for students on each campus", "First room open", 60),
    ):
        plans.add_milestone(
            by=lead, action=actions[title], title=milestone, due_on=today + timedelta(days=days)
        )
    plan = plans.publish(by=lead, plan=plan)
    issue_report(by=lead, plan=plan)
    for _, _, items in AREAS:
        for title, persona, _, _, _, updates in items:
            for days_ago, status, note, reason in updates:
                progress.write_update(
                    by=context.users[persona],
                    action=actions[title],
                    written_on=today - timedelta(days=days_ago),
                    status=status,
                    note=note,
                    reason=reason,
                )
    _feedback(context, plan, actions)
    _measure(context, goals["Faculty hiring"])
    return plan


def _feedback(context: DemoContext, plan: Plan, actions: dict[str, Any]) -> None:
    today = context.today
    lead = context.users["leadership"]
    feedback.record_session(
        by=lead,
        plan=plan,
        kind="town_hall",
        held_on=today - timedelta(days=90),
        audience="All students, faculty and staff",
        notes="Students asked for quiet places to talk; staff asked how posts are advertised.",
    )
    feedback.record_session(
        by=lead,
        plan=plan,
        kind="focus_group",
        held_on=today - timedelta(days=14),
        audience="First- and second-year students",
        notes="Case vignettes still lean on stereotypes; town halls are valued.",
    )
    climate = plan.areas.get(title="Campus climate")
    named = feedback.comment(
        by=context.users["student"],
        plan=plan,
        text="Town halls help, but please open the quiet rooms.",
        area=climate,
        anonymous=False,
    )
    assert named is not None
    analyst = context.users["analyst"]
    feedback.triage(
        by=analyst,
        plan=plan,
        comment=named,
        theme_name="Places to talk",
        actions=[actions["Quiet spaces for students on each campus"]],
    )
    # Anonymous comments as released batches hold them: the week only, nothing of who.
    week = _monday(today - timedelta(days=14))
    texts = [
        (
            "Nobody tells us how staff jobs are advertised.",
            "Staff hiring",
            "Open hiring",
            "Review job descriptions for needless requirements",
        ),
        (
            "The clerkship cases still use the same stereotypes.",
            "Curriculum design",
            "Cases without stereotypes",
            "Review case vignettes for stereotypes",
        ),
        (
            "Search committees should look beyond the usual networks.",
            "Faculty hiring",
            "Open hiring",
            "Publish open positions to national networks",
        ),
        (
            "I would like training on how to step in.",
            "Professional training",
            "Training to speak up",
            "Bystander training for all clinical teachers",
        ),
        ("More time to meet the dean.", "Campus climate", "", ""),
    ]
    for text, area_title, theme, action_title in texts:
        made = AnonymousComment.objects.create(
            plan=plan, area=plan.areas.get(title=area_title), text=text, received_on=week
        )
        if theme:
            feedback.triage(
                by=analyst,
                plan=plan,
                comment=made,
                theme_name=theme,
                actions=[actions[action_title]],
            )


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _measure(context: DemoContext, goal: Any) -> None:
    """Read the goal's figure from the public outcomes release, if the demo published one."""
    release = (
        Release.objects.filter(status=Release.Status.PUBLISHED, audience="public", kind="equity")
        .order_by("pk")
        .first()
    )
    found = _first_figure(release) if release is not None else None
    if release is None or found is None:
        return
    table, row, column, value = found
    set_measure(
        by=context.users["analyst"],
        goal=goal,
        label=f"{column.replace('_', ' ').capitalize()}: " + ", ".join(map(str, row.values())),
        baseline=round(value * 0.9, 4),
        target=round(value * 1.25, 4) or 1.0,
        target_on=context.today + timedelta(days=3 * 365),
        release_id=release.pk,
        table=table,
        row=row,
        column=column,
    )


def _first_figure(release: Release) -> tuple[str, dict[str, Any], str, float] | None:
    """The first shown (not suppressed) share in the release's representation table."""
    frame = tables_for(release).frames.get("representation")
    if frame is None:
        return None
    keys = [c for c in ("stage", "year", "table", "group") if c in frame.columns]
    shares = [c for c in frame.columns if "share" in c and c not in keys]
    for column in shares:
        for values in frame.iter_rows(named=True):
            value = values[column]
            if not isinstance(value, int | float) or not value:
                continue
            row = {k: values[k] for k in keys}
            try:
                published_figure(None, release.pk, table="representation", row=row, column=column)
            except FigureError:
                continue
            return "representation", row, column, float(value)
    return None
