from typing import Any

from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "kaoping.web.assessment"
    label = "assessment"
    verbose_name = "季度考评"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from kaoping.web.core.services import report_reopen_asked, report_reopened
        from kaoping.web.planning.services import (
            formed_periods_wanted,
            formed_targets_wanted,
            open_differences_wanted,
            spot_checks_wanted,
        )

        report_reopened.connect(_reopened, dispatch_uid="assessment-correct-after-reopen")
        report_reopen_asked.connect(_reopen_asked, dispatch_uid="assessment-reopen-asked")
        open_differences_wanted.connect(_differences, dispatch_uid="assessment-open-differences")
        spot_checks_wanted.connect(_spot_checked, dispatch_uid="assessment-spot-checked")
        formed_periods_wanted.connect(_formed_periods, dispatch_uid="assessment-formed-periods")
        formed_targets_wanted.connect(_formed_targets, dispatch_uid="assessment-formed-targets")


def _refuse_locked_above(report: Any) -> None:
    # A quarter the county accepted, or an approved assessment of the county, city
    # or province that read the report: the level above holds it (acceptance.py,
    # county.py); each takes the report's lock before it writes.
    from kaoping.web.core.services import Refused as ReportRefused

    from .acceptance_lock import accepted_covering, locked_message
    from .county_lock import refusal

    town = report.unit.township
    # A month's report counts in its month (assessed monthly) and in its quarter.
    accepted = accepted_covering(town, report.period)
    if town is not None and accepted is not None:
        raise ReportRefused([(report, locked_message(town, accepted))])
    why = refusal(report)
    if why:
        raise ReportRefused([(report, why)])


def _reopened(sender: Any, report: Any, user: Any, reason: str, **kwargs: Any) -> None:
    # Sent inside the reopening's transaction: the correction starts with it or not at all.
    # The report is locked here; a quarter the county accepted refuses the reopening
    # and so does an approved assessment above that read it (acceptance.py,
    # county.py: each locks the same report before it writes).
    from .services import correct_after_reopen

    _refuse_locked_above(report)
    correct_after_reopen(report, user, reason)


def _reopen_asked(sender: Any, report: Any, **kwargs: Any) -> list[tuple[str, str, int]]:
    # Before the reopening is asked about: refused as it would be, else what it corrects.
    from .services import corrected_after_reopen

    _refuse_locked_above(report)
    return [
        (a.township.name, a.campaign.title if a.campaign is not None else a.period, a.version)
        for a in corrected_after_reopen(report)
    ]


def _differences(sender: Any, township: Any, period: Any, **kwargs: Any) -> Any:
    # The reminders' open differences between sources (planning.services).
    from .sources import open_differences

    return open_differences(township, period)


def _spot_checked(sender: Any, township: Any, period: Any, **kwargs: Any) -> Any:
    # The units inspections sampled: targets' spot-checked units (planning.services).
    from .inspections import sampled_codes

    return sampled_codes(township, period)


def _formed_periods(sender: Any, township: Any, **kwargs: Any) -> Any:
    # The periods beside the quarters the township's targets page offers
    # (planning.services.offered_periods): half-years and years, assessed months.
    from .period_summary import assessed_months, formed_periods

    return [*formed_periods(township), *assessed_months(township)]


def _formed_targets(sender: Any, township: Any, targets: Any, period: Any, **kwargs: Any) -> Any:
    # A half-year's or a year's targets on its formed figures, judged as its
    # 工作总结 judges them (planning.services.formed_targets).
    from kaoping.web.planning.services import FormedTargets

    from .period_summary import NotFormed, form, formed_targets, spot_checked

    spot = spot_checked(township, period)
    try:
        formed = form(township, period)
    except NotFormed as e:
        return FormedTargets([], [] if e.missing else [e.message], e.missing, spot)
    results, problems = formed_targets(township, targets, formed, period)
    return FormedTargets(results, problems, (), spot)
