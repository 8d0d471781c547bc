"""Imports go one way: each app imports only from the layers below it.

The layers are those of the architecture (bottom up):

    privacy and fields → core and access → people, importing, publishing, anonymity
        → domain apps → demo and urls

Every Python file under ``belong/`` is read (module level, inside functions and
under ``TYPE_CHECKING`` alike, plus ``importlib.import_module("belong...")``
with a literal name), so a new module cannot break the order unnoticed. Within
one layer only the pairs in ``WITHIN_LAYER`` may import one another, and domain
apps never import one another: what two of them share moves down a layer.

A domain app's ``demo.py`` is a step of the demo build (``demo/steps.py``): it
belongs to the demo layer, may import the demo's context, and nothing below
the demo may import it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

import belong

BELONG = Path(belong.__file__).resolve().parent

# Bottom up. Apps not written yet are listed so that they start in their place.
LAYERS: tuple[tuple[str, frozenset[str]], ...] = (
    ("privacy and fields", frozenset({"privacy", "fields"})),
    ("core and access", frozenset({"access", "core"})),
    (
        "people, importing, publishing, anonymity",
        frozenset({"people", "importing", "publishing", "anonymity"}),
    ),
    (
        "domain apps",
        frozenset({"equity", "surveys", "concerns", "plans", "coaching", "wellbeing", "directory"}),
    ),
    ("demo and urls", frozenset({"demo", "urls", "settings", "wsgi"})),
)

# (importer, imported) pairs allowed inside one layer. Access is the lower half
# of its layer: core builds pages and menus on access, never the other way.
WITHIN_LAYER = frozenset(
    {
        ("core", "access"),
        ("people", "importing"),
        ("publishing", "people"),
    }
)

DEMO_LAYER_APP = "demo"

LAYER_OF: dict[str, int] = {app: i for i, (_, apps) in enumerate(LAYERS) for app in apps}


def unit_of(module: str) -> str | None:
    """The app (or top-level module) of ``belong.<...>``; a domain app's demo step is demo's."""
    parts = module.split(".")
    if parts[0] != "belong" or len(parts) < 2:
        return None
    if len(parts) >= 3 and parts[2] == "demo":
        return DEMO_LAYER_APP
    return parts[1]


def module_name(path: Path, root: Path) -> str:
    relative = path.relative_to(root.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_in(path: Path, root: Path) -> Iterator[tuple[str, int]]:
    """``(module imported, line)`` for every import in ``path``, relative ones resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module_name(path, root)
    if path.name != "__init__.py":
        package = package.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if node.module is None or node.level:
                # ``from belong.x import y`` may name a submodule y: count it as one.
                for alias in node.names:
                    yield f"{target}.{alias.name}", node.lineno
            else:
                yield target, node.lineno
                for alias in node.names:
                    yield f"{target}.{alias.name}", node.lineno
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", "")) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            yield node.args[0].value, node.lineno


def violations(root: Path) -> list[str]:
    found: list[str] = []
    for path in sorted(root.rglob("*.py")):
        source = unit_of(module_name(path, root))
        if source is None:
            continue
        if source not in LAYER_OF:
            found.append(f"{path.relative_to(root.parent)}: {source!r} is in no layer")
            continue
        seen: set[tuple[str, int]] = set()
        for module, line in imports_in(path, root):
            target = unit_of(module)
            if target is None or target == source or (target, line) in seen:
                continue
            seen.add((target, line))
            where = f"{path.relative_to(root.parent)}:{line}"
            if target not in LAYER_OF:
                found.append(f"{where}: imports {module}, whose app is in no layer")
            elif LAYER_OF[target] > LAYER_OF[source]:
                found.append(
                    f"{where}: {source} ({LAYERS[LAYER_OF[source]][0]}) imports {module} "
                    f"from a higher layer ({LAYERS[LAYER_OF[target]][0]})"
                )
            elif LAYER_OF[target] == LAYER_OF[source] and (source, target) not in WITHIN_LAYER:
                found.append(
                    f"{where}: {source} imports {module} from its own layer "
                    f"({LAYERS[LAYER_OF[source]][0]}); move what they share down a layer"
                )
    return found


def test_every_app_imports_only_from_the_layers_below() -> None:
    found = violations(BELONG)
    assert not found, "imports against the layer order:\n  " + "\n  ".join(found)


def test_every_app_and_top_level_module_has_a_layer() -> None:
    present = {p.name for p in BELONG.iterdir() if (p / "__init__.py").exists()}
    present |= {p.stem for p in BELONG.glob("*.py") if p.stem != "__init__"}
    assert present <= set(LAYER_OF), sorted(present - set(LAYER_OF))
    assert {"importing", "publishing", "surveys", "concerns", "plans", "directory"} <= set(LAYER_OF)


def test_access_imports_nothing_from_people_or_core() -> None:
    for path in (BELONG / "access").rglob("*.py"):
        for module, line in imports_in(path, BELONG):
            assert unit_of(module) not in {"people", "core"}, f"{path}:{line} imports {module}"


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "belong"
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        for parent in [path.parent, *path.parent.parents]:
            if parent == tmp_path:
                break
            (parent / "__init__.py").touch()
        path.write_text(text)
    return root


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"access/x.py": "from belong.people.models import Person\n"}, "from a higher layer"),
        ({"access/x.py": "def f():\n    import belong.core.navigation\n"}, "from its own layer"),
        ({"core/x.py": "from belong.coaching import queries\n"}, "from a higher layer"),
        ({"coaching/x.py": "from belong.wellbeing.models import CheckIn\n"}, "its own layer"),
        ({"coaching/x.py": "from belong.coaching.demo import build\n"}, "higher layer"),
        ({"access/x.py": "from ..people import models\n"}, "from a higher layer"),
        (
            {"people/x.py": "import importlib\nimportlib.import_module('belong.equity.x')\n"},
            "higher",
        ),
        ({"reports/x.py": "import belong.access\n"}, "is in no layer"),
    ],
)
def test_the_checker_catches_each_kind_of_wrong_import(
    tmp_path: Path, files: dict[str, str], expected: str
) -> None:
    found = violations(_tree(tmp_path, files))
    assert found and all(expected in line for line in found), found


def test_the_checker_allows_the_downward_imports(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "core/x.py": "from belong.access.policies import has_permission\n",
            "people/x.py": "from belong.core import exports\nfrom belong.privacy import noise\n",
            "coaching/x.py": "from belong.people.models import Person\nfrom . import models\n",
            "coaching/demo.py": "from belong.demo.context import DemoContext\n",
            "demo/x.py": "from belong.coaching.demo import build\n",
        },
    )
    assert violations(root) == []
