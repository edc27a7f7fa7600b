"""The expression language: precedence, undefined figures, three-valued logic, errors."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import polars as pl
import pytest

from kaoping.engine import ExprError, parse_expr

ENV = {"a": Fraction(6), "b": Fraction(3), "z": Fraction(0), "t": Fraction(1), "f": Fraction(0)}
U = None  # undefined


@pytest.mark.parametrize(
    ("source", "value"),
    [
        ("a + b * 2", Fraction(12)),
        ("(a + b) * 2", Fraction(18)),
        ("a / b / 2", Fraction(1)),
        ("-a + 10", Fraction(4)),
        ("a / 4", Fraction(3, 2)),
        ("0.1 + 0.2 == 0.3", True),  # exact: no binary floating point
        ("a > b and b > z", True),
        ("not a > b", False),  # not binds looser than a comparison
        ("t or f and f", True),  # and binds tighter than or
        ("min(a, b, 4) + max(z, 1)", Fraction(4)),
        ("abs(z - a)", Fraction(6)),
        ("if(a > b, a, b)", Fraction(6)),
        # undefined: a division by zero, and what it does around it
        ("a / z", U),
        ("a / z + 1", U),
        ("a / z > 1", U),
        ("min(a / z, 1)", U),
        ("f and a / z > 1", False),  # false and undefined is false
        ("t or a / z > 1", True),  # true or undefined is true
        ("t and a / z > 1", U),
        ("not a / z > 1", U),
        ("if(z > 0, a / z, 0)", Fraction(0)),  # the branch not taken is not evaluated
        ("if(a / z > 1, 1, 2)", U),
    ],
)
def test_expressions_evaluate_exactly(source: str, value: Fraction | bool | None) -> None:
    assert parse_expr(source).evaluate(ENV) == value


@pytest.mark.parametrize(
    ("source", "message", "pos"),
    [
        ("a +", "expression ends too early", 3),
        ("(a + b", "expected ')'", 6),
        ("a < b < c", "comparisons cannot be chained", 6),
        ("sqrt(a)", "unknown function 'sqrt'", 0),
        ("a $ b", "unexpected character '$'", 2),
        ("abs(a, b)", "abs() takes 1 argument(s), not 2", 0),
        ("if(a, b)", "if() takes 3 argument(s), not 2", 0),
        ("", "empty expression", 0),
        ("a b", "unexpected 'b'", 2),
    ],
)
def test_syntax_errors_have_a_position(source: str, message: str, pos: int) -> None:
    with pytest.raises(ExprError) as err:
        parse_expr(source)
    assert message in str(err.value)
    assert err.value.pos == pos


@pytest.mark.parametrize(
    "source",
    [
        "a + b * 2",
        "a / z",
        "f and a / z > 1",
        "t or a / z > 1",
        "if(z > 0, a / z, 0)",
        "min(a, b / z)",
        "not t",
    ],
)
def test_polars_compilation_agrees_with_exact_evaluation(source: str) -> None:
    dec = pl.Decimal(38, 18)
    frame = pl.DataFrame(
        {k: [Decimal(int(v))] for k, v in ENV.items()}, schema={k: dec for k in ENV}
    )
    compiled = parse_expr(source).to_polars(pl.col, lambda d: pl.lit(d, dtype=dec))
    got = frame.select(compiled.expr.alias("x")).item()
    want = parse_expr(source).evaluate(ENV)
    if want is None or isinstance(want, bool):
        assert got == want
    else:
        assert Fraction(got) == want


def test_names_lists_the_elements_an_expression_reads() -> None:
    assert list(parse_expr("if(x > 0, y / x, other.manual)").names()) == [
        "x",
        "y",
        "x",
        "other.manual",
    ]
