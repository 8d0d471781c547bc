"""Serve plotly.js from the installed plotly package, as ``equity/vendor/plotly.min.js``.

A staticfiles finder that exposes exactly one file of the package (not its
datasets or widget bundle), so ``collectstatic`` copies it and WhiteNoise
serves it like any other static file: no CDN, no copy in the repository.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

PUBLIC_PATH = "equity/vendor/plotly.min.js"


def plotly_js() -> Path:
    import plotly

    return Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"


class PlotlyFinder(BaseFinder):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.source = plotly_js()
        # Stored under the public path's folder, so ``list`` names it as served.
        self.storage = FileSystemStorage(location=str(self.source.parent))
        self.storage.prefix = "equity/vendor"  # type: ignore[attr-defined]

    def check(self, **kwargs: Any) -> list[Any]:
        return []

    def find(self, path: str, find_all: bool = False, **kwargs: Any) -> Any:
        # Django's own finders answer [] for "not here", whichever the mode.
        if path == PUBLIC_PATH and self.source.exists():
            found = str(self.source)
            return [found] if (find_all or kwargs.get("all")) else found
        return []

    def list(self, ignore_patterns: Any) -> Any:
        if self.source.exists():
            yield self.source.name, self.storage
