"""Install the instruments Belong ships (the WHO-5, learning environment and belonging)."""

from typing import Any

from django.core.management.base import BaseCommand

from belong.surveys.actions.instruments import install_standard


class Command(BaseCommand):
    help = "Install the WHO-5 and Belong's learning-environment and belonging instrument."

    def handle(self, *args: Any, **options: Any) -> None:
        for version in install_standard():
            self.stdout.write(f"{version}")
