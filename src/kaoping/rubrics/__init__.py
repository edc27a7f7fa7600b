"""The rubric and targets kaoping ships: the one reader of the files beside this module.

The CLI (``kaoping score default``, ``kaoping demo``), the web app (a township's
version 1, the shipped targets) and the demo township all read them here, so that
a file renamed or re-encoded is changed in one place.
"""

from __future__ import annotations

# The names problems are reported against, as a user would find the files.
RUBRIC_NAME = "default.yaml"
TARGETS_NAME = "targets.yaml"


def _read(name: str) -> str:
    # imported here: importlib.resources is a twentieth of the command line's start-up,
    # and scoring a township's own rubric file never reads these
    from importlib import resources

    return resources.files(__name__).joinpath(name).read_text("utf-8")


def default_rubric_text() -> str:
    """The shipped rubric (RUBRIC.md's worked example of a township's 考评细则)."""
    return _read(RUBRIC_NAME)


def default_targets_text() -> str:
    """The shipped targets file (均达、二分之一达、抽查 clauses and allocations)."""
    return _read(TARGETS_NAME)
