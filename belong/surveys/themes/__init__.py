"""Themes of survey comments, with quotes screened so that none points at its writer.

The one entry point is :func:`find_themes`; results call it and store its
:class:`ThemeResult` (``to_record()``) in a release. Decision record 0026
explains the method and the screen.
"""

from belong.surveys.themes.finding import find_themes
from belong.surveys.themes.result import HeldBack, Theme, ThemeResult

__all__ = ["HeldBack", "Theme", "ThemeResult", "find_themes"]
