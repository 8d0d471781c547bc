"""Persons with invented names, and their self-identification, written in batches."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import polars as pl
from django.utils import timezone

from belong.demo.context import DemoContext
from belong.demo.names import FAMILY_NAMES, GIVEN_NAMES, ascii_slug, draw_names
from belong.people.actions import clean_answers, set_answers
from belong.people.models import (
    Person,
    SelfIdentification,
    SelfIdentificationFields,
    SelfIdentificationVersion,
)

EMAIL_DOMAIN = "belong-demo.invalid"  # .invalid never resolves (RFC 2606)
PREFERRED_NAME_SHARE = 0.06
# Rows of the people frame handled per round trip (persons, then their answers).
CHUNK = 5000


def institutional_id(person_id: int) -> str:
    """The demo's institutional id for a population person (``DS00012345``)."""
    return f"DS{person_id:08d}"


def answer_columns(people: pl.DataFrame) -> list[str]:
    """The self-identification fields the population provides, in model order."""
    return [f for f in SelfIdentificationFields.ANSWER_FIELDS if f in people.columns]


def answered(people: pl.DataFrame) -> pl.Expr:
    """Whether a person gave any answer at all ("prefer not to answer" counts)."""
    columns = [c for c in answer_columns(people) if c != "race"]
    has_race = (
        pl.col("race").list.len().fill_null(0) > 0 if "race" in people.columns else pl.lit(False)
    )
    return pl.any_horizontal(has_race, *[pl.col(c).is_not_null() for c in columns])


class Namer:
    """Invented names, ids and addresses, drawn once for everyone and applied chunk by chunk.

    The draws depend only on the seed and the number of people, never on
    anything else about a person.
    """

    def __init__(self, context: DemoContext, n: int) -> None:
        rng = context.rng("belong.demo.names")
        self.given, self.family = draw_names(rng, n)
        self.nickname = rng.integers(0, len(GIVEN_NAMES), n)
        self.prefers = rng.random(n) < PREFERRED_NAME_SHARE
        self.given_names = pl.Series(GIVEN_NAMES, dtype=pl.String)
        self.family_names = pl.Series(FAMILY_NAMES, dtype=pl.String)
        self.given_slugs = pl.Series([ascii_slug(g) for g in GIVEN_NAMES], dtype=pl.String)
        self.family_slugs = pl.Series([ascii_slug(f) for f in FAMILY_NAMES], dtype=pl.String)

    def name(self, chunk: pl.DataFrame, offset: int) -> pl.DataFrame:
        """``chunk`` (rows ``offset`` onwards, in ``person_id`` order) with names and e-mail."""
        window = slice(offset, offset + chunk.height)
        given, family = self.given[window], self.family[window]
        family_name = self.family_names.gather(family)
        return chunk.with_columns(
            self.given_names.gather(given).alias("given_name"),
            family_name.alias("family_name"),
            pl.when(pl.Series(self.prefers[window]))
            .then(self.given_names.gather(self.nickname[window]) + " " + family_name)
            .otherwise(pl.lit(""))
            .alias("preferred_name"),
            (
                self.given_slugs.gather(given)
                + "."
                + self.family_slugs.gather(family)
                + "."
                + pl.col("person_id").cast(pl.String)
                + "@"
                + EMAIL_DOMAIN
            ).alias("email"),
            answered(chunk).alias("answered"),
        )


def _answers(row: dict[str, Any], fields: list[str]) -> dict[str, Any]:
    values = {f: row[f] for f in fields}
    if "race" in values:
        values["race"] = list(values["race"] or [])
    return values


def write_people(context: DemoContext, people: pl.DataFrame) -> int:
    """Create a Person for every row and the self-identification of those who answered.

    Fills ``context.person_pk``; returns how many people have answers on file.
    """
    fields = answer_columns(people)
    people = people.sort("person_id")
    namer = Namer(context, people.height)
    stamp: datetime = timezone.now()
    on_file = 0
    with context.bar(people.height, "people and self-identification") as bar:
        for offset in range(0, people.height, CHUNK):
            rows = namer.name(people.slice(offset, CHUNK), offset).to_dicts()
            persons = Person.objects.bulk_create(
                [
                    Person(
                        institutional_id=institutional_id(row["person_id"]),
                        legal_given_name=row["given_name"],
                        legal_family_name=row["family_name"],
                        preferred_name=row["preferred_name"],
                        email=row["email"],
                    )
                    for row in rows
                ],
                batch_size=context.batch_size,
            )
            current, versions = [], []
            for row, person in zip(rows, persons, strict=True):
                context.person_pk[row["person_id"]] = person.pk
                if not row["answered"]:
                    continue
                answers = clean_answers(_answers(row, fields))
                record = SelfIdentification(
                    person_id=person.pk,
                    version=1,
                    source=SelfIdentification.Source.IMPORT,
                    updated_at=stamp,
                )
                version = SelfIdentificationVersion(
                    person_id=person.pk,
                    version=1,
                    source=SelfIdentification.Source.IMPORT,
                    recorded_at=stamp,
                )
                set_answers(record, answers)
                set_answers(version, answers)
                current.append(record)
                versions.append(version)
            SelfIdentification.objects.bulk_create(current, batch_size=context.batch_size)
            SelfIdentificationVersion.objects.bulk_create(versions, batch_size=context.batch_size)
            on_file += len(current)
            bar.update(len(rows))
    return on_file
