"""API tokens: created by their user, shown once, revoked only by their user."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from kaoping.web.core.models import ApiToken
from tests.asking import asks, dialog, question, resent, yes


def test_a_new_token_is_shown_once_and_works(login: Any, world: Any, client: Any) -> None:
    page = login("assessor").post("/account/tokens/", {"name": "对接系统"}).content.decode()
    key = page.split('<code id="new-key">')[1].split("</code>")[0]
    assert key.startswith("kp_")
    assert key not in client.get("/account/tokens/").content.decode()
    client.logout()
    r = client.get("/api/v1/units/", HTTP_AUTHORIZATION=f"Token {key}")
    assert {u["code"] for u in r.json()["units"]} == {"T1", "A1", "V1", "V2", "V3"}


def test_a_village_reporter_cannot_issue_a_token(login: Any, world: Any) -> None:
    assert login("reporter").post("/account/tokens/", {"name": "x"}).status_code == 403
    assert not ApiToken.objects.exists()


def test_a_user_cannot_revoke_someone_elses_token(login: Any, world: Any) -> None:
    token, _key = ApiToken.issue(world.users["admin"], "x")
    url = f"/account/tokens/{token.pk}/delete/"
    # Not theirs: not found, neither asked nor revoked, with the answer or without.
    for data in ({}, yes()):
        r = login("assessor").post(url, data)
        assert r.status_code == 404 and not asks(r.content.decode())
    assert ApiToken.objects.filter(pk=token.pk).exists()
    assert login("admin").post(url, yes()).status_code == 302
    assert not ApiToken.objects.filter(pk=token.pk).exists()


def test_revoking_without_the_answer_names_the_token_and_changes_nothing(
    login: Any, world: Any
) -> None:
    token, _key = ApiToken.issue(world.users["admin"], "对接系统")
    token.expires = datetime(2027, 3, 1, 4, 0, tzinfo=UTC)  # 12:00 in Beijing
    token.save()
    said = (
        f"撤销后，令牌“对接系统”（前缀{token.prefix}…，有效期至2027-03-01）立即失效，"
        "使用它的程序将不能再访问接口；撤销后不能恢复，需要时另建新令牌。确定撤销吗？"
    )
    client = login("admin")
    assert dialog(client.get("/account/tokens/").content.decode(), f"revoke-{token.pk}") == said
    r = client.post(f"/account/tokens/{token.pk}/delete/")
    assert r.status_code == 200
    assert question(r.content.decode()) == said
    assert resent(r.content.decode()) == {"confirmed": ["yes"]}
    assert ApiToken.objects.filter(pk=token.pk).exists()
    assert client.post(f"/account/tokens/{token.pk}/delete/", yes()).status_code == 302
    assert not ApiToken.objects.exists()


def test_a_revoked_token_no_longer_opens_the_api(client: Any, world: Any) -> None:
    token, key = ApiToken.issue(world.users["admin"], "x")
    token.delete()
    assert client.get("/api/v1/units/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 401


def _get_units(client: Any, key: str) -> int:
    return int(client.get("/api/v1/units/", HTTP_AUTHORIZATION=f"Token {key}").status_code)


def test_a_token_stops_working_when_its_owner_changes_the_password(client: Any, world: Any) -> None:
    user = world.users["admin"]
    _token, key = ApiToken.issue(user, "x")
    assert _get_units(client, key) == 200
    user.set_password("a-new-password-77")
    user.save()
    assert _get_units(client, key) == 401


def test_a_token_stops_working_after_its_expiry(client: Any, world: Any) -> None:
    from datetime import timedelta

    from django.utils import timezone

    token, key = ApiToken.issue(world.users["admin"], "x")
    assert token.expires - token.created == timedelta(days=90)
    ApiToken.objects.filter(pk=token.pk).update(expires=timezone.now() - timedelta(seconds=1))
    assert _get_units(client, key) == 401


def test_the_tokens_page_shows_each_tokens_expiry(login: Any, world: Any) -> None:
    token, _key = ApiToken.issue(world.users["admin"], "x")
    page = login("admin").get("/account/tokens/").content.decode()
    # The page shows the local (Beijing) date: after 16:00 UTC it is the next day.
    from django.utils import timezone

    assert timezone.localtime(token.expires).strftime("%Y-%m-%d") in page
    assert "90天" in page
