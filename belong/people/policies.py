"""Object-level rules for people records."""

from typing import Any

from belong.access.permissions import Permission
from belong.access.policies import object_rule


@object_rule(Permission.VIEW_OWN_PROFILE)
@object_rule(Permission.EDIT_OWN_SELF_ID)
def _only_ones_own(user: Any, person: Any) -> bool:
    return person.user_id is not None and person.user_id == user.pk
