"""The overdue rule (``kaoping.engine.is_overdue``) as a database filter, for the
follow-up and reminder lists and counts: the same rule, not a second one. A test
(tests/web_assessment/test_escalation.py) holds the two to the same table."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db.models import Q


def overdue_q(today: date, open_states: Sequence[str], state_field: str = "state") -> Q:
    """Rows with a due date before ``today`` whose ``state_field`` is still open."""
    return Q(due__isnull=False, due__lt=today, **{f"{state_field}__in": list(open_states)})
