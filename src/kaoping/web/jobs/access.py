"""Who may see and cancel a job: as for its unit (core/access.py), and its starter."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from kaoping.web.core.access import access_to_unit
from kaoping.web.core.permissions import holds

from .models import Job


def job_for(user: Any, pk: int) -> tuple[Job, bool]:
    """The job and whether ``user`` may cancel it; 404 when they may not see it."""
    job = Job.objects.filter(pk=pk).select_related("unit").first()
    if job is None or not user.is_authenticated:
        raise Http404
    access = access_to_unit(user, job.unit)
    own = job.started_by_id == user.pk
    if not (own or access.read):
        raise Http404
    return job, own or holds(user, "job.cancel", job.unit)
