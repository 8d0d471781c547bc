"""Who may manage which survey record: one object rule per (permission, model).

Campaigns and instruments are the inclusion office's shared work: holding
``MANAGE_SURVEYS`` suffices. Responses have no rule at all, so no permission
check on one can ever succeed: nobody reads a response, only results.
"""

from __future__ import annotations

from belong.access.permissions import Permission
from belong.access.policies import holding_suffices
from belong.surveys.models import Campaign, InstrumentVersion

holding_suffices(Permission.MANAGE_SURVEYS, Campaign)
holding_suffices(Permission.MANAGE_SURVEYS, InstrumentVersion)
