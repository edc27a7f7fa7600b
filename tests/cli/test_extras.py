"""The engine and the command line work without the extras: on a machine with
neither kaoping[documents] nor kaoping[web] (python-docx, matplotlib, Django and
gunicorn made unimportable here), scoring answers as usual, the demo writes all
but its Word documents, and the commands that need an extra say which to install."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

_WITHOUT_EXTRAS = """
import sys
for name in ("docx", "matplotlib", "django", "gunicorn"):
    sys.modules[name] = None  # as if not installed: importing it fails
from kaoping.cli import main
sys.argv[0] = "kaoping"
main()
"""


def kaoping(*args: str, extras: bool = False) -> subprocess.CompletedProcess[str]:
    code = "from kaoping.cli import main; main()" if extras else _WITHOUT_EXTRAS
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KAOPING_", "LC_", "LANG"))}
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    result = kaoping("demo", "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


def test_the_demo_writes_everything_but_the_word_documents(demo: Path) -> None:
    written = {p.name for p in demo.iterdir()}
    assert {"rubric.yaml", "data.csv", "people.csv", "scores-2026Q4.xlsx"} <= written
    assert not [name for name in written if name.endswith(".docx")]


def test_the_demo_says_why_its_documents_are_missing(tmp_path: Path) -> None:
    result = kaoping("demo", "--out", str(tmp_path))
    assert "kaoping[documents]" in result.stderr


def test_scoring_answers_as_it_does_with_every_extra(demo: Path) -> None:
    args = ("score", str(demo / "rubric.yaml"), str(demo / "data.csv"), "--format", "json")
    bare, full = kaoping(*args), kaoping(*args, extras=True)
    assert (bare.returncode, bare.stdout) == (0, full.stdout)


@pytest.mark.parametrize(
    ("args", "extra"),
    [
        (("report", "bulletin", "RUBRIC", "DATA", "-o", "x.docx"), "kaoping[documents]"),
        (("report", "summary", "RUBRIC", "DATA", "-o", "x.docx"), "kaoping[documents]"),
        (("serve",), "kaoping[web]"),
    ],
)
def test_a_command_that_needs_an_extra_names_it_and_exits_2(
    args: tuple[str, ...], extra: str
) -> None:
    result = kaoping(*args)
    assert result.returncode == 2
    assert f"pip install '{extra}'" in result.stderr
    assert "Traceback" not in result.stderr
