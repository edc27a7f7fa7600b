"""What a signed-in page costs before its view runs: the account gate (second step,
temporary password, compulsory enrolment), the permission gate and the menu read
the session, the user, the user's roles once and the account's state in one
statement, on every page a township's staff open."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .test_two_factor import enrolled, verified

#: The API's description (/api/), a page whose view reads nothing: every statement
#: is the gates' and the menu's.
PAGE = "/api/"

# (who, the statements of their GET in order, each named by its table)
CASES = [
    (
        # 2FA optional, no authenticator. 6 before: the two device kinds were asked
        # one statement each, the temporary password one more.
        "staff without an authenticator",
        [
            "django_session",  # the session
            "auth_user",  # the user it names
            # one statement: a temporary password, an authenticator, recovery codes
            "EXISTS kaoping_accountstate, otp_totp_totpdevice, otp_static_staticdevice",
            "kaoping_membership",  # the roles (with their units): both gates and the menu
        ],
    ),
    (
        # 2FA required, both steps done. 8 before: each device kind asked twice
        # (the second step, then the compulsory enrolment), the roles twice.
        "verified staff with an authenticator",
        [
            "django_session",
            "auth_user",
            "otp_totp_totpdevice",  # django-otp: the device the session was verified with
            # one statement: a temporary password (being verified, they have an
            # authenticator: no device is asked again)
            "EXISTS kaoping_accountstate",
            "kaoping_membership",
        ],
    ),
]


def _table(sql: str) -> str:
    """The statement's table, or the tables its EXISTS ask."""
    tables = re.findall(r'FROM "(\w+)"', sql)
    if sql.startswith("SELECT EXISTS"):
        return "EXISTS " + ", ".join(tables)
    return tables[0] if tables else sql


@pytest.mark.parametrize(("who", "expected"), CASES, ids=[c[0] for c in CASES])
def test_a_staff_page_costs_the_session_the_user_their_roles_and_one_statement_for_the_account(
    client: Any, world: Any, settings: Any, who: str, expected: list[str]
) -> None:
    admin = world.users["admin"]
    if who.startswith("verified"):
        settings.KAOPING_2FA_REQUIRED = True
        device, _ = enrolled(admin)
        verified(client, admin, device)
    else:
        client.force_login(admin)
    with CaptureQueriesContext(connection) as queries:
        r = client.get(PAGE)
    assert r.status_code == 200
    assert 'href="/units/"' in r.content.decode(), "the staff menu is shown"
    tables = [_table(q["sql"]) for q in queries.captured_queries]
    assert tables == expected
    assert len(queries) == len(expected)
