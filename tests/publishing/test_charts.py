"""The one chart component: accessible SVG, readable colours, hidden figures never drawn."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest

from belong.publishing.charts import (
    PALETTE,
    SPECIAL_COLOURS,
    Bar,
    LegendItem,
    Segment,
    Series,
    Stack,
    bar_chart,
    line_chart,
    stacked_shares,
)

NS = "{http://www.w3.org/2000/svg}"


def _contrast(colour: str, other: str = "#ffffff") -> float:
    def luminance(hex_colour: str) -> float:
        r, g, b = (int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4))
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    a, b = sorted((luminance(colour), luminance(other)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def _tree(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg)  # noqa: S314 - our own output


@pytest.mark.parametrize("colour", [*PALETTE, *SPECIAL_COLOURS])
def test_every_colour_keeps_text_contrast_against_white(colour: str) -> None:
    # 4.5:1 is the text threshold: enough for a white label on a segment, and far above
    # the 3:1 that graphics need against the page.
    assert _contrast(colour) >= 4.5


def test_a_bar_chart_is_named_described_and_draws_intervals_but_never_a_hidden_value() -> None:
    chart = bar_chart(
        "rates",
        "Interviewed <script>",
        "Bars: the rate for each group. The same figures are in the table below.",
        [
            Bar("Group A", 0.4, low=0.3, high=0.5),
            Bar("Group <b>", None),
            Bar("Group C", 0.1, reference=0.2),
        ],
        interval_label="95% confidence interval",
        reference_label="Benchmark",
    )
    tree = _tree(chart.svg)
    assert tree.get("role") == "img"
    title = tree.find(f"{NS}title")
    assert title is not None and title.text == "Interviewed <script>"  # escaped in the markup
    assert "&lt;script&gt;" in chart.svg and "<b>" not in chart.svg
    texts = [t.text for t in tree.iter(f"{NS}text")]
    assert "hidden (—)" in texts and "40%" in texts and "20%" in texts
    # One whisker (three lines) for the one interval.
    whiskers = [line for line in tree.iter(f"{NS}line") if line.get("stroke") == "#1b1f24"]
    assert len(whiskers) == 3
    assert [item.label for item in chart.legend] == [
        "Share",
        "95% confidence interval",
        "Benchmark",
    ]


def test_stacked_shares_label_wide_segments_and_leave_the_hidden_part_undrawn() -> None:
    legend = [LegendItem("A", PALETTE[0]), LegendItem("B", PALETTE[1]), LegendItem("C", PALETTE[2])]
    chart = stacked_shares(
        "composition",
        "Who is at each stage",
        "Each stage split into its groups. The same figures are in the table below.",
        [Stack("Applied", (Segment(0, 0.5), Segment(1, 0.3), Segment(2, None)))],
        legend,
    )
    tree = _tree(chart.svg)
    coloured = [r for r in tree.iter(f"{NS}rect") if r.get("fill") in PALETTE]
    assert len(coloured) == 2  # the hidden group is not drawn
    texts = [t.text for t in tree.iter(f"{NS}text")]
    assert "50%" in texts and "30%" in texts and "hidden" in texts


def test_a_line_chart_breaks_at_a_hidden_year_and_marks_each_line_differently() -> None:
    chart = line_chart(
        "trend",
        "Share by year",
        "Lines by year. The same figures are in the table below.",
        ["2020", "2021", "2022", "2023"],
        [Series("A", (0.1, 0.2, None, 0.3)), Series("B", (0.4, 0.4, 0.5, 0.5))],
    )
    tree = _tree(chart.svg)
    lines = list(tree.iter(f"{NS}polyline"))
    # A: one run of two points (the lone 2023 point is a marker only); B: one run of four.
    assert sorted(len(p.get("points", "").split()) for p in lines) == [2, 4]
    assert [item.marker for item in chart.legend] == ["circle", "square"]
    assert all(swatch.startswith("<svg") for _, swatch in chart.legend_swatches)
