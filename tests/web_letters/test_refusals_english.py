"""A refused change to a letter says why in the language of the request: the
services word their refusals as whole sentences of the letters catalogue."""

from __future__ import annotations

import html
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kaoping.web.letters import services

from .conftest import PDF


def _signed(letter: Any) -> Any:
    return services.sign(letter.pk, date(2026, 4, 20), "signed.pdf", PDF, None)


def _sign_a_text_file(client: Any, letter: Any, lang: str) -> Any:
    return client.post(
        f"/letters/{letter.pk}/sign/",
        {"signed_on": "2026-04-20", "scan": SimpleUploadedFile("scan.txt", b"hello")},
        HTTP_ACCEPT_LANGUAGE=lang,
    )


def _sign_two_years_early(client: Any, letter: Any, lang: str) -> Any:
    return client.post(
        f"/letters/{letter.pk}/sign/",
        {"signed_on": "2024-04-20", "scan": SimpleUploadedFile("signed.pdf", PDF)},
        HTTP_ACCEPT_LANGUAGE=lang,
    )


def _correct_a_draft(client: Any, letter: Any, lang: str) -> Any:
    return client.post(
        f"/letters/{letter.pk}/correct/", {"correct-reason": "x"}, HTTP_ACCEPT_LANGUAGE=lang
    )


def _delete_a_signed_letter(client: Any, letter: Any, lang: str) -> Any:
    _signed(letter)
    return client.post(
        f"/letters/{letter.pk}/delete/", {"delete-reason": "x"}, HTTP_ACCEPT_LANGUAGE=lang
    )


def _remove_a_signed_clause(client: Any, letter: Any, lang: str) -> Any:
    _signed(letter)
    clause = letter.clauses.first()
    return client.post(
        f"/letters/{letter.pk}/clauses/{clause.pk}/delete/", follow=True, HTTP_ACCEPT_LANGUAGE=lang
    )


def _accept_on_no_date(client: Any, letter: Any, lang: str) -> Any:
    _signed(letter)
    return client.post(
        f"/letters/{letter.pk}/accept/", {"accepted_on": "soon"}, HTTP_ACCEPT_LANGUAGE=lang
    )


def _accept_before_signing(client: Any, letter: Any, lang: str) -> Any:
    _signed(letter)
    return client.post(
        f"/letters/{letter.pk}/accept/", {"accepted_on": "2026-04-01"}, HTTP_ACCEPT_LANGUAGE=lang
    )


def _accept_a_draft(client: Any, letter: Any, lang: str) -> Any:
    return client.post(
        f"/letters/{letter.pk}/accept/", {"accepted_on": "2026-06-01"}, HTTP_ACCEPT_LANGUAGE=lang
    )


# (the refused request, what it says in Chinese, what it says in English)
REFUSALS = [
    (
        _sign_a_text_file,
        "扫描件：文件scan.txt不是PDF、JPG或PNG",
        "Scan: the file scan.txt is not a PDF, JPG or PNG",
    ),
    (
        _sign_two_years_early,
        "签订日期：2024-04-20不在2026年度（或其前一年）内",
        "Signing date: 2024-04-20 is not in the year 2026 (or the year before)",
    ),
    (
        _correct_a_draft,
        "责任书草稿，只有已签订或已验收的责任书才能更正；草稿可直接修改",
        "Only a signed or accepted letter can be corrected (status: Draft); "
        "a draft can be changed directly",
    ),
    (
        _delete_a_signed_letter,
        "责任书已签订，不能删除；签订后如需修改，请发起更正",
        "This letter cannot be deleted (status: Signed); to change a signed letter, "
        "start a correction",
    ),
    (
        _remove_a_signed_clause,
        "责任书已签订，不能删除条款；签订后如需修改，请发起更正",
        "This letter's clauses cannot be removed (status: Signed); to change a signed "
        "letter, start a correction",
    ),
    (
        _accept_on_no_date,
        "验收日期：“soon”不是日期（例如2026-05-31）",
        'Acceptance date: "soon" is not a date (for example 2026-05-31)',
    ),
    (
        _accept_before_signing,
        "验收日期：2026-04-01早于签订日期2026-04-20",
        "Acceptance date: 2026-04-01 is before the signing date 2026-04-20",
    ),
    (
        _accept_a_draft,
        "责任书的状态是“草稿”，只有已签订的责任书才能验收",
        "Only a signed letter can be accepted (status: Draft)",
    ),
]


@pytest.mark.parametrize(("refused", "chinese", "english"), REFUSALS)
def test_a_refused_change_to_a_letter_is_said_in_english_to_an_english_request(
    login: Any, letter: Any, refused: Any, chinese: str, english: str
) -> None:
    page = html.unescape(refused(login("admin"), letter, "en").content.decode())
    assert english in page
    assert chinese not in page


@pytest.mark.parametrize(("refused", "chinese", "english"), REFUSALS)
def test_the_same_refusal_is_said_in_chinese_to_a_chinese_request(
    login: Any, letter: Any, refused: Any, chinese: str, english: str
) -> None:
    page = html.unescape(refused(login("admin"), letter, "zh-hans").content.decode())
    assert chinese in page
    assert english not in page


def test_a_refusal_outside_a_request_is_in_chinese(letter: Any) -> None:
    _signed(letter)
    with pytest.raises(services.Refused) as refused:
        services.delete_letter(letter.pk, "x", None)
    assert refused.value.message == "责任书已签订，不能删除；签订后如需修改，请发起更正"
