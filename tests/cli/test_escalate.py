"""``kaoping escalate``: the web app's escalation run from the command line, on
the SQLite database of a data folder, as ``kaoping serve`` uses it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from kaoping.cli import main
from tests import migrated


def _kaoping(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KAOPING_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    env["LANG"] = "zh_CN.UTF-8"
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "from kaoping.cli import main; main()",
            *args,
            "--data-dir",
            str(data_dir),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def test_a_date_that_is_not_one_is_named_with_status_2() -> None:
    result = CliRunner(env={"LANG": "zh_CN.UTF-8"}).invoke(main, ["escalate", "--date", "11/06"])
    assert result.exit_code == 2
    assert "--date “11/06”不是日期，应写作 2026-11-20" in result.output


def test_it_runs_on_a_migrated_folder_and_again_without_repeating(tmp_path: Path) -> None:
    migrated.into(tmp_path)
    for _ in range(2):
        r = _kaoping("escalate", "--date", "2026-11-06", data_dir=tmp_path)
        assert r.returncode == 0, r.stderr
        assert r.stdout == ""
        assert r.stderr.strip() == "共升级0项次"


def test_a_folder_never_served_says_to_serve_first(tmp_path: Path) -> None:
    r = _kaoping("escalate", data_dir=tmp_path)
    assert r.returncode == 2
    assert "数据库不可用或未迁移（先运行 kaoping serve）" in r.stderr
