"""Themes of free-text comments, with quotes screened so that none points at its writer.

The one entry point is :func:`find_themes`; survey results call it and store
its :class:`ThemeResult` (``to_record()``) in a release, and action plans
suggest themes from their comments with it. Decision record 0026
explains the method and the screen.
"""

from belong.publishing.themes.finding import find_themes, screen_comments
from belong.publishing.themes.result import HeldBack, Theme, ThemeResult

__all__ = ["HeldBack", "Theme", "ThemeResult", "find_themes", "screen_comments"]
