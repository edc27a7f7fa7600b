"""The job worker's periodic look at what is due (kaoping.web.jobs.schedule).

It counts two trails, planning's reminders and the assessment's follow-ups, so it
lives here, in the app that reads both (planning never imports the assessment).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext

from kaoping.web.core.overdue import overdue_q
from kaoping.web.planning.models import Reminder

from .models import Rectification


def scan_due(now: Any) -> str:
    """The open reminders and follow-ups overdue today and those due within
    ``KAOPING_DUE_SOON_DAYS``. Overdue is a rule on the due date
    (kaoping.web.core.overdue), never a stored flag, so the scan writes nothing;
    escalation and notices act on the same rule."""
    today = timezone.localdate(now)
    soon = today + timedelta(days=settings.KAOPING_DUE_SOON_DAYS)
    reminders = Reminder.objects.filter(status__in=Reminder.OPEN_STATES)
    followups = Rectification.objects.filter(state__in=Rectification.OPEN_STATES)
    return gettext(
        "提醒单逾期%(r_late)s份、%(days)s天内到期%(r_soon)s份；"
        "整改事项逾期%(f_late)s项、%(days)s天内到期%(f_soon)s项"
    ) % {
        "days": settings.KAOPING_DUE_SOON_DAYS,
        "r_late": reminders.filter(overdue_q(today, Reminder.OPEN_STATES, "status")).count(),
        "r_soon": reminders.filter(due__gte=today, due__lte=soon).count(),
        "f_late": followups.filter(overdue_q(today, Rectification.OPEN_STATES)).count(),
        "f_soon": followups.filter(due__gte=today, due__lte=soon).count(),
    }
