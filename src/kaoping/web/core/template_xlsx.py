"""The Excel template of a data set and period: one row per unit, one column per element.

Row 1 is a title, row 2 the header in Chinese (单位代码, 单位名称, 期间 and the
elements' labels, which the reader maps back to their codes; an element whose
label is shared by another is headed by its code). The reader skips title rows
above its header, so the filled template reads back as it is.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from kaoping.engine import Period

from .models import DataSet, Unit
from .services import show


def _neutral(text: str) -> str:
    from kaoping.io import neutralise

    return str(neutralise(text))


def build_template(dataset: DataSet, period: str, units: Sequence[Unit]) -> bytes:
    elements = list(dataset.elements.all())
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "填报"
    label = Period.parse(period).label_zh()
    ws.cell(1, 1, _neutral(f"{dataset.name} · {label} · 填报模板（请勿修改第2行的列名）"))
    ws.cell(1, 1).font = Font(bold=True, size=13)
    shared = {e.label for e in elements if sum(1 for o in elements if o.label == e.label) > 1}
    labels = ["单位代码", "单位名称", "期间"] + [
        e.code if (not e.label or e.label in shared) else e.label for e in elements
    ]
    fill = PatternFill("solid", fgColor="F4F0EA")
    for col, lab in enumerate(labels, start=1):
        c = ws.cell(2, col, _neutral(lab))
        c.font = Font(bold=True)
        c.fill = fill
        ws.column_dimensions[get_column_letter(col)].width = max(10, min(28, len(lab) * 2 + 2))
    first, last = 3, 2 + len(units)
    for row, unit in enumerate(units, start=first):
        ws.cell(row, 1, _neutral(unit.code))
        ws.cell(row, 2, _neutral(unit.name))
        ws.cell(row, 3, period)
        for col, e in enumerate(elements, start=4):
            if e.default is not None:
                ws.cell(
                    row,
                    col,
                    int(e.default)
                    if e.default == e.default.to_integral_value()
                    else float(show(e.default)),
                )
    if units:
        yes_no = DataValidation(type="list", formula1='"是,否"', allow_blank=True)
        yes_no.error = "请选择“是”或“否”"
        yes_no.errorTitle = "是/否"
        counts = DataValidation(
            type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True
        )
        counts.error = "人数/件数应为不小于0的整数"
        for col, e in enumerate(elements, start=4):
            letter = get_column_letter(col)
            ref = f"{letter}{first}:{letter}{last}"
            if e.type == "bool":
                yes_no.add(ref)
            elif e.type == "count":
                counts.add(ref)
        ws.add_data_validation(yes_no)
        ws.add_data_validation(counts)
    ws.freeze_panes = "D3"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
