"""`kaoping demo` draws its charts on a machine with no CJK font of its own.

A subprocess starts with every system font that can draw Chinese taken out of
matplotlib's view (and fontconfig pointed at an empty configuration), as on a
fresh machine with Python and uv only.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

# Runs in the child: hide system CJK fonts, then either run the demo or ask for a font.
_BOOT = textwrap.dedent(
    """
    import sys
    from fontTools.ttLib import TTFont
    from matplotlib import font_manager

    def draws_chinese(entry):
        try:
            face = TTFont(entry.fname, fontNumber=getattr(entry, "index", 0), lazy=True)
            return 0x4E2D in face.getBestCmap()
        except Exception:
            return False

    font_manager.fontManager.ttflist = [
        e for e in font_manager.fontManager.ttflist if not draws_chinese(e)
    ]
    font_manager.findSystemFonts = lambda *a, **k: []
    if sys.argv[1] == "no-package":
        sys.modules["pylopdf_fonts_zh_cn"] = None  # as if the font package were absent
        from kaoping.documents._charts import cjk_font
        cjk_font()
    else:
        from kaoping.cli import main
        main(["demo", "--out", sys.argv[2]], prog_name="kaoping")
    """
)


def _run(tmp_path: Path, mode: str) -> subprocess.CompletedProcess[str]:
    empty = tmp_path / "fontconfig"
    empty.mkdir()
    (empty / "fonts.conf").write_text("<?xml version='1.0'?><fontconfig></fontconfig>\n")
    env = {
        **os.environ,
        "FONTCONFIG_FILE": str(empty / "fonts.conf"),
        "MPLCONFIGDIR": str(tmp_path / "mpl"),
        "LANG": "zh_CN.UTF-8",
    }
    return subprocess.run(
        [sys.executable, "-c", _BOOT, mode, str(tmp_path / "demo")],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_without_the_font_package_a_machine_like_this_has_no_cjk_font(tmp_path: Path) -> None:
    # The harness really hides every font that can draw Chinese.
    result = _run(tmp_path, "no-package")
    assert result.returncode != 0
    assert "NoCJKFont" in result.stderr


def test_the_demo_runs_and_draws_its_charts_with_no_system_cjk_font(tmp_path: Path) -> None:
    result = _run(tmp_path, "demo")
    assert result.returncode == 0, result.stderr + result.stdout
    assert "internal error" not in result.stderr
    pictures = list((tmp_path / "demo").rglob("*.png")) + list((tmp_path / "demo").rglob("*.docx"))
    assert pictures, "the demo wrote no charts or documents"
