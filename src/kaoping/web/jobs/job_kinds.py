"""The jobs app's own kinds of job: a large upload's import."""

from . import imports  # noqa: F401  (registers core.import)
