"""Publishing: releases of every module, frozen, published to an audience, withdrawn."""

from __future__ import annotations

from enum import unique

from belong.access.audit.kinds import EventKind, Kind


@unique
class PublishingEvent(EventKind):
    RELEASE_BUILT = Kind(
        "publishing.release.built",
        "Release built",
        "Aggregate tables were computed and frozen as a release, with small cells suppressed "
        "(and, for the public, noise drawn).",
        "{target} ({kind}: {subject})[, noise ε {noise_epsilon}]",
    )
    RELEASE_PUBLISH_REFUSED = Kind(
        "publishing.release.publish_refused",
        "Release publication refused",
        "Publishing a release was refused because, with what the audience has already seen, "
        "it could reveal a small group.",
        "{target} to {audience} ({risks} risks)",
    )
    RELEASE_PUBLISHED = Kind(
        "publishing.release.published",
        "Release published",
        "A release was published to an audience.",
        "{target} to {audience}[, with noise: {noised}]",
    )
    RELEASE_UNPUBLISHED = Kind(
        "publishing.release.unpublished",
        "Release withdrawn",
        "A published release was withdrawn from an audience.",
        "{target} from {audience}",
    )
    EVIDENCE_READ = Kind(
        "publishing.evidence.read",
        "Accreditation evidence read",
        "The accreditation evidence tables (live aggregates, small cells hidden) were read on "
        "the page or downloaded.",
        "{format}[, as of {as_of}][, k {k}]",
        read=True,
    )
