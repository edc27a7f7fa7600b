"""A province's file through the command line: ``kaoping score default DATA --format
csv -o OUT`` as a user runs it, next to the same rubric as one exact DuckDB query
from the same CSV file to a CSV file, in the same run, at three sizes.

    uv run python bench/bench_province.py [--sizes 10000,30000,100000] [--repeat 3]

Both are whole processes (Python started, libraries imported, the file read,
scored, ranked and written), timed by the operating system's accounting of each
finished child (``os.wait4``): CPU (user + system, all threads), wall and peak
memory; the best of ``--repeat`` runs. The ratio kaoping / DuckDB is the figure
to compare; the seconds move with the machine's load (printed before and after).
The totals (as written, two decimals) and ranks of both are checked equal.
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import polars as pl

from anchors import duckdb_query
from bench_score import generate, load
from kaoping.engine import parse_rubric
from kaoping.rubrics import default_rubric_text

KAOPING = [str(Path(sys.executable).with_name("kaoping"))]

# The anchor: DuckDB reads the CSV (exact decimals where the file has them), runs the
# rubric as one SQL query (anchors.DUCKDB_SQL) and writes the ranking as CSV.
DUCK = """
import sys, duckdb
data, out, sql = sys.argv[1], sys.argv[2], open(sys.argv[3], encoding="utf-8").read()
con = duckdb.connect()
con.execute(
    "CREATE TABLE figures AS SELECT * FROM read_csv(?, header = true, "
    "types = {'stat_accuracy': 'DECIMAL(38,18)', 'other.manual': 'DECIMAL(38,18)'})",
    [data],
)
con.execute(sql)
con.execute(f"COPY (SELECT rank, unit, total FROM result) TO '{out}' (HEADER, DELIMITER ',')")
"""


def run(cmd: list[str]) -> tuple[float, float, float]:
    """(CPU s, wall s, peak MiB) of one finished process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode() if proc.stderr else ""
    if status != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({status}):\n{err}")
    return usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024


def best(cmd: list[str], repeat: int) -> tuple[float, float, float]:
    runs = [run(cmd) for _ in range(repeat)]
    return min(r[0] for r in runs), min(r[1] for r in runs), max(r[2] for r in runs)


def _check_same(ours: Path, duck: Path) -> None:
    """Same units in the same order, same ranks, same totals as written."""
    with open(ours, encoding="utf-8-sig", newline="") as f:
        mine = [(r["单位代码"], int(r["名次"]), Decimal(r["总分"])) for r in csv.DictReader(f)]
    with open(duck, encoding="utf-8", newline="") as f:
        theirs = [
            (
                r["unit"],
                int(r["rank"]),
                (Decimal(r["total"]) / 10**18).quantize(Decimal("0.01"), ROUND_HALF_UP),
            )
            for r in csv.DictReader(f)
        ]
    assert len(mine) == len(theirs), (len(mine), len(theirs))
    for a, b in zip(mine, theirs, strict=True):
        assert a == b, (a, b)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,30000,100000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    rubric = parse_rubric(default_rubric_text(), "default.yaml")
    print(f"before: {load()}")
    print(
        f"{'villages':>9}  {'form':<38}{'CPU s':>8}{'wall s':>8}{'peak MiB':>10}{'CPU ratio':>11}"
    )
    per_unit: list[tuple[int, float, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        where = Path(tmp)
        for units in sizes:
            frame = generate(rubric, units)
            data = where / f"province-{units}.csv"
            frame.with_columns(pl.col(pl.Decimal).cast(pl.Utf8)).write_csv(data)
            sql = where / "rubric.sql"
            sql.write_text(duckdb_query(frame.columns), encoding="utf-8")
            ours, duck = where / "kaoping.csv", where / "duckdb.csv"
            k = best([*KAOPING, "score", "default", str(data), "--format", "csv", "-o", str(ours)],
                     args.repeat)  # fmt: skip
            d = best([sys.executable, "-c", DUCK, str(data), str(duck), str(sql)], args.repeat)
            _check_same(ours, duck)
            print(f"{units:>9,}  {'kaoping score --format csv':<38}{k[0]:>8.3f}{k[1]:>8.3f}"
                  f"{k[2]:>10.0f}{k[0] / d[0]:>10.2f}x")  # fmt: skip
            print(f"{units:>9,}  {'one DuckDB query, CSV to CSV':<38}{d[0]:>8.3f}{d[1]:>8.3f}"
                  f"{d[2]:>10.0f}{1:>10.2f}x")  # fmt: skip
            per_unit.append((units, k[0], d[0]))
    print(f"after: {load()}")
    print("CPU µs per village by size (flat = linear):")
    print("  kaoping " + "".join(f"{u:>9,}: {c / u * 1e6:7.1f}" for u, c, _ in per_unit))
    print("  DuckDB  " + "".join(f"{u:>9,}: {c / u * 1e6:7.1f}" for u, _, c in per_unit))


if __name__ == "__main__":
    main()
