"""``kaoping report bulletin|summary``: the Word documents from the command line."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import click

from .errors import fail, guarded, require_extra, say, warn
from .inputs import (
    check_level,
    gather,
    load_data,
    load_people,
    load_rubric,
    load_units,
    run_assessment,
)

__all__ = ["report"]


def _when(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        fail(
            [
                say(
                    f"--date {text}: not a date (use 2026-10-08)",
                    f"--date {text}：不是日期（如 2026-10-08）",
                )
            ]
        )


def _period(assessment: Any, text: str | None) -> Any:
    from ..engine import Period, PeriodError

    if text is None:
        if not assessment.periods:
            fail([say("the data holds no rows to report", "数据中没有可用的行")])
        return assessment.latest.period
    try:
        return Period.parse(text)
    except PeriodError as err:
        fail([f"--period: {err}"])


def _output(path: str) -> Path:
    out = Path(path)
    if out.suffix.lower() != ".docx":
        fail(
            [
                say(
                    f"-o {path}: the document is Word, name it .docx",
                    f"-o {path}：文档为 Word 格式，文件名应以 .docx 结尾",
                )
            ]
        )
    if not out.parent.is_dir():
        fail(
            [
                say(
                    f"-o {path}: no such folder {out.parent}",
                    f"-o {path}：文件夹 {out.parent} 不存在",
                )
            ]
        )
    return out


def _document_level(units: str | None, level: str | None) -> tuple[Any, str, str]:
    """The units tree, the level ranked (``village`` without ``--level``) and the
    documents' words for it (kaoping.documents LEVELS: counties under a city are
    the city's, 全市, as the web's city says), refused before any work when the
    documents have no words for that level."""
    from ..documents import LEVELS, for_tree
    from ..engine import LEVELS as TREE_LEVELS

    tree = load_units(units)
    code = check_level(level, tree)
    if code is None:
        return None, "village", "village"
    if code not in LEVELS:
        fail(
            [
                say(
                    f"--level {level}: the documents are written for villages, townships "
                    f"or counties (a county's bulletin of its townships: --level township)",
                    f"--level {level}：文档目前只按村（居）、乡镇或县（市、区）编写"
                    "（县对乡镇的通报：--level township）",
                )
            ]
        )
    top = min((u.level for u in tree.units.values()), key=TREE_LEVELS.index, default=None)
    return tree, code, for_tree(code, top)


def _prepare(
    kind: str, rubric: str, data: tuple[str, ...], people: str | None, period: str | None,
    tree: Any = None, level: str = "village",
) -> tuple[Any, Any, Any, Any]:  # fmt: skip
    """The assessment the document reports, with the period, the people and the
    figures it was scored on; with a units ``tree``, the units of ``level`` scored on
    figures rolled up from below as ``kaoping score --units --level`` scores them."""
    from ..documents import document_warnings

    r = load_rubric(rubric)
    if tree is None:
        frame = load_data(r, data)
        holders = load_people(people)
        assessment = run_assessment(r, frame, holders)
    else:
        figures = load_data(r, data, by_level=True)
        r, frame, one_by_one = gather(r, figures, tree, level)
        holders = load_people(people)
        assessment = run_assessment(r, frame, holders, gathered=one_by_one)
    p = _period(assessment, period)
    for w in document_warnings(assessment, p, holders, kind):
        warn(say(f"warning: {w.message}", f"警告：{w.message_zh}"))
    return assessment, p, holders, frame


def _prepare_period(
    rubric: str, data: tuple[str, ...], people: str | None, period: str | None,
    tree: Any = None, level: str = "village",
) -> tuple[Any, Any, Any, Any]:  # fmt: skip
    """As :func:`_prepare` for the summary of any period: a month, a half-year or a
    year not in the data as such is formed from the shorter periods it reported,
    each element by its ``over_time`` rule (docs/rubric.md), and so are the
    periods it is compared with, when their parts are all there."""
    from ..documents import document_warnings
    from ..engine import Period, PeriodError

    if period is None:
        return _prepare("summary", rubric, data, people, period, tree, level)
    try:
        wanted = Period.parse(period)
    except PeriodError as err:
        fail([f"--period: {err}"])
    if tree is not None:
        if wanted.is_half or wanted.is_year:
            # A county's half-year: its townships' quarters rolled up, then formed as
            # a township's are (the web's county_summary, from approved quarters).
            r = load_rubric(rubric)
            r, quarters, one_by_one = gather(r, load_data(r, data, by_level=True), tree, level)
            holders = load_people(people)
            formed, figures = _from_quarters(r, quarters, holders, wanted, one_by_one)
            return formed, wanted, holders, figures
        if not wanted.is_quarter:
            fail(
                [
                    say(
                        f"--period {period}: with --level the summary is of a quarter, "
                        "a half-year or a year",
                        f"--period {period}：按 --level 汇总时，工作总结按季度、半年或年度编写",
                    )
                ]
            )
        return _prepare("summary", rubric, data, people, period, tree, level)
    r = load_rubric(rubric)
    frame = load_data(r, data)
    holders = load_people(people)
    if wanted.is_half or wanted.is_year:
        formed, figures = _from_quarters(r, frame, holders, wanted)
        return formed, wanted, holders, figures
    figures, gathered = _over_period(r, frame, wanted)
    assessment = run_assessment(r, figures, holders, gathered=gathered)
    for w in document_warnings(assessment, wanted, holders, "summary"):
        warn(say(f"warning: {w.message}", f"警告：{w.message_zh}"))
    return assessment, wanted, holders, figures


def _from_quarters(
    rubric: Any, frame: Any, holders: Any, wanted: Any, one_by_one: bool = False
) -> tuple[Any, Any]:
    """A half-year's or a year's summary is scored from its quarters' results (the
    mean of their totals, or the rubric's ``annual`` rule), its figures formed from
    the quarters' by each element's ``over_time`` (engine ``over_quarters``); a
    data set that reports monthly is first formed into quarters. ``one_by_one``:
    the quarters are rolled up already and hold a share like 2/3 (``gather``)."""
    from ..documents import document_warnings
    from ..engine import AssessmentError, Figures, YearError, over_quarters
    from .errors import chinese
    from .inputs import _has_months, _rows

    quarters, gathered = (
        _over_quarters_of_months(rubric, frame, wanted)
        if _has_months(frame)
        else (frame, one_by_one)
    )
    quarterly = run_assessment(rubric, quarters, holders, gathered=gathered)
    columns, rows = _rows(quarters)
    try:
        formed = over_quarters(rubric, quarterly, rows, columns, wanted)
    except YearError as err:
        lines = [p.format_zh() if chinese() else str(p) for p in err.problems]
        fail(lines)
    except AssessmentError as err:
        fail([str(v) for v in err.violations])
    for w in document_warnings(formed, wanted, holders, "summary"):
        warn(say(f"warning: {w.message}", f"警告：{w.message_zh}"))
    # The period's figures that add up over time, for its attendance and targets.
    codes = list(dict.fromkeys(c for u in formed.period(wanted).units for c in u.values))
    summed = tuple(
        {"unit": u.unit, "name": u.name, "period": str(wanted), **u.values}
        for u in formed.period(wanted).units
    )
    return formed, Figures(("unit", "name", "period", *codes), summed)


def _over_quarters_of_months(rubric: Any, frame: Any, wanted: Any) -> tuple[Any, bool]:
    """Every quarter of the data formed from its months (rows already of a quarter
    pass as they are), or exit 2 naming what cannot be formed in ``wanted``."""
    from ..engine import Figures, as_decimals, check_data, over_periods
    from .errors import chinese
    from .inputs import _rows

    violations = check_data(rubric, frame)
    if violations:
        fail([str(v) for v in violations])
    columns, rows = _rows(frame)
    done = over_periods(rubric.data_elements(), rows, columns, "Q")
    ours = [
        p
        for p in done.problems
        if _parsed(p.period) is not None and wanted.contains(_parsed(p.period))
    ]
    if ours:
        lines = [x.format_zh() if chinese() else str(x) for x in ours]
        quarter = _parsed(ours[0].period)
        fail(lines + _hint(ours, quarter) if quarter is not None else lines)
    bad = {(p.unit, p.period) for p in done.problems}
    formed = [dict(x) for x in done.rows if (str(x["unit"]), str(x["period"])) not in bad]
    decimal = as_decimals(formed)
    return Figures(tuple(done.columns), tuple(formed)), not decimal


def _over_period(rubric: Any, frame: Any, wanted: Any) -> tuple[Any, bool]:
    """The figures of ``wanted`` and of the periods it is compared with, as the
    data give them or formed from their parts; exit 2 with every figure of
    ``wanted`` that cannot be formed (a month missing, an element that does not
    add up and has no row of its own)."""
    from ..engine import Figures, Period, PeriodError, as_decimals, check_data, over_periods
    from .errors import chinese
    from .inputs import _rows

    columns, rows = _rows(frame)

    def parsed(row: dict[str, Any]) -> Any:
        try:
            return Period.parse(str(row["period"]))
        except PeriodError:
            return None

    targets = [wanted, wanted.previous(), wanted.same_period_last_year()]
    shorter = [
        row
        for row in rows
        if (q := parsed(row)) is not None
        and q.span < wanted.span
        and q.enclosing(wanted.kind) in targets
    ]
    if not shorter:
        return frame, False  # the period is in the data as it is: scored as before
    # The checks hold for what each unit reported, not only for the sums.
    violations = check_data(rubric, frame)
    if violations:
        fail([str(v) for v in violations])
    elements = rubric.data_elements()
    out_columns: tuple[str, ...] = tuple(columns)
    formed: list[dict[str, Any]] = []
    for target in dict.fromkeys(targets):
        parts = [
            row
            for row in rows
            if (q := parsed(row)) is not None
            and q.span <= wanted.span
            and q.enclosing(wanted.kind) == target
        ]
        if not parts:
            continue
        done = over_periods(elements, parts, columns, wanted.kind)
        if done.problems:
            if target == wanted:
                lines = [x.format_zh() if chinese() else str(x) for x in done.problems]
                fail(lines + _hint(done.problems, wanted))
            continue  # a comparison that cannot be formed: the summary says so
        out_columns = tuple(done.columns)
        formed += [dict(x) for x in done.rows]
    decimal = as_decimals(formed)
    return Figures(out_columns, tuple(formed)), not decimal


def _hint(problems: Any, period: Any) -> list[str]:
    if not any("over_time: none" in str(x) for x in problems):
        return []
    return [
        say(
            f"hint: a yes/no or other number has no sum over {period}; give "
            f"{period} rows of its own, or over_time: last to the element "
            "(docs/rubric.md)",
            f"提示：是否项和其他数值不能汇总为{period.label_zh()}；请填报"
            f"{period.label_zh()}的数据行，或在细则中为该数据项写 "
            "over_time: last（见 docs/rubric.md）",
        )
    ]


def _reporting(text: str | None) -> Any:
    """``490,484,470``: forms due, submitted, submitted on time; exit 2 unless
    0 <= on time <= submitted <= due."""
    if text is None:
        return None
    from ..documents import Reporting

    parts = [p.strip() for p in text.split(",")]
    if len(parts) == 3 and all(p.isdigit() and len(p) <= 9 for p in parts):
        due, submitted, on_time = (int(p) for p in parts)
        if on_time <= submitted <= due:
            return Reporting(due, submitted, on_time)
    fail(
        [
            say(
                f"--reporting {text}: expected DUE,SUBMITTED,ON_TIME with "
                "on time <= submitted <= due, e.g. 63,60,57",
                f"--reporting {text}：应为“应报,已报,按时报送”三个整数，且按时 ≤ 已报 ≤ 应报，"
                "如 63,60,57",
            )
        ]
    )


_SERVICE_DAY_COLUMNS = ("unit", "invited", "attended", "declined")


def _service_days(path: str) -> list[Any]:
    """The service days' records of a CSV or Excel sheet headed
    ``unit,invited,attended,declined`` and one column per absence reason
    (``moved_away,ill,unreachable,other``, each optional); exit 2 naming every
    line that is not whole numbers or does not add up (invited = attended +
    declined + absences)."""
    from ..engine import AbsenceReason, AttendanceRecord, check_record
    from ..io import read_table
    from .errors import chinese

    table, read_problems = read_table(path, max_rows=MAX_FOLLOW_UPS)
    if table is None:
        fail([p.format_zh() if chinese() else str(p) for p in read_problems])
    headers = [h.strip() for h in table.headers]
    reasons = [r.value for r in AbsenceReason]
    unknown = [h for h in headers if h not in _SERVICE_DAY_COLUMNS and h not in reasons]
    if headers[:4] != list(_SERVICE_DAY_COLUMNS) or unknown:
        fail([say(f"--service-days {path}: the first line must be "
                  f"{','.join(_SERVICE_DAY_COLUMNS)} and any of {','.join(reasons)}",
                  f"--service-days {path}：第一行应为 {','.join(_SERVICE_DAY_COLUMNS)}，"
                  f"其后可有 {','.join(reasons)}")])  # fmt: skip
    columns = {h: table.texts(i) for i, h in enumerate(headers)}
    out, problems = [], []
    for k, n in enumerate(table.rows):
        cells = {h: (columns[h][k] or "").strip() for h in headers}
        if not any(cells.values()):
            continue
        bad = [
            h for h in headers[1:] if cells[h] and not (cells[h].isdigit() and len(cells[h]) <= 9)
        ]
        if bad or not cells["unit"]:
            problems.append(say(f"{path} line {n}: {', '.join(bad) or 'unit'} must be "
                                "a whole number (a unit code for unit)",
                                f"{path} 第{n}行：{'、'.join(bad) or 'unit'}应为非负整数"
                                "（unit 为单位代码）"))  # fmt: skip
            continue

        def count(h: str, cells: dict[str, str] = cells) -> int:
            return int(cells.get(h) or 0)

        record = AttendanceRecord(
            cells["unit"], count("invited"), count("attended"),
            {AbsenceReason(r): count(r) for r in reasons if count(r)}, count("declined"),
        )  # fmt: skip
        found = check_record(record)
        if found:
            problems += [
                f"{path} line {n}: " + (x.message_zh if chinese() else x.message) for x in found
            ]
            continue
        out.append(record)
    if problems:
        fail(problems)
    return out


_FOLLOW_UP_COLUMNS = ("unit", "kind", "person", "due", "state")
MAX_FOLLOW_UPS = 100_000


def _follow_ups(path: str | None) -> list[Any] | None:
    """The follow-ups of a CSV or Excel file headed ``unit,kind,person,due,state`` (a
    state as the web keeps it, verified/reported/open/overdue/superseded, or its
    word, 已验收 …); exit 2 naming every bad line."""
    if path is None:
        return None
    from ..documents import FOLLOW_UP_STATES, FollowUpLine
    from ..io import read_table
    from .errors import chinese

    words = {w: k for k, w in FOLLOW_UP_STATES.items()}
    table, read_problems = read_table(path, max_rows=MAX_FOLLOW_UPS)
    if table is None:
        fail([p.format_zh() if chinese() else str(p) for p in read_problems])
    if tuple(h.strip() for h in table.headers) != _FOLLOW_UP_COLUMNS:
        fail([say(f"--follow-ups {path}: the first line must be {','.join(_FOLLOW_UP_COLUMNS)}",
                  f"--follow-ups {path}：第一行应为 {','.join(_FOLLOW_UP_COLUMNS)}")])  # fmt: skip
    columns = [table.texts(i) for i in range(table.width)]
    rows = [[c[k] or "" for c in columns] for k in range(len(table.rows))]
    out, problems = [], []
    for n, row in zip(table.rows, rows, strict=True):
        if not any(c.strip() for c in row):
            continue
        unit, kind, person, due_text, state_text = (c.strip() for c in row)
        state = words.get(state_text, state_text)
        try:
            due = date.fromisoformat(due_text)
        except ValueError:
            problems.append(say(f"{path} line {n}: due {due_text!r} is not a date (2026-10-31)",
                                f"{path} 第{n}行：期限“{due_text}”不是日期（如 2026-10-31）"))  # fmt: skip
            continue
        if state not in FOLLOW_UP_STATES:
            problems.append(say(f"{path} line {n}: state {state_text!r} is not one of "
                                f"{', '.join(FOLLOW_UP_STATES)}",
                                f"{path} 第{n}行：落实情况“{state_text}”应为"
                                f"{'、'.join(FOLLOW_UP_STATES.values())}之一"))  # fmt: skip
            continue
        out.append(FollowUpLine(unit=unit, kind=kind, person=person, due=due, state=state))
    if problems:
        fail(problems)
    return out


def _frame(figures: Any) -> Any:
    # A township's plain file is read without Polars (engine Figures); the targets
    # and the attendance of the documents read a Polars frame.
    return figures.to_frame() if hasattr(figures, "to_frame") else figures


def _targets(
    path: str | None, frame: Any, period: Any, spot: list[str] | None = None,
    level: str = "village", formed_from: Any = None,
) -> list[Any]:  # fmt: skip
    """The period's evaluated targets, or exit 2 with every problem of the file;
    ``level``: the level of the units ranked (``township``: worded 各乡镇);
    ``formed_from``: the rubric's elements when ``frame`` is a half-year or a year
    formed from its quarters (a target on an element that does not add up over
    periods is refused in the words the web shows it not judged in)."""
    if path is None:
        return []
    # Rolled up (--level), a township's share of 2/3 is a Fraction no Decimal column
    # holds: the targets read it exact (Figures.to_exact_frame), never rounded.
    frame = frame.to_exact_frame() if hasattr(frame, "to_exact_frame") else frame
    from ..engine import TargetDataError, evaluate_targets
    from .errors import chinese
    from .inputs import load_targets

    targets = load_targets(path)
    rows = frame.filter(frame["period"] == str(period))
    if rows.height == 0:
        return []
    try:
        return evaluate_targets(targets, frame, period, spot or (), level, formed_from)
    except TargetDataError as err:
        fail(list(err.problems_zh if chinese() else err.problems))


def _attendance(frame: Any, period: Any) -> list[Any]:
    """The quarter's service-day attendance from the reported sd_* figures (the
    command line has no service-day records, so absences are not split by reason)."""
    from ..engine import SERVICE_DAY_ELEMENTS, Figures, attendance_from_figures

    if isinstance(frame, Figures):  # rolled up (--level): a share like 2/3 stays exact
        if not set(SERVICE_DAY_ELEMENTS[:2]) <= set(frame.columns):
            return []
        rows = [r for r in frame.rows if str(r["period"]) == str(period)]
        return attendance_from_figures((r["unit"], r) for r in rows)
    frame = _frame(frame)
    columns = [c for c in SERVICE_DAY_ELEMENTS if c in frame.columns]
    if not set(SERVICE_DAY_ELEMENTS[:2]) <= set(columns):
        return []
    rows = frame.filter(frame["period"] == str(period)).select(["unit", *columns])
    return attendance_from_figures((row["unit"], row) for row in rows.iter_rows(named=True))


_common = [
    click.argument("rubric"),
    click.argument("data", nargs=-1, required=True),
    click.option("--period", help="The quarter, e.g. 2026Q3 (default: the latest in DATA)."),
    click.option(
        "-o", "--output", required=True, type=click.Path(dir_okay=False), help="FILE.docx to write."
    ),
    click.option(
        "--people", type=click.Path(dir_okay=False), help="People file, for names of award holders."
    ),
    click.option(
        "--township", help="The office's name (township or county), for the title and signature."
    ),
    click.option(
        "--units",
        type=click.Path(dir_okay=False),
        help="Units file: unit, parent, level (the tree, for --level).",
    ),
    click.option(
        "--level",
        help="Rank the units of this level (township: a county's document of its townships; "
        "county: a province's or a city's of its counties, 全省 or 全市 by the units file's "
        "top level), their figures rolled up from the units below, as kaoping score does.",
    ),
    click.option("--date", "when", help="Date of the document, 2026-10-08 (default: today)."),
]


def _options(fn: Any) -> Any:
    for decorator in reversed(_common):
        fn = decorator(fn)
    return fn


@click.group()
def report() -> None:
    """Write the documents as Word files (GB/T 9704 layout): the quarter's bulletin
    and summary, and the monthly bulletin of birth registration."""


@report.command()
@_options
@click.option("--annex", type=click.Path(dir_okay=False), help="Excel annex (default: beside -o).")
@guarded
def bulletin(
    rubric: str, data: tuple[str, ...], period: str | None, output: str, people: str | None,
    township: str | None, units: str | None, level: str | None, when: str | None,
    annex: str | None,
) -> None:  # fmt: skip
    """季度考评通报: ranking, commendations and criticisms, awards and fines, and an
    Excel annex with every deduction. With --units and --level township, the
    county's bulletin of its townships (县级通报); with --level county, a
    province's or a city's of its counties."""
    require_extra("documents", "report")
    from ..documents import write_bulletin

    out = _output(output)
    day = _when(when)
    tree, ranked, words = _document_level(units, level)
    assessment, p, holders, _ = _prepare("bulletin", rubric, data, people, period, tree, ranked)
    docx, xlsx = write_bulletin(
        assessment, p, out, people=holders, township=township, when=day, annex=annex,
        level=words,
    )  # fmt: skip
    click.echo(say(f"wrote {docx} and {xlsx}", f"已写入 {docx} 和 {xlsx}"), err=True)


@report.command()
@_options
@click.option(
    "--targets", "targets_file", type=click.Path(dir_okay=False),
    help="Targets file (targets.yaml): adds 目标完成情况.",
)  # fmt: skip
@click.option(
    "--follow-ups", "follow_ups_file", type=click.Path(dir_okay=False),
    help="CSV of the follow-ups due in the period (unit,kind,person,due,state): adds 整改落实情况.",
)  # fmt: skip
@click.option(
    "--reporting", "reporting_text", metavar="DUE,SUBMITTED,ON_TIME",
    help="Forms due, submitted and on time in the period (the web's completeness): adds 信息上报情况.",
)  # fmt: skip
@click.option(
    "--service-days", "service_days_file", type=click.Path(dir_okay=False),
    help="CSV of the period's service days (unit,invited,attended,declined,moved_away,ill,"
    "unreachable,other): the attendance sentence with absences by reason.",
)  # fmt: skip
@click.option(
    "--spot", metavar="V03,V07",
    help="Spot-checked units' codes, comma-separated, for the targets' spot-checked clauses.",
)  # fmt: skip
@guarded
def summary(
    rubric: str, data: tuple[str, ...], period: str | None, output: str, people: str | None,
    township: str | None, units: str | None, level: str | None, when: str | None,
    targets_file: str | None, follow_ups_file: str | None, reporting_text: str | None,
    service_days_file: str | None, spot: str | None,
) -> None:  # fmt: skip
    """工作总结: the period's work in figures (a quarter, or with --period a month,
    2026H1 or 2026年度, summed from its parts by each element's over_time), compared
    with the previous period and the same period last year, the weakest items and
    the next period's focus. With --units and --level township, the county's
    summary of its townships, with --level county a province's or a city's of
    its counties (a quarter, a half-year or a year)."""
    require_extra("documents", "report")
    from ..documents import write_summary

    out = _output(output)
    day = _when(when)
    tree, ranked, words = _document_level(units, level)
    assessment, p, holders, frame = _prepare_period(rubric, data, people, period, tree, ranked)
    spots = [s.strip() for s in (spot or "").split(",") if s.strip()]
    formed = p.is_half or p.is_year  # _prepare_period forms these from their quarters
    elements = assessment.rubric.data_elements() if formed else None
    targets = _targets(targets_file, frame, p, spots, ranked, elements)
    path = write_summary(
        assessment,
        p,
        out,
        people=holders,
        township=township,
        when=day,
        targets=targets,
        attendance=(
            _service_days(service_days_file) if service_days_file else _attendance(frame, p)
        ),
        follow_ups=_follow_ups(follow_ups_file),
        reporting=_reporting(reporting_text),
        level=words,
    )
    click.echo(say(f"wrote {path}", f"已写入 {path}"), err=True)


def _month(rows: list[dict[str, Any]], text: str | None) -> Any:
    """The month asked for, or the latest month in the data; exit 2 otherwise."""
    from ..engine import Period, PeriodError

    months = sorted({p for r in rows if (p := _parsed(r.get("period"))) is not None and p.is_month})
    if text is None:
        if not months:
            fail([say("the data holds no monthly rows", "数据中没有按月报送的行")])
        return months[-1]
    try:
        wanted = Period.parse(text)
    except PeriodError as err:
        fail([f"--period: {err}"])
    if not wanted.is_month:
        fail(
            [
                say(
                    f"--period {text}: the monthly bulletin is for a month, e.g. 2026-03",
                    f"--period {text}：月通报按月编制，请写月份，如 2026-03 或 2026年3月",
                )
            ]
        )
    if wanted not in months:
        have = ", ".join(str(m) for m in months) or "-"
        fail(
            [
                say(
                    f"--period {wanted}: not in the data (months: {have})",
                    f"--period {wanted}：数据中没有{wanted.label_zh()}的数据（有 {have}）",
                )
            ]
        )
    return wanted


def _parsed(text: object) -> Any:
    from ..engine import Period, PeriodError

    try:
        return Period.parse(str(text))
    except PeriodError:
        return None


@report.command()
@click.argument("rubric")
@click.argument("data", nargs=-1, required=True)
@click.option("--period", help="The month, e.g. 2026-03 (default: the latest month in DATA).")
@click.option(
    "-o", "--output", required=True, type=click.Path(dir_okay=False), help="FILE.docx to write."
)
@click.option(
    "--people", type=click.Path(dir_okay=False),
    help="People file: names each village's 书记, 专干, 驻村干部 and 包村干部.",
)  # fmt: skip
@click.option("--township", help="The township's name, for the signature.")
@click.option("--date", "when", help="Date of the document, 2026-04-05 (default: today).")
@guarded
def monthly(
    rubric: str, data: tuple[str, ...], period: str | None, output: str, people: str | None,
    township: str | None, when: str | None,
) -> None:  # fmt: skip
    """月通报: each village's birth registrations of the month (registered, reported
    on time, missed), against the previous month, under its responsible people."""
    require_extra("documents", "report")
    from ..documents import MONTHLY_ELEMENTS, MonthlyDataError, monthly_docx, monthly_villages
    from ..engine import check_data
    from .inputs import _rows

    out = _output(output)
    day = _when(when)
    r = load_rubric(rubric)
    lacking = [c for c in MONTHLY_ELEMENTS[:2] if c not in r.data_elements()]
    if lacking:
        fail(
            [
                say(
                    f"{rubric}: the monthly bulletin reads {', '.join(lacking)}, "
                    "which the rubric does not define",
                    f"{rubric}：月通报读取 {'、'.join(lacking)}，细则中没有定义这些数据项",
                )
            ]
        )
    frame = load_data(r, data)
    violations = check_data(r, frame)
    if violations:
        fail([str(v) for v in violations])
    holders = load_people(people)
    _columns, rows = _rows(frame)
    month = _month(rows, period)
    try:
        villages = monthly_villages(rows, month, holders)
    except MonthlyDataError as err:
        fail(err.problems)
    out.write_bytes(monthly_docx(month, villages, township=township, when=day))
    click.echo(say(f"wrote {out}", f"已写入 {out}"), err=True)
