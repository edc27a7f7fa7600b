"""``kaoping serve``: the web app, migrated and served (:mod:`kaoping.web.serving`)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from .errors import require_extra


@click.command("serve")
@click.option("--demo", is_flag=True, help="Load the demo township and one login per role.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder for the SQLite database and uploads [default: ./kaoping-data].",
)
@click.option("--workers", default=2, show_default=True, type=int)
@click.option("--threads", default=8, show_default=True, type=int)
@click.option(
    "--timeout",
    default=60,
    show_default=True,
    type=int,
    help="Seconds before gunicorn restarts a worker that stopped answering.",
)
@click.option("--reset-admin", is_flag=True, help="Set a new password for the first admin.")
@click.option(
    "--job-workers",
    default=1,
    show_default=True,
    type=click.IntRange(0, 16),
    help="Workers for long jobs started beside the web server (0: run them elsewhere).",
)
def serve(
    demo: bool,
    host: str,
    port: int,
    data_dir: Path | None,
    workers: int,
    threads: int,
    timeout: int,
    reset_admin: bool,
    job_workers: int,
) -> None:
    """Run the web app (migrates the database by itself)."""
    require_extra("web", "serve")
    # Migrating and loading the demo run Polars. Polars' thread pool does not survive
    # a fork, and gunicorn forks its workers from this process: do that work in a
    # freshly spawned process so that this one never starts the pool.
    import multiprocessing

    from ..web import serving

    child = multiprocessing.get_context("spawn").Process(
        target=serving.prepare_in_child, args=(data_dir, host, demo, reset_admin)
    )
    child.start()
    child.join()
    if child.exitcode != 0:
        sys.exit(child.exitcode or 1)
    serving.setup(data_dir, host)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"kaoping 已启动 / running at http://{shown}:{port}/   (Ctrl+C 停止 / to stop)")
    if not serving.is_local(host):
        click.echo(
            "接受的主机名 / host names accepted: "
            + os.environ["KAOPING_ALLOWED_HOSTS"]
            + "（其他名称请设 KAOPING_ALLOWED_HOSTS / set it for other names）"
        )
    sys.stdout.flush()
    jobs = serving.JobWorkers(job_workers)
    jobs.start()
    try:
        serving.run_gunicorn(host, port, workers, threads, timeout)
    finally:
        jobs.stop()
