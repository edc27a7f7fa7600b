"""Two approvers bulk-approving overlapping pages at the same moment (see
race_scenarios for how a scenario runs on either database)."""

from __future__ import annotations

import threading
from collections import Counter
from typing import Any

from tests.web.race_scenarios import FIGURES


def overlapping_bulk_approvals(world: Any, trials: int) -> dict[str, Any]:
    """The admin ticks 东村 and 西村, the leader 西村 and 镇中社区; both send at once."""
    from django.db import connection

    from kaoping.web.core import bulk, services
    from kaoping.web.core.models import ReportEvent

    errors: list[str] = []
    overlap_refusals = 0
    texts: set[str] = set()
    for trial in range(trials):
        period = f"{2000 + trial}Q1"
        reps = {}
        for unit, by in [(world.v1, "reporter"), (world.v2, "reporter2"), (world.v3, "assessor")]:
            rep = services.report_for(world.ds, unit, period)
            services.save_figures(rep, FIGURES, user=world.users[by], path="form", submit=True)
            reps[unit.name] = rep
        pages = {
            "admin": [reps["东村"], reps["西村"]],
            "leader": [reps["西村"], reps["镇中社区"]],
        }
        start = threading.Barrier(2)
        outcomes: dict[str, Any] = {}

        def run(
            who: str,
            start: Any = start,
            pages: dict[str, list[Any]] = pages,
            outcomes: dict[str, Any] = outcomes,
        ) -> None:
            try:
                start.wait()
                mine = pages[who]
                outcomes[who] = bulk.approve_each(
                    mine, world.users[who], {r.pk: r.version for r in mine}
                )
            except Exception as exc:  # the test shows it
                errors.append(f"{who}: {type(exc).__name__}: {exc}")
            finally:
                connection.close()

        threads = [threading.Thread(target=run, args=(w,)) for w in pages]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        for o in outcomes.values():
            for r, why in o.refused:
                overlap_refusals += r.pk == reps["西村"].pk
                texts.add(why.replace(f" {period}", ""))
    per_report = Counter(
        ReportEvent.objects.filter(action="approve").values_list("report__unit__name", flat=True)
    )
    return {
        "errors": errors,
        "approvals_per_report": dict(per_report),
        "overlap_refusals": overlap_refusals,
        "refusal_texts": sorted(texts),
    }
