from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from belong.demo.build import current_build
from belong.demo.logins import demo_logins, format_table
from belong.demo.personas import DEFAULT_PASSWORD, PASSWORD_VARIABLE


class Command(BaseCommand):
    help = "Print the demo school's accounts: one per role, with the password and what it can do."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--url",
            default="http://127.0.0.1:8000/",
            help="where the demo is served (default: http://127.0.0.1:8000/)",
        )
        parser.add_argument(
            "--force", action="store_true", help="print them even with BELONG_HTTPS=true"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.HTTPS and not options["force"]:
            raise CommandError("BELONG_HTTPS=true: this is not a demo server; refusing.")
        build = current_build()
        if build is None:
            raise CommandError("There is no demo school here. Run: manage.py build_demo")
        logins = demo_logins(options["url"])
        if not logins:
            raise CommandError("The demo accounts are gone. Run: manage.py build_demo --reset")
        self.stdout.write("")
        self.stdout.write(
            f"Demo school (synthetic: every person is invented), seed {build.seed}, "
            f"scale {build.scale:g}, aligned to {build.aligned_to}."
        )
        source = (
            f"from {PASSWORD_VARIABLE}"
            if logins[0].password != DEFAULT_PASSWORD
            else f"the default; set {PASSWORD_VARIABLE} before build_demo to choose another"
        )
        self.stdout.write(
            f"One account per role; the password is {logins[0].password!r} ({source})."
        )
        self.stdout.write("")
        self.stdout.write(format_table(logins))
        self.stdout.write("")
