"""Paste `kaoping … --help` into docs/cli.md between the generated markers.

uv run python scripts/cli_docs.py          # rewrite docs/cli.md
uv run python scripts/cli_docs.py --check  # exit 1 if docs/cli.md is stale (CI)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click
from click.testing import CliRunner

from kaoping.cli import main

DOC = Path(__file__).resolve().parent.parent / "docs" / "cli.md"
BEGIN, END = "<!-- [[[cog: cli help -->", "<!-- ]]] -->"


def commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = [prefix]
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        cmd = group.get_command(ctx, name)
        if isinstance(cmd, click.Group):
            out += commands(cmd, (*prefix, name))
        elif cmd is not None:
            out.append((*prefix, name))
    return out


def generated() -> str:
    runner = CliRunner(env={"COLUMNS": "100", "LANG": "en_US.UTF-8"})
    parts = []
    for path in commands(main):
        result = runner.invoke(main, [*path, "--help"], prog_name="kaoping")
        title = " ".join(("kaoping", *path))
        parts.append(f"### `{title}`\n\n```\n{result.output.rstrip()}\n```\n")
    return "\n".join(parts)


def updated(text: str) -> str:
    pattern = re.compile(re.escape(BEGIN) + ".*?" + re.escape(END), re.S)
    return pattern.sub(lambda _: f"{BEGIN}\n{generated()}\n{END}", text)


def main_() -> int:
    text = DOC.read_text(encoding="utf-8")
    new = updated(text)
    if "--check" in sys.argv:
        if new != text:
            print(
                "docs/cli.md is out of date: run `uv run python scripts/cli_docs.py`",
                file=sys.stderr,
            )
            return 1
        return 0
    DOC.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main_())
