"""Score and rank every village in China (490,000 units) for one quarter with the
shipped rubric, next to the floors it is measured against, in the same run.

    uv run python bench/bench_score.py [--sizes 49000,163000,490000] [--repeat 3]

For each size, on the same figures:

- ``score_frame + rank_periods``: kaoping's vectorised scorer (exact integers) and
  ranking, every node score, bonus, deductions and total as Decimal(38, 18);
- ``score_frame(total) + rank_periods``: the same asked for the total only (the
  columns a ranking reads), against anchor (a);
- anchor (a): a hand-written exact-integer Polars form of the rubric (``anchors.py``),
  the total and rank; (a') the same writing every node score, bonus and deductions as
  Decimal(38, 18) too, which is what ``score_frame`` returns;
- anchor (b): the same rubric as one DuckDB SQL query, exact, over a DuckDB table;
- anchor (c): one scan of every figure column (a sum of each), the floor of reading.

CPU time (``time.process_time``, all threads of the process) and wall time, the best
of ``--repeat`` runs; the ratios to kaoping are the figures to compare, not the
seconds, which move with the machine's load (printed before and after). The totals
and ranks of every form are checked equal to kaoping's.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import polars as pl

from anchors import duckdb_query, load_duckdb, polars_integers
from kaoping.engine import ElementType, Rubric, parse_rubric, rank_periods, score_frame
from kaoping.rubrics import default_rubric_text


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
    attended = np.minimum(
        invited, (invited * rng.uniform(0.85, 1.0, units)).round().astype(np.int64)
    )
    cols["sd_invited"], cols["sd_attended"] = invited, attended
    if "sd_declined" in rubric.elements:  # the shared example's rubric: a person's "no"
        cols["sd_declined"] = np.minimum(invited - attended, rng.poisson(0.5, units))
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


def measure(fn: Callable[[], object], repeat: int) -> tuple[float, float, object]:
    """(best CPU seconds, best wall seconds, the last result)."""
    cpu, wall, out = [], [], None
    for _ in range(repeat):
        c0, w0 = time.process_time(), time.perf_counter()
        out = fn()
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - w0)
    return min(cpu), min(wall), out


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f} on {os.cpu_count()} cores"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--sizes", default="49000,163000,490000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rubric", type=Path, help="a rubric file (default: the shipped one)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    text = args.rubric.read_text(encoding="utf-8") if args.rubric else default_rubric_text()
    rubric = parse_rubric(text, str(args.rubric or "default.yaml"))
    print(f"before: {load()}")
    header = f"{'units':>9}  {'form':<34}{'CPU s':>8}{'wall s':>8}{'CPU ratio':>11}"
    print(header)
    rows: list[tuple[int, str, float, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for units in sizes:
            frame = generate(rubric, units)
            figures = [c for c in frame.columns if c not in ("unit", "period")]
            con = load_duckdb(frame, Path(tmp))
            sql = duckdb_query(frame.columns)

            def kaoping(frame: pl.DataFrame = frame) -> pl.DataFrame:
                scored = score_frame(rubric, frame)
                return rank_periods(scored.select("unit", "period", "total"), rubric.ranking)

            def kaoping_total(frame: pl.DataFrame = frame) -> pl.DataFrame:
                scored = score_frame(rubric, frame, columns=["total"])
                return rank_periods(scored.select("unit", "period", "total"), rubric.ranking)

            def duck(con: object = con, sql: str = sql) -> pl.DataFrame:
                con.execute(sql)  # type: ignore[attr-defined]
                rows = con.execute("SELECT unit, total, rank FROM result").fetchall()  # type: ignore[attr-defined]
                return pl.DataFrame(rows, schema=["unit", "total", "rank"], orient="row")

            def scan(frame: pl.DataFrame = frame, figures: list[str] = figures) -> pl.DataFrame:
                return frame.select(pl.col(c).sum() for c in figures)

            def anchor(frame: pl.DataFrame = frame) -> pl.DataFrame:
                return polars_integers(frame)

            def anchor_scores(frame: pl.DataFrame = frame) -> pl.DataFrame:
                return polars_integers(frame, scores=True)

            forms: list[tuple[str, Callable[[], object]]] = [
                ("score_frame + rank_periods", kaoping),
                (TOTAL_ONLY, kaoping_total),
                ("(a) hand-written exact-integer Polars", anchor),
                ("(a') the same, writing every score", anchor_scores),
                ("(b) one DuckDB SQL query", duck),
                ("(c) one scan of every column", scan),
            ]
            results: dict[str, object] = {}
            base = 0.0
            for name, fn in forms:
                cpu, wall, out = measure(fn, args.repeat)
                results[name] = out
                base = base or cpu
                rows.append((units, name, cpu, wall))
                print(f"{units:>9,}  {name:<34}{cpu:>8.3f}{wall:>8.3f}{cpu / base:>10.2f}x")
            _check_same(results)
            _ratios(rows, units)
            con.close()  # type: ignore[attr-defined]
    print(f"after: {load()}")
    _scaling(rows, sizes)


TOTAL_ONLY = "score_frame(total) + rank_periods"
PAIRS = (
    ("score_frame + rank_periods", "(a') the same, writing every score"),
    (TOTAL_ONLY, "(a) hand-written exact-integer Polars"),
    ("score_frame + rank_periods", "(b) one DuckDB SQL query"),
    (TOTAL_ONLY, "(b) one DuckDB SQL query"),
)


def _ratios(rows: list[tuple[int, str, float, float]], units: int) -> None:
    """kaoping's CPU over each anchor doing the same work (goal: at most 1.0 against
    the Polars anchors, at most 0.5 against DuckDB)."""
    cpu = {n: c for u, n, c, _ in rows if u == units}
    for ours, anchor in PAIRS:
        print(f"{'':>11}{ours} / {anchor}: {cpu[ours] / cpu[anchor]:.2f}")


def _check_same(results: dict[str, object]) -> None:
    """Every form gives kaoping's totals (to the 18th decimal) and ranks, in its order."""
    ours = results["score_frame + rank_periods"]
    assert isinstance(ours, pl.DataFrame)
    want = ours.select(
        "unit", total=pl.col("total").cast(pl.Decimal(38, 18)).to_physical(), rank=pl.col("rank")
    )
    total_only = results[TOTAL_ONLY]
    assert isinstance(total_only, pl.DataFrame)
    assert total_only.equals(ours), f"{TOTAL_ONLY} disagrees with score_frame"
    for name in (
        "(a) hand-written exact-integer Polars",
        "(a') the same, writing every score",
        "(b) one DuckDB SQL query",
    ):
        got = results[name]
        assert isinstance(got, pl.DataFrame)
        got = got.select("unit", pl.col("total").cast(pl.Int128), pl.col("rank").cast(pl.Int64))
        assert got.equals(want), f"{name} disagrees with score_frame"


def _scaling(rows: list[tuple[int, str, float, float]], sizes: list[int]) -> None:
    """CPU per unit at each size: flat means linear."""
    if len(sizes) < 2:
        return
    print("CPU µs per unit by size (flat = linear):")
    names = list(dict.fromkeys(r[1] for r in rows))
    print(f"  {'form':<38}" + "".join(f"{s:>10,}" for s in sizes))
    for name in names:
        per = {u: cpu / u * 1e6 for u, n, cpu, _ in rows if n == name}
        print(f"  {name:<38}" + "".join(f"{per[s]:>10.2f}" for s in sizes))


if __name__ == "__main__":
    main()
