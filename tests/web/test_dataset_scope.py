"""Data sets, from a rubric or by hand, are refused when they name a coercive measure."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from kaoping.web.core.models import DataCheck, DataElement, DataSet

from .test_datasets import RUBRIC


def _new(client: Any, **fields: Any) -> Any:
    return client.post(
        "/datasets/new/", {"code": "s", "frequency": "Q", "deadline_day": "5", **fields}
    )


def test_a_data_set_from_a_rubric_naming_a_coercive_measure_is_refused(
    login: Any, world: Any
) -> None:
    bad = RUBRIC.replace("应到人数", "引产人数", 1)
    r = _new(login("admin"), rubric=SimpleUploadedFile("bad.yaml", bad.encode()))
    page = r.content.decode()
    assert "bad.yaml:5:" in page and "超出服务范围" in page and "引产" in page
    assert not DataSet.objects.filter(code="s").exists()


@pytest.mark.parametrize(("field", "value"), [("name", "孕检数据"), ("code", "iud-checks")])
def test_a_data_set_named_for_a_coercive_measure_is_refused_beside_its_field(
    login: Any, world: Any, field: str, value: str
) -> None:
    r = _new(login("admin"), **{field: value})
    assert r.status_code == 200
    assert field in r.context["form"].errors
    assert not DataSet.objects.filter(name=value).exists()


@pytest.mark.parametrize(
    ("model", "fields", "bad_field"),
    [
        (DataElement, {"code": "sterilizations", "label": "人数", "type": "count"}, "code"),
        (DataElement, {"code": "x", "label": "结扎人数", "type": "count"}, "label"),
        (DataCheck, {"rule": "x <= y", "message": "社会抚养费不能为负"}, "message"),
    ],
)
def test_an_element_or_check_added_by_hand_is_refused(
    world: Any, model: Any, fields: dict[str, str], bad_field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        model(dataset=world.ds, **fields).full_clean()
    assert bad_field in caught.value.message_dict


def test_the_admin_refuses_an_element_naming_a_coercive_measure(client: Any, world: Any) -> None:
    get_user_model().objects.create_superuser("root", password="pw-Root-12345")
    client.login(username="root", password="pw-Root-12345")
    ds = world.ds
    data = {
        "township": ds.township_id, "code": ds.code, "name": ds.name,
        "frequency": ds.frequency, "deadline_day": ds.deadline_day,
        "elements-TOTAL_FORMS": "1", "elements-INITIAL_FORMS": "0",
        "elements-0-code": "preg", "elements-0-label": "孕检人数", "elements-0-type": "count",
        "elements-0-position": "99",
        "checks-TOTAL_FORMS": "0", "checks-INITIAL_FORMS": "0",
    }  # fmt: skip
    before = ds.elements.count()
    r = client.post(f"/admin/kaoping/dataset/{ds.pk}/change/", data)
    assert r.status_code == 200, r  # the form again, with the error
    assert "“孕检人数”涉及查孕或孕情监测" in r.content.decode()
    assert ds.elements.count() == before
