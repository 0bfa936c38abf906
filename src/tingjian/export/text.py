"""Text outputs from one timeline: chapters (JSON, WebVTT, ffmetadata, CUE, plain list),
captions (SRT, WebVTT, LRC) and the transcript. Pure renderers: data in, text out."""

from __future__ import annotations

import json

from ..audio.timeline import Caption, TimedChapter
from ..text.clean import one_line
from ..text.script import Script


def chapters_json(chapters: tuple[TimedChapter, ...]) -> str:
    """Podcasting 2.0 chapters file, version 1.2."""
    doc = {
        "version": "1.2",
        "chapters": [
            {"startTime": round(c.start_ms / 1000, 3), "endTime": round(c.end_ms / 1000, 3), "title": c.title}
            for c in chapters
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _hms(ms: float, sep: str) -> str:
    total = round(ms)
    h, rem = divmod(total, 3_600_000)
    m, rem = divmod(rem, 60_000)
    s, milli = divmod(rem, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{milli:03d}"


def srt_time(ms: float) -> str:
    """SRT timestamp HH:MM:SS,mmm."""
    return _hms(ms, ",")


def vtt_time(ms: float) -> str:
    """WebVTT timestamp HH:MM:SS.mmm."""
    return _hms(ms, ".")


def srt(captions: tuple[Caption, ...]) -> str:
    """SubRip captions, one per spoken sentence."""
    blocks = [f"{i}\n{srt_time(c.start_ms)} --> {srt_time(c.end_ms)}\n{c.text}\n" for i, c in enumerate(captions, 1)]
    return "\n".join(blocks)


def _vtt(cues: list[tuple[float, float, str]], ident: str) -> str:
    out = ["WEBVTT", ""]
    for i, (start, end, text) in enumerate(cues, 1):
        # A line that is only "-->" or a blank line would end the cue early: keep text on one line.
        body = " ".join(text.replace("-->", "→").split())
        out += [f"{ident}{i}", f"{vtt_time(start)} --> {vtt_time(end)}", body, ""]
    return "\n".join(out)


def vtt_captions(captions: tuple[Caption, ...]) -> str:
    """WebVTT captions, one per spoken sentence."""
    return _vtt([(c.start_ms, c.end_ms, c.text) for c in captions], "s")


def vtt_chapters(chapters: tuple[TimedChapter, ...]) -> str:
    """WebVTT chapters track (kind="chapters" in HTML5 players)."""
    return _vtt([(c.start_ms, c.end_ms, c.title) for c in chapters], "chapter-")


def _ff_escape(value: str) -> str:
    for ch in ("\\", "=", ";", "#", "\n"):
        value = value.replace(ch, "\\" + ch)
    return value


def ffmetadata(chapters: tuple[TimedChapter, ...], tags: dict[str, str]) -> str:
    """ffmpeg's FFMETADATA1 file: global tags and chapters in milliseconds."""
    lines = [";FFMETADATA1"]
    lines += [f"{k}={_ff_escape(v)}" for k, v in tags.items() if v]
    for c in chapters:
        lines += ["[CHAPTER]", "TIMEBASE=1/1000", f"START={round(c.start_ms)}", f"END={round(c.end_ms)}"]
        lines.append(f"title={_ff_escape(c.title)}")
    return "\n".join(lines) + "\n"


def _cue_quote(value: str) -> str:
    return '"' + one_line(value).replace('"', "'") + '"'


def cue_sheet(chapters: tuple[TimedChapter, ...], audio_file: str, title: str, performer: str) -> str:
    """A CUE sheet: one track per chapter, INDEX in minutes:seconds:frames (75 frames a second)."""
    lines = [f"PERFORMER {_cue_quote(performer)}", f"TITLE {_cue_quote(title)}", f'FILE "{audio_file}" MP3']
    for i, c in enumerate(chapters, 1):
        frames = round(c.start_ms * 75 / 1000)
        m, rem = divmod(frames, 75 * 60)
        s, f = divmod(rem, 75)
        lines += [f"  TRACK {i:02d} AUDIO", f"    TITLE {_cue_quote(c.title)}", f"    INDEX 01 {m:02d}:{s:02d}:{f:02d}"]
    return "\n".join(lines) + "\n"


def clock(ms: float, hours: bool = False) -> str:
    """mm:ss, or h:mm:ss from an hour on or when `hours` (how show notes write times)."""
    s = int(ms // 1000)
    return f"{s // 3600:d}:{s % 3600 // 60:02d}:{s % 60:02d}" if hours or s >= 3600 else f"{s // 60:02d}:{s % 60:02d}"


def chapter_list(chapters: tuple[TimedChapter, ...]) -> str:
    """Plain "00:00 标题" lines to paste into show notes (YouTube and many hosts link them)."""
    # One format for the whole list: h:mm:ss everywhere once any chapter starts after an hour.
    hours = bool(chapters) and chapters[-1].start_ms >= 3_600_000
    return "".join(f"{clock(c.start_ms, hours)} {c.title}\n" for c in chapters)


def lrc(captions: tuple[Caption, ...], title: str, artist: str, duration_ms: float) -> str:
    """LRC synced lyrics ([mm:ss.xx] per sentence), shown by many Chinese music players."""
    total = int(duration_ms // 1000)
    title, artist = one_line(title), one_line(artist)
    lines = [f"[ti:{title}]", f"[ar:{artist}]", f"[al:{title}]", f"[length:{total // 60:02d}:{total % 60:02d}]"]
    for c in captions:
        cs = round(c.start_ms / 10)
        m, rem = divmod(cs, 6000)
        s, hundredths = divmod(rem, 100)
        lines.append(f"[{m:02d}:{s:02d}.{hundredths:02d}]{one_line(c.text)}")
    return "\n".join(lines) + "\n"


def transcript(script: Script, chapters: tuple[TimedChapter, ...]) -> str:
    """The article as read, chapter by chapter with start times; paragraphs and verse lines kept."""
    out = [script.title, ""]
    for i, ch in enumerate(chapters):
        text = ""
        for c in script.cues:
            if c.chapter == i and c.role == "body":
                text += c.text + {"": "", "line": "\n", "paragraph": "\n\n"}[c.brk]
        out += [f"【{clock(ch.start_ms)}】{ch.title}", "", text.strip(), ""]
    return "\n".join(out).rstrip() + "\n"
