"""A unit in a form's choices reads 东村（V1） on a Chinese page and 东村 (V1) on an
English one (core.labels.unit_label); ``str(unit)``, which the role audit keeps,
stays 东村（V1） in either language."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from tests.web.conftest import World


def _letter_form(world: World) -> Any:
    from kaoping.web.letters.forms import LetterForm

    return LetterForm(township=world.t1), "unit"


def _new_user_form(world: World) -> Any:
    from kaoping.web.core.forms import NewUserForm
    from kaoping.web.core.models import Unit

    return NewUserForm(villages=Unit.objects.filter(pk=world.v1.pk)), "units"


def _region_user_form(world: World) -> Any:
    from kaoping.web.core.views.region_users import RegionUserForm

    return RegionUserForm(units=[world.v1]), "unit"


FORMS = {"letter": _letter_form, "new user": _new_user_form, "region user": _region_user_form}


@pytest.mark.parametrize("form", list(FORMS))
@pytest.mark.parametrize(("language", "shown"), [("zh-hans", "东村（V1）"), ("en", "东村 (V1)")])
def test_a_forms_unit_choices_use_the_pages_brackets(
    world: World, form: str, language: str, shown: str
) -> None:
    f, name = FORMS[form](world)
    with translation.override(language):
        labels = [str(label) for value, label in f.fields[name].choices if value]
        assert shown in labels
        assert str(world.v1) == "东村（V1）"
