"""The Polars-free forms a township's scoring uses on the command line give what the
frame forms give: ranks, groups and streaks (``rank_rows`` against
``rank_periods``), and the figures of a plain file (``read_small`` against
``read_data``); the command line scores the demo without importing Polars, nor the
package-metadata reader (``importlib.metadata`` and its ``email`` parser), which
were most of its start-up, nor the engine's and readers' modules it does not use."""

from __future__ import annotations

import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kaoping.engine import Ranking, parse_rubric, rank_periods
from kaoping.engine._figures import rank_rows
from kaoping.io import read_data, read_small
from kaoping.rubrics import default_rubric_text

PERIODS = ["2026Q1", "2026Q2", "2026Q3", "2026Q4"]


@st.composite
def totals(draw: st.DrawFn) -> tuple[list[tuple[str, str, Fraction]], Ranking]:
    units = draw(st.integers(1, 9))
    rows = []
    for p in draw(st.lists(st.sampled_from(PERIODS), min_size=1, max_size=4, unique=True)):
        for u in draw(st.lists(st.integers(0, units), min_size=1, unique=True)):
            # few distinct totals so that ties are common; some a hair apart or a third
            total = Fraction(draw(st.sampled_from(["80", "85", "85.5", "90", "0", "1/3"])))
            total += draw(st.sampled_from([0, 0, 1])) * Fraction(1, 10**18)
            rows.append((f"U{u:02d}", p, total))
    ranking = Ranking(
        order=draw(st.sampled_from(["desc", "asc"])),
        ties=draw(st.sampled_from(["shared", "dense"])),
        top=draw(st.integers(0, 3)),
        bottom=draw(st.integers(0, 3)),
        boundary=draw(st.sampled_from(["include_ties", "exclude_ties"])),
    )
    return draw(st.permutations(rows)), ranking


@settings(max_examples=300, deadline=None)
@given(totals())
def test_rank_rows_gives_what_rank_periods_gives(
    case: tuple[list[tuple[str, str, Fraction]], Ranking],
) -> None:
    from kaoping.engine import to_decimal

    rows, ranking = case
    frame = pl.DataFrame(
        [{"unit": u, "period": p, "total": to_decimal(t)} for u, p, t in rows],
        schema={"unit": pl.Utf8, "period": pl.Utf8, "total": pl.Decimal(38, 18)},
    )
    want = [
        (r["unit"], r["period"], r["rank"], r["group"], r["group_rank"], r["streak"])
        for r in rank_periods(frame, ranking).iter_rows(named=True)
    ]
    got = [
        (r.unit, r.period, r.rank, r.group, r.group_rank, r.streak)
        for r in rank_rows(rows, ranking)
    ]
    assert got == want


def _demo_csv(tmp_path: Path) -> Path:
    from kaoping.demo import build_demo

    township = build_demo()
    path = tmp_path / "data.csv"
    township.frame.write_csv(path)
    return path


def test_read_small_reads_the_demo_as_read_data_does(tmp_path: Path) -> None:
    rubric = parse_rubric(default_rubric_text(), "default.yaml")
    path = _demo_csv(tmp_path)
    full = read_data([path], rubric.data_elements(), rubric.manual_columns).frame
    small = read_small([path], rubric.data_elements(), rubric.manual_columns)
    assert small is not None
    assert small.columns == tuple(full.columns)
    assert [dict(r) for r in small.rows] == list(full.iter_rows(named=True))


HEADER = "unit,period,a,b\n"


@pytest.mark.parametrize(
    ("case", "text"),
    [
        ("a cell that is not a number", HEADER + "V01,2026Q3,x,1\n"),
        ("a negative count", HEADER + "V01,2026Q3,-1,1\n"),
        ("an empty cell of an element without a default", HEADER + "V01,2026Q3,,1\n"),
        ("the same unit twice in a quarter", HEADER + "V01,2026Q3,1,1\nV01,2026Q3,2,1\n"),
        ("a column the rubric does not know", "unit,period,a,b,zz\nV01,2026Q3,1,1,1\n"),
        ("long data", "unit,period,element,value\nV01,2026Q3,a,1\nV01,2026Q3,b,1\n"),
        ("a period that is a month typed as a date", HEADER + "V01,2026-07-01,1,1\n"),
        ("a half-year, which no file reports figures for", HEADER + "V01,2026H1,1,1\n"),
        ("more rows than a township has", HEADER + "V01,2026Q3,1,1\n" * 1),
    ],
)
def test_read_small_leaves_anything_unusual_to_read_data(
    tmp_path: Path, case: str, text: str
) -> None:
    rubric = parse_rubric(
        "kaoping: 1\nname: t\ntotal: 10\n"
        "elements:\n  a: {label: 甲, type: count}\n  b: {label: 乙, type: count}\n"
        "items:\n  - {id: x, title: x, max: 10, rules: [{per_case: a + b, deduct: 1}]}\n",
        "t.yaml",
    )
    path = tmp_path / "data.csv"
    path.write_text(text, encoding="utf-8")
    limit = 0 if case.startswith("more rows") else 1000
    got = read_small([path], rubric.data_elements(), rubric.manual_columns, max_rows=limit)
    assert got is None, case


HEAVY = (
    "polars",
    "numpy",
    "importlib.metadata",
    "email",
    # Read through importlib.resources, the shipped rubric brought zipfile, tempfile
    # and shutil; a CSV opens no zip either.
    "importlib.resources",
    "zipfile",
    # What a township's quarters never use: the year's rule, the unit tree, the
    # vectorised scorer, escalation, what-ifs, the people and units files' readers,
    # and "did you mean" for a misspelt role.
    "kaoping.engine._annual",
    "kaoping.engine._levels",
    "kaoping.engine._bulk",
    "kaoping.engine._escalation",
    "kaoping.engine._whatif",
    "kaoping.io._people_file",
    "kaoping.io._units_file",
    "difflib",
)


def test_the_command_line_scores_a_township_without_its_heavy_imports(tmp_path: Path) -> None:
    path = _demo_csv(tmp_path)
    code = (
        "import sys\n"
        "from kaoping.cli import main\n"
        f"sys.argv = ['kaoping', 'score', 'default', {str(path)!r}, '--format', 'json']\n"
        "try:\n    main()\nexcept SystemExit as e:\n    assert e.code == 0, e.code\n"
        f"print([m for m in {HEAVY!r} if m in sys.modules], file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stderr.strip().splitlines()[-1] == "[]"
    assert '"rank": 1' in done.stdout
