"""Each element type's stated range and scale (docs/io.md), as the engine parses a
value and as the command line reports a data file's cell: file, row, column, value."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from kaoping.cli import main
from kaoping.engine import ElementType, ValueProblem, parse_value

C, N, A, B = ElementType.COUNT, ElementType.NUMBER, ElementType.AMOUNT, ElementType.BOOL


@pytest.mark.parametrize(
    ("type_", "text", "expected"),
    [
        (C, "0", "0"),
        (C, "1000000000000", "1000000000000"),
        (C, "40.0", "40"),
        (A, "1000000000000", "1000000000000"),
        (A, "0.01", "0.01"),
        (A, "12.50", "12.5"),
        (A, "1,234.56", "1234.56"),
        (N, "99999999999999999999.999999", "99999999999999999999.999999"),
        (N, "-99999999999999999999.999999", "-99999999999999999999.999999"),
        (N, "0.000001", "0.000001"),
        (N, "1.2300000000", "1.23"),
        (N, "1e5", "100000"),
        (B, "是", "1"),
    ],
)
def test_a_value_at_the_edge_of_its_types_range_is_kept_exactly(
    type_: ElementType, text: str, expected: str
) -> None:
    assert parse_value(text, type_) == Decimal(expected)


@pytest.mark.parametrize(
    ("type_", "text", "english"),
    [
        (C, "1000000000001", "'1000000000001' is too large; a count is at most 1000000000000"),
        (C, "99999999999999999999", "is too large; a count is at most 1000000000000"),
        (C, "1e999999999", "is too large; a count is at most 1000000000000"),
        (A, "1000000000000.01", "is too large; an amount is at most 1000000000000"),
        (A, "0.001", "'0.001' has more than 2 decimal places; an amount has at most 2"),
        (A, "-0.5", "'-0.5' is negative; an amount must be 0 or more"),
        (N, "100000000000000000000", "is too large (at most 20 digits before the point)"),
        (N, "0.0000001", "'0.0000001' has more than 6 decimal places; a number has at most 6"),
        (N, "1.0000000000000000000000000000001", "has more than 6 decimal places"),
        (N, "1e-99999999", "has more than 6 decimal places"),
        (B, "2", "is not a yes/no value"),
    ],
)
def test_a_value_outside_its_types_range_is_refused_with_the_reason(
    type_: ElementType, text: str, english: str
) -> None:
    with pytest.raises(ValueProblem, match="^.*" + english.replace("(", r"\(").replace(")", r"\)")):
        parse_value(text, type_)


RUBRIC = """\
kaoping: 1
name: 测试细则
total: 10
elements:
  invited: {label: 应到人数, type: count}
  paid: {label: 发放金额, type: amount, default: 0}
  change: {label: 增减, type: number, default: 0}
items:
  - id: attendance
    title: 到位
    max: 10
    rules:
      - {per_case: invited - invited, deduct: 1}
"""


@pytest.mark.parametrize(
    ("column", "letter", "cell", "english", "chinese"),
    [
        (
            "invited",
            "C",
            "99999999999999999999",
            "is too large; a count is at most 1000000000000",
            "“99999999999999999999”过大，人数/件数最大为1000000000000",
        ),
        (
            "paid",
            "D",
            "10.005",
            "has more than 2 decimal places; an amount has at most 2",
            "“10.005”的小数超过2位，金额最多2位小数",
        ),
        (
            "change",
            "E",
            "0.1234567",
            "has more than 6 decimal places; a number has at most 6",
            "“0.1234567”的小数超过6位，数值最多6位小数",
        ),
    ],
)
def test_the_command_line_names_the_file_row_column_and_value_out_of_range(
    tmp_path: Path, column: str, letter: str, cell: str, english: str, chinese: str
) -> None:
    (tmp_path / "r.yaml").write_text(RUBRIC, encoding="utf-8")
    row = {"invited": "40", "paid": "0", "change": "0"} | {column: cell}
    data = "unit,period,invited,paid,change\nV01,2026Q3,40,0,0\nV02,2026Q3," + ",".join(
        row.values()
    )
    (tmp_path / "d.csv").write_text(data + "\n", encoding="utf-8")
    args = ["score", str(tmp_path / "r.yaml"), str(tmp_path / "d.csv")]
    places = {
        "C.UTF-8": (f"d.csv:3:{letter}({column}): ", english),
        "zh_CN.UTF-8": (f"d.csv第3行{letter}列（{column}）：", chinese),
    }
    for lang, (place, message) in places.items():
        env = {"LANG": lang, "LC_ALL": lang, "LANGUAGE": ""}
        run = CliRunner().invoke(main, args, env=env, catch_exceptions=False)
        assert (run.exit_code, run.stdout) == (2, "")
        assert any(place in x and cell in x and message in x for x in run.stderr.splitlines()), (
            run.stderr
        )
