"""The rubric and targets kaoping ships: the one reader of the files beside this module.

The CLI (``kaoping score default``, ``kaoping demo``), the web app (a township's
version 1, the shipped targets) and the demo township all read them here, so that
a file renamed or re-encoded is changed in one place.
"""

from __future__ import annotations

import os

# The names problems are reported against, as a user would find the files.
RUBRIC_NAME = "default.yaml"
TARGETS_NAME = "targets.yaml"


def _read(name: str) -> str:
    # The files beside this module, read directly: importlib.resources (and the
    # tempfile, shutil and zipfile readers it brings) was a twentieth of the command
    # line's start-up. kaoping is installed as files (a wheel or a checkout), never
    # run from a zip.
    with open(os.path.join(os.path.dirname(__file__), name), encoding="utf-8") as f:
        return f.read()


def default_rubric_text() -> str:
    """The shipped rubric (RUBRIC.md's worked example of a township's 考评细则)."""
    return _read(RUBRIC_NAME)


def default_targets_text() -> str:
    """The shipped targets file (均达、二分之一达、抽查 clauses and allocations)."""
    return _read(TARGETS_NAME)
