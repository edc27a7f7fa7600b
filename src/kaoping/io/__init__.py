"""Reading data and people files (CSV, XLSX, XLS, ODS) and writing tables for filing.

- :func:`read_data`: units' figures, wide or long, into the engine's frame;
- :func:`read_fast`: a province's clean CSV files in bulk (``None`` when ``read_data``
  must read them);
- :func:`read_small`: a township's plain wide file as the engine's ``Figures``,
  without Polars (``None`` when ``read_data`` must read it);
- :func:`read_people`: who held which role when, for consequences;
- :func:`read_units`: the tree of units, for scoring at any level;
- :func:`write_xlsx`, :func:`write_csv`, :func:`neutralise`: tables Excel opens safely.

Every problem of a file is reported at once in a :class:`DataFileError`, with file,
row, column and value; nothing is returned while any exists.
"""

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._data import DECIMAL, DataSet, read_data
    from ._fast import read_fast
    from ._headers import HEADER_ALIASES, header_kind, is_data_header
    from ._people_file import PEOPLE_HEADERS, parse_date, read_people
    from ._problems import DataFileError, DataProblem
    from ._small import read_small
    from ._tables import (
        MAX_CSV_BYTES,
        MAX_ROWS,
        MAX_XLSX_RATIO,
        MAX_XLSX_UNCOMPRESSED,
        SUFFIXES,
        RawTable,
        read_table,
    )
    from ._units_file import UNITS_HEADERS, read_units
    from ._write import neutralise, round2, text_width, write_csv, write_csv_frame, write_xlsx

# Every module loads on first use of one of its names (PEP 562): the full reader
# builds Polars frames, so that a township's file read by read_small costs no Polars
# import, and the people and units files' readers are loaded only when given.
_LAZY = {
    "HEADER_ALIASES": "_headers",
    "header_kind": "_headers",
    "is_data_header": "_headers",
    "PEOPLE_HEADERS": "_people_file",
    "parse_date": "_people_file",
    "read_people": "_people_file",
    "DataFileError": "_problems",
    "DataProblem": "_problems",
    "read_small": "_small",
    "MAX_CSV_BYTES": "_tables",
    "MAX_ROWS": "_tables",
    "MAX_XLSX_RATIO": "_tables",
    "MAX_XLSX_UNCOMPRESSED": "_tables",
    "SUFFIXES": "_tables",
    "RawTable": "_tables",
    "read_table": "_tables",
    "UNITS_HEADERS": "_units_file",
    "read_units": "_units_file",
    "neutralise": "_write",
    "round2": "_write",
    "text_width": "_write",
    "write_csv": "_write",
    "write_csv_frame": "_write",
    "write_xlsx": "_write",
    "DECIMAL": "_data",
    "DataSet": "_data",
    "read_data": "_data",
    "read_fast": "_fast",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "DECIMAL",
    "HEADER_ALIASES",
    "MAX_CSV_BYTES",
    "MAX_ROWS",
    "MAX_XLSX_RATIO",
    "MAX_XLSX_UNCOMPRESSED",
    "PEOPLE_HEADERS",
    "SUFFIXES",
    "UNITS_HEADERS",
    "DataFileError",
    "DataProblem",
    "DataSet",
    "RawTable",
    "header_kind",
    "is_data_header",
    "neutralise",
    "parse_date",
    "read_data",
    "read_fast",
    "read_people",
    "read_small",
    "read_table",
    "read_units",
    "round2",
    "text_width",
    "write_csv",
    "write_csv_frame",
    "write_xlsx",
]
