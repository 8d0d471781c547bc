"""A measure as one reader sees it: the current figure, progress toward target, when updated."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from belong.plans.models import Measure
from belong.publishing.figures import FigureError, published_figure


def figure_text(value: float, unit: str = "") -> str:
    """A figure as written on the page: up to four significant digits, then its unit."""
    return f"{value:.4g}{unit}"


@dataclass(frozen=True)
class MeasureView:
    measure: Measure
    value: float | None
    updated: date | datetime | None
    source_label: str
    # Why no figure shows (not published to this reader, suppressed...).
    missing: str = ""

    @property
    def progress(self) -> float | None:
        """Share of the way from baseline to target, between 0 and 1 (None without a figure)."""
        if self.value is None:
            return None
        m = self.measure
        share = (self.value - m.baseline) / (m.target - m.baseline)
        return max(0.0, min(1.0, share))

    @property
    def value_text(self) -> str:
        return "" if self.value is None else figure_text(self.value, self.measure.unit_label)

    @property
    def baseline_text(self) -> str:
        return figure_text(self.measure.baseline, self.measure.unit_label)

    @property
    def target_text(self) -> str:
        return figure_text(self.measure.target, self.measure.unit_label)

    @property
    def progress_percent(self) -> int | None:
        p = self.progress
        return None if p is None else round(p * 100)


def measure_for(user: Any, measure: Measure) -> MeasureView:
    """``measure`` as ``user`` (possibly anonymous) may see it; a hidden figure is no figure."""
    if measure.source == Measure.Source.ENTERED:
        return MeasureView(
            measure,
            measure.value,
            measure.value_on,
            "Entered by the plan's office",
            "" if measure.value is not None else "No figure entered yet.",
        )
    try:
        figure = published_figure(
            user,
            measure.release_id or 0,
            table=measure.table,
            row=measure.row,
            column=measure.column,
        )
    except FigureError as exc:
        return MeasureView(measure, None, None, "Outcomes release", str(exc))
    return MeasureView(
        measure, figure.value, figure.published_at, f"Outcomes release “{figure.release_title}”"
    )
