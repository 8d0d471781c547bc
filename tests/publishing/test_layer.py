"""Publishing sits above core, access and privacy and below every domain app: it imports
none of them (a module plugs in through ``publishing.kinds`` instead)."""

from __future__ import annotations

import ast
from pathlib import Path

PUBLISHING = Path(__file__).resolve().parents[2] / "belong" / "publishing"
ALLOWED = {"belong.core", "belong.access", "belong.privacy", "belong.publishing"}


def test_publishing_imports_no_domain_app() -> None:
    found = []
    for path in PUBLISHING.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            for name in names:
                if name.startswith("belong.") and ".".join(name.split(".")[:2]) not in ALLOWED:
                    found.append(f"{path.relative_to(PUBLISHING)}: {name}")
    assert not found, found
