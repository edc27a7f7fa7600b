"""The per-unit exact evaluator (``evaluate_unit``: the township path, with every
rule's outcome kept for the explanations) next to a hand-coded ``Fraction`` loop of
the same rubric (``anchors.fraction_scores``: every node score and the total, nothing
else), on the same units, in the same run.

    uv run python bench/bench_evaluate.py [--sizes 2000,5000,10000] [--repeat 3]

CPU µs per unit (``time.process_time``), the best of ``--repeat`` runs, and the ratio;
every node score and total is checked equal between the two.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from fractions import Fraction

from anchors import fraction_scores
from bench_score import generate, load
from kaoping.engine import evaluate_unit, parse_rubric
from kaoping.rubrics import default_rubric_text


def best_cpu(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.process_time()
        fn()
        times.append(time.process_time() - t0)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--sizes", default="2000,5000,10000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rubric = parse_rubric(default_rubric_text(), "default.yaml")
    codes = [c for c in [*rubric.data_elements(), *rubric.manual_columns]]
    print(f"before: {load()}")
    print(f"{'units':>7}  {'evaluate_unit µs':>17}  {'Fraction loop µs':>17}  {'ratio':>6}")
    for units in (int(s) for s in args.sizes.split(",")):
        frame = generate(rubric, units)
        envs = [
            {c: Fraction(v) for c, v in zip(codes, row, strict=True)}
            for row in frame.select(codes).iter_rows()
        ]
        for env in envs[:200]:
            ev = evaluate_unit(rubric, env)
            hand = fraction_scores(env)
            assert hand["total"] == ev.total and all(hand[p] == s for p, s in ev.scores.items())

        def ours_fn(envs: list[dict[str, Fraction]] = envs) -> object:
            return [evaluate_unit(rubric, e) for e in envs]

        def anchor_fn(envs: list[dict[str, Fraction]] = envs) -> object:
            return [fraction_scores(e) for e in envs]

        ours, anchor = best_cpu(ours_fn, args.repeat), best_cpu(anchor_fn, args.repeat)
        print(
            f"{units:>7,}  {ours / units * 1e6:>17.1f}  {anchor / units * 1e6:>17.1f}"
            f"  {ours / anchor:>5.2f}x"
        )
    print(f"after: {load()}")


if __name__ == "__main__":
    main()
