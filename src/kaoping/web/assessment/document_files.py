"""The bulletin and the work summary of an assessment, drawn once per version and
kept as files: a second download of the same document is read from disk.

A document is the same file as long as what it is drawn from is the same: the
assessment's computation (``revision``), the township's name, the date it carries
and what it reads beside the assessment (document_inputs: the previous quarter's
follow-ups as of that date; for the summary also reporting, service days and
targets). The key hashes exactly these, so a recomputation, a new day, a
follow-up reported or a late report draws it anew; nothing is invalidated by hand.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from datetime import date
from pathlib import Path

from django.conf import settings

from kaoping.engine import Period

from . import services
from .document_inputs import previous_follow_ups, summary_inputs
from .models import Assessment

KINDS = ("bulletin", "summary")
_TITLES = {"bulletin": "考评通报", "summary": "工作总结"}


def file_name(a: Assessment, what: str, ext: str = "docx") -> str:
    title = _TITLES.get(what, what)
    when = a.campaign.title if a.campaign is not None else Period.parse(a.period).label_zh()
    return f"{a.township.name}{when}{title}（第{a.version}版）.{ext}"


def cache_path(a: Assessment, what: str, today: date) -> Path:
    drawn_from: dict[str, object] = {
        "assessment": a.pk,
        "revision": a.revision,
        "computed_at": a.computed_at.isoformat() if a.computed_at else None,
        "township": a.township.name,
        "version": a.version,
        "date": today.isoformat(),
    }
    # Reading the inputs is a few queries; drawing the document is the slow part.
    inputs = previous_follow_ups(a, today) if what == "bulletin" else summary_inputs(a, today)
    drawn_from["inputs"] = repr(inputs)
    digest = hashlib.sha256(json.dumps(drawn_from, sort_keys=True).encode()).hexdigest()[:24]
    return Path(settings.KAOPING_CACHE_DIR) / "documents" / f"{a.pk}-{what}-{digest}.docx"


def draw(a: Assessment, what: str, today: date) -> bytes:
    """The document's bytes; raises kaoping.documents.NoCJKFont without a Chinese font."""
    from kaoping.documents import CampaignTitle, bulletin_docx, summary_docx

    result = services.run_engine(a)
    # A campaign's own assessment: the campaign's layout (title, dates), and none of
    # the quarter's service days, reporting, targets or follow-ups.
    campaign = (
        CampaignTitle(a.campaign.title, a.campaign.start, a.campaign.end)
        if a.campaign is not None
        else None
    )
    if what == "summary":
        if campaign is not None:
            return summary_docx(
                result, a.period, township=a.township.name, when=today, campaign=campaign
            )
        inputs = summary_inputs(a, today)
        return summary_docx(
            result,
            a.period,
            township=a.township.name,
            when=today,
            targets=inputs.targets,
            attendance=inputs.attendance,
            reporting=inputs.reporting,
            follow_ups=inputs.follow_ups,
        )
    people = services.engine_people(a.snapshot.get("people", []))
    return bulletin_docx(
        result,
        a.period,
        people if len(people) else None,
        township=a.township.name,
        when=today,
        annex_name=file_name(a, "考评通报-扣分明细", "xlsx"),
        follow_ups=previous_follow_ups(a, today),
        campaign=campaign,
    )


def keep(path: Path, data: bytes) -> None:
    """Write the file whole or not at all: a reader never sees half a document."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
