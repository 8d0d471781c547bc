"""Who may open each publishing URL.

Releases are made on first use by ``tests.factories.equity.matrix_release``.
Downloads (exports) are listed with ``overrides`` rather than ``allowed``, so
that the page checker does not try to open a file download as a page.
"""

from tests.factories.equity import matrix_release
from tests.matrix import ALL_SIGNED_IN, EVERYONE, Entry, personas

# The data steward reads individual answers, so builds and publishes nothing
# (docs/decisions/0010-data-steward-separation-of-duties.md).
BUILDERS = personas("analyst")
LEADERSHIP_READERS = personas("analyst", "leadership")
# The accreditation evidence: leadership, student affairs and the inclusion-office analyst.
EVIDENCE_READERS = personas("analyst", "leadership", "student_affairs")


def _download(readers):  # type: ignore[no-untyped-def]
    return {persona: 200 for persona in readers}


def _leadership(w):  # type: ignore[no-untyped-def]
    return {"release_id": matrix_release(w, "leadership").pk}


def _public(w):  # type: ignore[no-untyped-def]
    return {"release_id": matrix_release(w, "public", noised=True).pk}


ENTRIES = [
    Entry("publishing:release_list", ALL_SIGNED_IN),
    Entry("publishing:release_detail", LEADERSHIP_READERS, kwargs=_leadership),
    Entry("publishing:release_summary", LEADERSHIP_READERS, kwargs=_leadership),
    Entry("publishing:release_report", LEADERSHIP_READERS, kwargs=_leadership),
    Entry(
        "publishing:release_export",
        frozenset(),
        kwargs=_leadership,
        query="?frame=cells&format=csv",
        overrides=_download(LEADERSHIP_READERS),
    ),
    Entry(
        "publishing:release_summary_pdf",
        frozenset(),
        kwargs=_leadership,
        overrides=_download(LEADERSHIP_READERS),
    ),
    Entry("publishing:evidence", EVIDENCE_READERS),
    Entry("publishing:evidence_xlsx", frozenset(), overrides=_download(EVIDENCE_READERS)),
    Entry("publishing:evidence_pdf", frozenset(), overrides=_download(EVIDENCE_READERS)),
    Entry(
        "publishing:release_publish",
        BUILDERS,
        kwargs=lambda w: {"release_id": matrix_release(w, None).pk},
    ),
    # Without an audience the form answers with its error (200); nothing is built.
    Entry(
        "publishing:release_resolve",
        BUILDERS,
        kwargs=lambda w: {"release_id": matrix_release(w, None).pk},
        method="post",
    ),
    Entry(
        "publishing:release_unpublish",
        BUILDERS,
        kwargs=_leadership,
        method="post",
        ok_status=302,
    ),
    Entry("publishing:public_release_list", EVERYONE),
    Entry("publishing:public_release_detail", EVERYONE, kwargs=_public),
    Entry("publishing:public_release_summary", EVERYONE, kwargs=_public),
    Entry("publishing:public_release_report", EVERYONE, kwargs=_public),
    Entry(
        "publishing:public_release_summary_pdf",
        frozenset(),
        kwargs=_public,
        overrides=_download(EVERYONE),
    ),
    Entry(
        "publishing:public_release_export",
        frozenset(),
        kwargs=_public,
        query="?frame=cells&format=xlsx",
        overrides=_download(EVERYONE),
    ),
]
