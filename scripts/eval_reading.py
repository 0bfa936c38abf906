"""Score how tingjian reads real pages: title, chrome dropped, headings found, content kept,
numbers read right. Each page in tests/fixtures/real/<id>/ has the saved page, where it
came from (source.toml) and a hand-checked expectation (expect.toml).

    python scripts/eval_reading.py             # the development part of the corpus
    python scripts/eval_reading.py --heldout   # also the held-back third (score it only at the end)
    python scripts/eval_reading.py --page ID -v   # one page, every failed check
    python scripts/eval_reading.py --heldout --also DIR   # with pages kept outside the repository

Every check counts once: a page's title, each line that must not be spoken, each heading,
each line that must stay, each number reading. Chrome precision is over the labelled
lines the plan left out: how many of them were chrome.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

import tingjian
from tingjian.text.title import squash

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "fixtures" / "real"
METRICS = ("title", "chrome_recall", "headings", "content", "numbers")


@dataclass
class PageScore:
    """One page's checks: metric -> (passed, total), and what failed."""

    page: str
    split: str
    kind: str
    checks: dict[str, list[int]] = field(default_factory=lambda: {m: [0, 0] for m in METRICS})
    dropped_chrome: int = 0
    dropped_body: int = 0
    failures: list[str] = field(default_factory=list)
    #: Number readings right by wetext, the cross-check (right, total), when it runs.
    wetext: list[int] = field(default_factory=lambda: [0, 0])

    def check(self, metric: str, ok: bool, what: str) -> None:
        self.checks[metric][0] += ok
        self.checks[metric][1] += 1
        if not ok:
            self.failures.append(f"{metric}: {what}")


def page_file(folder: Path) -> Path:
    (page,) = [p for p in folder.iterdir() if p.stem == "page"]
    return page


def score_page(folder: Path, cross_check: Callable[[str], str] | None = None) -> PageScore:
    source = tomllib.loads((folder / "source.toml").read_text(encoding="utf-8"))
    expect = tomllib.loads((folder / "expect.toml").read_text(encoding="utf-8"))
    result = PageScore(folder.name, source.get("split", "dev"), source.get("kind", "?"))
    try:
        plan = tingjian.plan(page_file(folder), engine="kokoro", navigation=False)
    except tingjian.TingjianError as e:
        for metric in METRICS:
            result.check(metric, False, f"no plan: {e.message}")
        return result
    cues = [c for ch in plan.chapters for c in ch.cues]
    spoken = squash("".join(c.text for c in cues))
    title = squash(expect["title"])
    result.check("title", squash(plan.title) == title, f"title {plan.title!r}, expected {expect['title']!r}")
    heard = sum(1 for c in cues if squash(c.text) == title or (c.role == "title" and title in squash(c.text)))
    result.check("title", heard == 1, f"title heard {heard} times")
    for line in expect.get("chrome", []):
        dropped = squash(line) not in spoken
        result.dropped_chrome += dropped
        result.check("chrome_recall", dropped, f"spoken chrome {line!r}")
    chapter_titles = [squash(ch.title) for ch in plan.chapters]
    for heading in expect.get("headings", []):
        h = squash(heading)
        found = any(h == t or (h and h in t) or (t and t in h and len(t) >= len(h) // 2) for t in chapter_titles)
        result.check("headings", found, f"heading not a chapter {heading!r}")
    for line in expect.get("keep", []):
        kept = squash(line) in spoken
        result.dropped_body += not kept
        result.check("content", kept, f"lost {line!r}")
    for written, readings in expect.get("numbers", {}).items():
        readings = [readings] if isinstance(readings, str) else readings
        target = squash(written)
        cue = next((c for c in cues if target in squash(c.text)), None)
        if cue is None:
            result.check("numbers", False, f"{written!r} is not in any cue")
            continue
        speech = squash(cue.speech)
        ok = any(squash(r) in speech for r in readings)
        result.check("numbers", ok, f"{written!r} read as {cue.speech!r}, expected {readings[0]!r}")
        if cross_check is not None:
            other = squash(cross_check(cue.text))
            result.wetext[0] += any(squash(r) in other for r in readings)
            result.wetext[1] += 1
    return result


def summarize(scores: list[PageScore]) -> dict[str, Any]:
    total = Counter[str]()
    passed = Counter[str]()
    for s in scores:
        for metric, (ok, n) in s.checks.items():
            passed[metric] += ok
            total[metric] += n
    dropped_chrome = sum(s.dropped_chrome for s in scores)
    dropped_all = dropped_chrome + sum(s.dropped_body for s in scores)
    out: dict[str, Any] = {
        "pages": len(scores),
        "checks": sum(total.values()),
        "passed": sum(passed.values()),
        "score": round(sum(passed.values()) / max(1, sum(total.values())), 4),
        "chrome_precision": round(dropped_chrome / dropped_all, 4) if dropped_all else 1.0,
    }
    for metric in METRICS:
        out[metric] = round(passed[metric] / total[metric], 4) if total[metric] else None
    wetext = [sum(s.wetext[i] for s in scores) for i in (0, 1)]
    if wetext[1]:
        out["numbers_wetext"] = round(wetext[0] / wetext[1], 4)
    return out


def wetext_normalizer() -> Callable[[str], str]:
    """WeTextProcessing's runtime (the `wetext` package, a test extra): the cross-check for numbers."""
    from wetext import Normalizer

    return Normalizer(lang="zh", operator="tn").normalize


def _cell(value: Any) -> str:
    return f"{value:.1%}" if isinstance(value, float) else ("–" if value is None else str(value))


def table(rows: dict[str, dict[str, Any]]) -> str:
    cols = ["pages", "checks", "score", "title", "chrome_recall", "chrome_precision", "headings", "content", "numbers"]
    if any("numbers_wetext" in s for s in rows.values()):
        cols.append("numbers_wetext")
    lines = ["| part | " + " | ".join(cols) + " |", "| --- " * (len(cols) + 1) + "|"]
    for name, s in rows.items():
        cells = [
            f"{s[c]:.1%}" if isinstance(s.get(c), float) else ("–" if s.get(c) is None else str(s[c])) for c in cols
        ]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--heldout", action="store_true", help="also score the held-back third")
    parser.add_argument("--page", action="append", help="only these page ids")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every failed check")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.add_argument("--wetext", action="store_true", help="also score wetext's number readings (test extra)")
    parser.add_argument(
        "--also", action="append", type=Path, default=[],
        help="a folder of more page folders, scored with the corpus (pages whose licence keeps them out of it)",
    )  # fmt: skip
    args = parser.parse_args()
    folders = sorted(p for p in CORPUS.iterdir() if p.is_dir()) if CORPUS.exists() else []
    names = {f.name for f in folders}
    for extra in args.also:
        found = [p for p in extra.iterdir() if p.is_dir() and (p / "expect.toml").exists()]
        folders += sorted(p for p in found if p.name not in names)
    if args.page:
        folders = [f for f in folders if f.name in args.page]
    cross_check = wetext_normalizer() if args.wetext else None
    scores = [score_page(f, cross_check) for f in folders]
    parts = {"development": [s for s in scores if s.split != "heldout"]}
    if args.heldout or args.page:
        parts["held-back"] = [s for s in scores if s.split == "heldout"]
        parts["all"] = scores
    rows = {name: summarize(part) for name, part in parts.items() if part}
    if args.verbose:
        for s in scores:
            if s.split == "heldout" and not (args.heldout or args.page):
                continue
            for failure in s.failures:
                print(f"{s.page}: {failure}")
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        print(table(rows))


if __name__ == "__main__":
    main()
