from belong.plans.models.feedback import (
    AnonymousComment,
    AnonymousCommentAnswer,
    Comment,
    ListeningSession,
    Theme,
)
from belong.plans.models.measures import Measure
from belong.plans.models.plans import (
    Action,
    Area,
    Goal,
    Milestone,
    Plan,
    PlanChange,
    PlanReport,
    ProgressUpdate,
    Status,
    UpdateReminder,
)

__all__ = [
    "Action",
    "AnonymousComment",
    "AnonymousCommentAnswer",
    "Area",
    "Comment",
    "Goal",
    "ListeningSession",
    "Measure",
    "Milestone",
    "Plan",
    "PlanChange",
    "PlanReport",
    "ProgressUpdate",
    "Status",
    "Theme",
    "UpdateReminder",
]
