"""Benchmark: read a 100,000-row, 40-column data file (XLSX and CSV) with read_data.

Run: ``uv run python bench/bench_read.py [--rows N] [--keep DIR] [--anchor-units N]``

The file is generated first (not timed): unit, period, name, area and 36
elements of every type, counts as whole numbers, amounts with two decimals,
yes/no as 1/0 in most columns and as 是/否 in one (parsed one by one, the slow
path). Prints seconds, rows per second, cells per second and peak memory of the
read; the figures go to the README.

Then a workbook of ``--anchor-units`` villages (30,000 by default; 0 skips it),
the same columns, read by kaoping (:func:`kaoping.io.read_data`, what the web's
upload reads too) next to its anchor in the same run: python-calamine, the
library kaoping reads workbooks with, taking the same sheet into Python lists
and nothing else. CPU time of this process, best of three, alternating; the
ratio is kaoping / anchor, with the load average beside it.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from kaoping.engine import Element, ElementType
from kaoping.io import read_data

N_ELEMENTS = 36
TYPES = [ElementType.COUNT, ElementType.AMOUNT, ElementType.BOOL, ElementType.NUMBER]


def elements() -> dict[str, Element]:
    found = {}
    for i in range(N_ELEMENTS):
        code = f"e{i:02d}"
        found[code] = Element(code, f"指标{i}", TYPES[i % 4], Decimal(0) if i % 5 == 0 else None)
    return found


def rows(n: int) -> list[list[object]]:
    rnd = random.Random(20260701)
    out: list[list[object]] = []
    for r in range(n):
        row: list[object] = [f"V{r:06d}", "2026Q3", f"第{r}村", f"A{r % 400:03d}"]
        for i in range(N_ELEMENTS):
            t = TYPES[i % 4]
            if t is ElementType.COUNT:
                row.append(rnd.randint(0, 500))
            elif t is ElementType.AMOUNT:
                row.append(rnd.randint(0, 1_000_000) / 100)
            elif t is ElementType.BOOL:
                row.append(rnd.choice(["是", "否"]) if i == 2 else rnd.randint(0, 1))
            else:
                row.append(round(rnd.uniform(-100, 100), 3))
        out.append(row)
    return out


def header() -> list[str]:
    return ["unit", "period", "name", "area", *[f"e{i:02d}" for i in range(N_ELEMENTS)]]


def write_xlsx(path: Path, data: list[list[object]]) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("data")
    sheet.append(header())
    for row in data:
        sheet.append(row)
    workbook.save(path)


def write_csv(path: Path, data: list[list[object]]) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header())
        writer.writerows(data)


def write_long_csv(path: Path, data: list[list[object]], n_rows: int) -> int:
    """The same figures in the long shape, as many units as make ``n_rows`` rows."""
    codes = [f"e{i:02d}" for i in range(N_ELEMENTS)]
    units = -(-n_rows // N_ELEMENTS)
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["unit", "period", "name", "area", "element", "value"])
        for row in data[:units]:
            for code, value in zip(codes, row[4:], strict=True):
                writer.writerow([*row[:4], code, value])
    return units


def timed(path: Path, n: int, label: str = "") -> None:
    start = time.perf_counter()
    dataset = read_data([path], elements())
    seconds = time.perf_counter() - start
    assert dataset.frame.height == n, dataset.frame.height
    width = 6 if label else len(header())
    rows = n * N_ELEMENTS if label else n
    cells = rows * width
    print(
        f"{label or path.suffix[1:]:>9}: {rows} rows x {width} columns in {seconds:.2f} s "
        f"({rows / seconds:,.0f} rows/s, {cells / seconds:,.0f} cells/s), "
        f"file {path.stat().st_size / 1e6:.1f} MB"
    )


def calamine_lists(path: Path) -> int:
    """The anchor: the first sheet's cells as Python lists, as calamine gives them."""
    from python_calamine import CalamineWorkbook

    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
    return len(sheet.to_python(skip_empty_area=False)) - 1


def xlsx_against_anchor(folder: Path, units: int) -> None:
    path = folder / f"villages-{units}.xlsx"
    if not path.exists():
        write_xlsx(path, rows(units))
    best = {"kaoping": 1e9, "calamine": 1e9}
    for _ in range(3):
        start = time.process_time()
        height = read_data([path], elements()).frame.height
        best["kaoping"] = min(best["kaoping"], time.process_time() - start)
        start = time.process_time()
        anchor_rows = calamine_lists(path)
        best["calamine"] = min(best["calamine"], time.process_time() - start)
        assert height == anchor_rows == units, (height, anchor_rows)
    print(
        f"xlsx of {units:,} villages x {N_ELEMENTS} elements "
        f"({path.stat().st_size / 1e6:.1f} MB), CPU best of 3: kaoping {best['kaoping']:.2f} s, "
        f"calamine to lists {best['calamine']:.2f} s, ratio {best['kaoping'] / best['calamine']:.2f}x "
        f"| load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="folder to keep the generated files in")
    parser.add_argument("--anchor-units", type=int, default=30_000)
    parser.add_argument("--only-anchor", action="store_true", help="the anchored xlsx read only")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="kaoping-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    xlsx, csv_path = folder / f"data-{args.rows}.xlsx", folder / f"data-{args.rows}.csv"
    long_path = folder / f"long-{args.rows}.csv"
    units = -(-args.rows // N_ELEMENTS)
    if args.only_anchor:
        xlsx_against_anchor(folder, args.anchor_units)
        return
    if not xlsx.exists() or not csv_path.exists() or not long_path.exists():
        start = time.perf_counter()
        data = rows(args.rows)
        write_xlsx(xlsx, data)
        write_csv(csv_path, data)
        write_long_csv(long_path, data, args.rows)
        print(f"generated in {time.perf_counter() - start:.1f} s (not timed below)")
    timed(csv_path, args.rows)
    timed(xlsx, args.rows)
    timed(long_path, units, "long csv")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of the process: {peak:.0f} MiB")
    if args.anchor_units:
        xlsx_against_anchor(folder, args.anchor_units)


if __name__ == "__main__":
    main()
