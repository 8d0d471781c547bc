"""``compute_release``: every statistic of one pipeline, protected and ready to freeze.

The Django layer reads its tables into two Polars frames (the contract below),
builds a :class:`ReleaseSpec` and calls :func:`compute_release`. The
:class:`ReleaseResult` holds only aggregates with group labels: no person id,
no list of people. One module per concept computes each frame: ``cells``
(people and shares, against a benchmark), ``transitions`` (rates and selection
ratios), ``trends`` and ``survival``; ``disclosure`` protects the counts first.

Input frames
------------
``people``: ``person_id: Int64``, ``race: List(String)`` (minimum categories,
``["prefer_not"]``, or empty/null = not answered), ``citizenship`` and one
String column per single-choice dimension (code, ``"prefer_not"`` or null).

``events``: ``person_id: Int64``, ``pipeline``, ``stage``, ``year: Int32``,
``unit``, and optionally ``date: Date`` (for time-to-event).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from . import stats, words
from ._columns import opt_bool
from .cells import cells_frame, representation_frame
from .counting import count_pipeline
from .disclosure import protect
from .groupings import encode_people
from .pooled import pooled_frame
from .pooled_words import pooled_findings
from .result import ReleaseResult
from .spec import ReleaseSpec, pool_years
from .survival import survival_frames
from .transitions import transition_frames
from .trends import trend_frame

__all__ = ["ReleaseResult", "ReleaseSpec", "compute_release"]


def compute_release(people: pl.DataFrame, events: pl.DataFrame, spec: ReleaseSpec) -> ReleaseResult:
    """Compute a release: counts, shares, representation, transitions, selection
    ratios, trends and time-to-event, with small-cell suppression and
    plain-words findings.

    Parameters
    ----------
    people, events : polars.DataFrame
        The frames described in the module docstring.
    spec : ReleaseSpec

    Returns
    -------
    ReleaseResult
        Every statistic derived from a suppressed count is suppressed as well.
    """
    pipeline = spec.pipeline
    encoded = encode_people(people)
    as_of = np.datetime64(spec.as_of) if spec.as_of is not None else None
    events, pooled = pool_years(events, spec)
    counts = count_pipeline(
        encoded,
        events,
        pipeline,
        spec.groupings,
        years=(max(pooled),) if pooled else spec.years,
        units=spec.units,
        as_of=as_of,
    )
    by_code = {g.code: g for g in spec.groupings}
    benchmarks = {b.scheme: b for b in spec.benchmarks if b.scheme in by_code}
    universes = {
        code: np.asarray([g in b.shares for g in by_code[code].groups])
        for code, b in benchmarks.items()
    }
    stage_of = {c: i for i, c in enumerate(pipeline.stage_codes)}
    hidden = protect(
        counts,
        spec.groupings,
        universes,
        k=spec.k,
        nested_transitions=counts.nested,
        stage_pairs=[(stage_of[t.source], stage_of[t.target]) for t in pipeline.transitions],
    )

    cells = cells_frame(counts, hidden, pipeline, spec)
    representation = representation_frame(counts, hidden, pipeline, spec, benchmarks, universes)
    transitions, selection = transition_frames(counts, hidden, pipeline, spec)
    across_years = pooled_frame(counts, hidden, pipeline, spec)
    trends = trend_frame(counts, hidden, pipeline, spec)
    survival, survival_tests = survival_frames(counts, encoded, pipeline, spec)

    # One family of tests per release, corrected together: the pooled tests join it
    # (each is a claim a reader may act on); Breslow-Day is a warning about pooling and
    # stays out of it (docs/statistics.md).
    frames = {
        "representation": representation,
        "selection": selection,
        "pooled": across_years,
        "trends": trends,
        "survival_tests": survival_tests,
    }
    pieces = [f["p_value"].to_numpy().astype(np.float64) for f in frames.values()]
    family = np.concatenate(pieces) if pieces else np.zeros(0)
    adjusted = stats.adjust_pvalues(family, spec.correction, spec.alpha)
    offset = 0
    for name, frame in frames.items():
        n = frame.height
        adj = adjusted[offset : offset + n]
        offset += n
        frames[name] = frame.with_columns(
            pl.Series("p_adjusted", adj, dtype=pl.Float64).fill_nan(None),
            opt_bool(adj < spec.alpha, np.isnan(adj)).alias("significant"),
        )
    representation, selection = frames["representation"], frames["selection"]
    across_years = frames["pooled"]
    trends, survival_tests = frames["trends"], frames["survival_tests"]

    parameters = spec.to_dict()
    parameters["years"] = list(counts.years)
    if pooled:
        parameters["pooled_years"] = pooled
    parameters["as_of"] = parameters["as_of"] or None
    summary = {
        "events_in_scope": counts.events_in_scope,
        "events_without_person": counts.events_unmatched,
        "missing_columns": list(encoded.missing_columns),
        "cells": hidden.n_cells,
        "cells_suppressed": hidden.n_hidden,
        "linked_systems": hidden.linked_systems,
        "tests": int((~np.isnan(family)).sum()),
        "transitions_with_own_counts": [
            f"{t.source}>{t.target}"
            for ti, t in enumerate(pipeline.transitions)
            if not counts.nested[ti].all()
        ],
        "significant_tests": int(np.nansum(adjusted < spec.alpha)),
        "pooled_tests": (
            int(across_years["p_value"].is_not_null().sum()) if across_years.height else 0
        ),
    }
    findings = words.findings(
        pipeline=pipeline,
        spec_alpha=spec.alpha,
        correction=spec.correction,
        groupings=by_code,
        representation=representation,
        selection=selection,
        trends=trends,
        survival_tests=survival_tests,
        benchmarks=benchmarks,
    )
    # A gap that no single year could show leads; other pooled findings follow the years'.
    pooled_found = pooled_findings(parameters, across_years, selection)
    lead = [f for f in pooled_found if f["significant"] and f["years_alone_inconclusive"]]
    findings = lead + findings + [f for f in pooled_found if f not in lead]
    return ReleaseResult(
        parameters=parameters,
        cells=cells,
        representation=representation,
        transitions=transitions,
        selection=selection,
        pooled=across_years,
        trends=trends,
        survival=survival,
        survival_tests=survival_tests,
        findings=findings,
        summary=summary,
        groupings=tuple(spec.groupings),
    )
