"""The wording of what it would take to regain lost points (the unit page's
what-if sentences, found by :mod:`kaoping.web.assessment.whatif`).

Like :data:`kaoping.engine.WORDING` for the explanations, every sentence is a
whole entry per language with named places for its figures; a move that also
says what one step alone gains is a sentence of its own, not a tail added to
another. The gains are places worded with ``point``/``points`` (``8分``,
``8 points``, ``1 point``), as the explanations word theirs.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["WHATIF_WORDING", "whatif_text"]


# Keys are the same in every language; tests/web_assessment/test_whatif.py checks
# that, and that every place named in one language is named in the other.
WHATIF_WORDING: Mapping[str, Mapping[str, str]] = {
    "zh": {
        "points": "{n}分",
        "point": "{n}分",
        "yes": "若「{label}」为“是”，本项不再扣分，总分可增加{gain}",
        "no": "若「{label}」为“否”，本项不再扣分，总分可增加{gain}",
        "up_reaches": "「{label}」增加{by}（从{start}到{end}），达到{goal}%，本项不再扣分，总分可增加{gain}",
        "up": "「{label}」增加{by}（从{start}到{end}），本项不再扣分，总分可增加{gain}",
        "down_reaches": "「{label}」减少{by}（从{start}到{end}），达到{goal}%，本项不再扣分，总分可增加{gain}",
        "down": "「{label}」减少{by}（从{start}到{end}），本项不再扣分，总分可增加{gain}",
        "up_reaches_first": (
            "「{label}」增加{by}（从{start}到{end}），达到{goal}%，本项不再扣分，总分可增加{gain}；"
            "只增加{step}也可增加{first}"
        ),
        "up_first": (
            "「{label}」增加{by}（从{start}到{end}），本项不再扣分，总分可增加{gain}；"
            "只增加{step}也可增加{first}"
        ),
        "down_reaches_first": (
            "「{label}」减少{by}（从{start}到{end}），达到{goal}%，本项不再扣分，总分可增加{gain}；"
            "只减少{step}也可增加{first}"
        ),
        "down_first": (
            "「{label}」减少{by}（从{start}到{end}），本项不再扣分，总分可增加{gain}；"
            "只减少{step}也可增加{first}"
        ),
    },
    "en": {
        "points": "{n} points",
        "point": "{n} point",
        "yes": "If “{label}” were yes, this item would lose nothing and the total would gain {gain}",
        "no": "If “{label}” were no, this item would lose nothing and the total would gain {gain}",
        "up_reaches": (
            "“{label}” up by {by} (from {start} to {end}) reaches {goal}%: "
            "this item would lose nothing and the total would gain {gain}"
        ),
        "up": (
            "“{label}” up by {by} (from {start} to {end}): "
            "this item would lose nothing and the total would gain {gain}"
        ),
        "down_reaches": (
            "“{label}” down by {by} (from {start} to {end}) reaches {goal}%: "
            "this item would lose nothing and the total would gain {gain}"
        ),
        "down": (
            "“{label}” down by {by} (from {start} to {end}): "
            "this item would lose nothing and the total would gain {gain}"
        ),
        "up_reaches_first": (
            "“{label}” up by {by} (from {start} to {end}) reaches {goal}%: "
            "this item would lose nothing and the total would gain {gain}; "
            "up by just {step} already gains {first}"
        ),
        "up_first": (
            "“{label}” up by {by} (from {start} to {end}): "
            "this item would lose nothing and the total would gain {gain}; "
            "up by just {step} already gains {first}"
        ),
        "down_reaches_first": (
            "“{label}” down by {by} (from {start} to {end}) reaches {goal}%: "
            "this item would lose nothing and the total would gain {gain}; "
            "down by just {step} already gains {first}"
        ),
        "down_first": (
            "“{label}” down by {by} (from {start} to {end}): "
            "this item would lose nothing and the total would gain {gain}; "
            "down by just {step} already gains {first}"
        ),
    },
}


def whatif_text(key: str, lang: str = "zh", **places: str) -> str:
    """The what-if sentence ``key`` in ``lang`` with its places filled in; a
    place named ``gain`` or ``first`` is given as a number and worded as points."""
    try:
        w = WHATIF_WORDING[lang]
    except KeyError:
        raise ValueError(
            f"no wording for language {lang!r} (have: {', '.join(WHATIF_WORDING)})"
        ) from None
    for name in ("gain", "first"):
        if name in places:
            n = places[name]
            places[name] = w["point" if n == "1" else "points"].format(n=n)
    return w[key].format(**places)
