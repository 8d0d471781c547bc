"""Who may open each directory URL.

The public directory answers everyone, signed in or not. The case-manager
persona works in the counselling office: it edits and verifies the
counselling entry and gets 404 on the tutoring office's (``other``).
"""

from typing import Any

from tests.factories.directory import build_directory
from tests.matrix import EVERYONE, Entry, personas

OFFICE = personas("case_manager")


def _pk(key: str) -> Any:
    return lambda w: {"pk": build_directory(w)[key].pk}


ENTRIES = [
    Entry("directory:index", EVERYONE),
    Entry("directory:service", EVERYONE, kwargs=_pk("own")),
    Entry("directory:office", OFFICE, kwargs=lambda w: build_directory(w) and {}),
    Entry("directory:service_edit", OFFICE, kwargs=_pk("own")),
    Entry("directory:service_verify", OFFICE, kwargs=_pk("own"), method="post", ok_status=302),
]
