"""A province's villages rolled up and scored at every level through the command line:
``kaoping score RUBRIC DATA --units UNITS --level L --format csv -o OUT``, as a user
runs it, for L = township, county and city, over four quarters.

    uv run python bench/bench_levels.py [--villages 30000] [--repeat 1]

The province: ``--villages`` villages, 20 to a township, 15 townships to a county,
10 counties to a city; figures from ``bench_score.generate`` (the shipped rubric,
its yes/no elements rolled up as shares), and each township's, county's and city's
own row for what does not add up (统计数据准确率). Whole processes, timed by the operating system's
accounting of each finished child (``os.wait4``): CPU, wall and peak memory, the best
of ``--repeat`` runs, with the machine's load before and after.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

from bench_score import generate, load
from kaoping.engine import parse_rubric
from kaoping.rubrics import default_rubric_text

KAOPING = str(Path(sys.executable).with_name("kaoping"))


def run(cmd: list[str]) -> tuple[float, float, float]:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        err = proc.stderr.read().decode() if proc.stderr else ""
        raise SystemExit(f"{' '.join(cmd)} failed ({status}):\n{err[:2000]}")
    return usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024


def province(folder: Path, villages: int) -> tuple[Path, Path, Path]:
    text = default_rubric_text().replace("type: bool}", "type: bool, rollup: share}")
    rubric = parse_rubric(text, "bench.yaml")
    (folder / "rubric.yaml").write_text(text, encoding="utf-8")
    townships = max(1, villages // 20)
    counties = max(1, townships // 15)
    cities = max(1, counties // 10)
    tree = ["unit,parent,level", "P0,,province"]
    tree += [f"S{c:03d},P0,city" for c in range(cities)]
    tree += [f"C{c:04d},S{c % cities:03d},county" for c in range(counties)]
    tree += [f"T{t:05d},C{t % counties:04d},township" for t in range(townships)]
    tree += [f"V{v:06d},T{v % townships:05d},village" for v in range(villages)]
    (folder / "units.csv").write_text("\n".join(tree) + "\n", encoding="utf-8")
    frames = []
    for q in range(1, 5):
        v = generate(rubric, villages, seed=q).with_columns(
            pl.Series("unit", [f"V{i:06d}" for i in range(villages)]),
            pl.lit(f"2026Q{q}").alias("period"),
        )
        frames.append(v)
        # Each level's own row: what does not add up (统计数据准确率) is its own.
        own = [f"T{i:05d}" for i in range(townships)] + [f"C{i:04d}" for i in range(counties)]
        own += [f"S{i:03d}" for i in range(cities)]
        frames.append(
            generate(rubric, len(own), seed=10 + q).with_columns(
                pl.Series("unit", own), pl.lit(f"2026Q{q}").alias("period")
            )
        )
    pl.concat(frames, how="vertical_relaxed").write_csv(folder / "data.csv")
    return folder / "rubric.yaml", folder / "data.csv", folder / "units.csv"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--villages", type=int, default=30000)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rubric, data, units = province(folder, args.villages)
        rows = len(data.read_text(encoding="utf-8").splitlines()) - 1
        print(f"{args.villages} villages × 4 quarters ({rows} rows); {load()}")
        print(f"{'level':<10} {'CPU s':>7} {'wall s':>7} {'peak MiB':>9} {'units':>6}")
        for level in ("township", "county", "city"):
            out = folder / f"{level}.csv"
            cmd = [KAOPING, "score", str(rubric), str(data), "--units", str(units),
                   "--level", level, "--format", "csv", "-o", str(out)]  # fmt: skip
            best = min((run(cmd) for _ in range(args.repeat)), key=lambda r: r[0])
            scored = len(out.read_text(encoding="utf-8").splitlines()) - 1
            print(f"{level:<10} {best[0]:>7.2f} {best[1]:>7.2f} {best[2]:>9.0f} {scored:>6}")
        print(load())


if __name__ == "__main__":
    main()
