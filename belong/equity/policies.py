"""Who may open which stage-event import run: whoever imports stage events
(``IMPORT_STAGE_EVENTS``), and only runs of the stage-event importer (people imports are
the people app's). Who opens which release is ``publishing.policies``."""

from __future__ import annotations

from typing import Any

from belong.access.permissions import Permission
from belong.access.policies import object_rule
from belong.equity.importing import KIND as STAGE_EVENT_IMPORT
from belong.importing.models import ImportRun


@object_rule(Permission.IMPORT_STAGE_EVENTS, ImportRun)
def _stage_event_import_run(user: Any, run: ImportRun) -> bool:
    return run.kind == STAGE_EVENT_IMPORT
