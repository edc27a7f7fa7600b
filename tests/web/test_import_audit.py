"""What an import leaves for a person to read, and for the rules that read the
audit: one import event (who, when, the file and its SHA-256, counts), a change
row only where a value was replaced, one step per report it changed; the
database keeps no per-row foreign-key checks or duplicate indexes on the bulk
tables."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection

from kaoping.web.core import services
from kaoping.web.core.models import FigureChange, FigureImport, Report, ReportEvent

from .test_upload import confirm, upload

# Run on PostgreSQL too (tests/conftest.py): an import writes figures in bulk, by COPY on PostgreSQL.
pytestmark = pytest.mark.both_databases

HEADER = "单位代码,期间,应到人数,实到人数,例会记录规范,统计数据准确率\n"
LINE = "V1,2026Q3,40,38,是,1\n"
D = Decimal


def _import(client: Any, world: Any, body: str, name: str = "x.csv") -> Any:
    page = upload(client, world, (HEADER + body).encode(), name).content.decode()
    assert "确认导入" in page, page
    return confirm(client, world, page)


def _before(world: Any, state: str) -> None:
    """V1's report before the import: none, a draft, or submitted."""
    if state == "none":
        return
    report = services.report_for(world.ds, world.v1, "2026Q3")
    values = {"invited": D(41)} if state == "draft 41" else {}
    if state.startswith("submitted"):
        attended = D(37) if state == "submitted 37" else D(38)
        values = {"invited": D(40), "attended": attended, "records_ok": D(1)}
    services.save_figures(
        report,
        values,
        user=world.users["assessor"],
        path="form",
        submit=state.startswith("submitted"),
    )


@pytest.mark.parametrize(
    ("state", "filled", "replaced", "submitted", "changes", "step"),
    [
        ("none", 4, 0, 1, [], "submit"),
        ("draft 41", 3, 1, 1, [("invited", D(41), D(40))], "submit"),
        ("submitted 38", 1, 0, 0, [], "import"),  # accuracy: 1 by default, now typed
        ("submitted 37", 1, 1, 0, [("attended", D(37), D(38))], "import"),
    ],
)
def test_an_import_records_one_event_and_a_change_row_only_per_replaced_value(
    login: Any,
    world: Any,
    state: str,
    filled: int,
    replaced: int,
    submitted: int,
    changes: list[tuple[str, Decimal, Decimal]],
    step: str,
) -> None:
    _before(world, state)
    typed = FigureChange.objects.count()
    assert _import(login("admin"), world, LINE, "村报.csv").status_code == 302
    record = FigureImport.objects.get()
    body = (HEADER + LINE).encode()
    assert (record.filename, record.sha256, record.user, record.units) == (
        "村报.csv",
        hashlib.sha256(body).hexdigest(),
        world.users["admin"],
        1,
    )
    assert (record.filled, record.replaced, record.submitted) == (filled, replaced, submitted)
    imported = FigureChange.objects.filter(path="import")
    assert [(c.element, c.old_value, c.new_value) for c in imported] == changes
    assert FigureChange.objects.count() == typed + len(changes)
    report = Report.objects.get(unit=world.v1)
    event = ReportEvent.objects.get(figure_import=record)
    assert (event.report, event.action, event.version) == (report, step, report.version)


def test_an_import_that_changes_nothing_leaves_no_step_on_a_submitted_report(
    login: Any, world: Any
) -> None:
    client = login("admin")
    _import(client, world, LINE)
    version = Report.objects.get(unit=world.v1).version
    _import(client, world, LINE)
    second = FigureImport.objects.order_by("id").last()
    assert second is not None
    assert (second.filled, second.replaced, second.submitted) == (0, 0, 0)
    assert not ReportEvent.objects.filter(figure_import=second).exists()
    assert Report.objects.get(unit=world.v1).version == version


@pytest.mark.parametrize("persona", ["admin", "reporter"])
def test_the_units_history_shows_the_import_with_its_file_and_checksum(
    login: Any, world: Any, persona: str
) -> None:
    _import(login("admin"), world, LINE, "东村.csv")
    sha = hashlib.sha256((HEADER + LINE).encode()).hexdigest()
    page = login(persona).get("/units/V1/history/").content.decode()
    assert f"导入文件“东村.csv”（SHA-256 {sha}），本报表改为第1版" in page
    assert "全文件1个单位，新填4项，修改0项" in page


def test_the_history_of_another_township_stays_hidden_from_an_outsider(
    login: Any, world: Any
) -> None:
    _import(login("admin"), world, LINE)
    assert login("outsider").get("/units/V1/history/").status_code == 404


def test_whoever_imported_a_report_may_not_approve_it(login: Any, world: Any) -> None:
    # The admin's import filled every figure without a change row; the import
    # step still names them as the one who prepared the report.
    _import(login("admin"), world, LINE)
    report = Report.objects.get(unit=world.v1)
    with pytest.raises(services.Refused, match="admin录入或修改过数据"):
        services.approve(report, world.users["admin"], version=report.version)
    services.approve(report, world.users["leader"], version=report.version)
    report.refresh_from_db()
    assert report.status == "approved"


def test_a_form_saved_over_an_import_offers_the_choice_instead_of_overwriting(
    login: Any, world: Any
) -> None:
    # The assessor opened the draft at version 1 (invited 41); the import then
    # replaced invited and filled the other three without change rows.
    _before(world, "draft 41")
    _import(login("admin"), world, LINE)
    report = Report.objects.get(unit=world.v1)
    mine = {"invited": D(41), "attended": D(30), "records_ok": D(0), "accuracy": D(1)}
    with pytest.raises(services.Conflict) as raised:
        services.save_figures(
            report, mine, user=world.users["assessor"], path="form", base_version=1
        )
    # invited: left as it was seen, so the import's 40 stays; accuracy: the same.
    assert raised.value.conflicts == {"attended": (D(30), D(38)), "records_ok": (D(0), D(1))}
    assert Report.objects.get(unit=world.v1).values()["attended"] == D(38)


def _constraints(table: str) -> dict[str, Any]:
    with connection.cursor() as cursor:
        return dict(connection.introspection.get_constraints(cursor, table))


@pytest.mark.parametrize(
    ("table", "column"),
    [
        ("kaoping_figure", "report_id"),
        ("kaoping_figurechange", "report_id"),
        ("kaoping_figurechange", "user_id"),
        ("kaoping_reportevent", "report_id"),
        ("kaoping_reportevent", "user_id"),
    ],
)
def test_the_bulk_tables_have_no_per_row_foreign_key_check(
    db: Any, table: str, column: str
) -> None:
    found = [
        name
        for name, c in _constraints(table).items()
        if c["foreign_key"] and c["columns"] == [column]
    ]
    assert found == []


def _indexes(table: str) -> list[list[str]]:
    """Every index of ``table``, the primary key's included, as its columns in
    the index's own order (Django's introspection gives SQLite's key columns in
    the table's order, and omits its key's index)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT array_agg(a.attname ORDER BY k.n) FROM pg_index i"
                " CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, n)"
                " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum"
                " WHERE i.indrelid = %s::regclass GROUP BY i.indexrelid",
                [table],
            )
            return sorted(list(columns) for (columns,) in cursor.fetchall())
        cursor.execute(f"PRAGMA table_info({table})")
        # An INTEGER PRIMARY KEY is the rowid itself: a key without an index to keep up.
        found = [
            [name]
            for _c, name, kind, _n, _d, pk in cursor.fetchall()
            if pk and kind.lower() == "integer"
        ]
        cursor.execute(f"PRAGMA index_list({table})")
        for name in [row[1] for row in cursor.fetchall()]:
            cursor.execute(f"PRAGMA index_info({name})")
            found.append([column for _seq, _cid, column in sorted(cursor.fetchall())])
        return sorted(found)


def _figure_key() -> list[str]:
    """PostgreSQL's key of the partitioned table holds the partition key, the
    period (migration 0011); SQLite's stays (report_id, element)."""
    if connection.vendor == "postgresql":
        return ["report_id", "element", "period"]
    return ["report_id", "element"]


def test_a_figure_is_kept_up_in_one_index_its_key(db: Any) -> None:
    assert _indexes("kaoping_figure") == [_figure_key()]


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ("kaoping_figure", None),  # its key, as above
        (
            "kaoping_figurechange",
            [["id"], ["report_id", "version"], ["user_id"]],
        ),
        (
            "kaoping_reportevent",
            [["figure_import_id"], ["id"], ["report_id"], ["user_id"]],
        ),
        (
            "kaoping_report",
            # (unit, period) serves a village's quarter and its months (migration
            # 0010) and, as its first column, every lookup by unit alone; the
            # unique key, led by (dataset, period), a data set's period
            # (migration 0012: it had an index of its own).
            [
                ["dataset_id", "period", "unit_id"],
                ["id"],
                ["unit_id", "period"],
            ],
        ),
    ],
)
def test_the_bulk_tables_have_no_index_that_another_one_starts_with(
    db: Any, table: str, expected: list[list[str]] | None
) -> None:
    expected = expected or [_figure_key()]
    indexes = _indexes(table)
    assert indexes == expected
    redundant = [(a, b) for a in indexes for b in indexes if a != b and b[: len(a)] == a]
    assert redundant == []
