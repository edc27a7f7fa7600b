"""Where the events happen: each is heard on the audit row its action writes,
inside that action's transaction (a returned report writes a ReportEvent, an
issued reminder its Reminder, an opened follow-up its Rectification, publishing
an AssessmentEvent). The deliveries are written there too and sent only after
the commit (services.notify), so a rolled-back action tells nobody.

A row written with ``bulk_create`` sends no signal: whoever adds such a path
for these events calls the matching function of services.py themselves.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from kaoping.web.assessment.models import AssessmentEvent, Rectification
from kaoping.web.core.models import ReportEvent
from kaoping.web.planning.models import Reminder

from . import services


@receiver(post_save, sender=ReportEvent, dispatch_uid="notify-report-returned")
def _report_event(sender: Any, instance: ReportEvent, created: bool, **kwargs: Any) -> None:
    if created and instance.action in (ReportEvent.Action.RETURN, ReportEvent.Action.REOPEN):
        services.report_returned(instance.report, instance.note)


@receiver(post_save, sender=Reminder, dispatch_uid="notify-reminder-issued")
def _reminder(sender: Any, instance: Reminder, created: bool, **kwargs: Any) -> None:
    if created:
        services.reminder_issued(instance)


@receiver(post_save, sender=Rectification, dispatch_uid="notify-rectification-issued")
def _rectification(sender: Any, instance: Rectification, created: bool, **kwargs: Any) -> None:
    if created:
        services.rectification_issued(instance)


@receiver(post_save, sender=AssessmentEvent, dispatch_uid="notify-assessment-published")
def _assessment_event(sender: Any, instance: AssessmentEvent, created: bool, **kwargs: Any) -> None:
    if created and instance.action == AssessmentEvent.Action.PUBLISH:
        services.assessment_published(instance.assessment)
