"""Every write of outcomes monitoring: keyword-only ``by=``, one transaction, one audit event.

``by`` is the acting user, or None for the system (the command line, the demo,
installing the shipped defaults). A signed-in user must hold the permission
the action needs; views check it first, the action checks again. One module
per concept: ``setup`` (defaults, pipelines, groupings, benchmarks),
``events`` (stage events) and ``releases`` (building one; publishing it is
``belong.publishing.actions``).
"""

from belong.equity.actions._common import KIND, ActionError
from belong.equity.actions.events import (
    SyncCounts,
    import_stage_events,
    sync_events_from_affiliations,
)
from belong.equity.actions.releases import (
    build_release,
    default_groupings,
    default_title,
    minimum_k,
    resolve_groupings,
)
from belong.equity.actions.setup import (
    default_grouping_codes,
    ensure_defaults,
    import_benchmarks,
    parse_stages,
    parse_transitions,
    save_grouping,
    save_pipeline,
    set_grouping_active,
)

__all__ = [
    "KIND",
    "ActionError",
    "SyncCounts",
    "build_release",
    "default_grouping_codes",
    "default_groupings",
    "default_title",
    "ensure_defaults",
    "import_benchmarks",
    "import_stage_events",
    "minimum_k",
    "parse_stages",
    "parse_transitions",
    "resolve_groupings",
    "save_grouping",
    "save_pipeline",
    "set_grouping_active",
    "sync_events_from_affiliations",
]
