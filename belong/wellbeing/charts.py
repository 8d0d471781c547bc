"""A student's own check-in scores as a chart (the shared component, ``publishing.charts``),
always shown beside the table of the same scores."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils import dateformat, timezone

from belong.publishing.charts import Bar, Chart, bar_chart
from belong.wellbeing import who5
from belong.wellbeing.models import CheckIn


def score_chart(checkins: Sequence[CheckIn], *, last: int = 12) -> Chart | None:
    """A bar for each of the last ``last`` scores (0 to 100), with lines at 28 and 50."""
    shown = list(checkins)[-last:]
    if not shown:
        return None
    bars = [
        Bar(
            dateformat.format(timezone.localtime(c.submitted_at), "j M Y"),
            float(c.score),
            text=str(c.score),
        )
        for c in shown
    ]
    return bar_chart(
        "checkin-scores",
        f"Your last {len(shown)} check-in scores",
        f"Your last {len(shown)} check-in scores, from 0 to 100, oldest first, with lines at "
        f"{who5.LIKELY_DEPRESSION_AT_OR_BELOW} and {who5.POOR_BELOW}. The same scores are in the "
        "table below.",
        bars,
        percent=False,
        maximum=100,
        guides=(
            (who5.LIKELY_DEPRESSION_AT_OR_BELOW, str(who5.LIKELY_DEPRESSION_AT_OR_BELOW)),
            (who5.POOR_BELOW, str(who5.POOR_BELOW)),
        ),
    )
