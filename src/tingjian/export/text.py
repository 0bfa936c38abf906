"""Text outputs: Podcasting 2.0 chapters JSON and SRT captions (pure renderers)."""

from __future__ import annotations

import json

from ..timeline import Caption, TimedChapter


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


def srt_time(ms: float) -> str:
    """SRT timestamp HH:MM:SS,mmm."""
    total = round(ms)
    h, rem = divmod(total, 3_600_000)
    m, rem = divmod(rem, 60_000)
    s, milli = divmod(rem, 1000)
    return f"{h:02d}:{m:02d}:{s:02d},{milli:03d}"


def srt(captions: tuple[Caption, ...]) -> str:
    """SubRip captions, one per spoken sentence."""
    blocks = [f"{i}\n{srt_time(c.start_ms)} --> {srt_time(c.end_ms)}\n{c.text}\n" for i, c in enumerate(captions, 1)]
    return "\n".join(blocks)
