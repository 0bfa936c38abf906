"""The plan: what will be spoken, chapter by chapter, as a JSON-ready document (pure)."""

from __future__ import annotations

from typing import Any

from ..engines.select import EngineChoice
from ..script import Script
from ..textio import SourceText


def plan_document(source: SourceText, script: Script, choice: EngineChoice) -> dict[str, Any]:
    """Title, engine, and every chapter with its cues' display text and spoken text."""
    return {
        "title": script.title,
        "input": {"name": source.name, "format": source.format, "encoding": source.encoding},
        "engine": {"name": choice.name, "voice": choice.voice, "reason": choice.reason},
        "chapters": [
            {
                "title": ch.title,
                "cues": [
                    {"role": c.role, "text": c.text, "speech": c.speech, "pause_ms": c.pause_ms}
                    for c in script.cues[ch.first_cue : ch.last_cue + 1]
                ],
            }
            for ch in script.chapters
        ],
    }
