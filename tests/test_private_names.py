"""No private name (``_name``) is imported from outside its package.

import-linter's ``private_modules`` contract covers modules; a private function
or class imported across packages (``from kaoping.web.core.access import
_get_unit_for_user`` once was) is found here, by reading every ``from … import``
of ``src/``. Inside its package (``views/ledger.py`` taking ``views/common._show``)
a private name is fine.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"


def _package_of(module: str, root: Path) -> str:
    """A module's package; a package is its own."""
    path = root / module.replace(".", "/")
    return module if (path / "__init__.py").exists() else module.rpartition(".")[0]


def private_imports_across_packages(root: Path = SRC) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        module = ".".join(parts[:-1] if is_package else parts)
        here = module if is_package else module.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom) or node.module == "__future__":
                continue
            if node.level:
                base = here.split(".")[: len(here.split(".")) - (node.level - 1)]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            for alias in node.names:
                name = alias.name
                if not name.startswith("_") or name.startswith("__"):
                    continue
                owner = _package_of(target, root)
                if not (here == owner or here.startswith(owner + ".")):
                    found.append(f"{path.relative_to(root)}:{node.lineno}: {name} from {target}")
    return found


def test_no_private_name_is_imported_from_outside_its_package() -> None:
    assert private_imports_across_packages() == []


def test_the_check_finds_a_private_name_taken_across_packages(tmp_path: Path) -> None:
    # The check itself: a module of package b taking a._helper is named.
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for p in ("a/__init__.py", "b/__init__.py", "a/mod.py"):
        (tmp_path / p).write_text("")
    (tmp_path / "b/user.py").write_text("from a.mod import _helper, public\n")
    (tmp_path / "a/inside.py").write_text("from .mod import _helper\n")
    assert private_imports_across_packages(tmp_path) == ["b/user.py:1: _helper from a.mod"]
