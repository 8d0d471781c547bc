"""The steps that build the demo school, in order.

Each entry names a module with ``build(context: DemoContext) -> None`` (the
contract is in :mod:`belong.demo.context`). The school step comes first: it
makes the units, people, affiliations, self-identification, assessors and the
demo users that every later step builds on. A later module that does not exist
yet is skipped, so an app adds its demo data by creating ``<app>/demo.py``;
any other import error is raised, because a broken step must not be hidden.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from types import ModuleType

from belong.demo.context import DemoContext

STEPS: list[str] = [
    "belong.demo.school",
    "belong.equity.demo",
    "belong.coaching.demo",
    "belong.wellbeing.demo",
    "belong.surveys.demo",
    "belong.concerns.demo",
    "belong.plans.demo",
    "belong.directory.demo",
]


@dataclass(frozen=True)
class Step:
    name: str
    build: Callable[[DemoContext], None]


def _is_missing(name: str, exc: ModuleNotFoundError) -> bool:
    # The step module itself, or a package containing it, does not exist.
    missing = exc.name or ""
    return bool(missing) and (name == missing or name.startswith(missing + "."))


def _import(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if _is_missing(name, exc):
            return None
        raise


def load_steps(names: Iterable[str] | None = None) -> list[Step]:
    """The steps whose modules exist, in order; raises if one fails to import."""
    steps: list[Step] = []
    for name in STEPS if names is None else names:
        module = _import(name)
        if module is None:
            continue
        build = getattr(module, "build", None)
        if not callable(build):
            raise TypeError(f"demo step {name} has no build(context) function")
        steps.append(Step(name, build))
    return steps
