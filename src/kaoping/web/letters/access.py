"""Who may see and do what with letters.

- A township's letters are read by its staff (admin, assessor, leader; a county
  leader reads) and written, signed and accepted by its admin and assessors.
- A village's letters are read by whoever reads the village, its reporter
  included; a work area's by the township's staff.
- Anyone else: 404, so that a letter's existence does not leak; visible but
  not changeable: 403.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from kaoping.web.core.access import access_to_unit
from kaoping.web.planning.access import can_manage_township

from .models import Letter


def get_letter_for_user(user: Any, pk: int, write: bool = False) -> Letter:
    letter = (
        Letter.objects.filter(pk=pk)
        .select_related("township", "unit", "campaign", "allocation")
        .first()
    )
    if letter is None or not access_to_unit(user, letter.unit).read:
        raise Http404
    if write and not can_manage_township(user, letter.township):
        raise PermissionDenied
    return letter
