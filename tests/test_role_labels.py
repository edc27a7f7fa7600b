"""One table of role labels: ``kaoping.engine``'s ``ROLES`` (RUBRIC.md §5.1).

Six tables once told the same seven labels apart and drifted (one knew five roles);
these tests fail when a module writes a role's label again instead of asking the
engine.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import gettext

from kaoping.engine import ROLES, role_label

SRC = Path(__file__).resolve().parents[1] / "src" / "kaoping"
HOME = SRC / "engine" / "_people.py"


def _allowed(path: Path) -> bool:
    # Migrations are frozen history; the catalogues translate the labels.
    return path == HOME or "migrations" in path.parts or "locale" in path.parts


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def _label_literals(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _docstrings(tree)
    labels = set(ROLES.values())
    return [
        f"{path.name}:{node.lineno}: {node.value!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and node.value in labels and id(node) not in skip
    ]


def test_no_python_module_but_the_engines_writes_a_role_label() -> None:
    found = [
        hit
        for path in sorted(SRC.rglob("*.py"))
        if not _allowed(path)
        for hit in _label_literals(path)
    ]
    assert found == []


def test_no_template_or_resource_pairs_a_role_code_with_its_label() -> None:
    pairs = [
        re.compile(rf"""["']?{code}["']?\s*[:,=]\s*(_\()?["']?{label}\b""")
        for code, label in ROLES.items()
    ]
    found = [
        f"{path.relative_to(SRC)}: {pattern.pattern}"
        for path in sorted(SRC.rglob("*"))
        if path.is_file()
        and path.suffix in {".html", ".yaml", ".txt", ".js"}
        and not _allowed(path)
        for pattern in pairs
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_the_check_sees_a_label_written_again(tmp_path: Path) -> None:
    copy = tmp_path / "labels.py"
    copy.write_text('"""书记"""\n\nLABELS = {"director": "主任"}\n')
    assert _label_literals(copy) == ["labels.py:3: '主任'"]


@pytest.mark.parametrize(
    ("to", "unit", "shown"),
    [
        ("secretary", None, "书记"),
        ("service_worker", None, "专干"),
        ("area_deputy", None, "副片长"),
        ("unit", None, "本单位"),
        ("unit", "村（居）", "村（居）"),
        ("area", None, "片区"),
        ("somebody", None, "somebody"),
    ],
)
def test_role_label_names_each_target_of_a_consequence(
    to: str, unit: str | None, shown: str
) -> None:
    assert (role_label(to) if unit is None else role_label(to, unit=unit)) == shown


def test_the_english_pages_translate_every_role_label() -> None:
    # The web app passes the engine's labels through gettext, where makemessages
    # cannot see them: a catalogue that lost one would show it in Chinese.
    with translation.override("en"):
        untranslated = [label for label in ROLES.values() if gettext(label) == label]
    assert untranslated == []
