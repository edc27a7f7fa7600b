"""Two-factor login: enrolment, the login's second step, recovery codes, the
setting that makes it compulsory for everyone but village reporters, an admin's
audited reset, the Django admin behind the same gate, and API tokens untouched.
Also a temporary password, which must be changed before any other page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django_otp import device_classes
from django_otp.models import DeviceManager
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from kaoping.web.core.models import ApiToken, Membership, RoleChange
from tests.asking import question, resent, yes

from .conftest import PASSWORD

NEW = "a-fresh-passphrase-42"


def code_for(device: TOTPDevice) -> str:
    return str(TOTP(device.bin_key, device.step, device.t0, device.digits).token()).zfill(6)


def enrolled(user: Any) -> tuple[TOTPDevice, list[str]]:
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    static = StaticDevice.objects.create(user=user, name="recovery", confirmed=True)
    codes = ["aaaa1111", "bbbb2222"]
    for c in codes:
        StaticToken.objects.create(device=static, token=c)
    return device, codes


def verified(client: Any, user: Any, device: TOTPDevice) -> Any:
    """Logged in with both steps, as django_otp.login leaves the session."""
    from django_otp import DEVICE_ID_SESSION_KEY

    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def password_login(client: Any, username: str, password: str = PASSWORD) -> Any:
    client.logout()
    r = client.post("/login/", {"username": username, "password": password})
    assert r.status_code == 302, "the password step itself succeeds"
    return client


@pytest.fixture
def required(settings: Any) -> None:
    settings.KAOPING_2FA_REQUIRED = True


@pytest.mark.parametrize("persona", ["admin", "assessor", "leader", "county", "superuser"])
def test_staff_must_enrol_before_any_page_when_the_setting_requires_it(
    required: None, client: Any, world: Any, persona: str
) -> None:
    from django.contrib.auth import get_user_model

    if persona == "county":
        user = get_user_model().objects.create_user("county", password=PASSWORD)
        Membership.objects.create(user=user, role=Membership.Role.LEADER, unit=world.county)
    elif persona == "superuser":
        get_user_model().objects.create_superuser("root", password=PASSWORD)
        persona = "root"
    password_login(client, persona)
    for page in ("/", "/units/", "/account/tokens/", "/admin/"):
        r = client.get(page)
        assert r.status_code == 302
        assert r["Location"].startswith("/account/two-factor/?next=")
    assert client.get("/account/two-factor/").status_code == 200


def test_a_village_reporter_is_not_made_to_enrol(required: None, client: Any, world: Any) -> None:
    password_login(client, "reporter")
    assert client.get("/").status_code == 200


def test_without_the_setting_nobody_is_made_to_enrol(
    client: Any, world: Any, settings: Any
) -> None:
    settings.KAOPING_2FA_REQUIRED = False
    password_login(client, "admin")
    assert client.get("/users/").status_code == 200


def test_enrolment_shows_a_qr_code_and_confirms_with_a_code(
    required: None, client: Any, world: Any, settings: Any
) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the retry right after a wrong code
    password_login(client, "leader")
    page = client.get("/account/two-factor/").content.decode()
    assert 'src="data:image/svg+xml' in page
    secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', page)
    assert secret is not None and len(secret.group(1).replace(" ", "")) == 32
    device = TOTPDevice.objects.get(user=world.users["leader"])
    assert not device.confirmed
    # the same pending device on a second visit: the scanned code keeps matching
    client.get("/account/two-factor/")
    assert TOTPDevice.objects.filter(user=world.users["leader"]).count() == 1

    r = client.post("/account/two-factor/", {"action": "confirm", "code": "000000"})
    assert r.status_code == 400 and "验证码不正确" in r.content.decode()

    r = client.post("/account/two-factor/", {"action": "confirm", "code": code_for(device)})
    assert r.status_code == 200 and r["Cache-Control"] == "no-store"
    codes = re.findall(r"<li><code>(\w+)</code></li>", r.content.decode())
    assert len(codes) == 10 and len(set(codes)) == 10
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/").status_code == 200  # this session is verified


def test_the_login_asks_for_the_code_after_the_password(client: Any, world: Any) -> None:
    device, _codes = enrolled(world.users["admin"])
    password_login(client, "admin")
    r = client.get("/users/")
    assert r.status_code == 302 and r["Location"] == "/account/two-factor/verify/?next=%2Fusers%2F"
    # nothing else opens meanwhile, a form post included
    assert client.post("/units/new/", {"code": "X"}).status_code == 302
    r = client.post("/account/two-factor/verify/", {"code": code_for(device), "next": "/users/"})
    assert r.status_code == 302 and r["Location"] == "/users/"
    assert client.get("/users/").status_code == 200


# (the devices a person has, whether the gate asks for the second step)
DEVICES_AND_SECOND_STEP = [
    ({"totp": True}, True),
    ({"static": True}, True),  # recovery codes alone are an authenticator too
    ({"totp": False, "static": True}, True),
    ({"totp": False}, False),  # an enrolment never confirmed is none
    ({"totp": False, "static": False}, False),
    ({}, False),
]


@pytest.mark.parametrize(("devices", "asked"), DEVICES_AND_SECOND_STEP)
def test_every_kind_of_confirmed_device_makes_the_login_ask_for_the_second_step(
    client: Any, world: Any, devices: dict[str, bool], asked: bool
) -> None:
    admin = world.users["admin"]
    kinds = {"totp": TOTPDevice, "static": StaticDevice}
    for kind, confirmed in devices.items():
        kinds[kind].objects.create(user=admin, name=kind, confirmed=confirmed)
    password_login(client, "admin")
    r = client.get("/units/")
    if asked:
        assert r.status_code == 302
        assert r["Location"] == "/account/two-factor/verify/?next=%2Funits%2F"
    else:
        assert r.status_code == 200


def test_every_installed_kind_of_device_is_found_as_django_otp_finds_it() -> None:
    """The gate asks each kind of device in SQL of its own (core/two_factor._account):
    the user's confirmed rows, which is django-otp's ``devices_for_user`` as long as
    no kind overrides it. A plugin that does would need the gate to follow."""
    kinds = list(device_classes())
    assert {k.__name__ for k in kinds} == {"TOTPDevice", "StaticDevice"}
    for kind in kinds:
        assert isinstance(kind.objects, DeviceManager)
        assert type(kind.objects).devices_for_user is DeviceManager.devices_for_user


def test_a_wrong_code_is_refused_and_a_foreign_next_is_ignored(client: Any, world: Any) -> None:
    device, _codes = enrolled(world.users["admin"])
    password_login(client, "admin")
    r = client.post("/account/two-factor/verify/", {"code": "123456"})
    assert r.status_code == 400 and "验证码不正确" in r.content.decode()
    r = client.post(
        "/account/two-factor/verify/",
        {"code": code_for(device), "next": "https://evil.example/"},
    )
    assert r.status_code in (302, 400)
    if r.status_code == 302:
        assert r["Location"] == "/"


def test_repeated_wrong_codes_are_slowed_down(client: Any, world: Any, settings: Any) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    settings.OTP_STATIC_THROTTLE_FACTOR = 60
    device, _codes = enrolled(world.users["admin"])
    password_login(client, "admin")
    client.post("/account/two-factor/verify/", {"code": "123456"})
    client.post("/account/two-factor/verify/", {"code": "654321"})
    r = client.post("/account/two-factor/verify/", {"code": code_for(device)})
    assert r.status_code == 400 and "次数过多" in r.content.decode()
    assert client.get("/").status_code == 302


def test_a_recovery_code_works_once(client: Any, world: Any) -> None:
    _device, codes = enrolled(world.users["admin"])
    password_login(client, "admin")
    r = client.post("/account/two-factor/verify/", {"code": codes[0].upper()}, follow=True)
    assert "还剩1个" in r.content.decode()
    password_login(client, "admin")
    r = client.post("/account/two-factor/verify/", {"code": codes[0]})
    assert r.status_code == 400


def test_regenerated_recovery_codes_replace_the_old_ones(login: Any, world: Any) -> None:
    device, old = enrolled(world.users["reporter"])
    client = verified(login("reporter"), world.users["reporter"], device)
    r = client.post("/account/two-factor/", {"action": "codes"})
    new = re.findall(r"<li><code>(\w+)</code></li>", r.content.decode())
    assert len(new) == 10
    tokens = set(StaticToken.objects.values_list("token", flat=True))
    assert tokens == set(new) and not tokens & set(old)


def test_a_reporter_may_turn_it_off_but_required_staff_may_not(
    required: None, login: Any, world: Any
) -> None:
    reporter, leader = world.users["reporter"], world.users["leader"]
    client = verified(login("reporter"), reporter, enrolled(reporter)[0])
    assert client.post("/account/two-factor/", {"action": "disable"}).status_code == 302
    assert not TOTPDevice.objects.filter(user=reporter).exists()
    client = verified(login("leader"), leader, enrolled(leader)[0])
    assert client.post("/account/two-factor/", {"action": "disable"}).status_code == 400
    assert TOTPDevice.objects.filter(user=world.users["leader"]).exists()


def test_the_django_admin_does_not_bypass_the_second_step(client: Any, world: Any) -> None:
    from django.contrib.auth import get_user_model

    root = get_user_model().objects.create_superuser("root", password=PASSWORD)
    device, _codes = enrolled(root)
    client.post("/admin/login/", {"username": "root", "password": PASSWORD, "next": "/admin/"})
    for page in ("/admin/", "/admin/kaoping/unit/", "/admin/auth/user/"):
        r = client.get(page)
        assert r.status_code == 302 and r["Location"].startswith("/account/two-factor/verify/")
    client.post("/account/two-factor/verify/", {"code": code_for(device)})
    assert client.get("/admin/").status_code == 200
    # device pages are not in the admin: a reset goes through the audited one
    assert client.get("/admin/otp_totp/totpdevice/").status_code == 404


def test_an_api_token_works_without_the_second_step(
    required: None, client: Any, world: Any
) -> None:
    enrolled(world.users["admin"])
    _token, key = ApiToken.issue(world.users["admin"], "script")
    r = client.get("/api/v1/units/", HTTP_AUTHORIZATION=f"Token {key}")
    assert r.status_code == 200


def test_an_admin_resets_a_persons_two_factor_with_an_audit_row(login: Any, world: Any) -> None:
    enrolled(world.users["leader"])
    client = login("admin")
    assert "重置两步验证" in client.get("/users/").content.decode()
    r = client.post(f"/users/{world.users['leader'].pk}/two-factor/reset/", yes())
    assert r.status_code == 302
    assert not TOTPDevice.objects.filter(user=world.users["leader"]).exists()
    assert not StaticDevice.objects.filter(user=world.users["leader"]).exists()
    change = RoleChange.objects.get(action=RoleChange.Action.RESET_2FA)
    assert (change.actor, change.user, change.unit) == (
        world.users["admin"],
        world.users["leader"],
        world.t1,
    )
    assert "重置两步验证" in client.get("/users/").content.decode()  # in the record


def test_a_reset_without_the_answer_asks_naming_the_person_and_changes_nothing(
    login: Any, world: Any
) -> None:
    enrolled(world.users["leader"])
    client = login("admin")
    url = f"/users/{world.users['leader'].pk}/two-factor/reset/"
    r = client.post(url)
    assert r.status_code == 200
    page = r.content.decode()
    said = (
        "重置后，leader的验证器和恢复码立即失效，其下次登录时须重新绑定验证器。"
        "确定重置leader的两步验证吗？"
    )
    assert question(page) == said
    assert resent(page) == {"confirmed": ["yes"]}
    assert TOTPDevice.objects.filter(user=world.users["leader"]).exists()
    assert StaticDevice.objects.filter(user=world.users["leader"]).exists()
    assert not RoleChange.objects.filter(action=RoleChange.Action.RESET_2FA).exists()
    # The list's button asks the same in its dialog.
    listed = client.get("/users/").content.decode()
    assert f'data-confirm="{said}"' in listed
    assert client.post(url, yes()).status_code == 302
    assert not TOTPDevice.objects.filter(user=world.users["leader"]).exists()


@pytest.mark.parametrize(
    ("actor", "target"),
    [
        ("outsider", "leader"),  # another township's admin
        ("admin", "outsider"),
        ("admin", "admin"),  # their own: the two-factor page
        ("assessor", "reporter"),  # not an admin
        ("leader", "reporter"),
        ("reporter", "reporter2"),
    ],
)
def test_a_reset_is_refused_outside_the_admins_reach(
    login: Any, world: Any, actor: str, target: str
) -> None:
    device, _codes = enrolled(world.users[target])
    client = login(actor)
    if actor == target:
        verified(client, world.users[actor], device)
    r = client.post(f"/users/{world.users[target].pk}/two-factor/reset/")
    assert r.status_code in (403, 404)
    assert TOTPDevice.objects.filter(user=world.users[target]).exists()
    assert not RoleChange.objects.filter(action=RoleChange.Action.RESET_2FA).exists()


def test_a_reset_is_refused_for_someone_with_a_role_in_another_township(
    login: Any, world: Any
) -> None:
    enrolled(world.users["leader"])
    Membership.objects.create(user=world.users["leader"], role="leader", unit=world.t2)
    r = login("admin").post(f"/users/{world.users['leader'].pk}/two-factor/reset/")
    assert r.status_code == 404


def test_a_temporary_password_must_be_changed_at_the_next_login(
    login: Any, world: Any, client: Any
) -> None:
    r = login("admin").post(f"/users/{world.users['reporter'].pk}/temporary-password/", yes())
    found = re.search(r'id="temporary-password">([^<]+)<', r.content.decode())
    assert found is not None
    change = RoleChange.objects.get(action=RoleChange.Action.TEMP_PASSWORD)
    assert (change.actor, change.user) == (world.users["admin"], world.users["reporter"])

    password_login(client, "reporter", found.group(1))
    for page in ("/", f"/report/{world.ds.pk}/V1/2026Q3/", "/account/two-factor/"):
        r = client.get(page)
        assert r.status_code == 302 and r["Location"].startswith("/account/password/?next=")
    assert "临时密码" in client.get("/account/password/").content.decode()
    r = client.post(
        "/account/password/",
        {"old_password": found.group(1), "new_password1": NEW, "new_password2": NEW},
    )
    assert r.status_code == 302
    assert client.get("/").status_code == 200


def test_a_reset_by_mail_also_ends_the_temporary_password(login: Any, world: Any) -> None:
    from kaoping.web.core.models import AccountState
    from kaoping.web.core.views.passwords import _password_chosen

    AccountState.objects.create(user=world.users["reporter"], must_change_password=True)
    assert login("reporter").get("/").status_code == 302
    _password_chosen(world.users["reporter"])
    assert login("reporter").get("/").status_code == 200
