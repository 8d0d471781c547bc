"""One demo account per role, each a person of the demo school with a fitting affiliation.

The usernames are the role codes; every account has the same password, from
``BELONG_DEMO_PASSWORD`` or :data:`DEFAULT_PASSWORD`. A demo password is
public by design, which is why ``build_demo`` refuses to run on a server that
serves HTTPS (``BELONG_HTTPS=true``) unless forced.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl
from django.contrib.auth.hashers import make_password

from belong.access.models import RoleAssignment, User
from belong.access.roles import ROLES
from belong.demo.affiliations import current
from belong.demo.context import DemoContext
from belong.people.models import Person

PASSWORD_VARIABLE = "BELONG_DEMO_PASSWORD"  # noqa: S105 (a variable's name)
# Public on purpose: printed by demo_logins and documented in docs/demo.md.
DEFAULT_PASSWORD = "belong-demo-school"  # noqa: S105


def demo_password() -> str:
    return os.environ.get(PASSWORD_VARIABLE, "").strip() or DEFAULT_PASSWORD


@dataclass(frozen=True)
class Persona:
    """Who plays a role: the affiliation they need, and what the demo adjusts on it."""

    role: str
    kind: str  # the affiliation kind they hold now
    unit: str | None = None  # move their rows of that kind to this unit (an office)
    title: str | None = None  # the title of their current row
    ranks: tuple[str, ...] = ()  # preferred current ranks (faculty)
    track: str | None = None
    scoped_to: str | None = None  # unit of a scoped role assignment


PERSONAS: tuple[Persona, ...] = (
    Persona("student", "student"),
    Persona("resident", "resident"),
    Persona("coach", "faculty", ranks=("associate", "full"), track="clinical"),
    Persona("faculty", "faculty", ranks=("assistant",)),
    Persona("staff", "staff"),
    Persona("analyst", "staff", unit="inclusive-excellence", title="Data analyst"),
    Persona("data_steward", "staff", unit="registrar", title="Data steward"),
    Persona(
        "case_manager",
        "staff",
        unit="counselling",
        title="Case manager",
        scoped_to="counselling",
    ),
    Persona(
        "student_affairs",
        "staff",
        unit="student-affairs",
        title="Associate director of student affairs",
    ),
    Persona("leadership", "faculty", ranks=("full",), title="Dean"),
    Persona("administrator", "staff", unit="school", title="Systems administrator"),
    Persona(
        "concerns_manager",
        "staff",
        unit="student-affairs",
        title="Learning-environment case manager",
    ),
)


def choose(
    rng: np.random.Generator, rows: pl.DataFrame, answered: pl.DataFrame, today: date
) -> dict[str, int]:
    """Pick a distinct population person for each persona (role → ``person_id``).

    Each holds exactly one current affiliation, of the persona's kind, and has
    answered the race and ethnicity question, so that "My information" has
    something to show. The student is in the second-year class.
    """
    now = rows.filter(current(today))
    single = now.group_by("person_id").len().filter(pl.col("len") == 1).select("person_id")
    now = now.join(single, on="person_id", how="semi").join(answered, on="person_id", how="semi")
    classes = sorted(now.filter(pl.col("kind") == "student")["cohort"].unique().to_list())
    chosen: dict[str, int] = {}
    for persona in PERSONAS:
        pool = now.filter(
            (pl.col("kind") == persona.kind) & ~pl.col("person_id").is_in(list(chosen.values()))
        )
        if persona.kind == "student" and len(classes) >= 3:
            pool = pool.filter(pl.col("cohort") == classes[-2])
        preferred = pool.filter(pl.col("rank").is_in(list(persona.ranks)))
        if persona.ranks and preferred.height:
            pool = preferred
        # Faculty personas hold no leadership title (the dean's is set by ``adjust``).
        untitled = pool.filter(pl.col("title") == "")
        if persona.kind == "faculty" and untitled.height:
            pool = untitled
        if pool.is_empty():
            raise RuntimeError(f"the demo school has nobody to play the {persona.role} role")
        ids = pool["person_id"].sort()
        chosen[persona.role] = int(ids[int(rng.integers(0, ids.len()))])
    return chosen


def adjust(rows: pl.DataFrame, chosen: dict[str, int], today: date) -> pl.DataFrame:
    """Move each persona's affiliation to their office and title, before it is written."""
    for persona in PERSONAS:
        pid = chosen[persona.role]
        mine = (pl.col("person_id") == pid) & (pl.col("kind") == persona.kind)
        updates = []
        if persona.unit:
            updates.append(pl.when(mine).then(pl.lit(persona.unit)).otherwise("unit").alias("unit"))
        if persona.track:
            updates.append(
                pl.when(mine).then(pl.lit(persona.track)).otherwise("track").alias("track")
            )
        if persona.title:
            now = mine & current(today)
            updates.append(
                pl.when(now).then(pl.lit(persona.title)).otherwise("title").alias("title")
            )
        if updates:
            rows = rows.with_columns(updates)
    return rows


def create_users(context: DemoContext, chosen: dict[str, int]) -> None:
    """The accounts, linked to their persons, with the roles that are assigned."""
    # One hash for every account: the password is public anyway, and each hash
    # costs a deliberate fraction of a second.
    password_hash = make_password(demo_password())
    people = Person.objects.in_bulk([context.person_pk[pid] for pid in chosen.values()])
    for persona in PERSONAS:
        person = people[context.person_pk[chosen[persona.role]]]
        user = User(
            username=persona.role,
            email=person.email,
            first_name=person.legal_given_name,
            last_name=person.legal_family_name,
        )
        user.password = password_hash
        user.save()
        person.user = user
        person.save(update_fields=["user", "updated_at"])
        if ROLES[persona.role].assignable:
            RoleAssignment.objects.create(
                user=user,
                role=persona.role,
                unit=context.units[persona.scoped_to] if persona.scoped_to else None,
            )
        context.users[persona.role] = user
        context.people[persona.role] = person
