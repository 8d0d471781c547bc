"""Every read of plans a user may see, and the progress of one plan for one reader.

A plan's readers are its audience: everyone in the school for a school plan,
anyone for a public plan; drafts only for those who manage plans. What a
reader sees of a measure is what ``belong.publishing.figures`` lets them see.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from belong.access.permissions import Permission
from belong.access.policies import has_permission
from belong.plans.measures import MeasureView, measure_for
from belong.plans.models import (
    Action,
    AnonymousComment,
    Area,
    Comment,
    Goal,
    Plan,
    PlanChange,
    ProgressUpdate,
    Status,
)
from belong.publishing.themes import find_themes


def managed_plans() -> QuerySet[Plan]:
    return Plan.objects.all()


def followed_plans(user: Any) -> QuerySet[Plan]:
    """Published plans ``user`` may read: the school's (signed in) and the public ones."""
    published = Plan.objects.filter(version__gt=0)
    if has_permission(user, Permission.FOLLOW_PLANS):
        return published
    return published.filter(audience=Plan.Audience.PUBLIC)


def plan_for_reader(user: Any, pk: int) -> Plan:
    """A plan ``user`` may read (a draft only for its managers), or 404."""
    plan = Plan.objects.filter(pk=pk).first()
    if plan is None:
        raise Http404("No such plan.")
    if has_permission(user, Permission.MANAGE_PLANS, plan):
        return plan
    if plan.is_published and plan.audience == Plan.Audience.PUBLIC:
        return plan
    if has_permission(user, Permission.FOLLOW_PLANS, plan):
        return plan
    raise Http404("No such plan.")


def public_plan(pk: int) -> Plan:
    plan = Plan.objects.filter(pk=pk, version__gt=0, audience=Plan.Audience.PUBLIC).first()
    if plan is None:
        raise Http404("No such plan.")
    return plan


def owned_actions(user: Any) -> QuerySet[Action]:
    """Actions ``user`` reports progress on, in published plans."""
    qs = Action.objects.select_related("goal__area__plan", "owner_unit", "owner_person")
    units = user.role_assignments.filter(unit__isnull=False).values_list("unit_id", flat=True)
    return qs.filter(
        Q(owner_person__user=user) | Q(owner_person__isnull=True, owner_unit_id__in=list(units))
    ).order_by("due_on", "pk")


@dataclass
class ActionRow:
    action: Action
    latest: ProgressUpdate | None
    changed: str = ""
    answers: list[str] = field(default_factory=list)


@dataclass
class GoalRow:
    goal: Goal
    measure: MeasureView | None
    actions: list[ActionRow]


@dataclass
class AreaRow:
    area: Area
    goals: list[GoalRow]

    def counts(self) -> list[tuple[str, int]]:
        found: dict[str, int] = {}
        for g in self.goals:
            for row in g.actions:
                found[row.action.status] = found.get(row.action.status, 0) + 1
        return [(str(s.label), found[s]) for s in Status if s in found]


@dataclass
class Progress:
    plan: Plan
    areas: list[AreaRow]
    last_report: Any
    said_did: list[tuple[str, list[str]]]
    changes: list[PlanChange]


def _previous_statuses(plan: Plan) -> tuple[Any, dict[str, str]]:
    report = plan.reports.order_by("-issued_on", "-pk").first()
    return report, (dict(report.statuses) if report else {})


def progress(user: Any, plan: Plan) -> Progress:
    """The plan as ``user`` may see it: areas, goals, actions, latest updates, measures."""
    report, before = _previous_statuses(plan)
    updates = Prefetch("updates", queryset=ProgressUpdate.objects.order_by("-written_on", "-pk"))
    actions = Prefetch(
        "actions",
        queryset=Action.objects.select_related("owner_unit", "owner_person").prefetch_related(
            updates, "milestones"
        ),
    )
    areas = plan.areas.prefetch_related(
        Prefetch("goals", queryset=Goal.objects.select_related("measure").prefetch_related(actions))
    )
    rows: list[AreaRow] = []
    for area in areas:
        goals = []
        for goal in area.goals.all():
            measure = getattr(goal, "measure", None) if hasattr(goal, "measure") else None
            action_rows = []
            for action in goal.actions.all():
                latest = next(iter(action.updates.all()), None)
                changed = ""
                if report is not None:
                    old = before.get(str(action.pk))
                    if old is None:
                        changed = "New since the last report"
                    elif old != action.status:
                        changed = f"Was {Status(old).label.lower()}"
                action_rows.append(ActionRow(action, latest, changed))
            goals.append(
                GoalRow(goal, measure_for(user, measure) if measure else None, action_rows)
            )
        rows.append(AreaRow(area, goals))
    return Progress(plan, rows, report, said_did(plan), list(plan.changes.all()[:20]))


def said_did(plan: Plan) -> list[tuple[str, list[str]]]:
    """Each theme heard and the actions that answer it ("you said, we did"); no comment text."""
    found: dict[str, set[str]] = {}
    named = Comment.objects.filter(plan=plan, theme__isnull=False).select_related("theme")
    for c in named.prefetch_related("actions"):
        if c.theme is None:
            continue
        found.setdefault(c.theme.name, set()).update(a.title for a in c.actions.all())
    anonymous = AnonymousComment.objects.filter(plan=plan, theme__isnull=False).prefetch_related(
        "answers__action"
    )
    for a in anonymous.select_related("theme"):
        if a.theme is None:
            continue
        found.setdefault(a.theme.name, set()).update(x.action.title for x in a.answers.all())
    return [(theme, sorted(titles)) for theme, titles in sorted(found.items()) if titles]


def public_plans() -> QuerySet[Plan]:
    return Plan.objects.filter(version__gt=0, audience=Plan.Audience.PUBLIC)


def public_plan_or_none(pk: int) -> Plan | None:
    return public_plans().filter(pk=pk).first()


def comments_of(plan: Plan) -> tuple[QuerySet[Comment], QuerySet[AnonymousComment]]:
    """A plan's named comments, and its released anonymous ones in an order nothing chose
    (day, then text), for the office that triages them."""
    named = Comment.objects.filter(plan=plan).select_related("theme", "area")
    anonymous = (
        AnonymousComment.objects.filter(plan=plan)
        .select_related("theme", "area")
        .order_by("received_on", "text")
    )
    return named, anonymous


# A suggested theme is one that at least this many comments share.
SUGGESTION_MIN_COUNT = 3


@dataclass(frozen=True)
class ThemeSuggestion:
    """A theme name offered to the office while it triages: one in use, or one found."""

    name: str
    count: int | None = None  # comments sharing a found theme; None for one in use


def theme_suggestions(plan: Plan, texts: list[str]) -> list[ThemeSuggestion]:
    """The plan's themes in use, then themes found in ``texts`` (its comments).

    Found by the shared theme finder (``belong.publishing.themes``, decision
    0026), each shared by at least :data:`SUGGESTION_MIN_COUNT` comments. Only
    labels and counts are offered: the office reads every comment already.
    """
    in_use = [ThemeSuggestion(name) for name in plan.themes.values_list("name", flat=True)]
    taken = {s.name.casefold() for s in in_use}
    found = find_themes(texts, min_count=SUGGESTION_MIN_COUNT, quotes_per_theme=0, method="tfidf")
    return in_use + [
        ThemeSuggestion(t.label, t.count) for t in found.themes if t.label.casefold() not in taken
    ]


def comment_of(plan: Plan, kind: str, pk: str) -> Comment | AnonymousComment:
    """One comment of ``plan`` (``kind`` "named" or "anonymous"); 404 if there is none."""
    model = Comment if kind == "named" else AnonymousComment
    try:
        found = model.objects.filter(plan=plan, pk=pk).first()
    except (ValueError, ValidationError):
        found = None
    if found is None:
        raise Http404("No such comment.")
    return found
