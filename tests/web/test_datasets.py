"""Creating a data set from a rubric: its elements and checks become the form's."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from kaoping.web.core.models import DataSet

RUBRIC = """kaoping: 1
name: 小细则
total: 10
elements:
  invited: {label: 应到人数, type: count}
  attended: {label: 实到人数, type: count}
  award: {label: 获表彰, type: bool, default: 0}
checks:
  - {rule: attended <= invited, message: 实到不能多于应到}
items:
  - id: a
    title: 到位
    max: 10
    rules:
      - {rate: attended / invited, full_at: 1, points: 10, per_point_below: 1}
"""


def test_a_data_set_takes_the_rubrics_elements_and_checks(login: Any, world: Any) -> None:
    r = login("admin").post(
        "/datasets/new/",
        {
            "code": "small",
            "name": "",
            "frequency": "Q",
            "deadline_day": "10",
            "rubric": SimpleUploadedFile("small.yaml", RUBRIC.encode()),
        },
    )
    assert r.status_code == 302
    ds = DataSet.objects.get(code="small")
    assert (ds.township, ds.name, ds.deadline_day) == (world.t1, "小细则", 10)
    assert [(e.code, e.label, e.type, e.default) for e in ds.elements.all()] == [
        ("invited", "应到人数", "count", None),
        ("attended", "实到人数", "count", None),
        ("award", "获表彰", "bool", 0),
    ]
    assert [(c.rule, c.message) for c in ds.checks.all()] == [
        ("attended <= invited", "实到不能多于应到")
    ]


def test_without_a_file_the_shipped_rubric_is_used(login: Any, world: Any) -> None:
    r = login("admin").post(
        "/datasets/new/", {"code": "std", "frequency": "Q", "deadline_day": "5"}
    )
    assert r.status_code == 302
    elements = DataSet.objects.get(code="std").elements
    assert elements.count() == 36
    # An informed decline is its own figure of the data set, 0 unless reported.
    declined = elements.get(code="sd_declined")
    assert (declined.label, declined.type, declined.default) == ("知情后自愿不参加人数", "count", 0)
    assert not elements.filter(code="sd_absent_unfollowed").exists()


def test_a_broken_rubric_lists_its_problems_with_their_place(login: Any, world: Any) -> None:
    bad = RUBRIC.replace("type: count}", "type: counted}", 1)
    r = login("admin").post(
        "/datasets/new/",
        {
            "code": "bad",
            "frequency": "Q",
            "deadline_day": "5",
            "rubric": SimpleUploadedFile("bad.yaml", bad.encode()),
        },
    )
    page = r.content.decode()
    assert "bad.yaml:5:" in page
    assert not DataSet.objects.filter(code="bad").exists()


def test_only_a_township_admin_creates_data_sets(login: Any, world: Any) -> None:
    for persona in ["assessor", "leader", "reporter"]:
        assert login(persona).get("/datasets/new/").status_code == 403
