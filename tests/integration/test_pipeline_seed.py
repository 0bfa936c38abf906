"""The seed article end to end through the real edge-tts client and the local Edge server."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from mutagen.id3 import ID3
from mutagen.mp3 import MP3

from tingjian import Episode, make
from tingjian.audio.decode import decode_file
from tingjian.devtools.fake_edge import FakeEdgeServer
from tingjian.settings import Settings
from tingjian.speech.merge import plan_requests, request_text
from tingjian.text.structure import LEAD_TITLE

from conftest import decoded_seconds, ffmpeg_chapters

SEED_HEADINGS = [
    "舍小家、顾大家的老城管队员",
    "关键时刻要顶得上靠得住",
    "居民零感染就是最好的褒奖",
    "维族女孩的勇敢担当",
]
EXPECTED_TITLES = [LEAD_TITLE, *SEED_HEADINGS, "6月6日零时起", "这支队伍如何迅速地来到了我们身边？"]


@dataclass(frozen=True)
class Run:
    episode: Episode
    server: FakeEdgeServer
    settings: Settings


@pytest.fixture(scope="module")
def run(seed_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Run]:
    tmp = tmp_path_factory.mktemp("seed")
    with FakeEdgeServer() as server:
        settings = Settings(engine="edge", output_dir=tmp / "out", cache_dir=tmp / "cache", edge_url=server.url)
        yield Run(make(seed_path, settings=settings), server, settings)


def test_episode_folder_holds_mp3_chapters_srt_and_manifest(run: Run) -> None:
    folder = run.episode.folder
    slug = folder.name
    suffixes = [".mp3", ".chapters.json", ".chapters.vtt", ".chapters.txt", ".ffmetadata.txt", ".cue", ".srt",
                ".vtt", ".lrc", ".txt"]  # fmt: skip
    assert sorted(p.name for p in folder.iterdir()) == sorted([slug + s for s in suffixes] + ["manifest.json"])
    assert "/" not in slug and ".." not in slug


def test_mp3_decodes_to_the_timeline_duration(run: Run) -> None:
    mp3 = run.episode.files["mp3"]
    seconds = decoded_seconds(mp3)
    assert abs(seconds * 1000 - run.episode.timeline.duration_ms) < 100  # encoder padding only
    info = MP3(mp3).info
    assert (info.sample_rate, info.channels, info.bitrate) == (44100, 1, 128000)
    assert seconds > 300  # ~2,700 characters of speech


def test_ffmpeg_reads_the_chapters_back(run: Run) -> None:
    chapters = ffmpeg_chapters(run.episode.files["mp3"])
    assert [c.title for c in chapters] == EXPECTED_TITLES
    starts = [c.start_ms for c in chapters]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    assert chapters[-1].end_ms <= decoded_seconds(run.episode.files["mp3"]) * 1000 + 50


def test_mutagen_reads_chap_and_ctoc_and_agrees_with_ffmpeg(run: Run) -> None:
    tags = ID3(run.episode.files["mp3"])
    chaps = sorted(tags.getall("CHAP"), key=lambda c: c.start_time)
    assert [c.sub_frames["TIT2"].text[0] for c in chaps] == EXPECTED_TITLES
    (toc,) = tags.getall("CTOC")
    assert toc.child_element_ids == [c.element_id for c in chaps]
    assert toc.flags & 0x03 == 0x03  # top-level and ordered
    for chap, ff in zip(chaps, ffmpeg_chapters(run.episode.files["mp3"]), strict=True):
        assert abs(chap.start_time - ff.start_ms) < 60  # ffmpeg shifts by the encoder delay
    assert tags["TIT2"].text[0] == "点赞！石景山区下沉干部抗“疫”凯旋"
    for frame in ("TPE1", "TALB", "TDRC", "TCON"):
        assert tags.getall(frame), frame
    assert tags.getall("COMM")


def test_chapters_start_on_their_spoken_heading(run: Run) -> None:
    tl = run.episode.timeline
    numbers = "二三四五六七"
    for n, chapter, title in zip(numbers, tl.chapters[1:], EXPECTED_TITLES[1:], strict=True):
        first = next(c for c in tl.cues if c.start_ms == chapter.start_ms)
        # Each chapter starts on its numbered announcement; the unheaded closing part has only its number.
        assert first.role == "heading"
        assert first.text == (f"第{n}部分。" if title == "6月6日零时起" else f"第{n}部分：{title}")


def _in_script_order(run: Run) -> list[str]:
    """The cues the server was asked for, in script order (requests run concurrently, and
    neighbouring sentences share one)."""
    ordered = [c.speech for c in run.episode.script.cues]
    groups = plan_requests(ordered, run.settings.merge_chars)
    # Exactly the script's cues, each once, in the requests planned (every answer was cut apart).
    assert Counter(run.server.texts) == Counter(request_text([ordered[i] for i in g]) for g in groups)
    return ordered


def test_server_received_every_sentence_once_and_nothing_but_announcements(run: Run, seed_path: Path) -> None:
    received = _in_script_order(run)
    cues = run.episode.script.cues
    assert len(run.server.texts) < len(cues) * 0.6  # short neighbours shared requests, none was repeated
    assert all(any(ch.isalnum() for ch in t) for t in received)  # never punctuation only
    # Everything that is not the article is a navigation announcement of a known shape.
    article_part = []
    for cue, text in zip(cues, received, strict=True):
        if cue.role == "heading":
            number, _, title = text.partition("部分")
            assert re.fullmatch(r"第[一二三四五六七]", number), text
            if title.startswith("："):
                article_part.append(title[1:])  # the article's own heading, read after its number
        elif cue.role in ("toc", "outro"):
            assert re.fullmatch(r"本期共七个部分。|第[一二三四五六七]部分，.+|本期节目到此结束，感谢收听。", text), text
        else:
            article_part.append(text)
    original = re.sub(r"\s+", "", seed_path.read_text(encoding="utf-8")).replace("★", "")
    # Title, headings and every sentence, in the article's order, each exactly once.
    assert "".join(article_part).replace("导语", "", 1) == original


def test_requests_were_sentence_sized(run: Run) -> None:
    assert max(len(t) for t in run.server.texts) <= run.settings.max_chars


def test_manifest_records_what_was_done(run: Run, seed_path: Path) -> None:
    import hashlib

    m = json.loads(run.episode.files["manifest"].read_text(encoding="utf-8"))
    assert m["input"]["sha256"] == hashlib.sha256(seed_path.read_bytes()).hexdigest()
    assert m["engine"]["name"] == "edge" and m["engine"]["voice"] == "zh-CN-XiaoxiaoNeural"
    assert [c["title"] for c in m["chapters"]] == EXPECTED_TITLES
    assert len(m["cues"]) == len(run.episode.script.cues)
    assert [c["text"] for c in m["cues"]] == _in_script_order(run)
    assert all(c["start_ms"] < c["end_ms"] for c in m["cues"])
    assert m["duration_ms"] == pytest.approx(run.episode.timeline.duration_ms, abs=1)


def test_chapters_json_is_podcasting20_v12(run: Run) -> None:
    doc = json.loads(run.episode.files["chapters"].read_text(encoding="utf-8"))
    assert doc["version"] == "1.2"
    assert [c["title"] for c in doc["chapters"]] == EXPECTED_TITLES
    assert all(isinstance(c["startTime"], (int, float)) for c in doc["chapters"])


def test_srt_has_one_caption_per_cue_in_order(run: Run) -> None:
    text = run.episode.files["srt"].read_text(encoding="utf-8")
    blocks = [b for b in text.strip().split("\n\n")]
    assert len(blocks) == len(run.episode.script.cues)
    assert [b.split("\n", 2)[2] for b in blocks] == _in_script_order(run)
    times = re.findall(r"(\d\d):(\d\d):(\d\d),(\d\d\d) --> (\d\d):(\d\d):(\d\d),(\d\d\d)", text)
    ms = [((int(a) * 60 + int(b)) * 60 + int(c)) * 1000 + int(d) for a, b, c, d, *_ in times]
    assert ms == sorted(ms)


def test_forced_rebuild_takes_every_cue_from_the_cache_and_sends_nothing(run: Run, seed_path: Path) -> None:
    before = len(run.server.requests)
    again = make(seed_path, settings=replace(run.settings, force=True))
    assert len(run.server.requests) == before
    assert again.cached_cues == len(again.script.cues) and again.requests == 0 and not again.run.reused
    assert decode_file(again.files["mp3"], 16000) == decode_file(run.episode.files["mp3"], 16000)


def test_unchanged_rerun_reuses_the_finished_episode(run: Run, seed_path: Path) -> None:
    mp3 = run.episode.files["mp3"]
    stamp = mp3.stat().st_mtime_ns
    again = make(seed_path, settings=run.settings)
    assert again.run.reused and mp3.stat().st_mtime_ns == stamp
    assert [c.title for c in again.timeline.chapters] == [c.title for c in run.episode.timeline.chapters]
    assert again.loudness == run.episode.loudness


def test_a_changed_setting_or_a_damaged_file_is_rebuilt(run: Run, seed_path: Path, tmp_path: Path) -> None:
    manifest = run.episode.files["manifest"]
    saved = manifest.read_text(encoding="utf-8")
    run.episode.files["srt"].write_text("damaged", encoding="utf-8")
    again = make(seed_path, settings=run.settings)
    assert not again.run.reused and "damaged" not in again.files["srt"].read_text(encoding="utf-8")
    louder = make(seed_path, settings=replace(run.settings, target_lufs=-14.0))
    assert not louder.run.reused
    assert (
        json.loads(saved)["build_key"] != json.loads(louder.files["manifest"].read_text(encoding="utf-8"))["build_key"]
    )
