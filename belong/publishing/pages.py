"""What a release kind hands to publishing's pages: sections of charts and tables.

Publishing draws every release page, summary and report with the same
templates; a kind (``publishing.kinds``) fills these objects from its frozen
frames. Nothing here reads the database.

* :class:`ReleasePage` -- the release's page: an overview shown first, the
  filters a reader may change (a form that works without JavaScript; htmx
  swaps only the blocks), and the blocks those filters choose.
* :class:`ReleaseSummary` -- the two-page summary a dean reads before the
  tables: the findings that matter most for the subject, what is and is not
  significant (one count, stated once), and what is hidden and why.
* :class:`ReportSection` -- the full tables for paper.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from belong.core.tables import DataTable
from belong.publishing.charts import Chart


@dataclass(frozen=True)
class Fact:
    """One line of "how these figures were made": a term and what it is."""

    term: str
    text: str


@dataclass
class Block:
    """A chart (optional) and the tables with its figures, under one heading."""

    key: str
    title: str
    intro: str = ""
    chart: Chart | None = None
    tables: list[DataTable] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass
class Filter:
    """One select of the page's filters (its ``name`` is the query parameter)."""

    name: str
    label: str
    choices: list[Choice]
    value: str


@dataclass
class ReleasePage:
    overview: list[Block] = field(default_factory=list)
    filters: list[Filter] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    showing: str = ""  # announced to screen readers when the blocks change

    @property
    def query(self) -> dict[str, str]:
        """The filters' current values, to carry into links (the report, the summary)."""
        return {f.name: f.value for f in self.filters if f.value}


@dataclass
class ReleaseSummary:
    """The two-page summary (see the module docstring)."""

    headline: str = ""
    findings: list[str] = field(default_factory=list)
    significant: int = 0  # significant comparisons in the whole release
    tested: int = 0  # comparisons made
    not_significant: list[str] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)
    figures: list[Block] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    tests_published: bool = True  # False for noisy releases: no tests are shown

    @property
    def more_significant(self) -> int:
        """Significant comparisons beyond the findings listed."""
        return max(self.significant - len(self.findings), 0)


@dataclass
class ReportSection:
    title: str
    blocks: list[Block] = field(default_factory=list)
