"""People, self-identification and people imports."""

from __future__ import annotations

from enum import unique

from belong.access.audit.kinds import EventKind, Kind


@unique
class PeopleEvent(EventKind):
    SELF_IDENTIFICATION_READ = Kind(
        "people.self_identification.read",
        "Self-identification read",
        "A data steward read one person's self-identification, stating a purpose.",
        "of {target}[ (version {version})]; purpose: {purpose}",
        read=True,
    )
    SELF_IDENTIFICATION_HISTORY_READ = Kind(
        "people.self_identification.history_read",
        "Self-identification history read",
        "A data steward read every version of one person's self-identification, stating a purpose.",
        "of {target} ({versions} versions); purpose: {purpose}",
        read=True,
    )
    SELF_IDENTIFICATION_CHANGED = Kind(
        "people.self_identification.changed",
        "Self-identification changed",
        "A person's self-identification was given a new version (by the person, a data steward "
        "or an import). The answers themselves are never in the log.",
        "for {target}[, now version {version}][, from {source}]",
    )
    DETAILS_CHANGED = Kind(
        "people.person.details_changed",
        "Own details changed",
        "A person changed their preferred name or pronouns.",
        "{target}",
    )
    IMPORT_DRY_RUN = Kind(
        "people.import.dry_run",
        "People import checked",
        "A file of people was checked without writing anything.",
        "{target}: {rows} rows, {problems} problems",
    )
    IMPORT_APPLIED = Kind(
        "people.import.applied",
        "People import applied",
        "A file of people was applied: people, affiliations and self-identification written "
        "all together. Only counts and the file's fingerprint are kept.",
        "{target}: {rows} rows, {created} new, {updated} changed",
    )
    IMPORT_REJECTED = Kind(
        "people.import.rejected",
        "People import rejected",
        "A file of people had problems, so nothing from it was written.",
        "{target}: {rows} rows, {problems} problems",
    )
    IMPORT_MAPPING_SAVED = Kind(
        "people.import_mapping.saved",
        "Import column mapping saved",
        "A named mapping from a file's columns to Belong's fields was saved for reuse.",
        "{target} ({columns} columns)",
    )
    IMPORT_MAPPING_REPLACED = Kind(
        "people.import_mapping.replaced",
        "Import column mapping replaced",
        "A saved mapping from a file's columns to Belong's fields was replaced.",
        "{target} ({columns} columns)",
    )
    INVITATION_SENT = Kind(
        "people.invitation.sent",
        "Invitation sent",
        "An administrator invited a person from the directory to Belong, at the e-mail address "
        "in the school's records: by a one-time link to choose a password, or to sign in "
        "through single sign-on. The link itself is never kept.",
        "to {target}[ by {method}][ (invitation {invitation})]",
    )
    INVITATION_ACCEPTED = Kind(
        "people.invitation.accepted",
        "Invitation accepted",
        "An invited person chose their password from the invitation's link.",
        "by {target}",
    )
    UNIT_ADDED = Kind(
        "people.unit.added",
        "Unit added",
        "A unit of the school (a program, department, division or office) was added, on its "
        "page or by a units import.",
        "{target}[ ({code})]",
    )
    UNIT_RENAMED = Kind(
        "people.unit.renamed",
        "Unit renamed",
        "A unit's name was changed; its code, by which files name it, stays.",
        "{target}[: from “{old_name}”][ to “{new_name}”]",
    )
    UNITS_IMPORTED = Kind(
        "people.units.imported",
        "Units import run",
        "A file of units was checked, applied or rejected. Only counts and the file's "
        "fingerprint are kept; each unit it added has its own event.",
        "{target}: {outcome}[, {rows} rows][, {created} new][, {updated} renamed]",
    )
