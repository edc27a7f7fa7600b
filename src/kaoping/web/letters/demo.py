"""The demo township's letters: the campaign's 目标责任书 for every village (its
allocated slots and two written commitments) and every work area, all signed
the day before the campaign starts, and about half accepted on its ninth day.

Loaded by :func:`kaoping.web.demo.load_demo` after planning's part; idempotent.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction

from kaoping.web.core.models import Unit
from kaoping.web.planning.models import Campaign

from . import services
from .models import Clause, Letter

# A one-page PDF standing for the scan of the signed paper.
DEMO_SCAN = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
VILLAGE_COMMITMENTS = ("服务日提前三天送达通知单", "每周向群众公开服务项目和咨询电话")
AREA_COMMITMENTS = ("每天按时报送本片进度", "片长每周到各村督导一次")


def _campaign(township: Unit) -> Campaign | None:
    campaigns = Campaign.objects.filter(township=township)
    # The spring campaign when the demo has one, else its latest.
    return campaigns.filter(title__contains="春").first() or campaigns.order_by("-start").first()


@transaction.atomic
def load_letters_demo(township: Unit) -> bool:
    """Add the letters; False when they are already there (or no campaign is)."""
    campaign = _campaign(township)
    if campaign is None or Letter.objects.filter(township=township).exists():
        return False
    letters = services.letters_from_allocation(
        campaign.allocation, None, campaign=campaign, kind=Letter.Kind.CAMPAIGN
    )
    for letter in letters:
        for text in VILLAGE_COMMITMENTS:
            services.add_clause(letter.pk, Clause.Kind.COMMITMENT, text, None)
    for area in Unit.objects.filter(township=township, level=Unit.Level.AREA).order_by("code"):
        letter = services.create_letter(
            township, area, title=campaign.title, year=campaign.start.year, campaign=campaign
        )
        for text in AREA_COMMITMENTS:
            services.add_clause(letter.pk, Clause.Kind.COMMITMENT, text, None)
        letters.append(letter)
    signed_on = campaign.start - timedelta(days=1)
    accepted_on = min(campaign.start + timedelta(days=8), campaign.end)
    for i, letter in enumerate(letters):
        services.sign(letter.pk, signed_on, f"{letter.unit.name}目标责任书.pdf", DEMO_SCAN, None)
        if i % 2:
            continue
        judgements = {
            c.pk: (c.number != 3, "现场查看公示栏" if c.number != 3 else "未见公示，已要求整改")
            for c in letter.clauses.all()
            if c.kind == Clause.Kind.COMMITMENT
        }
        services.accept(letter.pk, accepted_on, judgements, None)
    return True
