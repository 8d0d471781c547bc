"""Who may call Belong's API (``/api/v1/``) and open the API tokens pages.

``ENTRIES`` are the Django URL patterns, opened with a browser session: the
API's operations answer 401 to a session (only a token reaches them); its
schema and documentation page are open to everyone. ``API_ENTRIES`` are the
operations, called with each persona's token (``tests/api_matrix.py``).
"""

from typing import Any

from belong.access import tokens
from belong.directory.hsds.taxonomy import TAXONOMIES, service_at_location_id
from tests.api_matrix import ApiEntry
from tests.factories.directory import build_directory
from tests.factories.equity import matrix_release
from tests.factories.surveys import campaign
from tests.matrix import ALL_SIGNED_IN, EVERYONE, Entry, personas

PEOPLE_READERS = personas("data_steward", "student_affairs", "administrator")
SURVEY_OFFICE = personas("analyst")
LEADERSHIP_READERS = personas("analyst", "leadership")
NOBODY: frozenset[str] = frozenset()
UNAUTHORIZED = 401


def _student_token(w: Any) -> dict[str, Any]:
    if "student_token" not in w.extra:
        w.extra["student_token"] = tokens.create_token(
            by=w.user("student"), name="matrix", roles=["student"], days=30
        )[0]
    return {"token_id": w.extra["student_token"].pk}


def _session(name: str, kwargs: Any = None) -> Entry:
    """An operation opened with a session rather than a token: 401 for everyone."""
    return Entry(
        name,
        NOBODY,
        kwargs=kwargs,
        denied_status=UNAUTHORIZED,
        anonymous_status=UNAUTHORIZED,
    )


def _directory(w: Any) -> dict[str, Any]:
    build_directory(w)
    return {}


def _service(w: Any) -> dict[str, Any]:
    return {"id": build_directory(w)["own"].hsds_id}


def _organization(w: Any) -> dict[str, Any]:
    return {"id": build_directory(w)["counselling"].hsds_id}


def _service_at_location(w: Any) -> dict[str, Any]:
    d = build_directory(w)
    return {"id": service_at_location_id(d["own"].hsds_id, d["location"].hsds_id)}


def _taxonomy(w: Any) -> dict[str, Any]:
    return {"id": TAXONOMIES[0].id}


def _term(w: Any) -> dict[str, Any]:
    return {"id": TAXONOMIES[0].term_id("counselling")}


def _person(w: Any) -> dict[str, Any]:
    return {"person_id": w.person("student").pk}


def _leadership(w: Any) -> dict[str, Any]:
    return {"release_id": matrix_release(w, "leadership").pk}


def _public(w: Any) -> dict[str, Any]:
    return {"release_id": matrix_release(w, "public", noised=True).pk}


def _campaign(w: Any) -> dict[str, Any]:
    return {"campaign_id": campaign(w).pk}


ENTRIES = [
    Entry("access:tokens", ALL_SIGNED_IN),
    Entry(
        "access:token_revoke",
        personas("student"),
        kwargs=_student_token,
        method="post",
        ok_status=302,
    ),
    Entry("api_v1:openapi-json", EVERYONE),
    Entry("api_v1:openapi-view", EVERYONE),
    Entry("api_v1:api-root", EVERYONE, ok_status=404, denied_status=404, anonymous_status=404),
    _session("api_v1:people"),
    _session("api_v1:person", _person),
    _session("api_v1:releases"),
    _session("api_v1:release", _leadership),
    _session("api_v1:campaigns"),
    _session("api_v1:campaign", _campaign),
    _session("api_v1:services", _directory),
    _session("api_v1:service", _service),
    _session("api_v1:organizations"),
    _session("api_v1:organization", _organization),
    _session("api_v1:service_at_locations", _directory),
    _session("api_v1:service_at_location", _service_at_location),
    _session("api_v1:taxonomies"),
    _session("api_v1:taxonomy", _taxonomy),
    _session("api_v1:taxonomy_terms"),
    _session("api_v1:taxonomy_term", _term),
]

V1 = "/api/v1"
TOKEN_HOLDERS = ALL_SIGNED_IN - {"outsider"}
HSDS = "/api/hsds"

API_ENTRIES = [
    ApiEntry("get", f"{V1}/people/", PEOPLE_READERS),
    ApiEntry("get", f"{V1}/people/{{person_id}}", PEOPLE_READERS, _person),
    ApiEntry("get", f"{V1}/releases/", TOKEN_HOLDERS),
    ApiEntry("get", f"{V1}/releases/{{release_id}}", LEADERSHIP_READERS, _leadership),
    ApiEntry("get", f"{V1}/surveys/campaigns", SURVEY_OFFICE),
    ApiEntry("get", f"{V1}/surveys/campaigns/{{campaign_id}}", SURVEY_OFFICE, _campaign),
    ApiEntry("get", f"{V1}/hsds/services", TOKEN_HOLDERS, _directory),
    ApiEntry("get", f"{V1}/hsds/services/{{id}}", TOKEN_HOLDERS, _service),
    ApiEntry("get", f"{V1}/hsds/organizations", TOKEN_HOLDERS),
    ApiEntry("get", f"{V1}/hsds/organizations/{{id}}", TOKEN_HOLDERS, _organization),
    ApiEntry("get", f"{V1}/hsds/service_at_locations", TOKEN_HOLDERS, _directory),
    ApiEntry("get", f"{V1}/hsds/service_at_locations/{{id}}", TOKEN_HOLDERS, _service_at_location),
    ApiEntry("get", f"{V1}/hsds/taxonomies", TOKEN_HOLDERS),
    ApiEntry("get", f"{V1}/hsds/taxonomies/{{id}}", TOKEN_HOLDERS, _taxonomy),
    ApiEntry("get", f"{V1}/hsds/taxonomy_terms", TOKEN_HOLDERS),
    ApiEntry("get", f"{V1}/hsds/taxonomy_terms/{{id}}", TOKEN_HOLDERS, _term),
    # The HSDS API answers everyone, like the public directory; a token changes nothing.
    ApiEntry("get", f"{HSDS}/services", EVERYONE, _directory),
    ApiEntry("get", f"{HSDS}/services/{{id}}", EVERYONE, _service),
    ApiEntry("get", f"{HSDS}/organizations", EVERYONE),
    ApiEntry("get", f"{HSDS}/organizations/{{id}}", EVERYONE, _organization),
    ApiEntry("get", f"{HSDS}/service_at_locations", EVERYONE, _directory),
    ApiEntry("get", f"{HSDS}/service_at_locations/{{id}}", EVERYONE, _service_at_location),
    ApiEntry("get", f"{HSDS}/taxonomies", EVERYONE),
    ApiEntry("get", f"{HSDS}/taxonomies/{{id}}", EVERYONE, _taxonomy),
    ApiEntry("get", f"{HSDS}/taxonomy_terms", EVERYONE),
    ApiEntry("get", f"{HSDS}/taxonomy_terms/{{id}}", EVERYONE, _term),
]
