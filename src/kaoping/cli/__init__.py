"""The ``kaoping`` command line (RUBRIC.md §7).

Standard output holds only the requested format; warnings and errors go to
standard error. Exit status: 0 done, 2 bad rubric or bad data (nothing written),
1 a failure of the program itself. A user's mistake never shows a traceback.
"""

from __future__ import annotations

import importlib
from typing import Any

import click

from ..rubrics import default_rubric_text

__all__ = ["default_rubric_text", "main"]


#: Each command and the module that holds it (``--help`` lists them sorted, as click does).
COMMANDS = {
    "check": "score",
    "score": "score",
    "demo": "demo",
    "report": "report",
    "allocate": "planning",
    "targets": "planning",
    "serve": "serve",
    "escalate": "escalate",
    "notify-due": "notify",
}


class _Commands(click.Group):
    """Imports a command's module when the command is run: ``kaoping score`` does
    not pay for the planning, documents and server commands' imports."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = COMMANDS.get(cmd_name)
        if module is None:
            return None
        # A command's function is its name in Python: notify-due is notify_due.
        name = cmd_name.replace("-", "_")
        command: Any = getattr(importlib.import_module(f"{__name__}.{module}"), name)
        return command


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kaoping")
def main() -> None:
    """kaoping (考评): score, rank and report villages' quarterly work from a rubric."""
