"""The survey-results benchmark runs end to end and prints its figures (no timing asserted)."""

from __future__ import annotations

from bench import bench_survey_results


def test_the_benchmark_prints_belong_the_baseline_and_their_ratio(capsys) -> None:  # type: ignore[no-untyped-def]
    bench_survey_results.main(["--responses=400"])
    out = capsys.readouterr().out
    assert "400 responses, 40 items, 6 dimensions" in out
    assert "Belong results page data" in out and "Polars group-by baseline" in out
    assert "ratio to the baseline" in out
