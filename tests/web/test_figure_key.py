"""A figure is found, kept unique, serialised and audited by its key, (report,
element, period): there is no ``id`` to name it by. The period is its report's
(migration 0011: on PostgreSQL the table is partitioned by it), so the pair
(report, element) alone is still one figure."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.contrib import admin
from django.core import serializers
from django.db import IntegrityError, transaction

from kaoping.web.core import services
from kaoping.web.core.models import Figure, FigureChange, Report

# Run on PostgreSQL too (tests/conftest.py): the figure table's composite key, declared differently on each database.
pytestmark = pytest.mark.both_databases

D = Decimal


def _report(world: Any) -> Report:
    report = services.report_for(world.ds, world.v1, "2026Q3")
    services.save_figures(
        report, {"invited": D(40), "attended": D(38)}, user=world.users["admin"], path="form"
    )
    return Report.objects.get(unit=world.v1, period="2026Q3")


def test_a_figure_is_read_by_its_report_and_element(world: Any) -> None:
    report = _report(world)
    figure = Figure.objects.get(pk=(report.pk, "attended", "2026Q3"))
    assert (figure.report_id, figure.element, figure.value) == (report.pk, "attended", D(38))
    assert figure.pk == (report.pk, "attended", "2026Q3")
    assert figure.period == report.period
    assert not hasattr(figure, "id")


def test_a_second_figure_of_the_same_report_and_element_is_refused(world: Any) -> None:
    report = _report(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        Figure.objects.create(report=report, element="invited", value=D(41))
    assert Figure.objects.get(pk=(report.pk, "invited", "2026Q3")).value == D(40)


def test_a_changed_figure_is_updated_in_place_and_its_audit_names_the_same_pair(
    world: Any,
) -> None:
    report = _report(world)
    services.save_figures(report, {"attended": D(39)}, user=world.users["admin"], path="form")
    assert Figure.objects.filter(report=report).count() == 2
    assert Figure.objects.get(pk=(report.pk, "attended", "2026Q3")).value == D(39)
    last = FigureChange.objects.filter(report=report).order_by("-version").first()
    assert last is not None
    assert (last.report_id, last.element, last.old_value, last.new_value) == (
        report.pk,
        "attended",
        D(38),
        D(39),
    )


def test_figures_go_through_django_serialisation_and_back(world: Any) -> None:
    report = _report(world)
    text = serializers.serialize("json", Figure.objects.filter(report=report).order_by("element"))
    Figure.objects.filter(report=report).delete()
    loaded = list(serializers.deserialize("json", text))
    assert [o.object.pk for o in loaded] == [
        (report.pk, "attended", "2026Q3"),
        (report.pk, "invited", "2026Q3"),
    ]
    for o in loaded:
        o.save()
    assert report.values() == {"attended": D(38), "invited": D(40)}


def test_the_admin_does_not_list_figures_it_could_not_address(db: Any) -> None:
    # Django's admin refuses a model with a composite key; figures are edited
    # through their report's form, which audits the change.
    assert not admin.site.is_registered(Figure)
