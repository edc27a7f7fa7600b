"""``manage.py first_admin``: a county without an admin gets one, whose temporary
password must be replaced at the first login; audited; refused where an admin
already exists, for a village, an unknown unit or a taken username."""

from __future__ import annotations

import re
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from kaoping.web.core.models import AccountState, Membership, RoleChange

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = StringIO()
    call_command("first_admin", *args, stdout=out)
    return out.getvalue()


def test_a_county_without_an_admin_gets_one_who_must_change_the_printed_password(
    client: Any, world: Any
) -> None:
    said = _run("C1", "county.first")
    found = re.search(r"已为示范县创建管理员county\.first，临时密码：(\S+)\n", said)
    assert found is not None, said
    user = get_user_model().objects.get(username="county.first")
    assert user.check_password(found[1])
    assert Membership.objects.filter(user=user, role="admin", unit=world.county).count() == 1
    assert AccountState.objects.get(user=user).must_change_password
    audit = RoleChange.objects.filter(user=user).order_by("id")
    assert [(c.action, c.role, c.actor_id, c.unit_id) for c in audit] == [
        ("create_user", "", None, world.county.pk),
        ("grant", "admin", None, world.county.pk),
        ("temp_password", "", None, world.county.pk),
    ]
    # The gate: the first page after logging in is the password change.
    assert client.login(username="county.first", password=found[1])
    assert "/password" in client.get("/", follow=False)["Location"]


@pytest.mark.parametrize(
    ("args", "refusal"),
    [
        (("T1", "second"), "东风镇已有管理员（admin），请由其在用户页面管理账号"),
        (("V1", "second"), "东村是村，不设管理员"),
        (("NOPE", "second"), "没有代码为NOPE的单位"),
        (("C1", "leader"), "用户名leader已被使用"),
    ],
)
def test_it_refuses_and_creates_nothing(world: Any, args: tuple[str, str], refusal: str) -> None:
    before = (get_user_model().objects.count(), RoleChange.objects.count())
    with pytest.raises(CommandError, match=re.escape(refusal)):
        _run(*args)
    assert (get_user_model().objects.count(), RoleChange.objects.count()) == before
