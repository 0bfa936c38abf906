"""Reading quality on real pages nobody tuned for: the corpus is well formed, part of it is
held back, and the development part does not fall below its measured score.

Each round's held-back pages become development pages once scored (their failures have
been seen); the blind scores of each round are kept in scripts/bench_results/."""

from __future__ import annotations

import json
import sys

import pytest

from tingjian.settings import tomllib

from conftest import FIXTURES, ROOT

sys.path.insert(0, str(ROOT / "scripts"))
from eval_reading import page_file, score_page, summarize

CORPUS = FIXTURES / "real"
PAGES = sorted(p for p in CORPUS.iterdir() if p.is_dir())


def test_every_page_says_where_it_came_from_and_what_to_expect() -> None:
    assert len(PAGES) >= 20
    for page in PAGES:
        source = tomllib.loads((page / "source.toml").read_text(encoding="utf-8"))
        expect = tomllib.loads((page / "expect.toml").read_text(encoding="utf-8"))
        assert source["repo"] and source["licence"] and source["split"] in ("dev", "heldout"), page.name
        assert "GPL" not in source["licence"].upper(), page.name
        assert expect["title"] and expect["keep"], page.name
        assert page_file(page).stat().st_size > 0


def test_a_third_of_the_corpus_is_held_back_and_the_latest_blind_score_is_kept() -> None:
    # Rounds 7 to 11 were 14, 4, 6, 9 and 65 pages, each scored blind once; 65 of those under a
    # permissive licence file (or government documents) are the held-back part, 12 of round 11
    # chosen at random became development pages (the others, AGPL or unlicensed, are scored
    # with eval_reading --also). Round 12 (19 pages, 13 committed) was scored blind and became
    # development pages: it was gathered to learn from.
    held = [p for p in PAGES if 'split = "heldout"' in (p / "source.toml").read_text(encoding="utf-8")]
    assert len(held) >= 65 and 3 * len(held) >= len(PAGES)
    rounds = sorted(
        (ROOT / "scripts" / "bench_results").glob("reading_blind*.json"),
        key=lambda p: int(p.stem.removeprefix("reading_blind") or 1),
    )
    scores = json.loads(rounds[-1].read_text(encoding="utf-8"))
    latest = scores.get("held-back") or scores["blind"]
    assert latest["pages"] >= 1 and 0 < latest["score"] < 1


def test_the_development_part_keeps_its_measured_score() -> None:
    # Measured 97.3% on 126 pages (the target is 95%; see the README's reading table).
    dev = [score_page(p) for p in PAGES if 'split = "heldout"' not in (p / "source.toml").read_text(encoding="utf-8")]
    summary = summarize(dev)
    assert summary["score"] >= 0.95, summary
    assert summary["title"] >= 0.93 and summary["content"] >= 0.965 and summary["headings"] >= 0.925, summary


def test_numbers_are_read_at_least_as_well_as_wetext_reads_them() -> None:
    pytest.importorskip(
        "wetext", reason="wetext (WeTextProcessing's runtime) is a test extra: pip install -e '.[test]'"
    )
    from eval_reading import wetext_normalizer

    scores = [score_page(p, wetext_normalizer()) for p in PAGES if "heldout" not in (p / "source.toml").read_text()]
    summary = summarize(scores)
    assert summary["numbers"] >= summary["numbers_wetext"], summary
