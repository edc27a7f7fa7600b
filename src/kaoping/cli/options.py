"""Options several commands share, written once so that their help reads the same."""

from __future__ import annotations

from pathlib import Path

import click

# The web app's data folder, for the commands that run a pass on its database.
web_data_dir = click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder of the web app's SQLite database [default: ./kaoping-data].",
)
