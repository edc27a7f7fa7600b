"""`kaoping report bulletin|summary`: files written, warnings, exit statuses."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from kaoping.cli import main

from .town import COLUMNS, HOLDERS, ROWS, RUBRIC, TARGETS


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    (tmp_path / "rubric.yaml").write_text(RUBRIC, encoding="utf-8")
    lines = [",".join(COLUMNS)] + [",".join(str(v) for v in row) for row in ROWS]
    (tmp_path / "data.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    people = ["unit,role,name,from,to"] + [
        f"{unit},{role},{name},2025-01-01," for (unit, role), name in HOLDERS.items()
    ]
    (tmp_path / "people.csv").write_text("\n".join(people) + "\n", encoding="utf-8")
    return {k: str(tmp_path / f) for k, f in
            (("rubric", "rubric.yaml"), ("data", "data.csv"), ("people", "people.csv"))} | {
        "dir": str(tmp_path)
    }  # fmt: skip


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), env={"LANG": "C"})
    return result.exit_code, result.stdout, result.stderr


def test_the_bulletin_and_its_annex_are_written(files: dict[str, str]) -> None:
    out = Path(files["dir"]) / "通报.docx"
    code, stdout, stderr = run(
        "report", "bulletin", files["rubric"], files["data"], "--period", "2026Q3",
        "--people", files["people"], "--township", "青山镇", "--date", "2026-10-08",
        "-o", str(out),
    )  # fmt: skip
    assert code == 0, stderr
    assert stdout == ""
    paragraphs = [p.text for p in Document(str(out)).paragraphs]
    assert "通报表扬：东村及其驻村干部张三。" in "".join(paragraphs)
    assert "2026年10月8日" in paragraphs
    assert (Path(files["dir"]) / "通报-扣分明细.xlsx").is_file()
    # 东村's area chief is on no list: the command says so.
    assert "nobody recorded as 片长" in stderr


def test_the_summary_is_written_for_the_latest_quarter_by_default(files: dict[str, str]) -> None:
    out = Path(files["dir"]) / "总结.docx"
    code, _, stderr = run("report", "summary", files["rubric"], files["data"], "-o", str(out))
    assert code == 0, stderr
    assert Document(str(out)).paragraphs[0].text == "2026年第三季度工作总结"
    assert "no data for the same quarter last year (2025Q3)" in stderr


def test_a_quarter_without_data_is_written_with_a_warning(files: dict[str, str]) -> None:
    out = Path(files["dir"]) / "总结.docx"
    code, _, stderr = run(
        "report", "summary", files["rubric"], files["data"], "--period", "2027Q1", "-o", str(out)
    )
    assert code == 0
    assert "warning: no data for 2027Q1" in stderr
    assert "2027年第一季度没有考评数据" in "".join(p.text for p in Document(str(out)).paragraphs)


def test_without_people_the_bulletin_warns_that_names_are_missing(files: dict[str, str]) -> None:
    out = Path(files["dir"]) / "b.docx"
    code, _, stderr = run("report", "bulletin", files["rubric"], files["data"], "-o", str(out))
    assert code == 0
    assert "no people file" in stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--period", "2026Q9"], "--period: "),
        (["--date", "8/10/2026"], "--date 8/10/2026: not a date"),
        (["-o", "out.pdf"], "the document is Word, name it .docx"),
        (["-o", "missing-folder/out.docx"], "no such folder"),
    ],
)
def test_bad_options_exit_2_with_a_message(
    files: dict[str, str], args: list[str], message: str
) -> None:
    base = ["report", "summary", files["rubric"], files["data"]]
    if "-o" not in args:
        args = [*args, "-o", str(Path(files["dir"]) / "x.docx")]
    elif not args[1].startswith("/"):
        args = ["-o", str(Path(files["dir"]) / args[1])]
    code, _, stderr = run(*base, *args)
    assert code == 2
    assert message in stderr
    assert "Traceback" not in stderr


def test_a_bad_data_file_exits_2_and_writes_nothing(files: dict[str, str]) -> None:
    Path(files["data"]).write_text("unit,period,sd_invited\nV01,2026Q3,abc\n", encoding="utf-8")
    out = Path(files["dir"]) / "b.docx"
    code, _, stderr = run("report", "bulletin", files["rubric"], files["data"], "-o", str(out))
    assert code == 2
    assert "data.csv" in stderr
    assert not out.exists()


def test_the_summary_takes_a_targets_file(files: dict[str, str]) -> None:
    targets = Path(files["dir"]) / "targets.yaml"
    targets.write_text(TARGETS, encoding="utf-8")
    out = Path(files["dir"]) / "总结.docx"
    code, _, stderr = run(
        "report", "summary", files["rubric"], files["data"], "--targets", str(targets),
        "-o", str(out),
    )  # fmt: skip
    assert code == 0, stderr
    paragraphs = [p.text for p in Document(str(out)).paragraphs]
    assert "二、目标完成情况" in paragraphs


def test_a_bad_targets_file_exits_2_naming_its_line(files: dict[str, str]) -> None:
    targets = Path(files["dir"]) / "targets.yaml"
    targets.write_text(
        "attendance:\n  title: 见面率\n  indicator: sd_attended /\n", encoding="utf-8"
    )
    out = Path(files["dir"]) / "总结.docx"
    code, _, stderr = run(
        "report", "summary", files["rubric"], files["data"], "--targets", str(targets),
        "-o", str(out),
    )  # fmt: skip
    assert code == 2
    assert f"{targets}:3:" in stderr
    assert not out.exists()


def test_warnings_speak_chinese_in_a_chinese_locale(files: dict[str, str]) -> None:
    out = Path(files["dir"]) / "总结.docx"
    result = CliRunner().invoke(
        main,
        ["report", "summary", files["rubric"], files["data"], "--period", "2027Q1", "-o", str(out)],
        env={"LANG": "zh_CN.UTF-8"},
    )
    assert result.exit_code == 0
    assert "警告：2027年第一季度没有数据：文档中将注明，不列结果" in result.stderr


SD_RUBRIC = """\
kaoping: 1
name: 服务日细则
total: 10
elements:
  sd_invited: {label: 服务日应到人数, type: count}
  sd_attended: {label: 服务日实到人数, type: count}
  sd_declined: {label: 知情后自愿不参加人数, type: count, default: 0}
items:
  - id: attendance
    title: 服务日到位
    max: 10
    rules:
      - {rate: sd_attended / (sd_invited - sd_declined), full_at: 0.9, points: 10, per_point_below: 1}
"""


def test_the_summary_tells_service_day_attendance_from_the_figures(tmp_path: Path) -> None:
    # By hand: invited 50 + 30 = 80, informed declines 2, attended 45 + 30 = 75,
    # rate 75 / (80 - 2) = 96.15% -> 96.2%, absent 80 - 75 - 2 = 3 (no reasons in figures).
    (tmp_path / "r.yaml").write_text(SD_RUBRIC, encoding="utf-8")
    (tmp_path / "d.csv").write_text(
        "unit,period,sd_invited,sd_attended,sd_declined\nU1,2026Q3,50,45,2\nU2,2026Q3,30,30,0\n",
        encoding="utf-8",
    )
    out = tmp_path / "s.docx"
    code, _, stderr = run("report", "summary", str(tmp_path / "r.yaml"), str(tmp_path / "d.csv"),
                          "-o", str(out))  # fmt: skip
    assert code == 0, stderr
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert (
        "（二）服务日参加情况。全镇服务日应到80人，知情后自愿不参加2人，实到75人，"
        "到位率96.2%；未参加3人。"
    ) in text
