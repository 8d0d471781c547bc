"""Find the optional per-app modules that core collects from.

Apps contribute to shared pages by convention, without core naming them:
``navigation.py`` (menu items and home cards), ``calendar.py`` (events for a
person's calendar feed), ``dashboard.py`` (student-affairs dashboard
sections), ``reminders.py`` (reminder e-mails due now).
"""

from __future__ import annotations

import importlib
from functools import cache
from types import ModuleType

from django.apps import apps


@cache
def app_modules(submodule: str, *, providing: str | None = None) -> tuple[ModuleType, ...]:
    """Each Belong app's ``<app>.<submodule>`` that exists (and defines ``providing``).

    A missing module is skipped; any other import error is raised, so a broken
    module is never silently ignored.
    """
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("belong.") or config.name == "belong.core":
            continue
        name = f"{config.name}.{submodule}"
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        if providing is None or callable(getattr(module, providing, None)):
            found.append(module)
    return tuple(found)
