from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from belong.access.actions import grant_role_from_console
from belong.access.models import RoleAssignment, User
from belong.access.roles import ROLES


class Command(BaseCommand):
    help = (
        "Give an account a role from the server's command line (how the first "
        "administrator is made). The grant is recorded in the audit log."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "role", choices=sorted(code for code, role in ROLES.items() if role.assignable)
        )
        parser.add_argument("--unit", help="office code, for roles that act for one office")

    def handle(
        self, *args: Any, username: str, role: str, unit: str | None, **options: Any
    ) -> None:
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(f"No account is called {username!r}.") from None
        office = None
        if unit:
            office = RoleAssignment.unit_model()._default_manager.filter(code=unit).first()
            if office is None:
                raise CommandError(f"No unit has the code {unit!r}.")
        try:
            grant_role_from_console(user=user, role=role, unit=office)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(f"{username} now has the role {ROLES[role].name} (audited).")
