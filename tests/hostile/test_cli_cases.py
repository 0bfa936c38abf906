"""Every hostile case, run as a user runs it (`python -m tingjian` in its own process):
the documented exit code, one clear error line and no traceback, peak memory under a
bound, no partial outputs, and no cache entry lost or poisoned."""

from __future__ import annotations

import hashlib
import json
import os
import random
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tingjian.devtools.fake_edge import FakeEdgeServer, FaultPlan

from conftest import Run, run_tingjian

NOTICE = "停水通知\n\n欢迎大家参加社区活动。\n\n明天上午停水，请提前储水。\n"


def cache_entries(cache: Path) -> dict[str, str]:
    """Every committed cache entry: key -> sha256 of its audio."""
    return {p.stem: hashlib.sha256(p.with_suffix(".audio").read_bytes()).hexdigest() for p in cache.glob("*/*.json")}


def assert_clean_failure(run: Run, exit_code: int, says: str) -> None:
    assert run.code == exit_code, run.stderr[-800:]
    assert "Traceback" not in run.stderr
    assert len(run.errors) == 1 and says in run.errors[0], run.stderr[-800:]


def assert_nothing_published(out: Path) -> None:
    """No episode, no staging folder, no lock left behind."""
    assert not out.exists() or sorted(p.name for p in out.iterdir()) == []


# --- hostile files -------------------------------------------------------------------


def zip_bomb(tmp: Path) -> Path:
    path = tmp / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z, z.open("word/document.xml", "w", force_zip64=True) as f:
        f.write(b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>')
        chunk = b"<w:p/>" * (2**20 // 6)
        for _ in range(1024):
            f.write(chunk)
        f.write(b"</w:body></w:document>")
    return path


def deep_divs(tmp: Path) -> Path:
    path = tmp / "deep.html"
    path.write_text("<html><body>" + "<div>" * 10_000 + "<p>明天上午停水，请提前储水。</p>", encoding="utf-8")
    return path


def unclosed_paragraphs(tmp: Path) -> Path:
    path = tmp / "unclosed.html"
    path.write_text("<html><body><h1>停水通知</h1>" + "<p>明天上午停水，请提前储水。" * 1200, encoding="utf-8")
    return path


def huge_numbers(tmp: Path) -> Path:
    path = tmp / "numbers.txt"
    path.write_text(f"编号通知\n\n编号{'9' * 5000}，金额{'1' * 40}元，增长{'3' * 30}.5%。\n", encoding="utf-8")
    return path


def control_characters(tmp: Path) -> Path:
    """A paste with a few control characters (an ANSI colour, a bell, a backspace) and
    invisible format characters; more than 1% control characters is a binary file."""
    path = tmp / "control.txt"
    body = "社区今天组织志愿者打扫楼道，居民们纷纷参与，大家一起把楼道打扫得干干净净。\n\n" * 6
    path.write_text(
        f"停水\x07通知\u202e\n\n明天上午\x1b[31m停水\x08，请提前储水。\u200b\ufeff\n\n{body}", encoding="utf-8"
    )
    return path


def random_bytes(tmp: Path) -> Path:
    path = tmp / "notice.txt"
    path.write_bytes(random.Random(7).randbytes(200_000))
    return path


def lexicon_folder(tmp: Path) -> Path:
    (tmp / "lexicon").mkdir(exist_ok=True)
    path = tmp / "notice.txt"
    path.write_text(NOTICE, encoding="utf-8")
    return path


@dataclass(frozen=True)
class Case:
    """A hostile input: a file to make, extra options, and what must come of it."""

    make: Callable[[Path], Path]
    exit_code: int
    says: str = ""
    options: list[str] = field(default_factory=list)
    command: str = "make"
    max_mib: int = 400


FILE_CASES = {
    "zip-bomb-docx": Case(zip_bomb, 2, "too large to be an article", max_mib=250),
    "ten-thousand-nested-divs": Case(deep_divs, 0),
    "twelve-hundred-unclosed-paragraphs": Case(unclosed_paragraphs, 0, command="plan"),
    "numbers-of-any-size": Case(huge_numbers, 0, options=["--keep", "编号"]),
    "control-characters": Case(control_characters, 0),
    "random-bytes": Case(random_bytes, 2, "binary"),
    "timeout-nan": Case(lexicon_folder, 2, "timeout nan", ["--timeout", "nan"]),
    "timeout-inf": Case(lexicon_folder, 2, "timeout inf", ["--timeout", "inf"]),
    "lexicon-is-a-folder": Case(lexicon_folder, 2, "lexicon", ["--lexicon", "lexicon"]),
}


@pytest.mark.parametrize("name", FILE_CASES)
def test_a_hostile_file_ends_in_its_exit_code_in_bounded_memory_with_nothing_partial(
    name: str, tmp_path: Path, edge_server: FakeEdgeServer
) -> None:
    case = FILE_CASES[name]
    article = case.make(tmp_path)
    out, cache = tmp_path / "out", tmp_path / "cache"
    where = ["-o", str(out), "--cache-dir", str(cache)] if case.command == "make" else ["--engine", "kokoro"]
    run = run_tingjian([case.command, str(article), *where, *case.options], tmp_path)
    assert run.peak_mib < case.max_mib, f"{run.peak_mib:.0f} MiB"
    if case.exit_code:
        assert_clean_failure(run, case.exit_code, case.says)
        assert_nothing_published(out)
        return
    assert run.code == 0, run.stderr[-800:]
    if case.command == "plan":
        return
    (folder,) = out.iterdir()
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    spoken = json.dumps(manifest, ensure_ascii=False)
    assert not any(chr(c) in spoken for c in range(32) if chr(c) not in "\n\r\t")
    assert all(name.endswith((".mp3", ".json", ".srt", ".vtt", ".txt", ".lrc", ".cue", ".md", ".html"))
               for name in os.listdir(folder))  # fmt: skip


HOSTILE_ANSWERS = ["garbage", "endless", "bad_json", "bad_header", "huge"]


@pytest.mark.parametrize("fault", HOSTILE_ANSWERS)
def test_a_hostile_server_fails_only_its_cue_keeps_every_cache_entry_and_publishes_nothing(
    fault: str, tmp_path: Path
) -> None:
    out, cache = tmp_path / "out", tmp_path / "cache"
    article = tmp_path / "notice.txt"
    article.write_text(NOTICE, encoding="utf-8")
    with FakeEdgeServer() as healthy:
        first = run_tingjian(["make", str(article), "-o", str(tmp_path / "first"), "--cache-dir", str(cache)],
                             tmp_path, env={"TINGJIAN_EDGE_URL": healthy.url})  # fmt: skip
    assert first.code == 0, first.stderr[-800:]
    before = cache_entries(cache)
    assert len(before) >= 2

    article.write_text(NOTICE.replace("储水", "储水，关好水龙头"), encoding="utf-8")  # one new sentence
    with FakeEdgeServer(faults=FaultPlan(always={"关好水龙头": fault})) as hostile:  # type: ignore[dict-item]
        run = run_tingjian(["make", str(article), "-o", str(out), "--cache-dir", str(cache), "--retries", "1"],
                           tmp_path, env={"TINGJIAN_EDGE_URL": hostile.url})  # fmt: skip

    assert_clean_failure(run, 5, "could not be synthesized")
    assert "关好水龙头" in run.stderr
    assert run.peak_mib < 400, f"{run.peak_mib:.0f} MiB"
    assert_nothing_published(out)
    after = cache_entries(cache)
    assert {k: after.get(k) for k in before} == before  # nothing lost, nothing overwritten
    assert len(after) == len(before)  # and the hostile answer was not stored
