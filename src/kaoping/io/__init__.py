"""Reading data and people files (CSV, XLSX, XLS, ODS) and writing tables for filing.

- :func:`read_data`: units' figures, wide or long, into the engine's frame;
- :func:`read_people`: who held which role when, for consequences;
- :func:`write_xlsx`, :func:`write_csv`, :func:`neutralise`: tables Excel opens safely.

Every problem of a file is reported at once in a :class:`DataFileError`, with file,
row, column and value; nothing is returned while any exists.
"""

from ._data import DECIMAL, HEADER_ALIASES, DataSet, header_kind, is_data_header, read_data
from ._people_file import PEOPLE_HEADERS, parse_date, read_people
from ._problems import DataFileError, DataProblem
from ._tables import (
    MAX_CSV_BYTES,
    MAX_ROWS,
    MAX_XLSX_RATIO,
    MAX_XLSX_UNCOMPRESSED,
    SUFFIXES,
    RawTable,
    read_table,
)
from ._write import neutralise, round2, text_width, write_csv, write_xlsx

__all__ = [
    "DECIMAL",
    "HEADER_ALIASES",
    "MAX_CSV_BYTES",
    "MAX_ROWS",
    "MAX_XLSX_RATIO",
    "MAX_XLSX_UNCOMPRESSED",
    "PEOPLE_HEADERS",
    "SUFFIXES",
    "DataFileError",
    "DataProblem",
    "DataSet",
    "RawTable",
    "header_kind",
    "is_data_header",
    "neutralise",
    "parse_date",
    "read_data",
    "read_people",
    "read_table",
    "round2",
    "text_width",
    "write_csv",
    "write_xlsx",
]
