"""Small-cell suppression of a typical release, against the naive per-table rule."""

from belong.privacy._bench import main

__all__ = ["main"]
