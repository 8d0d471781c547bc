"""Charts for every module: small SVG pictures drawn on the server, each beside its data table.

Three shapes cover what Belong publishes:

* :func:`bar_chart` -- one horizontal bar per group, with its interval (a
  confidence interval, or the spread of the noise) as a whisker, and
  optionally a thin grey reference bar (a benchmark) under it;
* :func:`stacked_shares` -- one 100% bar per stage, split into the groups'
  shares;
* :func:`line_chart` -- lines over years (or a step line over time, for time
  to an event), gaps where a figure is hidden.

Every chart is an ``<svg role="img">`` named by its ``<title>`` and described
by its ``<desc>`` (what it shows, and that the table beside it holds the same
figures); it needs no JavaScript and no download. Colours come from
:data:`PALETTE` (each at least 4.5:1 against white, so white text can sit on
them, and told apart by hue for the common colour-vision deficiencies);
stacked segments are separated by white gaps and labelled in words, lines
carry a different marker each, so no chart relies on colour alone. A hidden
value is never drawn: its row says "hidden".

Text in a chart is escaped like any other template value: group and benchmark
names come from people.
"""

from belong.publishing.charts.bars import Bar, Segment, Stack, bar_chart, stacked_shares
from belong.publishing.charts.lines import Series, line_chart
from belong.publishing.charts.svg import (
    PALETTE,
    SPECIAL_COLOURS,
    Chart,
    LegendItem,
    colour_for,
)

__all__ = [
    "PALETTE",
    "SPECIAL_COLOURS",
    "Bar",
    "Chart",
    "LegendItem",
    "Segment",
    "Series",
    "Stack",
    "bar_chart",
    "colour_for",
    "line_chart",
    "stacked_shares",
]
