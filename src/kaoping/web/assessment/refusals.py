"""Why an assessment cannot change or be computed now: raised by the services,
the follow-ups and the pages alike, so that none of them imports another for it."""

from __future__ import annotations

from dataclasses import dataclass


class Refused(Exception):
    """A change that is not allowed now; ``message`` says why, in the language active
    when it was raised (the request's; Chinese outside a request)."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems = problems or []


@dataclass(frozen=True)
class Problem:
    """Why a unit's figures cannot be assessed: one element missing or a check failed."""

    unit: str
    unit_name: str
    element: str  # the element code(s), comma separated
    label: str
    message: str
