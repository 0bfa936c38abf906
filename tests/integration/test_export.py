"""Exports read back by independent readers: mutagen and ffmpeg."""

from __future__ import annotations

from pathlib import Path

import pytest
from mutagen.id3 import ID3

from tingjian.audio.encode import export_mp3
from tingjian.audio.pcm import silence
from tingjian.audio.timeline import Caption, TimedChapter
from tingjian.export.id3 import Tags, write_id3
from tingjian.export.text import chapters_json, srt, srt_time

from conftest import ffmpeg_chapters

LONG_TITLE = "石景山区下沉干部在抗击疫情中磨砺的经验能力转化为践行初心使命的实际行动" * 6  # 210 characters


@pytest.fixture()
def silent_mp3(tmp_path: Path) -> Path:
    path = tmp_path / "x.mp3"
    export_mp3(silence(6000, 44100), 44100, path, "128k")
    return path


@pytest.mark.parametrize("version", [3, 4])
def test_long_chinese_chapter_titles_survive_the_round_trip(silent_mp3: Path, version: int) -> None:
    chapters = (
        TimedChapter("导语", 0, 2000),
        TimedChapter(LONG_TITLE, 2000, 4000),
        TimedChapter("“引号”·姓名／斜杠", 4000, 6000),
    )
    write_id3(silent_mp3, Tags("标题", "作者", "专辑", "2026-11-29"), chapters, v2_version=version)
    tags = ID3(silent_mp3)
    assert tags.version[1] == version
    chaps = sorted(tags.getall("CHAP"), key=lambda c: c.start_time)
    assert [c.sub_frames["TIT2"].text[0] for c in chaps] == [c.title for c in chapters]
    assert [(c.start_time, c.end_time) for c in chaps] == [(0, 2000), (2000, 4000), (4000, 6000)]
    if version == 3:
        # ffmpeg drops ID3v2.4 CHAP frames whose title sub-frame is 128 bytes or more
        # (about 42 Chinese characters); this is why v2.3 is the default.
        assert [c.title for c in ffmpeg_chapters(silent_mp3)] == [c.title for c in chapters]


def test_chap_frames_are_written_in_time_order(silent_mp3: Path) -> None:
    # mutagen would order frames by size; readers that list file order must see time order.
    chapters = tuple(
        TimedChapter(t, i * 1000, (i + 1) * 1000) for i, t in enumerate(["很长很长的第一章标题", "二", "三三"])
    )
    write_id3(silent_mp3, Tags("t", "a", "b", "2026"), chapters)
    raw = silent_mp3.read_bytes()
    offsets = [raw.find(f"chp{i}".encode()) for i in range(3)]
    assert offsets == sorted(offsets) and -1 not in offsets


def test_srt_timestamps_and_numbering() -> None:
    assert srt_time(3_723_045.4) == "01:02:03,045"
    text = srt((Caption(0, 1500, "第一句。"), Caption(1800, 3000.6, "第二句。")))
    assert text == "1\n00:00:00,000 --> 00:00:01,500\n第一句。\n\n2\n00:00:01,800 --> 00:00:03,001\n第二句。\n"


def test_chapters_json_has_seconds_and_titles() -> None:
    import json

    doc = json.loads(chapters_json((TimedChapter("导语", 0, 1234.5), TimedChapter("尾声", 1234.5, 5000))))
    assert doc == {
        "version": "1.2",
        "chapters": [
            {"startTime": 0.0, "endTime": 1.234, "title": "导语"},
            {"startTime": 1.234, "endTime": 5.0, "title": "尾声"},
        ],
    }
