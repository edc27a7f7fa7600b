"""The database column of a reported figure: an exact decimal on every database."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import models

from kaoping.engine import FIGURE_DIGITS, FIGURE_PLACES, format_exact


class FigureField(models.DecimalField):
    """A figure as typed, never a binary float.

    PostgreSQL's ``numeric`` is exact. SQLite has no decimal type: Django's
    DecimalField gets NUMERIC affinity there, which turns ``99999999999999999999``
    into the float ``1e20``. So on SQLite the column is text holding the canonical
    digits (``0.95``, ``40``, never ``4E+1``), which makes equal values equal
    strings for lookups. Nothing sums or orders these columns in SQL: on SQLite
    that would go through floats again, so sums are done on the decoded values.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", FIGURE_DIGITS)
        kwargs.setdefault("decimal_places", FIGURE_PLACES)
        super().__init__(*args, **kwargs)

    def get_internal_type(self) -> str:
        # Not "DecimalField": SQLite's converter for that reads floats.
        return "FigureField"

    def db_type(self, connection: Any) -> str:
        if connection.vendor == "sqlite":
            return "text"
        return f"numeric({self.max_digits}, {self.decimal_places})"

    def get_db_prep_value(self, value: Any, connection: Any, prepared: bool = False) -> Any:
        if hasattr(value, "as_sql"):
            return value  # an expression, e.g. the CASE of a bulk update
        value = self.to_python(value)
        if value is None:
            return None
        if connection.vendor == "sqlite":
            return format_exact(value)
        return value

    def get_db_prep_save(self, value: Any, connection: Any) -> Any:
        return self.get_db_prep_value(value, connection)

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Decimal | None:
        if value is None:
            return None
        if isinstance(value, Decimal):
            # PostgreSQL's numeric(…, 6) answers 38.000000 for the 38 that was typed;
            # read back what SQLite's canonical text holds, so that a figure is the
            # same Decimal, and shows the same, on either database.
            return Decimal(format_exact(value))
        # Text on SQLite; an int or a float only in a row written before the migration.
        return Decimal(str(value))


def figures_as_text(table: str, *columns: str) -> Any:
    """A migration step that rewrites SQLite's old NUMERIC figures as canonical text.

    Rebuilding the table for the text column already turned every stored number
    into SQLite's own text for it (``40``, ``0.95``, ``1.0e+20``); a non-integer
    there was a binary float, so it is read back as the shortest decimal that
    float stands for, which is what was typed whenever it had 15 digits or fewer.
    """
    from django.db import migrations

    def forwards(apps: Any, schema_editor: Any) -> None:
        connection = schema_editor.connection
        if connection.vendor != "sqlite":
            return
        q = connection.ops.quote_name
        with connection.cursor() as cursor:
            for column in map(q, columns):
                cursor.execute(f"SELECT id, {column} FROM {q(table)} WHERE {column} IS NOT NULL")
                rows = [(_canonical(str(v)), pk) for pk, v in cursor.fetchall()]
                cursor.executemany(f"UPDATE {q(table)} SET {column} = %s WHERE id = %s", rows)

    return migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False)


def _canonical(text: str) -> str:
    if text.lstrip("-").isdigit():
        return format_exact(Decimal(text))
    return format_exact(Decimal(repr(float(text))))
