"""Find, while the suite runs, every (permission, model) pair the code checks.

``has_permission(user, permission, obj)`` asks ``RULES.rule_for(permission,
type(obj))`` for the rule deciding the pair. While the tests run, that lookup
is watched: each pair asked for from Belong's own code (not from a test probing
a refusal on purpose) is recorded with the line that asked. A pair the code
checks with no rule registered can never be allowed for anyone, so it is a
mistake (a new check, or a rule keyed on the wrong model): the test that ran
it fails at teardown, naming the pair and the line.

Together with ``tests/access/test_object_rules.py`` (every registered pair is
exercised, allowed and refused; every other pair is refused even for a user
holding every role) this covers every pair the code checks without anyone
typing the list by hand.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import belong

_BELONG = Path(belong.__file__).resolve().parent
_POLICIES = _BELONG / "access" / "policies.py"

Pair = tuple[str, type]

#: Every pair the code checked in this process, with the first line that asked.
checked: dict[Pair, str] = {}
#: Pairs the code checked that no rule decides, in the order they were met.
unruled: list[tuple[Pair, str]] = []


def code_caller(frame: Any) -> str | None:
    """``path:line`` of the first caller outside ``access/policies.py``, if it is Belong code.

    ``None`` when the check came straight from a test (a test that probes
    ``has_permission`` on a pair on purpose is not "the code checking it").
    """
    while frame is not None:
        path = Path(frame.f_code.co_filename).resolve()
        if path != _POLICIES:
            if _BELONG in path.parents:
                return f"{path.relative_to(_BELONG.parent)}:{frame.f_lineno}"
            return None
        frame = frame.f_back
    return None


def watch(rules: Any) -> Callable[[], None]:
    """Record every lookup on ``rules``; returns the function that stops watching."""
    original = rules.rule_for

    def rule_for(permission: Any, model: type) -> Any:
        rule = original(permission, model)
        where = code_caller(sys._getframe(1))
        if where is not None:
            pair = (str(permission), model)
            checked.setdefault(pair, where)
            if rule is None:
                unruled.append((pair, where))
        return rule

    rules.rule_for = rule_for

    def stop() -> None:
        del rules.rule_for

    return stop


def describe(found: list[tuple[Pair, str]]) -> str:
    lines = sorted({f"{p} on {m.__module__}.{m.__qualname__} (at {w})" for (p, m), w in found})
    return "\n  ".join(lines)


def new_unruled_checks(before: int) -> Iterator[tuple[Pair, str]]:
    return iter(unruled[before:])
