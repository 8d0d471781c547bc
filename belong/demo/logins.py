"""The demo accounts as a table: role, username, password, what the role may do, where."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from django.contrib.auth.hashers import check_password
from django.urls import reverse

from belong.access.models import User
from belong.access.roles import ROLES
from belong.demo.personas import PERSONAS, demo_password
from belong.people.models import Affiliation, Person


@dataclass(frozen=True)
class Login:
    role: str
    name: str  # the role's name
    username: str
    password: str
    description: str
    url: str
    who: str  # the person behind the account, and their current affiliation
    password_works: bool


def _who(person: Person | None) -> str:
    if person is None:
        return "no person record"
    row = (
        Affiliation.objects.current()
        .filter(person=person)
        .select_related("unit")
        .order_by("-start_date")
        .first()
    )
    if row is None:
        return person.display_name
    detail = row.title or row.get_rank_display() or row.get_kind_display()
    if row.kind == Affiliation.Kind.STUDENT and row.cohort:
        detail = f"Student, class of {row.cohort}"
    return f"{person.display_name}: {detail}, {row.unit.name}"


def demo_logins(base_url: str) -> list[Login]:
    """One row per role whose demo account exists."""
    password = demo_password()
    url = base_url.rstrip("/") + reverse("login")
    users = {u.username: u for u in User.objects.filter(username__in=[p.role for p in PERSONAS])}
    people = {p.user_id: p for p in Person.objects.filter(user__in=users.values())}
    rows = []
    # The accounts share one hash, and each check costs a deliberate fraction of a second.
    works: dict[str, bool] = {}
    for persona in PERSONAS:
        user = users.get(persona.role)
        if user is None:
            continue
        role = ROLES[persona.role]
        if user.password not in works:
            works[user.password] = check_password(password, user.password)
        rows.append(
            Login(
                role=role.code,
                name=str(role.name),
                username=user.username,
                password=password,
                description=str(role.description),
                url=url,
                who=_who(people.get(user.pk)),
                password_works=works[user.password],
            )
        )
    return rows


def format_table(logins: list[Login], width: int = 100) -> str:
    """A plain-text table that reads well in a terminal and in a log."""
    header = ("Role", "Username", "Password", "Sign in at")
    cells = [(row.name, row.username, row.password, row.url) for row in logins]
    widths = [max(len(str(r[i])) for r in [header, *cells]) for i in range(3)]
    lines = [
        "  ".join(h.ljust(w) for h, w in zip(header[:3], widths, strict=False)) + "  " + header[3],
        "  ".join("-" * w for w in widths) + "  " + "-" * len(header[3]),
    ]
    for row, cell in zip(logins, cells, strict=True):
        lines.append(
            "  ".join(c.ljust(w) for c, w in zip(cell[:3], widths, strict=False)) + "  " + cell[3]
        )
        indent = " " * 4
        lines.append(indent + "Signs in as " + row.who)
        if not row.password_works:
            lines.append(indent + "(this account's password was changed since the demo was built)")
        lines.extend(textwrap.wrap(row.description, width=width, initial_indent=indent,
                                   subsequent_indent=indent))  # fmt: skip
    return "\n".join(lines)
