"""Release kinds: how a domain module plugs its frozen tables into publishing.

Contract: an app may have ``belong/<app>/release_kinds.py`` with::

    KINDS: tuple[ReleaseKind, ...] = (MyKind(),)

where each kind is a subclass of :class:`ReleaseKind` with a unique ``code``
(``"equity"``, later ``"surveys"``...). Publishing never imports a domain app:
it finds the kinds here (``core.discovery``), and every frozen
``publishing.Release`` names its kind in ``Release.kind``.

What a module does to publish aggregates:

1. compute its tables, already protected (small cells suppressed by
   ``belong.privacy``), as Polars frames; each frame goes into the frozen
   result as ``frames.frame_records(frame)``, beside ``"parameters"``,
   ``"summary"`` and ``"findings"`` (sentences, most important first);
2. freeze them with ``publishing.actions.freeze_release(by=..., kind=..., ...)``
   (one transaction, one audit event), optionally with a noise draw for the
   public (``publishing.noise.NoisyRelease``, drawn by the module while its
   records are at hand, made consistent with ``publishing.consistency``); the
   public then reads the noisy draw, the school's audiences the exact tables;
3. subclass :class:`ReleaseKind` to say which counts the release publishes
   (for the guard), how its frames read as pages (sections of charts and
   tables, the two-page summary, the printable report) and which frames may
   be downloaded.

Everything else -- audiences, the guard, publishing and unpublishing, the
public pages, exports, the printable report -- is publishing's, the same for
every module.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib import import_module
from typing import TYPE_CHECKING, Any

from belong.core.discovery import app_modules

if TYPE_CHECKING:
    import polars as pl

    from belong.privacy import PublishedCell
    from belong.publishing.frozen import FrozenTables
    from belong.publishing.pages import Fact, ReleasePage, ReleaseSummary, ReportSection


class UnknownKind(LookupError):
    """A release names a kind that no installed app provides."""


class ReleaseKind:
    """What publishing needs to know about one module's releases (see the module docstring).

    Subclasses set ``code`` and ``label`` and override what they publish; the
    defaults publish nothing to the guard, offer no noise and show no sections.
    """

    code: str = ""
    label: str = ""
    # The page that builds a release of this kind (a URL name), offered to those who build.
    build_url_name: str = ""
    # Frames that may be downloaded: name -> label, in the order offered.
    exports: Mapping[str, str] = {}

    # -- what the guard sees ------------------------------------------------------

    def published_cells(self, result: Mapping[str, Any], label: str) -> list[PublishedCell]:
        """Every exact count the frozen ``result`` publishes, as populations.

        ``label`` names the release in the guard's explanations. A count that a
        reader can work out from published shares or rates is a count here too.
        """
        return []

    def known_values(self, release: Any) -> Mapping[str, frozenset]:
        """Dimensions whose every value a reader knows (e.g. the school's units).

        The guard then knows no one lies outside them; without it, it keeps a
        finest cell for "values no published list names".
        """
        return {}

    def hide_cells(self, result: Mapping[str, Any], keys: list[Any]) -> dict[str, Any]:
        """A copy of ``result`` with the cells of ``keys`` (``PublishedCell.key``) hidden,
        and every published figure that implies them. Kinds that publish cells
        must override it for the guard's fix to be applied."""
        raise NotImplementedError(f"{self.code} releases cannot hide single cells")

    # -- how it reads -------------------------------------------------------------

    def page(self, release: Any, tables: FrozenTables, params: Mapping[str, str]) -> ReleasePage:
        """The release's sections for its page (``params``: the page's query string)."""
        from belong.publishing.pages import ReleasePage

        return ReleasePage()

    def summary(self, release: Any, tables: FrozenTables) -> ReleaseSummary:
        """The two-page summary: findings, what is and is not significant, what is hidden."""
        from belong.publishing.pages import ReleaseSummary

        return ReleaseSummary()

    def report(
        self, release: Any, tables: FrozenTables, params: Mapping[str, str]
    ) -> list[ReportSection]:
        """The full tables for paper, after the summary."""
        return []

    def methods(self, release: Any, tables: FrozenTables) -> list[Fact]:
        """How the figures were made, beyond what every release states."""
        return []

    def export_frame(self, name: str, frame: pl.DataFrame, tables: FrozenTables) -> pl.DataFrame:
        """A frame as downloaded (for example with readable period labels)."""
        return frame


class ModuleKind(ReleaseKind):
    """A kind whose counts and pages live in two modules of its app.

    ``cells_module`` provides ``published_cells(result, label)`` and
    ``hide_cells(result, keys)``; ``pages_module`` provides ``page(tables,
    params)``, ``summary(tables)``, ``report(tables)`` and ``methods(tables)``.
    Both are imported when first needed, so registering the kind loads neither.
    """

    cells_module: str = ""
    pages_module: str = ""

    def _cells(self) -> Any:
        return import_module(self.cells_module)

    def _pages(self) -> Any:
        return import_module(self.pages_module)

    def published_cells(self, result: Mapping[str, Any], label: str) -> list[PublishedCell]:
        return self._cells().published_cells(result, label)

    def hide_cells(self, result: Mapping[str, Any], keys: list[Any]) -> dict[str, Any]:
        return self._cells().hide_cells(result, keys)

    def page(self, release: Any, tables: FrozenTables, params: Mapping[str, str]) -> ReleasePage:
        return self._pages().page(tables, params)

    def summary(self, release: Any, tables: FrozenTables) -> ReleaseSummary:
        return self._pages().summary(tables)

    def report(
        self, release: Any, tables: FrozenTables, params: Mapping[str, str]
    ) -> list[ReportSection]:
        return self._pages().report(tables)

    def methods(self, release: Any, tables: FrozenTables) -> list[Fact]:
        return self._pages().methods(tables)


@cache
def _registry() -> dict[str, ReleaseKind]:
    found: dict[str, ReleaseKind] = {}
    for module in app_modules("release_kinds"):
        for kind in getattr(module, "KINDS", ()):
            if not kind.code or kind.code in found:
                raise ValueError(f"release kind code {kind.code!r} is empty or taken")
            found[kind.code] = kind
    return found


def all_kinds() -> tuple[ReleaseKind, ...]:
    return tuple(_registry().values())


def kind_named(code: str) -> ReleaseKind:
    """The registered kind ``code``; :class:`UnknownKind` if no app provides it."""
    try:
        return _registry()[code]
    except KeyError:
        raise UnknownKind(f"no installed app provides the release kind {code!r}") from None


def kind_of(release: Any) -> ReleaseKind:
    return kind_named(release.kind)
