"""Score every village in China (490,000 units) for one quarter with the shipped
rubric, and compare with scoring the same units one by one in plain Python.

    uv run python bench/bench_score.py [--units 490000] [--sample 20000]

The vectorised scorer (``score_frame`` + ``rank_periods``: Polars over exact
decimals) scores all units; the per-unit evaluator (``evaluate_unit``: exact
``Fraction`` arithmetic, rule by rule) scores a sample of them, and its rate is
what it would take for all. Both are timed in this one run; the ratio is the
figure to compare, not the seconds, which depend on the machine.
"""

from __future__ import annotations

import argparse
import resource
import time
from fractions import Fraction

import numpy as np
import polars as pl

from kaoping.cli import default_rubric_text
from kaoping.engine import (
    ElementType,
    Rubric,
    evaluate_unit,
    parse_rubric,
    rank_periods,
    score_frame,
)


def generate(rubric: Rubric, units: int, seed: int = 7) -> pl.DataFrame:
    """Plausible figures that pass the rubric's checks, one row per unit."""
    rng = np.random.default_rng(seed)
    cols: dict[str, object] = {
        "unit": [f"U{i:06d}" for i in range(units)],
        "period": ["2026Q3"] * units,
    }
    for code, e in rubric.elements.items():
        if e.type is ElementType.BOOL:
            cols[code] = (rng.random(units) < 0.85).astype(np.int64)
        elif e.type is ElementType.NUMBER:
            cols[code] = np.where(rng.random(units) < 0.8, 100, rng.integers(90, 100, units))
        else:
            cols[code] = rng.poisson(0.4, units).astype(np.int64)
    invited = rng.integers(20, 200, units)
    cols["sd_invited"] = invited
    cols["sd_attended"] = np.minimum(
        invited, (invited * rng.uniform(0.85, 1.0, units)).round().astype(np.int64)
    )
    births = rng.integers(0, 8, units)
    cols["births"] = births
    cols["births_reported_on_time"] = np.maximum(0, births - rng.poisson(0.2, units))
    due = rng.integers(0, 8, units)
    cols["postpartum_due"] = due
    cols["postpartum_visited"] = np.maximum(0, due - rng.poisson(0.3, units))
    target = rng.integers(10, 80, units)
    cols["screening_target"] = target
    cols["screening_done"] = (target * rng.uniform(0.7, 1.0, units)).round().astype(np.int64)
    cols["other.manual"] = rng.choice([0, 0, 0, 0, 1, 2], units) * 0.5
    df = pl.DataFrame(cols)
    # stat_accuracy is a ratio: percent / 100, exact in decimals.
    dec = pl.Decimal(38, 18)
    return df.with_columns(
        (pl.col("stat_accuracy").cast(dec) / pl.lit(100).cast(dec)).alias("stat_accuracy"),
        pl.col("other.manual").cast(pl.Utf8).cast(dec),
    )


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=490_000)
    parser.add_argument(
        "--sample", type=int, default=20_000, help="units for the per-unit evaluator"
    )
    args = parser.parse_args()

    rubric = parse_rubric(default_rubric_text(), "default.yaml")
    t0 = time.perf_counter()
    frame = generate(rubric, args.units)
    t_gen = time.perf_counter() - t0
    mem_after_gen = peak_mib()

    t0 = time.perf_counter()
    scored = score_frame(rubric, frame)
    ranked = rank_periods(scored.select("unit", "period", "total"), rubric.ranking)
    t_vec = time.perf_counter() - t0
    assert ranked.height == args.units

    sample = frame.head(args.sample)
    codes = [c for c in [*rubric.data_elements(), *rubric.manual_columns] if c in frame.columns]
    rows = sample.select(codes).iter_rows()
    t0 = time.perf_counter()
    totals = []
    for row in rows:
        env = {c: Fraction(v) for c, v in zip(codes, row, strict=True)}
        totals.append(evaluate_unit(rubric, env).total)
    t_unit = time.perf_counter() - t0

    # Same numbers both ways on the sample.
    fast = scored.head(args.sample).get_column("total").to_list()
    assert all(
        abs(Fraction(a) - b) < Fraction(1, 10**15) for a, b in zip(fast, totals, strict=True)
    )

    per_unit_rate = args.sample / t_unit
    vec_rate = args.units / t_vec
    print(f"units                      {args.units:>12,}")
    print(f"generate figures           {t_gen:>12.2f} s")
    print(f"vectorised score + rank    {t_vec:>12.2f} s   {vec_rate:>12,.0f} units/s")
    print(
        f"per-unit exact evaluator   {t_unit:>12.2f} s   {per_unit_rate:>12,.0f} units/s  ({args.sample:,} units)"
    )
    print(
        f"  … for all units          {args.units / per_unit_rate:>12.1f} s (at its measured rate)"
    )
    print(f"ratio (vectorised / per-unit throughput)   {vec_rate / per_unit_rate:>8.1f}x")
    print(
        f"peak memory (process)      {peak_mib():>12,.0f} MiB (after generating: {mem_after_gen:,.0f} MiB)"
    )


if __name__ == "__main__":
    main()
