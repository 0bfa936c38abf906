"""Navigate by ear: every chapter format, captions, transcripts and per-chapter tracks,
read back with independent readers and compared with each other."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import jsonschema
import numpy as np
import pytest
import webvtt
from mutagen.id3 import ID3
from mutagen.mp4 import MP4

from tingjian import Episode, make, plan
from tingjian.audio.decode import decode_file
from tingjian.audio.ffmpeg import ffmpeg_exe
from tingjian.devtools.fake_edge import FakeEdgeServer
from tingjian.settings import MERGE_CHARS, Settings, make_settings
from tingjian.speech.merge import plan_requests, request_text

from conftest import FIXTURES, decoded_seconds, ffmpeg_chapters, ffmpeg_start_ms

STORY = FIXTURES / "articles" / "wechat-story.txt"
TITLES = ["导语", "“张阿姨，今天的药吃了吗？”", "修水管、换灯泡，样样都在行", "一把钥匙"]
TOLERANCE_MS = 10


@dataclass(frozen=True)
class Made:
    episode: Episode
    server: FakeEdgeServer


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Made]:
    tmp = tmp_path_factory.mktemp("nav")
    with FakeEdgeServer() as server:
        settings = Settings(
            engine="edge",
            output_dir=tmp / "out",
            cache_dir=tmp / "cache",
            edge_url=server.url,
            formats=("mp3", "m4b"),
            split_chapters=True,
            heading_voice="zh-CN-YunxiNeural",
        )
        yield Made(make(STORY, settings=settings), server)


def _starts(made: Made) -> list[float]:
    return [c.start_ms for c in made.episode.timeline.chapters]


def _close(a: list[float], b: list[float], tol: float = TOLERANCE_MS) -> bool:
    return len(a) == len(b) and all(abs(x - y) <= tol for x, y in zip(a, b, strict=True))


def test_mp3_chapters_read_by_mutagen_and_ffmpeg_agree_with_the_timeline(made: Made) -> None:
    mp3 = made.episode.files["mp3"]
    tags = ID3(mp3)
    assert tags.version[:2] == (2, 3)
    chaps = sorted(tags.getall("CHAP"), key=lambda c: c.start_time)
    assert [c.sub_frames["TIT2"].text[0] for c in chaps] == TITLES
    assert _close([c.start_time for c in chaps], _starts(made))
    ff = ffmpeg_chapters(mp3)
    assert [c.title for c in ff] == TITLES
    # ffmpeg shifts MP3 chapter times back by the encoder delay it reports as the start
    # time (clamping the first at 0); players that trim the delay see the ID3 times.
    delay = ffmpeg_start_ms(mp3)
    assert 0 <= delay < 60
    assert _close([max(0.0, c.start_ms + delay) if i else 0.0 for i, c in enumerate(ff)], _starts(made))


def test_m4b_chapters_and_tags_read_by_mutagen_and_ffmpeg(made: Made) -> None:
    m4b = made.episode.files["m4b"]
    mp4 = MP4(m4b)
    assert mp4.tags is not None and mp4.tags["©nam"] == ["暖心！和平里社区“银发帮帮团”上线啦"]
    assert mp4.chapters is not None
    assert [c.title for c in mp4.chapters] == TITLES
    assert _close([c.start * 1000 for c in mp4.chapters], _starts(made))
    ff = ffmpeg_chapters(m4b)
    assert [c.title for c in ff] == TITLES and _close([c.start_ms for c in ff], _starts(made))
    assert abs(decoded_seconds(m4b) * 1000 - made.episode.timeline.duration_ms) < 100


def test_chapters_json_validates_against_the_podcasting20_schema(made: Made) -> None:
    doc = json.loads(made.episode.files["chapters"].read_text(encoding="utf-8"))
    schema = json.loads((FIXTURES / "schemas" / "podcasting-chapters-1.2.json").read_text(encoding="utf-8"))
    jsonschema.validate(doc, schema)
    assert [c["title"] for c in doc["chapters"]] == TITLES
    assert _close([c["startTime"] * 1000 for c in doc["chapters"]], _starts(made), 1)


def test_webvtt_chapters_parse_and_agree(made: Made) -> None:
    cues = webvtt.read(str(made.episode.files["chapters_vtt"]))
    assert [c.text for c in cues] == TITLES
    assert _close([_ms(c.start) for c in cues], _starts(made), 1)


def test_ffmetadata_cue_sheet_and_show_notes_list_agree(made: Made) -> None:
    ffmeta = made.episode.files["ffmetadata"].read_text(encoding="utf-8")
    assert ffmeta.startswith(";FFMETADATA1\n")
    starts = [float(x) for x in re.findall(r"^START=(\d+)$", ffmeta, re.M)]
    assert re.findall(r"^title=(.*)$", ffmeta, re.M)[1:] == TITLES and _close(starts, _starts(made), 1)

    cue = made.episode.files["cue"].read_text(encoding="utf-8")
    assert re.findall(r'^    TITLE "(.*)"$', cue, re.M) == TITLES
    frames = [
        (int(m) * 60 + int(s)) * 1000 + int(f) * 1000 / 75 for m, s, f in re.findall(r"INDEX 01 (\d+):(\d+):(\d+)", cue)
    ]
    assert _close(frames, _starts(made), 1000 / 75)

    notes = made.episode.files["chapters_txt"].read_text(encoding="utf-8").splitlines()
    assert [line.split(" ", 1)[1] for line in notes] == TITLES
    assert [int(line[:2]) * 60 + int(line[3:5]) for line in notes] == [int(s // 1000) for s in _starts(made)]


def _silences(path: Path) -> list[tuple[float, float]]:
    proc = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-i", str(path), "-af", "silencedetect=noise=-45dB:d=0.25", "-f", "null", "-"],
        capture_output=True,
        check=True,
    )
    log = proc.stderr.decode()
    starts = [float(x) * 1000 for x in re.findall(r"silence_start: ([\d.]+)", log)]
    ends = [float(x) * 1000 for x in re.findall(r"silence_end: ([\d.]+)", log)]
    return list(zip(starts, ends, strict=False))


def test_chapter_starts_land_on_the_announcement_not_the_previous_chapter(made: Made) -> None:
    ep = made.episode
    silences = _silences(ep.files["mp3"])
    pcm = np.frombuffer(decode_file(ep.files["mp3"], 44100), dtype="<i2") / 32768.0
    for chapter in ep.timeline.chapters[1:]:
        # A silence ends just after the chapter mark: what follows is the announcement's first word
        # (the voice itself starts ~80 ms into its audio).
        assert any(s < chapter.start_ms and 0 <= e - chapter.start_ms <= 200 for s, e in silences), chapter
        first = next(c for c in ep.timeline.cues if c.start_ms == chapter.start_ms)
        assert first.role == "heading" and first.text.startswith("第")
        before = pcm[int((chapter.start_ms - 300) * 44.1) : int(chapter.start_ms * 44.1)]
        after = pcm[int(chapter.start_ms * 44.1) : int((chapter.start_ms + 500) * 44.1)]
        assert np.sqrt(np.mean(before**2)) < 0.003 < np.sqrt(np.mean(after**2))


def test_a_chime_sounds_in_the_gap_before_each_chapter_below_the_voice(made: Made) -> None:
    ep = made.episode
    pcm = np.frombuffer(decode_file(ep.files["mp3"], 44100), dtype="<i2") / 32768.0
    loudest = np.abs(pcm).max()
    cues = ep.timeline.cues
    for chapter in ep.timeline.chapters[1:]:
        prev = next(c for c in reversed(cues) if c.end_ms <= chapter.start_ms)
        gap = pcm[int(prev.end_ms * 44.1) : int(chapter.start_ms * 44.1)]
        spectrum = np.abs(np.fft.rfft(gap))
        peak_hz = np.argmax(spectrum) * 44100 / len(gap)
        assert np.sqrt(np.mean(gap**2)) > 0.01
        assert min(abs(peak_hz - 659.3), abs(peak_hz - 880.0)) < 15
        # The chime marks the chapter; the voice stays the loudest thing (chime 6 dB under it).
        assert np.abs(gap).max() <= loudest * 10 ** (-3 / 20)


def _captions(made: Made) -> list[tuple[float, float, str]]:
    return [(_ms(c.start), _ms(c.end), c.text) for c in webvtt.read(str(made.episode.files["vtt"]))]


def _ms(stamp: str) -> float:
    """A WebVTT timestamp as parsed by webvtt-py ("00:01:02.345") in milliseconds."""
    h, m, s = stamp.split(":")
    return (int(h) * 3600 + int(m) * 60 + float(s)) * 1000


def test_captions_cover_the_script_without_overlap_and_end_with_the_audio(made: Made) -> None:
    caps = _captions(made)
    script_text = "".join(c.text for c in made.episode.script.cues)
    assert "".join(t for _, _, t in caps) == script_text
    assert all(a[1] <= b[0] for a, b in pairwise(caps))
    assert all(s < e for s, e, _ in caps)
    assert abs(caps[-1][1] - decoded_seconds(made.episode.files["mp3"]) * 1000) <= 200
    srt = made.episode.files["srt"].read_text(encoding="utf-8")
    assert srt.count(" --> ") == len(caps)


def test_lrc_has_one_timed_line_per_caption(made: Made) -> None:
    lrc = made.episode.files["lrc"].read_text(encoding="utf-8")
    lines = re.findall(r"^\[(\d\d):(\d\d)\.(\d\d)\](.*)$", lrc, re.M)
    caps = _captions(made)
    assert [t for *_, t in lines] == [t for _, _, t in caps]
    assert _close([int(m) * 60000 + int(s) * 1000 + int(h) * 10 for m, s, h, _ in lines], [s for s, _, _ in caps], 5)
    assert "[ti:暖心！和平里社区“银发帮帮团”上线啦]" in lrc


def test_transcript_file_and_uslt_frame_hold_the_whole_article(made: Made) -> None:
    transcript = made.episode.files["transcript"].read_text(encoding="utf-8")
    for title in TITLES:
        assert title in transcript
    assert "退休电工阿依古丽·买买提，是帮帮团里的“技术担当”。" in transcript
    assert "一把钥匙\n一声问候\n一份牵挂\n我们都是一家人" in transcript
    (uslt,) = ID3(made.episode.files["mp3"]).getall("USLT")
    assert uslt.text == transcript


def test_split_tracks_add_up_to_the_episode_and_carry_track_tags(made: Made) -> None:
    ep = made.episode
    tracks = [ep.files[k] for k in sorted(k for k in ep.files if k.startswith("track"))]
    assert len(tracks) == len(TITLES)
    durations = [decoded_seconds(t) * 1000 for t in tracks]
    expected = [c.end_ms - c.start_ms for c in ep.timeline.chapters]
    assert all(abs(d - e) <= 50 for d, e in zip(durations, expected, strict=True))
    assert abs(sum(durations) - decoded_seconds(ep.files["mp3"]) * 1000) <= 50 * len(tracks)
    for i, (path, title) in enumerate(zip(tracks, TITLES, strict=True), 1):
        tags = ID3(path)
        assert tags["TIT2"].text[0] == title and tags["TRCK"].text[0] == f"{i}/{len(TITLES)}"
        assert tags["TALB"].text[0] == ep.script.title
    playlist = ep.files["playlist"].read_text(encoding="utf-8").splitlines()
    assert playlist[0] == "#EXTM3U"
    assert [line for line in playlist if not line.startswith("#")] == [
        t.relative_to(ep.folder).as_posix() for t in tracks
    ]


def test_headings_are_read_in_the_second_voice(made: Made) -> None:
    cues = made.episode.script.cues
    # Neighbours in one voice share a request: each cue's voice is that of its request.
    sent = {r.text: r.voice for r in made.server.requests}
    groups = plan_requests([c.speech for c in cues], MERGE_CHARS, [c.voice for c in cues])
    voice = {i: sent[request_text([cues[j].speech for j in g])] for g in groups for i in g}

    def voices(roles: tuple[str, ...]) -> set[str]:
        return {voice[c.index] for c in cues if c.role in roles}

    assert voices(("title", "toc", "heading", "outro")) == {"zh-CN-YunxiNeural"}
    assert voices(("body",)) == {"zh-CN-XiaoxiaoNeural"}


def test_navigation_can_be_switched_off(tmp_path: Path) -> None:
    with FakeEdgeServer() as server:
        settings = Settings(engine="edge", output_dir=tmp_path, cache_dir=tmp_path / "c", edge_url=server.url,
                            navigation=False, earcon=False)  # fmt: skip
        ep = make(STORY, settings=settings)
    roles = {c.role for c in ep.script.cues}
    assert "toc" not in roles
    assert [c.text for c in ep.script.cues if c.role == "heading"] == TITLES[1:3]
    assert not any(c.earcon for c in ep.script.cues)


def test_id3v24_on_request(tmp_path: Path) -> None:
    with FakeEdgeServer() as server:
        ep = make(STORY, settings=Settings(engine="edge", output_dir=tmp_path, cache_dir=tmp_path / "c", edge_url=server.url,
                                     id3_version=4))  # fmt: skip
    tags = ID3(ep.files["mp3"])
    assert tags.version[:2] == (2, 4) and len(tags.getall("CHAP")) == len(TITLES)


def test_presets_set_speed_and_pauses_and_options_still_win() -> None:
    acc = make_settings("accessibility")
    old = make_settings("elderly")
    mine = make_settings("elderly", rate="-5%")
    assert acc.rate == "+10%" and old.rate == "-15%" and mine.rate == "-5%"
    assert old.pauses.sentence > Settings().pauses.sentence and old.pauses.chapter > Settings().pauses.chapter
    assert mine.pauses == old.pauses


def test_preset_rate_reaches_the_service(tmp_path: Path) -> None:
    with FakeEdgeServer() as server:
        make(STORY, settings=make_settings("elderly", engine="edge", output_dir=tmp_path, cache_dir=tmp_path / "c",
                                     edge_url=server.url))  # fmt: skip
    assert all("rate='-15%'" in r.ssml for r in server.requests)


def test_announcement_wording_comes_from_a_config_file(tmp_path: Path) -> None:
    cfg = tmp_path / "tingjian.toml"
    cfg.write_text('[announcements]\nchapter = "下面请听第{n}段：{title}"\nclosing = "谢谢大家。"\n', encoding="utf-8")
    settings = make_settings(None, cfg, engine="kokoro")
    script = plan(STORY, settings=settings).script
    assert script.cues[-1].text == "谢谢大家。"
    assert "下面请听第二段：“张阿姨，今天的药吃了吗？”" in [c.text for c in script.cues]
