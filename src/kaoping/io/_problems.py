"""Problems found in a data or people file, reported all at once."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DataFileError", "DataProblem"]

# A file with thousands of bad cells still gets all of them in ``.problems``;
# only the text of the exception is shortened so that a terminal stays readable.
_SHOWN = 50


@dataclass(frozen=True)
class DataProblem:
    """One bad cell, row, column or missing combination of a data file.

    ``row`` is the row number a spreadsheet shows (the header is row 1); it is
    ``None`` when the problem is a combination that no row gives (a missing value
    in long data) or a whole file. ``column`` is the header text; ``letter`` the
    spreadsheet column letter (xlsx and csv alike, ``None`` for a missing column).
    ``sheet`` names the sheet the row is on when the workbook has more than one
    (only the first is read: WPS Office and old templates add ``Sheet2``,
    ``Sheet3``); ``None`` for a CSV, a one-sheet workbook or a whole file.
    """

    file: str
    row: int | None
    column: str | None
    value: str | None
    message: str
    message_zh: str
    letter: str | None = None
    sheet: str | None = None

    @property
    def place(self) -> str:
        parts = [self.file if self.sheet is None else f"{self.file} (sheet {self.sheet})"]
        if self.row is not None:
            parts.append(str(self.row))
        if self.column is not None:
            parts.append(f"{self.letter}({self.column})" if self.letter else self.column)
        return ":".join(parts)

    @property
    def place_zh(self) -> str:
        text = f"文件{self.file}"
        if self.sheet is not None:
            text += f"工作表“{self.sheet}”"
        if self.row is not None:
            text += f"第{self.row}行"
        if self.column is not None:
            text += f"{self.letter}列（{self.column}）" if self.letter else f"“{self.column}”列"
        return text

    def __str__(self) -> str:
        return f"{self.place}: {self.message}"

    def format_zh(self) -> str:
        return f"{self.place_zh}：{self.message_zh}"


class DataFileError(Exception):
    """Every problem of the files read; nothing was read when this is raised."""

    def __init__(self, problems: list[DataProblem]) -> None:
        self.problems = problems
        lines = [str(p) for p in problems[:_SHOWN]]
        if len(problems) > _SHOWN:
            lines.append(f"... and {len(problems) - _SHOWN} more problems")
        super().__init__("\n".join(lines))

    def format_zh(self) -> str:
        """All problems in Chinese, one a line (the first 50, then a count)."""
        lines = [p.format_zh() for p in self.problems[:_SHOWN]]
        if len(self.problems) > _SHOWN:
            lines.append(f"……另有{len(self.problems) - _SHOWN}个问题")
        return "\n".join(lines)
