"""The ``kaoping`` command line."""

from __future__ import annotations

import click


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kaoping")
def main() -> None:
    """kaoping (考评): score, rank and report villages' quarterly work from a rubric."""


def _register() -> None:
    # Commands that live beside the code they drive; imported here so that
    # `kaoping --help` lists them all.
    pass


_register()
