"""Run Belong's benchmarks: ``python -m bench [name ...]``.

Each ``bench/bench_<name>.py`` module has a ``main(argv)`` that measures
Belong and a baseline in the same run and prints the figures and their
ratios. Speed targets live here, never in timed unit tests.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time
from pathlib import Path


def discover() -> list[str]:
    here = Path(__file__).parent
    return sorted(
        info.name.removeprefix("bench_")
        for info in pkgutil.iter_modules([str(here)])
        if info.name.startswith("bench_")
    )


def main(argv: list[str]) -> int:
    names = [a for a in argv if not a.startswith("-")] or discover()
    options = [a for a in argv if a.startswith("-")]
    unknown = sorted(set(names) - set(discover()))
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; available: {', '.join(discover())}")
        return 2
    status = 0
    for name in names:
        module = importlib.import_module(f"bench.bench_{name}")
        print(f"\n=== {name} " + "=" * (60 - len(name)))
        started = time.perf_counter()
        status |= int(module.main(options) or 0)
        print(f"--- {name} finished in {time.perf_counter() - started:.1f} s")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
