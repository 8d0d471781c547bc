"""The demo school fills every accreditation table, with figures shown (not all hidden)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from belong.demo.context import DemoContext
from belong.publishing import evidence
from tests.demo_school import demo_school

pytestmark = pytest.mark.django_db

K = 10  # the school's default threshold (PRIVACY_MIN_CELL)
# The steps whose records the tables count (equity, plans and the directory add none).
STEPS = [
    "belong.demo.school",
    "belong.coaching.demo",
    "belong.wellbeing.demo",
    "belong.surveys.demo",
    "belong.concerns.demo",
]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker) -> Iterator[DemoContext]:  # type: ignore[no-untyped-def]
    with demo_school(django_db_blocker, seed=7, scale=0.1, steps=STEPS) as (_marker, context):
        yield context


def test_every_element_has_a_table_with_rows_and_shown_figures(demo) -> None:  # type: ignore[no-untyped-def]
    sections = {s.element: s for s in evidence.collect(today=demo.today, k=K)}
    assert list(sections) == list(evidence.ELEMENTS)
    for element, section in sections.items():
        assert section.tables, f"{element}: no table ({section.empty})"
        assert not section.empty, f"{element}: nothing to count for {section.empty}"
        for table in section.tables:
            assert table.rows, table.key
            shown = [v for row in table.rows for v in row[1:] if v is not None]
            assert shown, f"{table.key}: every figure hidden"
            assert table.as_of == demo.today


def test_the_demo_tables_show_the_rule_kept_and_counts_that_add_up(demo) -> None:  # type: ignore[no-untyped-def]
    tables = {t.key: t for s in evidence.collect(today=demo.today, k=K) for t in s.tables}
    coaching = tables["coaching-no-assessor"]
    # The demo records assessors; the pairing forbids them, and no pairing breaks the rule.
    forbidden = coaching.rows[0][2]
    assert forbidden is None or forbidden > 0
    assert coaching.rows[1][2] in (0, None) and coaching.rows[2][2] in (0, None)
    coverage = tables["wellbeing-coverage"]
    total = coverage.rows[-1]
    assert total[0] == "All classes"
    if all(v is not None for v in total[1:7]):
        assert total[1] == sum(total[2:7])


def test_the_demo_mistreatment_table_shows_counts_over_the_threshold(demo) -> None:  # type: ignore[no-untyped-def]
    tables = {t.key: t for s in evidence.collect(today=demo.today, k=K) for t in s.tables}
    rows = tables["concerns-mistreatment"].rows
    shown = [row for row in rows if row[0].endswith("All reports") and row[1] is not None]
    assert shown and all(row[1] >= K for row in shown)
    # Half of a year's resolved reports closed within the median: shown where k stand behind it.
    assert any(row[3] is not None for row in rows)
