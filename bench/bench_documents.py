"""Benchmark: the quarter's bulletin (考评通报) and work summary (工作总结) as .docx,
at three sizes, next to trivial documents written in the same run.

Run: ``uv run python bench/bench_documents.py [--sizes 21,80,240] [--repeat 3]``

The township is the demo's (21 villages and communities, the shipped rubric,
its people) repeated to the size asked for (village ``V01`` again as ``V01-01``
and so on, with its people), scored by the engine (``assess``, timed apart).
Timed, the best of ``--repeat``, in CPU seconds of this process (the machine is
shared: wall time moves with its load, CPU time much less):

- *bulletin*: :func:`kaoping.documents.bulletin_docx` of 2026Q3 with the people
  (the ranking table, the chart, the groups and their consequences, the money);
- *summary*: :func:`kaoping.documents.summary_docx` of 2026Q3 (the heat map of
  item scores and the trend chart among the rest);
- anchors: an empty python-docx document saved to bytes, and an empty official
  document (the page, styles and footers every document starts from) saved.

Goal (issue 12): under 0.5 s each for 21 villages, 240 villages under 2 s, and
the cost per village flat across sizes.
"""

from __future__ import annotations

import argparse
import io
import os
import time
from collections.abc import Callable
from datetime import date
from typing import Any

import polars as pl


def township(n: int) -> tuple[Any, pl.DataFrame, Any]:
    """The demo township grown (or cut) to ``n`` villages, with its people."""
    from kaoping.demo import build_demo
    from kaoping.engine import People, Person

    demo = build_demo()
    frames, people = [], []
    for k in range(-(-n // len(demo.units))):
        suffix = "" if k == 0 else f"-{k:02d}"
        frames.append(demo.frame.with_columns(pl.col("unit") + suffix, pl.col("name") + suffix))
        # A village's people come with its copy; the areas' once.
        people += [
            Person(p.unit + suffix, p.role, p.name + suffix, p.start, p.end)
            for p in demo.people
            if p.unit.startswith("V")
        ]
        if k == 0:
            people += [p for p in demo.people if not p.unit.startswith("V")]
    frame = pl.concat(frames)
    keep = frame["unit"].unique(maintain_order=True).to_list()[:n]
    return demo, frame.filter(pl.col("unit").is_in(keep)), People(people)


def best(fn: Callable[[], object], repeat: int) -> float:
    fn()  # the first call imports and warms caches: a server has done it already
    times = []
    for _ in range(repeat):
        t0 = time.process_time()
        fn()
        times.append(time.process_time() - t0)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="21,80,240")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from docx import Document

    from kaoping.documents import bulletin_docx, summary_docx
    from kaoping.documents._layout import OfficialDocument
    from kaoping.engine import assess, parse_rubric

    def empty_docx() -> bytes:
        buf = io.BytesIO()
        Document().save(buf)
        return buf.getvalue()

    anchor = best(empty_docx, args.repeat)
    official = best(lambda: OfficialDocument().to_bytes(), args.repeat)
    print(
        f"anchors: empty python-docx document {anchor:.3f} s, "
        f"empty official document {official:.3f} s (CPU)"
    )
    when = date(2026, 10, 10)
    for n in [int(s) for s in args.sizes.split(",")]:
        demo, frame, people = township(n)
        rubric = parse_rubric(demo.rubric_text, "default.yaml")
        t0 = time.process_time()
        a = assess(rubric, frame, people)
        scored = time.process_time() - t0

        def draw_bulletin(a: Any = a, people: Any = people) -> bytes:
            return bulletin_docx(a, "2026Q3", people, township="平安镇", when=when)

        def draw_summary(a: Any = a) -> bytes:
            return summary_docx(a, "2026Q3", "平安镇", when)

        bulletin = best(draw_bulletin, args.repeat)
        summary = best(draw_summary, args.repeat)
        print(
            f"{n:>4} villages | assess {scored:5.2f} s | bulletin {bulletin:5.2f} s "
            f"({1000 * bulletin / n:5.1f} ms/village, {bulletin / anchor:5.0f}x empty docx) | "
            f"summary {summary:5.2f} s ({1000 * summary / n:5.1f} ms/village, "
            f"{summary / anchor:5.0f}x empty docx) | CPU, best of {args.repeat}",
            flush=True,
        )
    print(f"load average (1, 5, 15 min): {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
