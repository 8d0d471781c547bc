"""Compare a chunk of checked rows with the records on file, and write the difference.

A chunk's records are loaded in three queries whatever its size (people by
institutional id, their affiliations, their self-identification), so an
import of 60,000 rows makes a few dozen queries, not 60,000. Writes are
``bulk_create``/``bulk_update`` in batches.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from belong.importing.engine import Counts as EngineCounts
from belong.importing.mapping import Columns
from belong.importing.problems import ProblemLog
from belong.people import categories as cat
from belong.people import identifiers
from belong.people.actions import (
    AffiliationChange,
    clean_answers,
    plan_affiliation,
    set_answers,
)
from belong.people.importing import fields as F
from belong.people.importing.validation import RowData
from belong.people.models import (
    Affiliation,
    Person,
    PersonIdentifier,
    SelfIdentification,
    SelfIdentificationVersion,
)

BATCH = 500
# Sources whose answers an import never overwrites: the person's own, and a
# steward's correction made at the person's request.
KEPT_SOURCES = frozenset({SelfIdentification.Source.SELF, SelfIdentification.Source.STEWARD})


@dataclass
class Counts(EngineCounts):
    """The engine's counts, and what changed in affiliations and self-identification."""

    affiliations_started: int = 0
    affiliations_ended: int = 0
    answers_changed: int = 0
    answers_kept: int = 0
    identifiers_added: int = 0


@dataclass
class State:
    """The records a chunk of rows touches, loaded in bulk.

    ``found`` holds, per identifier scheme, the values on record in the chunk
    (value → person pk); ``held`` every identifier those people carry.
    """

    key: str
    found: dict[str, dict[str, int]]
    people: dict[int, Person]
    held: dict[tuple[int, str], str]
    latest: dict[tuple[int, str], Affiliation]
    answers: dict[int, SelfIdentification]

    @classmethod
    def load(cls, rows: Sequence[RowData], *, key: str, lock: bool = False) -> State:
        schemes = sorted({scheme for r in rows for scheme in r.ids} | {key})
        found = {
            scheme: identifiers.find(scheme, [r.ids[scheme] for r in rows if scheme in r.ids])
            for scheme in schemes
        }
        pks = {pk for values in found.values() for pk in values.values()}
        # Timestamps are never compared; skipping them spares a conversion per row.
        people_qs = Person.objects.filter(pk__in=sorted(pks)).defer("created_at", "updated_at")
        if lock:
            people_qs = people_qs.select_for_update()
        people = {p.pk: p for p in people_qs}
        held = identifiers.held_by(people)
        with_affiliation = sorted(pks) if any(r.affiliation for r in rows) else []
        latest: dict[tuple[int, str], Affiliation] = {}
        if with_affiliation:
            affiliations = Affiliation.objects.filter(person_id__in=with_affiliation).defer(
                "recorded_at"
            )
            if lock:
                affiliations = affiliations.select_for_update()
            for a in affiliations.order_by("start_date", "pk"):
                latest[(a.person_id, a.kind)] = a  # the last one wins: the latest
        with_answers = sorted(pks) if any(r.answers for r in rows) else []
        answers: dict[int, SelfIdentification] = {}
        if with_answers:
            # Compared with the file and never shown; the run's audit event covers it.
            records = SelfIdentification.objects.filter(person_id__in=with_answers).defer(
                "updated_at"
            )
            if lock:
                records = records.select_for_update()
            answers = {s.person_id: s for s in records}
        return cls(key, found, people, held, latest, answers)


def _resolve(
    data: RowData, state: State, columns: Columns, log: ProblemLog, match_on: tuple[str, ...]
) -> tuple[bool, int | None]:
    """(row usable, the person on record it names or None). Logs identity problems.

    The row's key finds the person; another identifier in the row may find
    them only when the import says to match on it. Otherwise a row that would
    add a person already known under another identifier is refused, before
    anything is written.
    """
    pk = state.found[state.key].get(data.key)
    key_label = F.BY_NAME[state.key].label
    for scheme, value in data.ids.items():
        if scheme == state.key:
            continue
        other = state.found.get(scheme, {}).get(value)
        if other is None:
            continue
        label = F.BY_NAME[scheme].label
        if pk is None and scheme in match_on:
            pk = other
        elif pk is None:
            log.add(
                data.row,
                columns.header(scheme),
                columns.letter(scheme),
                f"{key_label} {data.key} is not on record, so this row would add a person; but "
                f"{label} {value} is already on record for a person. To add {key_label} "
                f"{data.key} to that person instead, choose to match people by {label} (in the "
                f"mapping step, or “--match {scheme}”).",
                "known_under_other_id",
            )
            return False, None
        elif other != pk:
            log.add(
                data.row,
                columns.header(scheme),
                columns.letter(scheme),
                f"{key_label} {data.key} and {label} {value} belong to two different people on "
                "record; correct the file (or the records) so that one row names one person.",
                "identifier_conflict",
            )
            return False, None
    if pk is None:
        return True, None
    for scheme, value in data.ids.items():
        on_record = state.held.get((pk, scheme))
        if on_record is not None and on_record != value:
            label = F.BY_NAME[scheme].label
            log.add(
                data.row,
                columns.header(scheme),
                columns.letter(scheme),
                f"This person's {label} on record is {on_record}, not {value}; an import never "
                "replaces an identifier.",
                "identifier_conflict",
            )
            return False, None
    return True, pk


@dataclass
class ChunkPlan:
    counts: Counts = field(default_factory=Counts)
    new_people: list[Person] = field(default_factory=list)
    # (person, scheme, value): identifiers to add (other than the school's id).
    new_identifiers: list[tuple[Person, str, str]] = field(default_factory=list)
    changed_people: dict[frozenset[str], list[Person]] = field(
        default_factory=lambda: defaultdict(list)
    )
    # (person or its institutional id, kind, change, current row)
    affiliation_changes: list[tuple[Person, str, AffiliationChange, Affiliation | None]] = field(
        default_factory=list
    )
    # (person, cleaned answers, current record or None)
    answer_changes: list[tuple[Person, dict[str, Any], SelfIdentification | None]] = field(
        default_factory=list
    )


def _new_answers(
    current: SelfIdentification | None, given: dict[str, Any]
) -> dict[str, Any] | None:
    """The answers after the import, or None when nothing would change."""
    merged: dict[str, Any] = current.answers() if current else {}
    if "race" in given or "race_detailed" in given:
        # One question: a new race answer replaces the detailed one too.
        merged["race"] = list(given.get("race", []))
        merged["race_detailed"] = list(given.get("race_detailed", []))
    for name, value in given.items():
        if name not in ("race", "race_detailed"):
            merged[name] = value
    cleaned = clean_answers(merged)
    if current is not None and current.answers() == cleaned:
        return None
    return cleaned


def plan_chunk(
    rows: Sequence[RowData],
    state: State,
    columns: Columns,
    log: ProblemLog,
    *,
    today: dt.date,
) -> ChunkPlan:
    """What the chunk would change; logs problems that depend on the records."""
    plan = ChunkPlan()
    counts = plan.counts
    match_on = columns.options.match_on
    for data in rows:
        counts.rows += 1
        usable, pk = _resolve(data, state, columns, log, match_on)
        if not usable:
            continue
        person = state.people.get(pk) if pk is not None else None
        changed = False
        if person is None:
            missing = [n for n in F.NEW_PERSON_FIELDS if not data.person.get(n)]
            if missing:
                for name in missing:
                    log.add(
                        data.row,
                        columns.header(name),
                        columns.letter(name),
                        f"{data.key} is not on record yet, so a "
                        f"{F.BY_NAME[name].label.lower()} is needed to add them.",
                        "new_person_without_name",
                    )
                continue
            person = Person(institutional_id=data.ids.get(identifiers.INSTITUTIONAL), **data.person)
            plan.new_people.append(person)
            counts.created += 1
        else:
            given = dict(data.person)
            if person.institutional_id is None and identifiers.INSTITUTIONAL in data.ids:
                given[identifiers.INSTITUTIONAL] = data.ids[identifiers.INSTITUTIONAL]
            fields = frozenset(n for n, v in given.items() if getattr(person, n) != v)
            if fields:
                for name in fields:
                    setattr(person, name, given[name])
                plan.changed_people[fields].append(person)
                changed = True
        for scheme, value in data.ids.items():
            if scheme != identifiers.INSTITUTIONAL and (
                person.pk is None or (person.pk, scheme) not in state.held
            ):
                plan.new_identifiers.append((person, scheme, value))
                counts.identifiers_added += 1
                changed = True
        if data.affiliation:
            values = dict(data.affiliation)
            kind = values.pop("affiliation_kind")
            if "unit_code" in values:
                values["unit_id"] = values.pop("unit_code")
            if "campus_code" in values:
                values["campus_id"] = values.pop("campus_code")
            current = state.latest.get((person.pk, kind)) if person.pk else None
            if current is None and "unit_id" not in values:
                log.add(
                    data.row,
                    columns.header("unit_code"),
                    columns.letter("unit_code"),
                    f"{data.key} has no {kind} affiliation on record yet, so a "
                    "unit is needed to start one.",
                    "new_affiliation_without_unit",
                )
                continue
            change = plan_affiliation(current, values, today=today)
            if change.problem:
                column = "end_date" if columns.has("end_date") else "start_date"
                log.add(
                    data.row,
                    columns.header(column),
                    columns.letter(column),
                    change.problem,
                    "end_before_record_start",
                )
                continue
            if change.outcome != "unchanged":
                plan.affiliation_changes.append((person, kind, change, current))
                counts.affiliations_started += change.start is not None
                counts.affiliations_ended += change.end_current is not None
                changed = True
        if data.answers:
            current_answers = state.answers.get(person.pk) if person.pk else None
            if current_answers is not None and current_answers.source in KEPT_SOURCES:
                counts.answers_kept += 1
            else:
                try:
                    cleaned = _new_answers(current_answers, data.answers)
                except cat.CategoryError:
                    # The row checks make this unreachable; never echo the answer.
                    log.add(
                        data.row,
                        columns.header("race"),
                        columns.letter("race"),
                        "These answers contradict each other.",
                        "contradiction",
                    )
                    continue
                if cleaned is not None:
                    plan.answer_changes.append((person, cleaned, current_answers))
                    counts.answers_changed += 1
                    changed = True
        if person.pk is None:
            continue
        if changed:
            counts.updated += 1
        else:
            counts.unchanged += 1
    return plan


def write_chunk(plan: ChunkPlan, *, by: Any) -> None:
    """Write what :func:`plan_chunk` decided. Runs inside the import's transaction."""
    now = timezone.now()
    recorder = by if getattr(by, "is_authenticated", False) else None
    if plan.new_people:
        Person.objects.bulk_create(plan.new_people, batch_size=BATCH)
    if plan.new_identifiers:
        PersonIdentifier.objects.bulk_create(
            [
                PersonIdentifier(person=person, scheme=scheme, value=value, recorded_at=now)
                for person, scheme, value in plan.new_identifiers
            ],
            batch_size=BATCH,
        )
    for fields, people in plan.changed_people.items():
        for person in people:
            person.updated_at = now
        Person.objects.bulk_update(people, [*sorted(fields), "updated_at"], batch_size=BATCH)
    ended: list[Affiliation] = []
    started: list[Affiliation] = []
    for person, kind, change, row in plan.affiliation_changes:
        if row is not None and change.end_current is not None:
            row.end_date = change.end_current
            ended.append(row)
        if change.start is not None:
            started.append(
                Affiliation(person=person, kind=kind, recorded_by=recorder, **change.start)
            )
    if ended:
        Affiliation.objects.bulk_update(ended, ["end_date"], batch_size=BATCH)
    if started:
        Affiliation.objects.bulk_create(started, batch_size=BATCH)
    new_records: list[SelfIdentification] = []
    changed_records: list[SelfIdentification] = []
    versions: list[SelfIdentificationVersion] = []
    for person, answers, current in plan.answer_changes:
        record = current or SelfIdentification(person=person, version=0)
        record.version += 1
        set_answers(record, answers)
        record.source = SelfIdentification.Source.IMPORT
        record.updated_at = now
        (changed_records if current is not None else new_records).append(record)
        version = SelfIdentificationVersion(
            person=person,
            version=record.version,
            source=SelfIdentification.Source.IMPORT,
            recorded_at=now,
            recorded_by=recorder,
        )
        set_answers(version, answers)
        versions.append(version)
    if new_records:
        SelfIdentification.objects.bulk_create(new_records, batch_size=BATCH)
    if changed_records:
        SelfIdentification.objects.bulk_update(
            changed_records,
            [*SelfIdentification.ANSWER_FIELDS, "ipeds", "version", "source", "updated_at"],
            batch_size=BATCH,
        )
    if versions:
        SelfIdentificationVersion.objects.bulk_create(versions, batch_size=BATCH)
