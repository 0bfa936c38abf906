"""The manifest has one schema: what is written reads back equal, and a damaged or
hand-edited manifest reads as "no manifest" (a rebuild), never as a crash."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tingjian.audio.loudness import Loudness
from tingjian.export.manifest import (
    ChapterInfo,
    CueInfo,
    EngineInfo,
    InputInfo,
    LoudnessInfo,
    Manifest,
    SettingsInfo,
    SynthesisInfo,
    read_manifest,
)

MANIFEST = Manifest(
    tingjian="0.0.0",
    build_key="k" * 64,
    created="2026-11-29T10:00:00+00:00",
    input=InputInfo("a.txt", "0" * 64, "utf-8"),
    title="通知",
    settings=SettingsInfo(
        "edge", None, "+0%", 44100, "128k", 8, 4, {"sentence": 350}, ("mp3",), True, None, 1, 0, None, None
    ),
    engine=EngineInfo("edge", "7.3.1", "zh-CN-XiaoxiaoNeural", "requested"),
    synthesis=SynthesisInfo(3, 0, 0, 8),
    fallback=None,
    duration_ms=5123.4,
    loudness=LoudnessInfo(
        -16.0, -1.0, 44100, (), Loudness(-20.1, 3.2, -8.0, "sample"), Loudness(-16.0, 2.9, float("-inf"))
    ),
    files={"mp3": "x.mp3", "manifest": "manifest.json"},
    file_sizes={"x.mp3": 1234},
    chapters=(ChapterInfo("导语", 0.0, 5123.4),),
    cues=(CueInfo(0, 0, "title", "edge", "通知", "通知", 0.0, 900.0),),
)


def test_a_written_manifest_reads_back_equal() -> None:
    assert Manifest.from_json(MANIFEST.to_json()) == MANIFEST


def test_the_manifest_json_keeps_its_documented_keys_in_order() -> None:
    doc = json.loads(MANIFEST.to_json())
    assert list(doc) == ["tingjian", "build_key", "created", "input", "title", "settings", "engine", "synthesis",
                         "fallback", "duration_ms", "loudness", "files", "file_sizes", "chapters", "cues",
                         "verify"]  # fmt: skip
    assert doc["loudness"]["final"] == {"integrated_lufs": -16.0, "range_lu": 2.9, "true_peak_dbtp": float("-inf"),
                                        "peak_kind": "true", "basis": "measured"}  # fmt: skip


@pytest.mark.parametrize(
    "edit",
    [
        lambda d: d["chapters"].append({"title": 3, "start_ms": 0, "end_ms": 1}),
        lambda d: d["loudness"].update(final="loud"),
        lambda d: d.pop("engine"),
        lambda d: d["file_sizes"].update({"x.mp3": "big"}),
        lambda d: d.update(cues={}),
    ],
)
def test_a_hand_edited_manifest_that_breaks_the_schema_reads_as_none(tmp_path: Path, edit: object) -> None:
    doc = json.loads(MANIFEST.to_json())
    edit(doc)  # type: ignore[operator]
    (tmp_path / "manifest.json").write_text(json.dumps(doc), encoding="utf-8")
    assert read_manifest(tmp_path) is None


def test_a_missing_or_unreadable_manifest_reads_as_none(tmp_path: Path) -> None:
    assert read_manifest(tmp_path) is None
    (tmp_path / "manifest.json").write_bytes(b"\xff{")
    assert read_manifest(tmp_path) is None
