"""Per-app access-matrix entries; each module has ``ENTRIES``."""

import importlib
import pkgutil
from pathlib import Path


def all_entry_groups():  # type: ignore[no-untyped-def]
    here = Path(__file__).parent
    for info in sorted(pkgutil.iter_modules([str(here)]), key=lambda i: i.name):
        yield importlib.import_module(f"tests.matrix_entries.{info.name}").ENTRIES
