"""Who may open each directory URL.

The public directory answers everyone, signed in or not. The case-manager
persona works in the counselling office: it edits and verifies the
counselling entry and gets 404 on the tutoring office's (``other``).
"""

from typing import Any

from belong.directory.hsds.taxonomy import TAXONOMIES, service_at_location_id
from belong.importing.models import ImportRun
from tests.factories.directory import build_directory
from tests.matrix import ALL_SIGNED_IN, EVERYONE, Entry, personas

OFFICE = personas("case_manager")
REVIEWERS = personas("student_affairs")


def _pk(key: str) -> Any:
    return lambda w: {"pk": build_directory(w)[key].pk}


ENTRIES = [
    Entry("directory:index", EVERYONE),
    Entry("directory:service", EVERYONE, kwargs=_pk("own")),
    Entry("directory:office", OFFICE, kwargs=lambda w: build_directory(w) and {}),
    Entry("directory:service_edit", OFFICE, kwargs=_pk("own")),
    Entry("directory:service_verify", OFFICE, kwargs=_pk("own"), method="post", ok_status=302),
    Entry("directory:service_new", OFFICE, kwargs=lambda w: build_directory(w) and {}),
    Entry("directory:service_retire", OFFICE, kwargs=_pk("own"), method="post", ok_status=302),
    Entry(
        "directory:contact_new",
        OFFICE,
        kwargs=_pk("own"),
        method="post",
        data={"contact-name": "Duty counsellor", "contact-phone": "+1 626 555 0100"},
        ok_status=302,
    ),
    Entry("directory:contact_retire", OFFICE, kwargs=_pk("contact"), method="post", ok_status=302),
    Entry("directory:location_new", OFFICE, kwargs=lambda w: build_directory(w) and {}),
    Entry("directory:location_edit", OFFICE, kwargs=_pk("location")),
    Entry(
        "directory:location_retire", OFFICE, kwargs=_pk("location"), method="post", ok_status=302
    ),
    Entry("directory:event_new", OFFICE, kwargs=lambda w: build_directory(w) and {}),
    Entry("directory:event_edit", OFFICE, kwargs=_pk("event")),
]


def _hsds(key: str) -> Any:
    return lambda w: {"id": build_directory(w)[key].hsds_id}


def _service_at_location(w: Any) -> dict[str, str]:
    d = build_directory(w)
    return {"id": service_at_location_id(d["own"].hsds_id, d["location"].hsds_id)}


def _import_run(w: Any) -> dict[str, int]:
    run = ImportRun.objects.create(
        kind="hsds", filename="directory.json", sha256="0" * 64, outcome="dry_run"
    )
    return {"run_id": run.pk}


# Importing a whole HSDS file touches every office's entries: administrators only.
ENTRIES += [
    Entry("directory:hsds_import", personas("administrator")),
    Entry("directory:hsds_import_run", personas("administrator"), kwargs=_import_run),
]


# The HSDS API answers everyone, like the public directory.
ENTRIES += [
    Entry("hsds_api:api-root", EVERYONE, ok_status=404, denied_status=404, anonymous_status=404),
    Entry("hsds_api:openapi-json", EVERYONE),
    Entry("hsds_api:services", EVERYONE, kwargs=lambda w: build_directory(w) and {}),
    Entry("hsds_api:service", EVERYONE, kwargs=_hsds("own")),
    Entry("hsds_api:organizations", EVERYONE),
    Entry("hsds_api:organization", EVERYONE, kwargs=_hsds("counselling")),
    Entry("hsds_api:service_at_locations", EVERYONE, kwargs=lambda w: build_directory(w) and {}),
    Entry("hsds_api:service_at_location", EVERYONE, kwargs=_service_at_location),
    Entry("hsds_api:taxonomies", EVERYONE),
    Entry("hsds_api:taxonomy", EVERYONE, kwargs=lambda w: {"id": TAXONOMIES[0].id}),
    Entry("hsds_api:taxonomy_terms", EVERYONE),
    Entry(
        "hsds_api:taxonomy_term",
        EVERYONE,
        kwargs=lambda w: {"id": TAXONOMIES[0].term_id("counselling")},
    ),
]

# Events, their feeds and published stories are public; any signed-in person may share a
# story; student affairs reviews them.
ENTRIES += [
    Entry("directory:events", EVERYONE, kwargs=lambda w: build_directory(w) and {}),
    Entry(
        "directory:events_feed",
        EVERYONE,
        kwargs=lambda w: build_directory(w) and {"audience": "students"},
        method="head",
    ),
    Entry("directory:stories", EVERYONE),
    # Only the author (the student persona) may withdraw consent for the story.
    Entry(
        "directory:story_withdraw",
        personas("student"),
        kwargs=_pk("story"),
        method="post",
        ok_status=302,
    ),
    Entry("directory:story_new", ALL_SIGNED_IN),
    Entry("directory:story_review", REVIEWERS, kwargs=lambda w: build_directory(w) and {}),
    Entry(
        "directory:story_decide",
        REVIEWERS,
        kwargs=_pk("story"),
        method="post",
        data={"decision": "publish"},
        ok_status=302,
    ),
]
