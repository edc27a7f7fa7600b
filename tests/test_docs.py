"""Everything a user can type is documented, and the pasted help is current."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
import pytest

from kaoping.cli import main
from kaoping.engine import EFFECTS, OVER_TIME, ROLES, ROLLUPS, _rubric

ROOT = Path(__file__).resolve().parent.parent


def test_the_cli_help_in_the_docs_is_current() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "cli_docs.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("command", sorted(main.list_commands(click.Context(main))))
def test_every_command_is_in_the_readme(command: str) -> None:
    assert f"kaoping {command}" in (ROOT / "README.md").read_text(encoding="utf-8")


RUBRIC_KEYS = sorted(
    _rubric.TOP_KEYS
    | {k for kind, (req, opt) in _rubric.RULE_KEYS.items() for k in {kind} | req | opt}
    | {k for kind, (req, opt) in _rubric.ADJUSTMENT_KEYS.items() for k in {kind} | req | opt}
    | {"id", "title", "max", "parts", "rules", "label", "type", "default", "rule", "message"}
    | {"order", "ties", "top", "bottom", "boundary", "group", "streak", "actions", "kind", "to"}
    | {"amount", "by_rank", "by_role"}
    # RUBRIC.md §5.1: consequences that carry through
    | _rubric.ACTION_KEYS | set(EFFECTS) | set(ROLES)
    | {"min_streak", "condition", "per", "each", "cap", "next_year", "next_quarter_first_meeting"}
    | {"person", "year", "quarter", "unit", "area", "prev("}
    | set(_rubric.PARTIAL) | set(_rubric.UNDEFINED)
    | {"shared", "dense", "include_ties", "exclude_ties", "desc", "asc"}
    # docs/rubric.md "Levels and periods": how an element adds up
    | {"rollup", "over_time"} | set(ROLLUPS) | set(OVER_TIME)
    # docs/rubric.md "The year"
    | set(_rubric.ANNUAL_RULES)
)  # fmt: skip


@pytest.mark.parametrize("key", RUBRIC_KEYS)
def test_every_rubric_key_is_documented(key: str) -> None:
    assert f"`{key}" in (ROOT / "docs" / "rubric.md").read_text(encoding="utf-8")


def _prose(path: Path) -> str:
    """A page without its pasted ``--help`` (which names every option anyway)."""
    text = path.read_text(encoding="utf-8")
    begin, end = "<!-- [[[cog: cli help -->", "<!-- ]]] -->"
    if begin in text and end in text:
        text = text[: text.index(begin)] + text[text.index(end) :]
    return text


@pytest.mark.parametrize("option", ["--units", "--level", "--period 2026"])
def test_every_option_for_levels_is_explained_beyond_the_help(option: str) -> None:
    assert f"`{option}`" in _prose(ROOT / "docs" / "cli.md")
