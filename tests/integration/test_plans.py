"""Plans of realistic messy inputs match golden files a human has read and agreed with.

Regenerate after a deliberate change with TINGJIAN_UPDATE_GOLDEN=1, then read the diff.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

import tingjian
from tingjian.settings import Settings

from conftest import FIXTURES

ARTICLES = sorted((FIXTURES / "articles").iterdir())


def _plan(path: Path, settings: Settings | None = None) -> dict[str, Any]:
    doc = tingjian.plan(path, settings=settings or Settings(engine="kokoro")).to_dict()
    return {
        "title": doc["title"],
        "chapters": [
            {"title": ch["title"], "cues": [[c["role"], c["text"], c["speech"]] for c in ch["cues"]]}
            for ch in doc["chapters"]
        ],
    }


@pytest.mark.parametrize("path", ARTICLES, ids=[p.name for p in ARTICLES])
def test_plan_matches_the_reviewed_golden_file(path: Path) -> None:
    golden = FIXTURES / "plans" / f"{path.name}.json"
    actual = _plan(path)
    if os.environ.get("TINGJIAN_UPDATE_GOLDEN"):
        golden.write_text(_readable(actual), encoding="utf-8")
    assert actual == json.loads(golden.read_text(encoding="utf-8"))


def _readable(doc: dict[str, Any]) -> str:
    """JSON with one cue per line, so a reviewer reads the golden file like the plan."""
    lines = ["{", f'  "title": {json.dumps(doc["title"], ensure_ascii=False)},', '  "chapters": [']
    for i, ch in enumerate(doc["chapters"]):
        lines.append(f'    {{"title": {json.dumps(ch["title"], ensure_ascii=False)}, "cues": [')
        cues = [f"      {json.dumps(c, ensure_ascii=False)}" for c in ch["cues"]]
        lines.append(",\n".join(cues))
        lines.append("    ]}" + ("," if i < len(doc["chapters"]) - 1 else ""))
    lines += ["  ]", "}"]
    return "\n".join(lines) + "\n"


def test_gbk_notice_plans_exactly_like_its_utf8_original() -> None:
    assert _plan(FIXTURES / "articles" / "notice-gbk.txt") == _plan(FIXTURES / "articles" / "community-notice.txt")


def test_no_junk_reaches_the_plan() -> None:
    junk = ["阅读原文", "阅读 2969", "在看", "点击上方", "二维码", "本帖最后由", "O6 e#", "( 二 )", "ICP", "版权所有",
            "责任编辑", "收藏TA", "推荐阅读", "首页", "msg_title", "font-family", "发布时间"]  # fmt: skip
    for path in ARTICLES:
        text = json.dumps(_plan(path), ensure_ascii=False)
        for j in junk:
            assert j not in text, f"{j!r} in the plan of {path.name}"


def test_seed_plan_has_at_most_seven_chapters_with_the_star_headings_verbatim(seed_path: Path) -> None:
    doc = _plan(seed_path)
    titles = [c["title"] for c in doc["chapters"]]
    assert len(titles) <= 7
    for heading in [
        "舍小家、顾大家的老城管队员",
        "关键时刻要顶得上靠得住",
        "居民零感染就是最好的褒奖",
        "维族女孩的勇敢担当",
    ]:
        assert heading in titles
        chapter = doc["chapters"][titles.index(heading)]
        role, text, _ = chapter["cues"][0]
        assert role == "heading" and text.endswith(f"部分：{heading}")


def _seed_sentences(path: Path) -> list[str]:
    """Sentences of the raw seed, found without tingjian's cleaning.

    A sentence ends at 。！？；… (with a closing quote), at the end of the title or a ★ line,
    and at the end of each line of a multi-line (verse) block.  Single lines separated
    by blank lines do not end a sentence: that is where copy-paste broke them.
    """
    lines = [re.sub(r"\s+", "", x) for x in path.read_text(encoding="utf-8").splitlines()]
    title = next(x for x in lines if x)
    parts = []
    for i, line in enumerate(lines):
        if not line:
            continue
        in_block = (i > 0 and lines[i - 1]) or (i + 1 < len(lines) and lines[i + 1])
        ends = line == title or line.startswith("★") or in_block
        parts.append(line.replace("★", "") + ("\n" if ends else ""))
    return [s for seg in "".join(parts).split("\n") for s in re.findall(r"[^。！？；…]+(?:[。！？；…]+”?|$)", seg) if s]


def test_seed_plan_breaks_no_sentence_in_two(seed_path: Path) -> None:
    cues = [c[1] for ch in _plan(seed_path)["chapters"] for c in ch["cues"]]
    sentences = _seed_sentences(seed_path)
    assert len(sentences) > 60
    for sentence in sentences:
        if any(sentence in c for c in cues):
            continue
        # A long sentence may span consecutive cues split at a clause boundary, never elsewhere.
        pieces = [c for c in cues if c in sentence]
        assert "".join(pieces) == sentence, sentence
        assert all(p.endswith(("，", "、", "：", "；")) for p in pieces[:-1]), pieces
    assert any("老街坊们一起把好基层防疫关口" in c for c in cues)
    assert any("手脚勤快反应还快" in c for c in cues)
