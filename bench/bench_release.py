"""Benchmark: a full equity release over a million stage events.

Belong's ``compute_release`` computes, for the MD admissions pipeline over ten
cycles: every grouping (nine questions, three race schemes, citizenship), the
race x sex and race x gender-identity intersections, every stage and year,
shares with Wilson intervals, representation against the 2020 Census with
exact binomial tests, transition rates, selection-rate ratios with z or Fisher
tests, Cochran-Armitage trends, Holm correction over every test, small-cell
suppression (linked systems via ``belong.privacy``, each year's stages together
under their declared order, every hidden small cell keeping k values) and the
plain-words findings. The baseline is the straightforward pandas notebook: one groupby per
cut, scipy/statsmodels called per cell, primary suppression only (so it does
less than Belong). Both run on the same synthetic school in the same run.

Time is best of three, as wall time and as this process's CPU time; the
machine is shared (2 cores), so the load average is printed and the target is
met if either figure is within it. Peak memory is the whole process's peak
resident set size (``VmHWM``, see :func:`_peak_rss`) measured in a fresh
subprocess that generates the school and computes one release: the most
conservative figure, as it includes the interpreter, the libraries, the
generator's own peak and the input frames themselves.
Generation time is printed but excluded from compute.

Options: ``--no-baseline`` skips pandas; ``--events=N`` changes the size.
"""

from __future__ import annotations

import itertools
import json
import os
import resource
import subprocess
import sys
import time
from typing import Any

import numpy as np

from bench.timing import best_time as _time

TARGET_SECONDS = 1.0
TARGET_BYTES = 1 << 30
MD_EVENTS_PER_SCALE = 74_500  # MD admissions events per unit of scale, measured
YEARS = tuple(range(2015, 2025))
SEED = 2024


def _scale_for(events: int) -> float:
    return events / MD_EVENTS_PER_SCALE


def _spec():
    from belong.equity.analytics import DEFAULT_PIPELINES, ReleaseSpec, default_groupings

    urim = {
        "code": "urim",
        "label": "Underrepresented in medicine",
        "dimension": "ipeds",
        "groups": {"URiM": ["black", "hispanic", "aian", "nhpi"]},
    }
    return ReleaseSpec(
        pipeline=DEFAULT_PIPELINES["md_admissions"],
        years=YEARS,
        groupings=default_groupings([urim]),
    )


# --- the pandas baseline ------------------------------------------------------------------


def pandas_release(people: Any, events: Any, k: int = 10) -> dict[str, Any]:
    """The same cuts and tests, the straightforward way (pandas, scipy per cell)."""
    import pandas as pd
    from scipy.stats import binomtest, fisher_exact
    from statsmodels.stats.contingency_tables import Table
    from statsmodels.stats.multitest import multipletests
    from statsmodels.stats.proportion import proportion_confint, proportions_ztest

    from belong.equity.analytics import CENSUS_2020_US
    from belong.people import categories as cat

    spec = _spec()
    pipeline = spec.pipeline
    ev = events[(events["pipeline"] == pipeline.code) & events["year"].isin(YEARS)]
    df = ev.merge(people, on="person_id", how="inner")
    df["ipeds"] = [
        cat.derive_ipeds(r, c) for r, c in zip(df["race"], df["citizenship"], strict=True)
    ]
    df["omb_alone"] = [cat.derive_omb_alone(r) for r in df["race"]]
    for d in (*cat.SINGLE_CHOICE_DIMENSIONS, "citizenship"):
        df[d] = df[d].fillna(cat.NOT_ANSWERED)
    urim = {"black", "hispanic", "aian", "nhpi"}
    df["urim"] = df["ipeds"].map(
        lambda v: "urim" if v in urim else v if v == "unknown" else "other"
    )
    df["race_ipeds__sex"] = df["ipeds"] + "|" + df["sex"]
    df["race_ipeds__gender_identity"] = df["ipeds"] + "|" + df["gender_identity"]
    columns = [
        "ipeds",
        "omb_alone",
        *cat.SINGLE_CHOICE_DIMENSIONS,
        "citizenship",
        "race_ipeds__sex",
        "race_ipeds__gender_identity",
        "urim",
    ]
    totals = df.groupby(["stage", "year"])["person_id"].nunique()
    cuts: dict[str, pd.DataFrame] = {}
    for col in columns:
        counts = (
            df.groupby(["stage", "year", col])["person_id"].nunique().rename("count").reset_index()
        )
        counts = counts.join(totals.rename("total"), on=["stage", "year"])
        low, high = proportion_confint(counts["count"], counts["total"], method="wilson")
        counts["share"] = counts["count"] / counts["total"]
        counts["ci_low"], counts["ci_high"] = low, high
        counts["suppressed"] = (counts["count"] > 0) & (counts["count"] < k)
        cuts[col] = counts
    exploded = df.explode("race")
    exploded["race"] = exploded["race"].fillna(cat.NOT_ANSWERED)
    cuts["omb_any"] = (
        exploded.groupby(["stage", "year", "race"])["person_id"].nunique().reset_index()
    )

    pvalues: list[float] = []
    # Representation: exact binomial test per cell.
    ipeds = cuts["ipeds"]
    universe = ipeds[ipeds["ipeds"].isin(CENSUS_2020_US.shares)]
    n_universe = universe.groupby(["stage", "year"])["count"].transform("sum")
    for (_, row), n in zip(universe.iterrows(), n_universe, strict=True):
        if not row["suppressed"]:
            pvalues.append(
                binomtest(int(row["count"]), int(n), CENSUS_2020_US.shares[row["ipeds"]]).pvalue
            )

    # Transitions and selection ratios: per transition, per cut, per year, per group.
    keys = df[["person_id", "year", "stage"]].drop_duplicates()
    for tr in pipeline.transitions:
        reached = set(
            map(tuple, keys.loc[keys["stage"] == tr.target, ["person_id", "year"]].to_numpy())
        )
        at_source = df[df["stage"] == tr.source].drop_duplicates(["person_id", "year"]).copy()
        at_source["advanced"] = [
            (p, y) in reached
            for p, y in zip(at_source["person_id"], at_source["year"], strict=True)
        ]
        for col in columns:
            rates = at_source.groupby(["year", col])["advanced"].agg(["sum", "count"]).reset_index()
            for _year, block in rates.groupby("year"):
                eligible = block[
                    (block["count"] >= k)
                    & ~block[col].isin(["unknown", "prefer_not", "not_answered"])
                ]
                if eligible.empty:
                    continue
                ref = eligible.loc[eligible["count"].idxmax()]
                for _, row in block.iterrows():
                    if row[col] == ref[col] or 0 < row["sum"] < k or row["count"] < k:
                        continue
                    table = [
                        [row["sum"], row["count"] - row["sum"]],
                        [ref["sum"], ref["count"] - ref["sum"]],
                    ]
                    expected = np.outer(np.sum(table, 1), np.sum(table, 0)) / np.sum(table)
                    if (expected < 5).any():
                        pvalues.append(fisher_exact(table).pvalue)
                    elif 0 < row["sum"] + ref["sum"] < row["count"] + ref["count"]:
                        pvalues.append(
                            proportions_ztest(
                                [row["sum"], ref["sum"]], [row["count"], ref["count"]]
                            )[1]
                        )
    # Trends: Cochran-Armitage per (cut, stage, group).
    for col in columns:
        counts = cuts[col]
        for (_stage, _group), series in counts.groupby(["stage", col]):
            series = series[~series["suppressed"]]
            if len(series) < 3:
                continue
            table = np.vstack([series["total"] - series["count"], series["count"]])
            if (table.sum(axis=1) == 0).any():
                continue
            res = Table(table).test_ordinal_association(
                row_scores=np.array([0, 1]), col_scores=series["year"].to_numpy(dtype=float)
            )
            pvalues.append(res.pvalue)
    adjusted = multipletests(np.nan_to_num(pvalues, nan=1.0), method="holm")[1] if pvalues else []
    return {"cuts": cuts, "tests": len(adjusted)}


# --- measurement --------------------------------------------------------------------------


def _peak_rss() -> int:
    """This process's peak resident set size in bytes.

    ``VmHWM`` is the high-water mark of this address space. ``ru_maxrss`` is
    not used where ``/proc`` exists: Linux carries the parent's high-water mark
    across fork and exec, so a child of a large benchmark process would report
    the parent's memory.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _memory_child(scale: float) -> None:
    """Run in a fresh process: generate, record, compute one release, record."""
    from belong.demo.population import generate_population
    from belong.equity.analytics import compute_release

    pop = generate_population(SEED, scale)
    spec = _spec()
    before = _peak_rss()
    result = compute_release(pop.people, pop.events, spec)
    after = _peak_rss()
    print(
        json.dumps({"before": before, "after": after, "events": result.summary["events_in_scope"]})
    )


def _peak_memory(scale: float) -> dict[str, int]:
    out = subprocess.run(
        [sys.executable, "-m", "bench.bench_release", "--memory-child", str(scale)],
        capture_output=True,
        text=True,
        check=True,
        cwd=os.getcwd(),
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str]) -> int:
    """Print the figures; return 1 if the 1 s / 1 GB target is missed."""
    from belong.demo.population import generate_population
    from belong.equity.analytics import compute_release

    events_target = 1_000_000
    for arg in argv:
        if arg.startswith("--events="):
            events_target = int(arg.split("=", 1)[1])
    spec = _spec()
    print(
        f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} "
        "(other work shares these cores; CPU time is the steadier figure)"
    )

    print("\nBelong, growth with size (best of 3):")
    rows = []
    for target in (10_000, 100_000, events_target):
        started = time.perf_counter()
        pop = generate_population(SEED, _scale_for(target))
        generated = time.perf_counter() - started
        wall, cpu, result = _time(lambda pop=pop: compute_release(pop.people, pop.events, spec))
        n = result.summary["events_in_scope"]
        rows.append((n, wall, cpu))
        print(
            f"  {n:>9,} MD events ({pop.people.height:>7,} people; {pop.events.height:>9,} "
            f"events generated in {generated:.2f} s): {wall:.3f} s wall, {cpu:.3f} s CPU; "
            f"{result.summary['cells']:,} cells, {result.summary['cells_suppressed']:,} "
            f"suppressed, {result.summary['linked_systems']} linked systems, "
            f"{result.summary['tests']:,} tests, {len(result.findings)} findings"
        )
    n_big, wall_big, cpu_big = rows[-1]
    for (n1, w1, c1), (n2, w2, c2) in itertools.pairwise(rows):
        print(f"  x{n2 / n1:.0f} events -> x{w2 / w1:.1f} wall, x{c2 / c1:.1f} CPU")

    memory = _peak_memory(_scale_for(events_target))
    print(
        f"\npeak memory (VmHWM of a fresh process, {memory['events']:,} events): "
        f"{memory['after'] / 2**20:.0f} MiB ({memory['before'] / 2**20:.0f} MiB after generating "
        f"the school, before computing)"
    )

    status = 0
    best = min(wall_big, cpu_big)
    met = best <= TARGET_SECONDS and memory["after"] < TARGET_BYTES
    print(
        f"target: full release over {n_big:,} events in <= {TARGET_SECONDS:.1f} s and < 1 GiB: "
        f"{'met' if met else 'MISSED'} ({wall_big:.3f} s wall, {cpu_big:.3f} s CPU, "
        f"{memory['after'] / 2**20:.0f} MiB)"
    )
    if not met:
        status = 1

    if "--no-baseline" not in argv:
        pop = generate_population(SEED, _scale_for(events_target))
        # No pyarrow here: hand the columns over as Python lists and numpy arrays.
        import pandas as pd

        people_pd = pd.DataFrame({c: pop.people[c].to_list() for c in pop.people.columns})
        events_pd = pd.DataFrame({c: pop.events[c].to_numpy() for c in pop.events.columns})
        wall, cpu, out = _time(lambda: pandas_release(people_pd, events_pd), repeats=1)
        print(
            f"\npandas baseline (groupby per cut, scipy/statsmodels per cell, primary "
            f"suppression only; {out['tests']:,} tests): {wall:.2f} s wall, {cpu:.2f} s CPU"
        )
        print(
            f"ratio: Belong is {wall / wall_big:.0f}x faster (wall), {cpu / cpu_big:.0f}x (CPU); "
            "aim >= 10x"
        )
    return status


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--memory-child":
        _memory_child(float(sys.argv[2]))
    else:
        sys.exit(main(sys.argv[1:]))
