"""What the township assessment's steps will do, asked before them (core/asking.py):
by the assessment page's buttons and the joint meeting's, in their dialog and, without
scripts, on the server's page alike."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .models import Assessment
from .rectifications import asked_for
from .services import correction_version


def step_questions(a: Assessment) -> dict[str, str]:
    """What approving and publishing will do, with the number of villages ranked
    and of follow-up items opened: asked by the buttons' dialog and, without
    scripts, by the server's page alike."""
    if not a.computed:
        return {}
    names = {
        "township": a.township.name,
        "name": a.campaign.title if a.campaign is not None else a.period,
        "v": a.version,
        "n": len(a.results.get("units", [])),
    }
    questions = {
        "publish": _(
            "公布后%(township)s%(name)s考评第%(v)s版的得分、名次和讲评兑现即对%(n)s个村（居）"
            "可见，公布不能撤回。确定公布吗？"
        )
        % names
    }
    if a.status == Assessment.Status.SUBMITTED:
        items = len(asked_for(a))
        questions["approve"] = (
            _(
                "审定后%(township)s%(name)s考评第%(v)s版的结果冻结：%(n)s个村（居）的得分和名次"
                "不能再重新计算，所读报表一并锁定，并按讲评兑现下达%(items)s项整改事项。"
                "确定审定吗？"
            )
            if items
            else _(
                "审定后%(township)s%(name)s考评第%(v)s版的结果冻结：%(n)s个村（居）的得分和名次"
                "不能再重新计算，所读报表一并锁定；讲评兑现没有要下达的整改事项。确定审定吗？"
            )
        ) % {**names, "items": items}
    return questions


def correct_question(a: Assessment) -> str:
    """What starting a correction of the frozen ``a`` does: the new draft version
    with the manual deductions it carries over, and that ``a`` stays as it was and
    counts until the new one is approved. Asked by the page's dialog and, without
    scripts, by the server's page alike."""
    return _(
        "建立更正版本后，%(township)s%(name)s考评新建第%(new)s版（草稿），带上第%(v)s版的"
        "%(deductions)s项人工扣分，更正原因记入两个版本的记录；第%(v)s版保留不变，"
        "在第%(new)s版审定前仍是有效版本，第%(new)s版需要重新计算、提交和审定。确定建立吗？"
    ) % {
        "township": a.township.name,
        "name": a.campaign.title if a.campaign is not None else a.period,
        "v": a.version,
        "new": correction_version(a),
        "deductions": a.manual_deductions.count(),
    }
