"""Actions that others see at once or that cannot be taken back ask first, on the
server: a POST without ``confirmed=yes`` changes nothing and answers with a page
that says what will happen (with its numbers) and sends the same fields again with
``confirmed=yes``. With scripts, the button's ``data-confirm`` asks the same
question in a dialog and app.js adds ``confirmed=yes`` when it is answered yes, so
the question is asked once either way."""

from __future__ import annotations

from collections.abc import Sequence

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

CONFIRMED = "confirmed"

#: Fields the question page does not send again: the token is the page's own.
_NOT_RESENT = frozenset({"csrfmiddlewaretoken", CONFIRMED})


def confirmed(request: HttpRequest) -> bool:
    """Whether the request answers the question with yes."""
    return request.POST.get(CONFIRMED) == "yes"


def ask_first(
    request: HttpRequest,
    *,
    title: str,
    question: str,
    button: str,
    back: str,
    details: Sequence[str] = (),
) -> HttpResponse:
    """The page that asks ``question`` before the action at the request's own
    address; ``details`` are lines listing what the numbers are made of."""
    fields = [
        (name, value)
        for name in request.POST
        if name not in _NOT_RESENT
        for value in request.POST.getlist(name)
    ]
    return render(
        request,
        "kaoping/ask_first.html",
        {
            "title": title,
            "question": question,
            "details": list(details),
            "button": button,
            "back": back,
            "action": request.get_full_path(),
            "fields": fields,
        },
    )
