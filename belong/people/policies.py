"""Object rules for people records, one per (permission, model).

* One's own Person: its owner views it and edits its self-identification.
* Any Person's names and affiliations: whoever holds ``VIEW_PEOPLE``.
* Any Person's self-identification: whoever holds ``VIEW_SELF_ID_RECORDS``
  (the data steward; every read is audited by ``queries``).
* A people import run: whoever holds ``IMPORT_PEOPLE``, and only runs of the
  people importer (stage-event imports are outcomes monitoring's).
"""

from typing import Any

from belong.access.permissions import Permission
from belong.access.policies import holding_suffices, object_rule
from belong.importing.models import ImportRun
from belong.people.importing.actions import KIND as PEOPLE_IMPORT
from belong.people.models import Person


@object_rule(Permission.VIEW_OWN_PROFILE, Person)
@object_rule(Permission.EDIT_OWN_SELF_ID, Person)
def _only_ones_own(user: Any, person: Person) -> bool:
    return person.user_id is not None and person.user_id == user.pk


holding_suffices(Permission.VIEW_PEOPLE, Person)
holding_suffices(Permission.VIEW_SELF_ID_RECORDS, Person)


@object_rule(Permission.IMPORT_PEOPLE, ImportRun)
def _people_import_run(user: Any, run: ImportRun) -> bool:
    return run.kind == PEOPLE_IMPORT
