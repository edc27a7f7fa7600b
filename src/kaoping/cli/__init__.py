"""The ``kaoping`` command line (RUBRIC.md §7).

Standard output holds only the requested format; warnings and errors go to
standard error. Exit status: 0 done, 2 bad rubric or bad data (nothing written),
1 a failure of the program itself. A user's mistake never shows a traceback.
"""

from __future__ import annotations

import click

from ..rubrics import default_rubric_text
from .demo import demo
from .escalate import escalate
from .planning import allocate, targets
from .report import report
from .score import check, score
from .serve import serve

__all__ = ["default_rubric_text", "main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kaoping")
def main() -> None:
    """kaoping (考评): score, rank and report villages' quarterly work from a rubric."""


for _command in (check, score, demo, report, allocate, targets, serve, escalate):
    main.add_command(_command)
