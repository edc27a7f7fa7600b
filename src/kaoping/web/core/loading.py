"""Filling the database: data sets from a rubric, and the demo township.

The demo comes from :func:`kaoping.demo.build_demo`, the same township the
command line's ``kaoping demo`` writes out, so that the web app and the CLI
score the same figures.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, time
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from kaoping.engine import Period, Rubric, parse_rubric

from .models import (
    DataCheck,
    DataElement,
    DataSet,
    Figure,
    FigureChange,
    Membership,
    Person,
    Report,
    ReportEvent,
    Unit,
)


def dataset_from_rubric(
    township: Unit,
    rubric: Rubric,
    *,
    code: str = "quarterly",
    name: str | None = None,
    deadline_day: int = 5,
    frequency: str = DataSet.Frequency.QUARTERLY,
) -> DataSet:
    """A data set whose form matches the rubric's elements and checks."""
    dataset = DataSet.objects.create(
        township=township,
        code=code,
        name=name or rubric.name,
        frequency=frequency,
        deadline_day=deadline_day,
    )
    DataElement.objects.bulk_create(
        DataElement(
            dataset=dataset,
            code=e.code,
            label=e.label or e.code,
            type=e.type.value,
            default=e.default,
            position=i,
        )
        for i, e in enumerate(rubric.data_elements().values())
    )
    DataCheck.objects.bulk_create(
        DataCheck(dataset=dataset, rule=str(c.rule), message=c.message) for c in rubric.checks
    )
    return dataset


@dataclass(frozen=True)
class Login:
    role: str
    username: str
    password: str
    description: str


def _password() -> str:
    return secrets.token_urlsafe(9)


_ROLE_DESCRIPTION = {
    Membership.Role.ADMIN: "镇办管理员 township admin",
    Membership.Role.ASSESSOR: "镇办工作人员 assessor",
    Membership.Role.REPORTER: "村专干 village reporter",
    Membership.Role.LEADER: "领导 leader",
}


@transaction.atomic
def load_demo(demo: Any) -> list[Login]:
    """Load the demo township: units, people, a data set from the demo rubric, four
    quarters of figures, and one login per role. Returns the logins (with passwords)."""
    county_code, county_name = demo.county
    township_code, township_name = demo.township
    county = Unit.objects.create(code=county_code, name=county_name, level=Unit.Level.COUNTY)
    township = Unit.objects.create(
        code=township_code, name=township_name, level=Unit.Level.TOWNSHIP, parent=county
    )
    areas = {
        code: Unit.objects.create(code=code, name=name, level=Unit.Level.AREA, parent=township)
        for code, name in demo.areas
    }
    units: dict[str, Unit] = {}
    for u in demo.units:
        level = Unit.Level.COMMUNITY if u.kind == "社区" else Unit.Level.VILLAGE
        units[u.code] = Unit.objects.create(
            code=u.code, name=u.name, level=level, parent=areas.get(u.area, township)
        )
    everything = {**areas, **units}
    Person.objects.bulk_create(
        Person(unit=everything[p.unit], role=p.role, name=p.name, start=p.start, end=p.end)
        for p in demo.people
        if p.unit in everything
    )
    rubric = parse_rubric(demo.rubric_text, "demo rubric")
    dataset = dataset_from_rubric(township, rubric, name="村级季度上报数据")
    codes = [e.code for e in dataset.elements.all()]

    first_unit = next(iter(units.values()))
    logins = demo_users(township, first_unit)
    reporter = get_user_model().objects.get(username="reporter")
    leader = get_user_model().objects.get(username="leader")

    frame = demo.frame
    periods = sorted({str(p) for p in frame["period"].to_list()}, key=Period.parse)
    latest = periods[-1] if periods else None
    for row in frame.iter_rows(named=True):
        unit = units.get(str(row["unit"]))
        if unit is None:
            continue
        period = str(row["period"])
        deadline = dataset.deadline(Period.parse(period))
        # On the deadline morning, or now for a quarter whose deadline is still ahead.
        submitted_at = min(
            timezone.make_aware(datetime.combine(deadline, time(9, 0))), timezone.now()
        )
        # The latest quarter is left open for the demo reporter's own village,
        # so that the form can be tried; everything else is reported.
        open_for_demo = period == latest and unit.pk == first_unit.pk
        status = (
            Report.Status.DRAFT
            if open_for_demo
            else (Report.Status.SUBMITTED if period == latest else Report.Status.APPROVED)
        )
        report = Report.objects.create(
            dataset=dataset,
            unit=unit,
            period=period,
            status=status,
            version=1,
            first_submitted_at=None if open_for_demo else submitted_at,
            submitted_at=None if open_for_demo else submitted_at,
        )
        values = {c: _decimal(row.get(c)) for c in codes}
        Figure.objects.bulk_create(
            Figure(report=report, period=period, element=c, value=v)
            for c, v in values.items()
            if v is not None
        )
        FigureChange.objects.bulk_create(
            FigureChange(
                report=report,
                element=c,
                old_value=None,
                new_value=v,
                user=None,
                at=submitted_at,
                path=FigureChange.Path.DEMO,
                version=1,
            )
            for c, v in values.items()
            if v is not None
        )
        if not open_for_demo:
            ReportEvent.objects.create(
                report=report,
                action=ReportEvent.Action.SUBMIT,
                user=reporter if unit.pk == first_unit.pk else None,
                at=submitted_at,
            )
            if status == Report.Status.APPROVED:
                ReportEvent.objects.create(
                    report=report, action=ReportEvent.Action.APPROVE, user=leader, at=submitted_at
                )
    return logins


def _decimal(value: object) -> Decimal | None:
    if value is None:
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))


def demo_users(township: Unit, village: Unit) -> list[Login]:
    """One login per role in the demo township, each with a new password."""
    User = get_user_model()
    logins = []
    for username, role, unit in [
        ("admin", Membership.Role.ADMIN, township),
        ("assessor", Membership.Role.ASSESSOR, township),
        ("reporter", Membership.Role.REPORTER, village),
        ("leader", Membership.Role.LEADER, township),
    ]:
        password = _password()
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(username=username, password=password)
        else:
            user.set_password(password)
            user.save()
        Membership.objects.get_or_create(user=user, role=role, unit=unit)
        where = unit.name
        logins.append(Login(role, username, password, f"{_ROLE_DESCRIPTION[role]} · {where}"))
    return logins
