"""Reading quality on real pages nobody tuned for: the corpus is well formed, a third is
held back, and the development part scores at least 95% of its checks."""

from __future__ import annotations

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


def test_about_a_third_of_the_corpus_is_held_back() -> None:
    held = [p for p in PAGES if 'split = "heldout"' in (p / "source.toml").read_text(encoding="utf-8")]
    assert 0.25 <= len(held) / len(PAGES) <= 0.4


def test_the_development_part_scores_at_least_95_percent() -> None:
    dev = [score_page(p) for p in PAGES if 'split = "heldout"' not in (p / "source.toml").read_text(encoding="utf-8")]
    summary = summarize(dev)
    assert summary["score"] >= 0.95, summary
    assert summary["title"] >= 0.9 and summary["content"] >= 0.95, summary


def test_numbers_are_read_at_least_as_well_as_wetext_reads_them() -> None:
    pytest.importorskip(
        "wetext", reason="wetext (WeTextProcessing's runtime) is a test extra: pip install -e '.[test]'"
    )
    from eval_reading import wetext_normalizer

    scores = [score_page(p, wetext_normalizer()) for p in PAGES if "heldout" not in (p / "source.toml").read_text()]
    summary = summarize(scores)
    assert summary["numbers"] >= summary["numbers_wetext"], summary
