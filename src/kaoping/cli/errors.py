"""How the CLI speaks to its user: the locale's language, a user's mistake as
messages with exit status 2, any other failure as one line with status 1.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Callable, Sequence
from functools import wraps
from typing import NoReturn, ParamSpec, TypeVar

import click

P = ParamSpec("P")
R = TypeVar("R")


def chinese() -> bool:
    """Whether the user's locale asks for Chinese messages."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var)
        if value:
            return value.lower().startswith("zh")
    return False


def say(en: str, zh: str) -> str:
    return zh if chinese() else en


class UserError(Exception):
    """A mistake in the user's input: printed, exit status 2."""

    def __init__(self, lines: Sequence[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = list(lines)


def fail(lines: Sequence[str]) -> NoReturn:
    raise UserError(lines)


def warn(message: str) -> None:
    click.echo(message, err=True)


def guarded(fn: Callable[P, R]) -> Callable[P, R]:
    """Turn user errors into messages with status 2 and any other failure into a
    one-line message with status 1 (``KAOPING_DEBUG=1`` shows the traceback)."""

    @wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except UserError as err:
            for line in err.lines:
                click.echo(line, err=True)
            sys.exit(2)
        except (click.exceptions.Exit, click.ClickException, SystemExit, KeyboardInterrupt):
            raise
        except BrokenPipeError:
            # `kaoping score ... | head`: the reader left; not an error of ours.
            sys.stderr.close()
            sys.exit(0)
        except Exception as err:
            if os.environ.get("KAOPING_DEBUG"):
                raise
            click.echo(
                say(
                    f"kaoping: internal error: {type(err).__name__}: {err} "
                    "(run with KAOPING_DEBUG=1 for details)",
                    f"kaoping：程序内部错误：{type(err).__name__}: {err}（设置 KAOPING_DEBUG=1 查看详情）",
                ),
                err=True,
            )
            sys.exit(1)

    return wrapper


# What each extra brings, by the modules it installs (pyproject.toml).
EXTRAS = {"documents": ("docx", "matplotlib"), "web": ("django", "gunicorn")}


def has_extra(extra: str) -> bool:
    return all(importlib.util.find_spec(m) is not None for m in EXTRAS[extra])


def require_extra(extra: str, command: str) -> None:
    """Exit 2, saying what to install, when ``extra`` is not installed."""
    if has_extra(extra):
        return
    click.echo(
        say(
            f"kaoping {command} needs kaoping[{extra}]: pip install 'kaoping[{extra}]'",
            f"kaoping {command} 需要安装 kaoping[{extra}]：pip install 'kaoping[{extra}]'",
        ),
        err=True,
    )
    sys.exit(2)
