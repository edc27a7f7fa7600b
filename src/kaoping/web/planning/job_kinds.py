"""Planning's long work as jobs (kaoping.web.jobs): generating a period's reminders."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kaoping.engine import Period
from kaoping.web.jobs import JobContext, Outcome, job_kind

from .services import issue_reminders, load_targets


@job_kind("planning.reminders", gettext_lazy("生成提醒单"))
def reminders(ctx: JobContext, prepared: None) -> Outcome:
    township = ctx.job.unit
    period = Period.parse(str(ctx.params["period"]))
    targets, _name, problems = load_targets(township, str(ctx.params.get("file", "shipped")))
    # issue_reminders locks the township: two generations at once do not both issue.
    created, gathered = issue_reminders(
        township, period, date.fromisoformat(str(ctx.params["as_of"])), targets
    )
    done = _("已生成%(n)s份提醒单（已下发过的不重复生成）") % {"n": len(created)}
    # One line each: the page shows the notes first, then what was done.
    return Outcome(
        "\n".join([*problems, *gathered.notes, done]),
        f"/planning/t/{township.code}/reminders/?period={period}",
    )
