"""``kaoping notify-due``: the daily pass of due and overdue notices from the
command line, on the SQLite database of a data folder, as ``kaoping serve`` uses
it (the same pass as ``python -m django notify_due`` and the worker's schedule)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from kaoping.cli import main
from tests import migrated


def _env(tmp_path: Path | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KAOPING_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    env["LANG"] = "zh_CN.UTF-8"
    if tmp_path is not None:
        env.update(KAOPING_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="kaoping.web.settings")
    return env


def _kaoping(
    *args: str, data_dir: Path, lang: str = "zh_CN.UTF-8"
) -> subprocess.CompletedProcess[str]:
    env = _env()
    env["LANG"] = lang
    return subprocess.run(
        [sys.executable, "-c", "from kaoping.cli import main; main()", *args, "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )  # fmt: skip


def test_the_command_is_listed_in_the_help() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    assert "notify-due" in result.output


def test_a_time_that_is_not_one_is_named_with_status_2_in_the_users_language() -> None:
    zh = CliRunner(env={"LANG": "zh_CN.UTF-8"}).invoke(main, ["notify-due", "--now", "10/02"])
    assert zh.exit_code == 2
    assert "--now “10/02”不是时间，应写作 2026-10-02T08:00" in zh.output
    en = CliRunner(env={"LANG": "en_US.UTF-8", "LC_ALL": ""}).invoke(
        main, ["notify-due", "--now", "10/02"]
    )
    assert en.exit_code == 2
    assert "--now '10/02' is not a time like 2026-10-02T08:00" in en.output


def test_it_runs_on_a_migrated_folder_and_again_without_repeating(tmp_path: Path) -> None:
    migrated.into(tmp_path)
    for _ in range(2):
        r = _kaoping("notify-due", "--now", "2026-10-02T08:00", data_dir=tmp_path)
        assert r.returncode == 0, r.stderr
        assert r.stdout == ""
        assert r.stderr.strip() == "已排队发送0条到期或逾期通知"
    r = _kaoping("notify-due", data_dir=tmp_path, lang="en_US.UTF-8")
    assert (r.returncode, r.stderr.strip()) == (0, "0 notice(s) queued")


def test_a_folder_never_served_says_to_serve_first(tmp_path: Path) -> None:
    r = _kaoping("notify-due", data_dir=tmp_path)
    assert r.returncode == 2
    assert "数据库不可用或未迁移（先运行 kaoping serve）" in r.stderr
