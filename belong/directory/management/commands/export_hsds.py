"""Write the directory as an Open Referral HSDS 3.0 JSON document."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand

from belong.directory.hsds.export import export_document


class Command(BaseCommand):
    help = "Print the directory as HSDS 3.0 JSON (organizations, services, locations, schedules)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(json.dumps(export_document(), indent=2, ensure_ascii=False))
