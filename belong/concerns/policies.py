"""Who may see which concern or case.

* A case (``MANAGE_CONCERNS``): a concerns case manager sees it while it waits
  to be assigned, and once assigned only if they are one of its managers;
  never if they are recused (the reporter named them as involved, or they
  stepped aside), and nobody while the reporter's hold lasts (until their
  evaluation for the rotation is due). Everyone else: 404.
* A concern (``REPORT_CONCERN``): its own reporter, for named and confidential
  concerns. An anonymous concern has no reporter row, so no account opens it:
  only its receipt does (``receipts.concern_for``).
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from belong.access.permissions import Permission
from belong.access.policies import object_rule
from belong.concerns.models import Case, Concern, Reporter


@object_rule(Permission.MANAGE_CONCERNS, Case)
def may_handle_case(user: Any, case: Case) -> bool:
    if case.pk is None or case.recused.filter(pk=user.pk).exists():
        return False
    if case.concern.held_on(timezone.localdate()):
        return False  # sealed until the reporter's hold ends
    assignees = set(case.assignees.values_list("pk", flat=True))
    return not assignees or user.pk in assignees


@object_rule(Permission.REPORT_CONCERN, Concern)
def is_own_concern(user: Any, concern: Concern) -> bool:
    if concern.pk is None:
        return False
    return Reporter.objects.filter(case__concern=concern, user_id=user.pk).exists()
