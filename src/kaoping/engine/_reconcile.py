"""Checks across sources (月信息核对) and values far from a unit's own history.

Pure and small: the web app stores the aggregates, these functions say where
sources disagree and which values stand out.

- The same figure (a *measure*: births, marriages) comes from several *sources*:
  the village's own report and the offices that register the event (hospitals,
  household registration, civil affairs). The village's report is the reference;
  the largest count of any other source above it is what the village did not
  report (``unreported``), the number a rubric element such as
  ``births_unreported`` counts.
- A value is far from the unit's history when it lies more than ``threshold``
  (3.5, Iglewicz and Hoaglin's cut-off for the modified z-score) robust
  deviations from the median of the unit's previous periods. The robust
  deviation is 1.4826 × the median absolute deviation (MAD), never less than
  ``floor``: with small counts the MAD is often 0, and a village going from 2
  births to 3 is not news.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from ._format import format_number
from ._periods import Period, PeriodError

__all__ = [
    "MEASURES",
    "RECONCILE_WORDING",
    "OutlierFlag",
    "SourceDifference",
    "SourceValue",
    "robust_outlier",
    "source_differences",
    "source_label",
    "sources_for_period",
    "unreported_elements",
]

#: measure -> (label, reference source, {source: label}, the element its shortfall feeds)
MEASURES: dict[str, tuple[str, str, dict[str, str], str]] = {
    "births": (
        "出生",
        "village",
        {"village": "村级报告", "hospital": "医院分娩", "household": "户籍登记"},
        "births_unreported",
    ),
    "marriages": (
        "初婚",
        "village",
        {"village": "村级报告", "civil_affairs": "民政登记"},
        "marriages_unreported",
    ),
}


# The one home of these texts' wording, as :data:`kaoping.engine.WORDING` is the
# explanations': every sentence a whole entry per language, with named places for
# its figures. tests/engine/test_reconcile.py checks both languages have the same
# keys and places. The Chinese labels are the ones MEASURES gives.
RECONCILE_WORDING: dict[str, dict[str, str]] = {
    "zh": {
        "list": "，",
        "history": "、",
        "part": "{source}{value}",
        "what": "{measure}·{source}",
        "no_reference": "{measure}：{parts}（缺少村级报告，无法比较）",
        "unreported": "{measure}：{parts}，村级报告少报{n}例",
        "disagree": "{measure}：{parts}，各来源不一致",
        "outlier": (
            "本期{value}，以往{n}期（{history}）中位数{median}，偏离{deviation}个"
            "稳健标准差（稳健标准差取中位绝对偏差{mad}×1.4826，至少为1，即{scale}）"
        ),
        **{f"measure:{k}": v[0] for k, v in MEASURES.items()},
        **{f"source:{s}": label for v in MEASURES.values() for s, label in v[2].items()},
    },
    "en": {
        "list": ", ",
        "history": ", ",
        "part": "{source} {value}",
        "what": "{measure} · {source}",
        "no_reference": "{measure}: {parts} (no village report to compare with)",
        "unreported": "{measure}: {parts}; the village report is short by {n}",
        "disagree": "{measure}: {parts}; the sources disagree",
        "outlier": (
            "this period {value}; median of the {n} earlier periods ({history}) {median}; "
            "{deviation} robust standard deviations away (the robust standard deviation is "
            "the median absolute deviation {mad} × 1.4826, at least 1: {scale})"
        ),
        "measure:births": "births",
        "measure:marriages": "first marriages",
        "source:village": "village report",
        "source:hospital": "hospital deliveries",
        "source:household": "household registration",
        "source:civil_affairs": "civil affairs registration",
    },
}


def _wording(lang: str) -> dict[str, str]:
    try:
        return RECONCILE_WORDING[lang]
    except KeyError:
        raise ValueError(
            f"no wording for language {lang!r} (have: {', '.join(RECONCILE_WORDING)})"
        ) from None


def source_label(measure: str, source: str | None = None, lang: str = "zh") -> str:
    """A measure's name (``出生``, ``births``), or with ``source`` the pair a value
    far from its history is listed under (``出生·医院分娩``); codes outside
    :data:`MEASURES` are shown as they are."""
    w = _wording(lang)
    name = w.get(f"measure:{measure}", measure)
    if source is None:
        return name
    return w["what"].format(measure=name, source=w.get(f"source:{source}", source))


@dataclass(frozen=True)
class SourceValue:
    """One source's count of one measure for one unit and period."""

    unit: str
    period: str
    measure: str
    source: str
    value: Decimal


@dataclass(frozen=True)
class SourceDifference:
    """A unit and period whose sources disagree on a measure."""

    unit: str
    period: str
    measure: str
    values: dict[str, Decimal]  # source -> value, in the order of MEASURES
    reference: str | None  # the reference source, None when it is absent
    differences: dict[str, Decimal]  # other source -> its value minus the reference
    unreported: Decimal  # what the other sources count above the reference (0 if none)

    def text(self, lang: str = "zh") -> str:
        """The difference in a sentence of ``lang`` (``zh`` or ``en``)."""
        w = _wording(lang)
        parts = w["list"].join(
            w["part"].format(source=w.get(f"source:{s}", s), value=format_number(v, 0))
            for s, v in self.values.items()
        )
        measure = source_label(self.measure, lang=lang)
        if self.reference is None:
            return w["no_reference"].format(measure=measure, parts=parts)
        if self.unreported > 0:
            return w["unreported"].format(
                measure=measure, parts=parts, n=format_number(self.unreported, 0)
            )
        return w["disagree"].format(measure=measure, parts=parts)

    def text_zh(self) -> str:
        return self.text("zh")


def source_differences(values: Iterable[SourceValue]) -> list[SourceDifference]:
    """Every (unit, period, measure) whose sources do not all agree, sorted.

    Only the sources present are compared; a single source disagrees with nothing.
    Sources of a measure not in :data:`MEASURES` are compared as given, without a
    reference.
    """
    grouped: dict[tuple[str, str, str], dict[str, Decimal]] = {}
    for v in values:
        grouped.setdefault((v.unit, v.period, v.measure), {})[v.source] = v.value
    out: list[SourceDifference] = []
    for (unit, period, measure), by_source in sorted(grouped.items()):
        if len(by_source) < 2 or len(set(by_source.values())) == 1:
            continue
        known = MEASURES.get(measure)
        order = list(known[2]) if known else []
        ordered = {s: by_source[s] for s in order if s in by_source}
        ordered.update({s: v for s, v in sorted(by_source.items()) if s not in ordered})
        reference = known[1] if known and known[1] in ordered else None
        if reference is None:
            out.append(SourceDifference(unit, period, measure, ordered, None, {}, Decimal(0)))
            continue
        ref = ordered[reference]
        diffs = {s: v - ref for s, v in ordered.items() if s != reference}
        unreported = max([Decimal(0), *diffs.values()])
        out.append(SourceDifference(unit, period, measure, ordered, reference, diffs, unreported))
    return out


def sources_for_period(values: Iterable[SourceValue], period: Period) -> list[SourceValue]:
    """Each source's count of each measure and unit for ``period``, as the check of
    that period reads it (月核对 monthly, the quarter's check and the assessment
    quarterly).

    A count entered for the period itself is used as it is. A source that gave no
    count for a quarter but one for each of its three months counts their sum: a
    quarter's births are its months' births. Months missing leave the quarter without
    that source's count (a partial sum would look like an under-report). Periods
    that do not parse are ignored."""
    own: dict[tuple[str, str, str], Decimal] = {}
    months: dict[tuple[str, str, str], dict[Period, Decimal]] = {}
    parts = set(period.parts("M")) if not period.is_month else set()
    for v in values:
        try:
            p = Period.parse(v.period)
        except PeriodError:
            continue
        key = (v.unit, v.measure, v.source)
        if p == period:
            own[key] = v.value
        elif p in parts:
            months.setdefault(key, {})[p] = v.value
    out = dict(own)
    for key, by_month in months.items():
        if key not in out and len(by_month) == len(parts):
            out[key] = sum(by_month.values(), Decimal(0))
    return [
        SourceValue(unit, str(period), measure, source, value)
        for (unit, measure, source), value in sorted(out.items())
    ]


def unreported_elements(
    values: Iterable[SourceValue],
) -> dict[tuple[str, str], dict[str, Decimal]]:
    """(unit, period) -> {element: unreported count} for every unit and period where
    the village's report and at least one other source are present (0 when they agree)."""
    grouped: dict[tuple[str, str, str], dict[str, Decimal]] = {}
    for v in values:
        grouped.setdefault((v.unit, v.period, v.measure), {})[v.source] = v.value
    out: dict[tuple[str, str], dict[str, Decimal]] = {}
    for (unit, period, measure), by_source in grouped.items():
        known = MEASURES.get(measure)
        if known is None or known[1] not in by_source or len(by_source) < 2:
            continue
        ref = by_source[known[1]]
        most = max(v for s, v in by_source.items() if s != known[1])
        out.setdefault((unit, period), {})[known[3]] = max(Decimal(0), most - ref)
    return out


@dataclass(frozen=True)
class OutlierFlag:
    value: Decimal
    median: Decimal
    mad: Decimal
    scale: Decimal  # the robust deviation used: max(1.4826 × MAD, floor)
    deviation: Decimal  # |value - median| / scale
    history: tuple[Decimal, ...]

    def reason(self, lang: str = "zh") -> str:
        """Why the value stands out, with the figures, in ``lang``."""
        w = _wording(lang)
        return w["outlier"].format(
            value=format_number(self.value, 2),
            n=len(self.history),
            history=w["history"].join(format_number(h, 2) for h in self.history),
            median=format_number(self.median, 2),
            deviation=format_number(self.deviation, 1),
            mad=format_number(self.mad, 2),
            scale=format_number(self.scale, 2),
        )

    def reason_zh(self) -> str:
        return self.reason("zh")


_MAD_TO_SD = Fraction(14826, 10000)


def _median(xs: Sequence[Fraction]) -> Fraction:
    s = sorted(xs)
    n = len(s)
    mid = n // 2
    return s[mid] if n % 2 else (s[mid - 1] + s[mid]) / 2


def _dec(f: Fraction) -> Decimal:
    return Decimal(f.numerator) / Decimal(f.denominator)


def robust_outlier(
    value: Decimal | int,
    history: Sequence[Decimal | int],
    *,
    threshold: Decimal | int | str = Decimal("3.5"),
    min_history: int = 3,
    floor: Decimal | int = 1,
) -> OutlierFlag | None:
    """A flag when ``value`` is more than ``threshold`` robust deviations from the
    median of ``history`` (the unit's previous periods), else ``None``.

    Needs ``min_history`` previous values; fewer say nothing. ``floor`` is the
    smallest deviation used, in the value's own unit (1 for counts).
    """
    if len(history) < min_history:
        return None
    xs = [Fraction(h) for h in history]
    v = Fraction(value)
    med = _median(xs)
    mad = _median([abs(x - med) for x in xs])
    scale = max(_MAD_TO_SD * mad, Fraction(floor))
    if scale <= 0:
        return None
    deviation = abs(v - med) / scale
    if deviation <= Fraction(str(threshold)):
        return None
    return OutlierFlag(
        value=Decimal(value),
        median=_dec(med),
        mad=_dec(mad),
        scale=_dec(scale),
        deviation=_dec(deviation),
        history=tuple(Decimal(h) for h in history),
    )
