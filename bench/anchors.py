"""Hand-written forms of the shipped rubric, the floors ``score_frame`` is measured against.

Written for the rubric as shipped from the shared example on: the attendance rate is
``sd_attended / (sd_invited - sd_declined)`` (a person's informed "no" is not counted
against anyone). A frame without ``sd_declined`` is read as 0 declined, which is the
earlier rubric's ``sd_attended / sd_invited``; its follow-up count is whichever of
``sd_rebook_unmet`` (new) or ``sd_absent_unfollowed`` (old) the frame has.

Each form returns ``unit``, the exact ``total`` in units of 10^-18 rounded half up (as
``to_decimal`` writes it) and ``rank`` (shared, best first), in rank order with ties
by unit code.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import polars as pl

E18 = 10**18


def follow_up_column(columns: list[str]) -> str:
    return "sd_rebook_unmet" if "sd_rebook_unmet" in columns else "sd_absent_unfollowed"


# --- exact integers in Polars ----------------------------------------------------------


def polars_integers(frame: pl.DataFrame, scores: bool = False) -> pl.DataFrame:
    """With ``scores``, also every node score, bonus and deductions as Decimal(38, 18),
    the columns ``score_frame`` writes."""
    c = pl.col
    i64 = pl.Int64

    def lit(v: int, dtype: pl.DataType | None = None) -> pl.Expr:
        return pl.lit(v, dtype=dtype or pl.Int64())

    def clip(x: pl.Expr, hi: int) -> pl.Expr:
        return pl.min_horizontal(lit(hi), pl.max_horizontal(lit(0), x))

    declined = c("sd_declined") if "sd_declined" in frame.columns else lit(0)
    follow = follow_up_column(frame.columns)
    den = c("sd_invited") - declined
    att = c("sd_attended")
    # attendance: 95% earns 14; each point below (ceil) costs 2
    ceil_points = -((lit(100) * att - lit(95) * den) // den)
    attendance = (
        pl.when(den == 0)
        .then(lit(14))
        .when(lit(100) * att >= lit(95) * den)
        .then(lit(14))
        .otherwise(pl.max_horizontal(lit(0), lit(14) - lit(2) * ceil_points))
    )
    service_day = pl.min_horizontal(lit(20), attendance + clip(lit(6) - c(follow), 6))
    # birth_info = bn / bd: 15 at 100%; 0.5 per point below, exact
    b, on = c("births"), c("births_reported_on_time")
    full_birth = (b == 0) | (on >= b)
    bn = (
        pl.when(full_birth)
        .then(lit(15))
        .otherwise(pl.max_horizontal(lit(0), lit(15) * b - lit(50) * (b - on)))
    )
    bd = pl.when(full_birth).then(lit(1)).otherwise(b)
    childcare = clip(
        lit(10) - lit(3) * c("subsidy_overdue") - pl.min_horizontal(lit(4), c("subsidy_returned_incomplete")),
        10,
    )  # fmt: skip
    family = clip(
        lit(10) - lit(5) * c("fa_eligibility_errors") - lit(2) * c("fa_payment_delayed"), 10
    )
    # postpartum = pn / pd: 5 at 90%; 0.5 per point below, exact
    due, vis = c("postpartum_due"), c("postpartum_visited")
    full_pp = (due == 0) | (lit(10) * vis >= lit(9) * due)
    pn = (
        pl.when(full_pp)
        .then(lit(5))
        .otherwise(pl.max_horizontal(lit(0), lit(50) * vis - lit(40) * due))
    )
    pd = pl.when(full_pp).then(lit(1)).otherwise(due)
    # screening in quarters: 5 at 90%; 0.25 per whole point below
    tgt, done = c("screening_target"), c("screening_done")
    floor_points = (lit(90) * tgt - lit(100) * done) // tgt
    screening4 = (
        pl.when((tgt == 0) | (lit(10) * done >= lit(9) * tgt))
        .then(lit(20))
        .otherwise(pl.max_horizontal(lit(0), lit(20) - floor_points))
    )
    # mch = min(10, pn/pd + s4/4) = mn / md
    mn_raw, md = lit(4) * pn + screening4 * pd, lit(4) * pd
    mn = pl.when(mn_raw >= lit(10) * md).then(lit(10) * md).otherwise(mn_raw)
    meetings = pl.when(c("mtg_standard") == 0).then(lit(0)).otherwise(
        clip(
            lit(5) - lit(2) * (1 - c("mtg_all_present")) - lit(2) * c("mtg_too_simple")
            - lit(3) * (1 - c("mtg_key_issues")) - (1 - c("mtg_association"))
            - (1 - c("mtg_support")),
            5,
        )
    )  # fmt: skip
    report_form = clip(
        lit(3) - (1 - c("rpt_form_ok")) - c("rpt_unsigned") - lit(2) * c("rpt_late"), 3
    )
    accurate = c("stat_accuracy").to_physical() >= lit(E18, pl.Int128())
    data_quality = pl.min_horizontal(
        lit(4),
        accurate.cast(i64) * 2 + c("ledger_ok") + (c("moveout_no_receipt") == 0).cast(i64),
    )
    cards2 = clip(lit(6) - c("card_late_updates") - lit(2) * c("card_errors"), 6)  # halves
    statistics2 = pl.min_horizontal(lit(20), lit(2) * (report_form + data_quality) + cards2)
    association = clip(
        lit(10) - lit(2) * c("assoc_missing_records") - c("assoc_nonstandard")
        - lit(2) * c("assoc_too_simple"),
        10,
    )  # fmt: skip
    groups = (
        pl.when(c("groups_not_updated") > 0)
        .then(lit(0))
        .otherwise(clip(lit(5) - lit(2) * c("groups_nonstandard"), 5))
    )
    other_digits = pl.max_horizontal(
        lit(0, pl.Int128()), lit(5 * E18, pl.Int128()) - c("other.manual").to_physical()
    )
    bonus = pl.min_horizontal(lit(5), lit(2) * c("citywide_award"))
    deducted = lit(5) * c("births_unreported") + lit(5) * c("marriages_unreported")
    whole = service_day + childcare + family + meetings + association + groups + bonus - deducted
    dec = pl.Decimal(38, 18)

    def frac(n: pl.Expr, d: pl.Expr | int) -> pl.Expr:
        den = (
            pl.lit(d, dtype=pl.Decimal(38, 0)) if isinstance(d, int) else d.cast(pl.Decimal(38, 0))
        )
        return n.cast(dec) / den

    written = (
        {
            "service_day": service_day.cast(dec),
            "service_day.attendance": attendance.cast(dec),
            "service_day.follow_up": clip(lit(6) - c(follow), 6).cast(dec),
            "birth_info": frac(bn, bd),
            "childcare_subsidy": childcare.cast(dec),
            "family_assistance": family.cast(dec),
            "mch": frac(mn, md),
            "mch.postpartum": frac(pn, pd),
            "mch.screening": frac(screening4, 4),
            "meetings": meetings.cast(dec),
            "statistics": frac(statistics2, 2),
            "statistics.report_form": report_form.cast(dec),
            "statistics.data_quality": data_quality.cast(dec),
            "statistics.cards": frac(cards2, 2),
            "association": association.cast(dec),
            "groups": groups.cast(dec),
            "other": (pl.lit(5, dtype=dec) - c("other.manual")).clip(lower_bound=0),
            "bonus": bonus.cast(dec),
            "deducted": deducted.cast(dec),
        }
        if scores
        else {}
    )
    df = frame.select(
        "unit",
        *(e.alias(k) for k, e in written.items()),
        # every part as exact integers: digits of 10^-18, then two fractions
        a=(lit(2) * whole + statistics2).cast(pl.Int128) * lit(E18 // 2, pl.Int128())
        + other_digits,
        bn=bn,
        bd=bd,
        mn=mn,
        md=md,
    )
    w = pl.Int128()
    n = (
        c("a") * c("bd").cast(w) * c("md").cast(w)
        + (c("bn") * c("md")).cast(w) * lit(E18, w)
        + (c("mn") * c("bd")).cast(w) * lit(E18, w)
    )
    d = (c("bd") * c("md")).cast(w)
    n = pl.max_horizontal(lit(0, w), n)
    total = (n * lit(2, w) + d) // (d * lit(2, w))
    if scores:
        one = pl.lit(Decimal("1e-18"), dtype=dec)
        df = df.select(
            "unit", *written, total=total, total_decimal=total.cast(pl.Decimal(38, 0)) * one
        )
    else:
        df = df.select("unit", total=total)
    return df.with_columns(rank=pl.col("total").rank("min", descending=True).cast(pl.Int64)).sort(
        "rank", maintain_order=True
    )


# --- one DuckDB SQL query ----------------------------------------------------------------

DUCKDB_SQL = """
CREATE OR REPLACE TEMP TABLE result AS
WITH s AS (
  SELECT unit,
    sd_invited - {declined} AS den, sd_attended AS att, {follow} AS follow,
    births AS b, births_reported_on_time AS bon,
    postpartum_due AS due, postpartum_visited AS vis,
    screening_target AS tgt, screening_done AS done, t.*
  FROM figures t
), leaves AS (
  SELECT unit,
    LEAST(20,
      CASE WHEN den = 0 OR 100 * att >= 95 * den THEN 14
           ELSE GREATEST(0, 14 - 2 * ((95 * den - 100 * att + den - 1) // den)) END
      + LEAST(6, GREATEST(0, 6 - follow))) AS service_day,
    CASE WHEN b = 0 OR bon >= b THEN 15 ELSE GREATEST(0, 15 * b - 50 * (b - bon)) END AS bn,
    CASE WHEN b = 0 OR bon >= b THEN 1 ELSE b END AS bd,
    LEAST(10, GREATEST(0, 10 - 3 * subsidy_overdue - LEAST(4, subsidy_returned_incomplete)))
      AS childcare,
    LEAST(10, GREATEST(0, 10 - 5 * fa_eligibility_errors - 2 * fa_payment_delayed)) AS family,
    CASE WHEN due = 0 OR 10 * vis >= 9 * due THEN 5 ELSE GREATEST(0, 50 * vis - 40 * due) END
      AS pn,
    CASE WHEN due = 0 OR 10 * vis >= 9 * due THEN 1 ELSE due END AS pd,
    CASE WHEN tgt = 0 OR 10 * done >= 9 * tgt THEN 20
         ELSE GREATEST(0, 20 - (90 * tgt - 100 * done) // tgt) END AS screening4,
    CASE WHEN mtg_standard = 0 THEN 0 ELSE LEAST(5, GREATEST(0,
      5 - 2 * (1 - mtg_all_present) - 2 * mtg_too_simple - 3 * (1 - mtg_key_issues)
        - (1 - mtg_association) - (1 - mtg_support))) END AS meetings,
    LEAST(20, 2 * (LEAST(3, GREATEST(0, 3 - (1 - rpt_form_ok) - rpt_unsigned - 2 * rpt_late))
      + LEAST(4, CASE WHEN stat_accuracy >= 1 THEN 2 ELSE 0 END + ledger_ok
                 + CASE WHEN moveout_no_receipt = 0 THEN 1 ELSE 0 END))
      + LEAST(6, GREATEST(0, 6 - card_late_updates - 2 * card_errors))) AS statistics2,
    LEAST(10, GREATEST(0, 10 - 2 * assoc_missing_records - assoc_nonstandard
      - 2 * assoc_too_simple)) AS association,
    CASE WHEN groups_not_updated > 0 THEN 0
         ELSE LEAST(5, GREATEST(0, 5 - 2 * groups_nonstandard)) END AS groups,
    CAST(GREATEST(0, 5 - "other.manual") * 1000000000000000000 AS HUGEINT) AS other_digits,
    LEAST(5, 2 * citywide_award) AS bonus,
    5 * births_unreported + 5 * marriages_unreported AS deducted
  FROM s
), parts AS (
  SELECT unit, bn, bd, pd * 4 AS md,
    LEAST(4 * pn + screening4 * pd, 40 * pd) AS mn,
    CAST(2 * (service_day + childcare + family + meetings + association + groups + bonus
              - deducted) + statistics2 AS HUGEINT) * 500000000000000000 + other_digits AS a
  FROM leaves
), exact AS (
  SELECT unit,
    GREATEST(0, a * bd * md + CAST(bn * md AS HUGEINT) * 1000000000000000000
                + CAST(mn * bd AS HUGEINT) * 1000000000000000000) AS n,
    CAST(bd * md AS HUGEINT) AS d
  FROM parts
)
SELECT unit, (2 * n + d) // (2 * d) AS total,
  rank() OVER (ORDER BY (2 * n + d) // (2 * d) DESC) AS rank
FROM exact
ORDER BY rank, unit
"""


def duckdb_query(columns: list[str]) -> str:
    declined = "sd_declined" if "sd_declined" in columns else "0"
    return DUCKDB_SQL.format(declined=declined, follow=f'"{follow_up_column(columns)}"')


def load_duckdb(frame: pl.DataFrame, where: Path) -> object:
    """A DuckDB connection holding ``frame`` as the table ``figures`` (loaded through a
    Parquet file, outside the timing)."""
    import duckdb

    path = where / "figures.parquet"
    frame.write_parquet(path)
    con = duckdb.connect()
    con.execute(f"CREATE TABLE figures AS SELECT * FROM read_parquet('{path}')")
    return con


# --- a hand-coded Fraction loop ----------------------------------------------------------

ZERO = Fraction(0)


def _clip(x: Fraction | int, hi: int) -> Fraction:
    return Fraction(min(hi, max(0, x)))


def fraction_scores(f: Mapping[str, Fraction]) -> dict[str, Fraction]:
    """Every node score and the total of one unit, exactly, written straight."""
    s: dict[str, Fraction] = {}
    den = f["sd_invited"] - f.get("sd_declined", ZERO)
    if den == 0 or f["sd_attended"] / den >= Fraction(95, 100):
        att = Fraction(14)
    else:
        short = (Fraction(95, 100) - f["sd_attended"] / den) * 100
        att = max(ZERO, 14 - 2 * Fraction(-((-short.numerator) // short.denominator)))
    follow = f.get("sd_rebook_unmet", f.get("sd_absent_unfollowed", ZERO))
    s["service_day.attendance"], s["service_day.follow_up"] = att, _clip(6 - follow, 6)
    s["service_day"] = min(Fraction(20), att + s["service_day.follow_up"])
    b = f["births"]
    if b == 0 or f["births_reported_on_time"] / b >= 1:
        s["birth_info"] = Fraction(15)
    else:
        s["birth_info"] = max(
            ZERO, 15 - Fraction(1, 2) * (1 - f["births_reported_on_time"] / b) * 100
        )
    s["childcare_subsidy"] = _clip(
        10 - 3 * f["subsidy_overdue"] - min(Fraction(4), f["subsidy_returned_incomplete"]), 10
    )
    s["family_assistance"] = _clip(
        10 - 5 * f["fa_eligibility_errors"] - 2 * f["fa_payment_delayed"], 10
    )
    due = f["postpartum_due"]
    if due == 0 or f["postpartum_visited"] / due >= Fraction(9, 10):
        pp = Fraction(5)
    else:
        pp = max(ZERO, 5 - Fraction(1, 2) * (Fraction(9, 10) - f["postpartum_visited"] / due) * 100)
    tgt = f["screening_target"]
    if tgt == 0 or f["screening_done"] / tgt >= Fraction(9, 10):
        sc = Fraction(5)
    else:
        short = (Fraction(9, 10) - f["screening_done"] / tgt) * 100
        sc = max(ZERO, 5 - Fraction(1, 4) * (short.numerator // short.denominator))
    s["mch.postpartum"], s["mch.screening"] = pp, sc
    s["mch"] = min(Fraction(10), pp + sc)
    if not f["mtg_standard"]:
        s["meetings"] = ZERO
    else:
        s["meetings"] = _clip(
            5 - 2 * (1 - f["mtg_all_present"]) - 2 * f["mtg_too_simple"]
            - 3 * (1 - f["mtg_key_issues"]) - (1 - f["mtg_association"]) - (1 - f["mtg_support"]),
            5,
        )  # fmt: skip
    rf = _clip(3 - (1 - f["rpt_form_ok"]) - f["rpt_unsigned"] - 2 * f["rpt_late"], 3)
    dq = min(
        Fraction(4),
        (2 if f["stat_accuracy"] >= 1 else 0) + f["ledger_ok"] + (1 if f["moveout_no_receipt"] == 0 else 0),
    )  # fmt: skip
    cards = _clip(3 - Fraction(1, 2) * f["card_late_updates"] - f["card_errors"], 3)
    s["statistics.report_form"], s["statistics.data_quality"], s["statistics.cards"] = rf, dq, cards
    s["statistics"] = min(Fraction(10), rf + dq + cards)
    s["association"] = _clip(
        10 - 2 * f["assoc_missing_records"] - f["assoc_nonstandard"] - 2 * f["assoc_too_simple"], 10
    )
    s["groups"] = ZERO if f["groups_not_updated"] > 0 else _clip(5 - 2 * f["groups_nonstandard"], 5)
    s["other"] = _clip(5 - f["other.manual"], 5)
    items = (
        s["service_day"] + s["birth_info"] + s["childcare_subsidy"] + s["family_assistance"]
        + s["mch"] + s["meetings"] + s["statistics"] + s["association"] + s["groups"] + s["other"]
    )  # fmt: skip
    bonus = min(Fraction(5), 2 * f["citywide_award"])
    deducted = 5 * f["births_unreported"] + 5 * f["marriages_unreported"]
    s["total"] = max(ZERO, items + bonus - deducted)
    return s
