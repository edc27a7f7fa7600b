"""``kaoping demo``: the demo township scored, its ranking printed, its files written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ..rubrics import TARGETS_NAME, default_targets_text
from .errors import fail, guarded, has_extra, say, warn


@click.command()
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False),
    default="kaoping-demo",
    show_default=True,
    help="Folder to write the demo's files into.",
)
@guarded
def demo(out_dir: str) -> None:
    """Score the demo township (21 villages, 2026Q1–Q4) and write its files.

    Prints the latest quarter's ranking with its consequences and the biggest
    deductions, and writes the rubric, the figures, the people, the scored
    workbook and JSON into OUT (default ./kaoping-demo/).
    """
    from .. import scoresheet
    from ..demo import build_demo
    from ..engine import People, assess, parse_rubric, to_shown

    township = build_demo()
    rubric = parse_rubric(township.rubric_text, "default.yaml")
    people = People(township.people)
    assessment = assess(rubric, township.frame, people)
    latest = assessment.latest
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
        written = write_demo_files(out, township, rubric, assessment)
    except OSError as err:
        fail([f"--out {out_dir}: {err.strerror or err}"])

    county, town = township.county[1], township.township[1]
    click.echo(
        f"{county}{town}：{len(township.units)}个村居，{len(township.areas)}个片区，"
        f"{len(assessment.periods)}个季度（{assessment.periods[0].period}–{latest.period}）"
    )
    click.echo()
    click.echo(scoresheet.render_table(rubric, latest))
    click.echo("扣分最多的五项：")
    biggest = sorted(
        ((d, u) for u in latest for d in u.deductions), key=lambda du: (-du[0].points, du[1].unit)
    )[:5]
    for d, u in biggest:
        click.echo(f"  {u.display_name}  −{to_shown(d.points)}分  {d.text}")
    click.echo()
    click.echo(say(f"Files written to {out}/:", f"文件已写入 {out}/："))
    for path in written:
        click.echo(f"  {path.name}")


def write_demo_files(out: Path, township: Any, rubric: Any, assessment: Any) -> list[Path]:
    from .. import scoresheet
    from ..io import write_csv, write_xlsx

    latest = assessment.latest
    files: list[Path] = []
    rubric_path = out / "rubric.yaml"
    rubric_path.write_text(township.rubric_text, encoding="utf-8")
    files.append(rubric_path)
    data_path = out / "data.csv"
    frame = township.frame
    write_csv(data_path, frame.columns, [list(r) for r in frame.iter_rows()])
    files.append(data_path)
    base_path = out / "units.csv"
    base = township.base
    write_csv(base_path, base.columns, [list(r) for r in base.iter_rows()])
    files.append(base_path)
    targets_path = out / "targets.yaml"
    targets_path.write_text(default_targets_text(), encoding="utf-8")
    files.append(targets_path)
    people_path = out / "people.csv"
    write_csv(
        people_path,
        ["unit", "role", "name", "from", "to"],
        [[p.unit, p.role, p.name, p.start.isoformat() if p.start else "",
          p.end.isoformat() if p.end else ""] for p in township.people],
    )  # fmt: skip
    files.append(people_path)
    for result in assessment.periods:
        json_path = out / f"scores-{result.period}.json"
        json_path.write_text(scoresheet.to_json(rubric, result) + "\n", encoding="utf-8")
        files.append(json_path)
    if has_extra("documents"):
        documents = write_demo_documents(out, township, assessment)
    else:
        documents = []
        warn(
            say(
                "kaoping demo: the Word documents need kaoping[documents]; not written",
                "kaoping demo：Word 文档需要安装 kaoping[documents]，未写出",
            )
        )
    xlsx_path = out / f"scores-{latest.period}.xlsx"
    write_xlsx(
        xlsx_path,
        {
            "排名": scoresheet.ranking_rows(rubric, latest),
            "扣分明细": scoresheet.deduction_rows(rubric, latest),
            "讲评兑现": scoresheet.action_rows(latest),
        },
    )
    files.append(xlsx_path)
    return files + documents


def write_demo_documents(out: Path, township: Any, assessment: Any) -> list[Path]:
    """The latest quarter's bulletin (with its annex) and work summary, dated the
    tenth day after the quarter so that the demo writes the same files every time."""
    from datetime import timedelta

    from ..documents import write_bulletin, write_summary
    from ..engine import People, evaluate_targets, parse_targets

    latest = assessment.latest
    period = latest.period
    when = period.last_day() + timedelta(days=10)
    town = township.township[1]
    people = People(township.people)
    targets = evaluate_targets(
        parse_targets(default_targets_text(), TARGETS_NAME), township.frame, period
    )
    stem = f"{period}"
    bulletin, annex = write_bulletin(
        assessment, period, out / f"{stem}-考评通报.docx", people=people, township=town, when=when
    )
    summary = write_summary(
        assessment, period, out / f"{stem}-工作总结.docx", township=town, when=when, targets=targets
    )
    return [bulletin, annex, summary]
