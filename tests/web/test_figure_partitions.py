"""Figures carry their report's period, and on PostgreSQL each period's figures
live in a partition of their own (migration 0011, core/partitions.py, ``manage.py
figure_partitions``): the migration keeps every figure and its value, every way
of writing figures gives the period, a figure of a period without a partition
waits in the default one until the command moves it, and a township's quarter
is read from that quarter's partition alone."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import StringIO
from typing import Any

import polars as pl
import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from kaoping.web.assessment import services as assessment
from kaoping.web.core import partitions, services
from kaoping.web.core.models import Figure, Report

pytestmark = pytest.mark.both_databases

D = Decimal
on_postgresql = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="partitions exist on PostgreSQL only"
)

BEFORE = [("kaoping", "0010_report_unit_period")]
AFTER = [("kaoping", "0011_figure_period")]

# (report's period, element, value) as stored before the migration: three
# periods, a NULL, a long decimal, the same element in every period.
ROWS = [
    ("2026Q1", "births", D("12")),
    ("2026Q1", "accuracy", D("0.95")),
    ("2026Q2", "births", D("7")),
    ("2026Q2", "note_only", None),
    ("2026-07", "births", D("3")),
    ("2026-07", "accuracy", D("123456789012.345678")),
]
# Where each period's figures are after the migration, on PostgreSQL.
PARTITION = {
    "2026Q1": "kaoping_figure_p2026q1",
    "2026Q2": "kaoping_figure_p2026q2",
    "2026-07": "kaoping_figure_p2026_07",
}


def _migrate(targets: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _populate(apps: Any) -> dict[int, str]:
    Unit = apps.get_model("kaoping", "Unit")
    township = Unit.objects.create(code="T", name="镇", level="township")
    village = Unit.objects.create(code="V", name="村", level="village", parent=township)
    ds = apps.get_model("kaoping", "DataSet").objects.create(township=township, code="q", name="q")
    Report = apps.get_model("kaoping", "Report")
    period_of = {
        Report.objects.create(dataset=ds, unit=village, period=p).pk: p
        for p in dict.fromkeys(p for p, _e, _v in ROWS)
    }
    report_of = {p: pk for pk, p in period_of.items()}
    Figure = apps.get_model("kaoping", "Figure")
    Figure.objects.bulk_create(
        Figure(report_id=report_of[p], element=e, value=v) for p, e, v in ROWS
    )
    return period_of


def _rows(with_period: bool) -> list[tuple[Any, ...]]:
    columns = "report_id, element, value" + (", period" if with_period else "")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM kaoping_figure")
        return [(r, e, None if v is None else D(str(v)), *rest) for r, e, v, *rest in cursor]


def _where() -> dict[tuple[int, str], str]:
    """(report, element) -> the partition the figure is stored in."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT report_id, element, tableoid::regclass::text FROM kaoping_figure")
        return {(r, e): t for r, e, t in cursor.fetchall()}


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_every_figure_of_three_periods_exactly_and_gives_each_its_period() -> (
    None
):
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        period_of = _populate(_migrate(BEFORE))
        report_of = {p: pk for pk, p in period_of.items()}
        before = sorted(_rows(with_period=False))
        assert len(before) == len(ROWS)

        _migrate(AFTER)
        expected = sorted((report_of[p], e, v, p) for p, e, v in ROWS)
        assert sorted(_rows(with_period=True)) == expected
        if connection.vendor == "postgresql":
            assert _where() == {(report_of[p], e): PARTITION[p] for p, e, _v in ROWS}
            assert partitions.partitions() == {p: name for p, name in PARTITION.items()}

        _migrate(BEFORE)
        assert sorted(_rows(with_period=False)) == before
    finally:
        _migrate(latest)


def _frame(period: str, invited: int) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "unit": ["V2"],
            "period": [period],
            "invited": [D(invited)],
            "attended": [D(invited - 1)],
            "records_ok": [D(1)],
            "accuracy": [D("0.98")],
        }
    )


def _write_every_way(world: Any, period: str) -> None:
    """V1's report by the form's save, V2's by an import, V3's through the ORM
    as a test or a demo writes one (no period given)."""
    admin = world.users["admin"]
    r1 = services.report_for(world.ds, world.v1, period)
    services.save_figures(r1, {"invited": D(40), "attended": D(38)}, user=admin, path="form")
    # A second save updates a figure in place and adds one.
    r1 = Report.objects.get(unit=world.v1, period=period)
    services.save_figures(r1, {"attended": D(39), "records_ok": D(1)}, user=admin, path="form")
    services.import_frame(
        world.ds, period, _frame(period, 20), {"V2": world.v2}, user=admin, path="import"
    )
    # The import again, changing a value: the update of stored figures.
    services.import_frame(
        world.ds, period, _frame(period, 21), {"V2": world.v2}, user=admin, path="import"
    )
    r3 = Report.objects.create(dataset=world.ds, unit=world.v3, period=period)
    Figure.objects.create(report=r3, element="invited", value=D(5))
    Figure.objects.bulk_create([Figure(report_id=r3.pk, element="attended", value=D(4))])


def _values(period: str) -> dict[tuple[str, str], Decimal | None]:
    return {
        (f.report.unit.code, f.element): f.value
        for f in Figure.objects.filter(period=period).select_related("report__unit")
    }


WRITTEN = {
    ("V1", "invited"): D(40),
    ("V1", "attended"): D(39),
    ("V1", "records_ok"): D(1),
    ("V2", "invited"): D(21),
    ("V2", "attended"): D(20),
    ("V2", "records_ok"): D(1),
    ("V2", "accuracy"): D("0.98"),
    ("V3", "invited"): D(5),
    ("V3", "attended"): D(4),
}


def test_every_way_of_writing_a_figure_gives_it_its_reports_period(world: Any) -> None:
    _write_every_way(world, "2026Q3")
    assert _values("2026Q3") == WRITTEN
    assert Figure.objects.count() == len(WRITTEN)
    assert not Figure.objects.exclude(period=F("report__period")).exists()


@on_postgresql
def test_figures_of_a_period_with_a_partition_are_stored_in_it(world: Any) -> None:
    made = partitions.ensure(["2026Q3", "2026Q4"])
    assert made.created == ["2026Q3", "2026Q4"] and made.moved == 0
    _write_every_way(world, "2026Q3")
    assert set(_where().values()) == {"kaoping_figure_p2026q3"}


@on_postgresql
def test_a_new_periods_figures_wait_in_the_default_partition_until_the_command_moves_them(
    world: Any,
) -> None:
    partitions.ensure(["2026Q3"])
    _write_every_way(world, "2026Q3")
    _write_every_way(world, "2031Q1")  # no partition yet
    where = _where()
    q1 = {k for k, t in where.items() if t == "kaoping_figure_default"}
    assert len(q1) == len(WRITTEN)
    assert {t for k, t in where.items() if k not in q1} == {"kaoping_figure_p2026q3"}

    out = StringIO()
    call_command("figure_partitions", stdout=out)
    assert "2031Q1" in out.getvalue() and f"从默认分区移入{len(WRITTEN)}个数值" in out.getvalue()
    after = _where()
    assert {after[k] for k in q1} == {"kaoping_figure_p2031q1"}
    assert "kaoping_figure_default" not in after.values()
    assert _values("2031Q1") == WRITTEN and _values("2026Q3") == WRITTEN

    again = StringIO()
    call_command("figure_partitions", stdout=again)
    assert "新建分区0个（无），从默认分区移入0个数值" in again.getvalue()


def test_the_command_has_nothing_to_do_on_sqlite(db: Any) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's answer")
    out = StringIO()
    call_command("figure_partitions", stdout=out)
    assert out.getvalue().strip() == "数值表未分区（SQLite），无需处理"


def test_the_coming_periods_are_this_quarters_and_the_next_ones_with_their_months_half_and_year() -> (
    None
):
    assert partitions.coming(date(2026, 12, 2)) == [
        "2026", "2026H2", "2026Q4", "2026-10", "2026-11", "2026-12",
        "2027", "2027H1", "2027Q1", "2027-01", "2027-02", "2027-03",
    ]  # fmt: skip
    assert partitions.coming(date(2026, 5, 31), quarters=0) == [
        "2026", "2026H1", "2026Q2", "2026-04", "2026-05", "2026-06",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("period", "name"),
    [
        ("2026Q3", "kaoping_figure_p2026q3"),
        ("2026-07", "kaoping_figure_p2026_07"),
        ("2026H2", "kaoping_figure_p2026h2"),
        ("2026", "kaoping_figure_p2026"),
    ],
)
def test_a_partition_is_named_after_its_period(period: str, name: str) -> None:
    assert partitions.partition_name(period) == name


@on_postgresql
def test_a_townships_quarter_is_read_from_that_quarters_partition_alone(world: Any) -> None:
    partitions.ensure(["2026Q2", "2026Q3", "2026-07"])
    for period in ("2026Q2", "2026Q3"):
        _write_every_way(world, period)
    with CaptureQueriesContext(connection) as queries:
        read = assessment._live_figures([world.v1, world.v2, world.v3], ["2026Q3"])
    assert read[("V2", "2026Q3")]["invited"] == D(21)
    (sql,) = [q["sql"] for q in queries if 'FROM "kaoping_figure"' in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}")
        plan = "\n".join(line for (line,) in cursor.fetchall())
    scanned = {n for n in (*PARTITION.values(), "kaoping_figure_p2026q3") if n in plan}
    assert scanned == {"kaoping_figure_p2026q3"}
    assert "kaoping_figure_default" not in plan


@on_postgresql
def test_an_import_copies_into_its_periods_partition_when_there_is_one_else_into_the_table(
    db: Any,
) -> None:
    partitions.ensure(["2026Q3"])
    assert partitions.table_of("2026Q3") == "kaoping_figure_p2026q3"
    assert partitions.table_of("2031Q1") == "kaoping_figure"  # routed to the default one
    assert partitions.table_of("draft'x") == "kaoping_figure"
