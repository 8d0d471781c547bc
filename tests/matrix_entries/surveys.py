"""Who may open each survey URL.

The inclusion-office analyst runs surveys; nobody else sees a survey page
(404). The respondent's pages need no account: the single-use link is the
credential, so every persona, signed in or not, gets the same answer.
``answer`` is opened with a fresh invitation's link (200); a used or
tampered link answers 410 with the reason (``tests/surveys``).
"""

from typing import Any

from tests.factories.surveys import campaign, token_of
from tests.matrix import EVERYONE, Entry, personas

OFFICE = personas("analyst")


def _version(w: Any) -> dict[str, Any]:
    return {"pk": campaign(w).version_id}


def _open(w: Any) -> dict[str, Any]:
    return {"pk": campaign(w).pk}


def _seeded(w: Any) -> dict[str, Any]:
    campaign(w)
    return {}


def _draft(w: Any) -> dict[str, Any]:
    return {"pk": campaign(w, opened=False, title="Draft pulse").pk}


def _confidential(w: Any) -> dict[str, Any]:
    return {"pk": campaign(w, mode="confidential", title="Confidential pulse").pk}


def _link(w: Any) -> dict[str, Any]:
    invitation = campaign(w).invitations.order_by("pk").first()
    return {"token": token_of(invitation)}


ENTRIES = [
    Entry("surveys:home", OFFICE, kwargs=_seeded),
    Entry("surveys:version", OFFICE, kwargs=_version),
    Entry("surveys:version_export", OFFICE, kwargs=_version, method="head"),
    Entry(
        "surveys:item_add",
        OFFICE,
        kwargs=_version,
        method="post",
        data={"code": "extra", "kind": "text", "prompt": "Anything else?"},
        ok_status=302,
    ),
    Entry("surveys:redcap_import", OFFICE),
    Entry("surveys:campaign_new", OFFICE, kwargs=_seeded),
    Entry("surveys:campaign", OFFICE, kwargs=_open),
    # Only for a campaign declared confidential; an anonymous one answers 404 to
    # everyone (tests/surveys/test_views.py).
    Entry("surveys:participants", OFFICE, kwargs=_confidential),
    Entry("surveys:campaign_open", OFFICE, kwargs=_draft, method="post", ok_status=302),
    Entry("surveys:campaign_remind", OFFICE, kwargs=_open, method="post", ok_status=302),
    Entry("surveys:campaign_close", OFFICE, kwargs=_open, method="post", ok_status=302),
    Entry(
        "surveys:campaign_thresholds",
        OFFICE,
        kwargs=_open,
        method="post",
        data={"k": 6, "comment_k": 12},
        ok_status=302,
    ),
    # Results: built from a closed campaign (tests/surveys/test_results_views.py); the page
    # of an open one says so.
    Entry("surveys:campaign_results", OFFICE, kwargs=_open),
    # Respondents: the link is the credential, an account is neither needed nor used.
    Entry("surveys:answer", EVERYONE, kwargs=_link),
    Entry("surveys:answered", EVERYONE),
    Entry("surveys:anonymity", EVERYONE),
]
