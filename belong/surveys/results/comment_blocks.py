"""Comments and their themes as blocks of a results page (frozen tables only)."""

from __future__ import annotations

from belong.core.tables import DataTable, Row, cell, fmt_count
from belong.publishing.charts import Bar, bar_chart
from belong.publishing.frozen import FrozenTables
from belong.publishing.pages import Block


def _k(tables: FrozenTables) -> int:
    return int(tables.parameters.get("comment_k") or 0)


def themes_block(tables: FrozenTables) -> Block:
    themes = tables.frame("themes")
    k = _k(tables)
    if themes.is_empty():
        return Block(
            "themes",
            "Themes in the comments",
            intro=f"Themes are shown only when at least {k} comments share one; none did.",
        )
    quotes: dict[str, list[str]] = {}
    for row in tables.frame("theme_quotes").iter_rows(named=True):
        quotes.setdefault(row["theme"], []).append(row["quote"])
    table = DataTable(
        caption="Themes: how many comments share each, its words, and quotes that name no one",
        corner="Theme",
        columns=[("Comments", True), ("Words", False), ("Quotes", False)],
    )
    bars = []
    for row in themes.iter_rows(named=True):
        said = " / ".join(f"“{q}”" for q in quotes.get(row["theme"], [])) or "—"
        table.rows.append(
            Row(
                row["theme"],
                [
                    cell(fmt_count(row["comments"])),
                    cell(row["terms"], num=False),
                    cell(said, num=False),
                ],
            )
        )
        bars.append(Bar(row["theme"], float(row["comments"]), text=fmt_count(row["comments"])))
    s = tables.summary
    unthemed = s.get("unthemed") or 0
    return Block(
        "themes",
        "Themes in the comments",
        intro=(
            f"Comments grouped by the words they share; a theme is shown only when at least {k} "
            f"comments share it, and a quote only when every word in it is shared by {k} "
            f"comments and it names no one. {fmt_count(unthemed)} comment(s) fit no shown theme."
        ),
        chart=bar_chart(
            "themes",
            "Comments per theme",
            "How many comments share each theme. The table below holds the same figures.",
            bars,
            percent=False,
            value_label="Comments",
        ),
        tables=[table],
    )


def comments_block(tables: FrozenTables) -> Block:
    frame = tables.frame("comments")
    k = _k(tables)
    held = tables.summary.get("comments_held_back") or 0
    if frame.is_empty():
        return Block(
            "comments",
            "Comments",
            intro=f"Comments are shown only from {k} responses and {k} comments; "
            "there are not enough.",
        )
    table = DataTable(caption="Comments, in random order", corner="", columns=[("Comment", False)])
    for i, text in enumerate(frame["comment"].to_list(), start=1):
        table.rows.append(Row(str(i), [cell(text, num=False)]))
    kept = (
        f" {fmt_count(held)} comment(s) are not shown: they name someone or hold a word "
        f"fewer than {k} comments share, which could point at the writer."
        if held
        else ""
    )
    return Block(
        "comments",
        "Comments",
        intro="In random order, with no date: the order says nothing about who wrote what." + kept,
        tables=[table],
    )


def comments_hidden(tables: FrozenTables) -> list[str]:
    """What the two-page summary says about comments that are not shown."""
    s = tables.summary
    k = _k(tables)
    if not s.get("comments") and not s.get("comments_held_back"):
        return [f"Comments are not shown: fewer than {k} responses with a comment."]
    if s.get("comments_held_back"):
        return [
            f"{s['comments_held_back']} comment(s) not shown: they name someone or hold a word "
            f"fewer than {k} comments share."
        ]
    return []
