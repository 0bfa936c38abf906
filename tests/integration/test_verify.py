"""--verify and `tingjian check`: every sentence heard back by Whisper base, misheard ones made
again, what stays misheard named; with the real edge-tts client against a local Edge server
that speaks with the offline voice and garbles on request."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import tingjian
from tingjian.audio.ffmpeg import run_ffmpeg
from tingjian.devtools.fake_edge import FakeEdgeServer, FaultPlan, offline_voice_mp3
from tingjian.errors import EngineUnavailable
from tingjian.verify.model import available

from conftest import decoded_seconds, run_tingjian

MISSING = available()
needs_listener = pytest.mark.skipif(
    MISSING is not None, reason=f"--verify needs the listening extra: pip install 'tingjian[verify]' ({MISSING})"
)
NOTICE = "社区通知\n\n本周六上午九点，在社区活动室开会。\n\n请到一楼报名参加免费体检。\n\n请大家相互转告。\n"


@pytest.fixture()
def speaking_edge(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeEdgeServer]:
    # The notice's speech made beforehand: made on demand, eight at once on a busy machine, a
    # request can time out, and the retry would take the fault a test injected.
    for chapter in tingjian.plan(text=NOTICE, engine="edge").chapters:
        for cue in chapter.cues:
            offline_voice_mp3(cue.speech)
    with FakeEdgeServer(speak=offline_voice_mp3) as server:
        monkeypatch.setenv("TINGJIAN_EDGE_URL", server.url)
        yield server


def count_hearings(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """From now on, each time the recogniser hears a batch of cues, its size is appended."""
    from tingjian.verify import listen

    heard: list[int] = []
    original = listen.Listener._hear_packed
    monkeypatch.setattr(
        listen.Listener,
        "_hear_packed",
        lambda self, c, e, alone=False: heard.append(len(c)) or original(self, c, e, alone),
    )
    return heard


def _manifest(folder: Path) -> dict:  # type: ignore[type-arg]
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


@needs_listener
def test_a_sentence_of_the_offline_voice_is_understood_within_the_bound() -> None:
    from tingjian.settings import DEFAULT_KOKORO_VOICE
    from tingjian.speech.kokoro import KokoroEngine
    from tingjian.verify.listen import Listener

    text = "今天下午三点，在社区活动室召开居民大会。"
    (heard,) = Listener().hear([KokoroEngine(DEFAULT_KOKORO_VOICE).synthesize_sync(text)], [text])
    # The default offline voice's sentences sit at a CER of about 0.12 (README, "Hearing it back").
    assert heard.cer <= 0.2, heard
    assert "社区" in heard.text and "居民" in heard.text


@needs_listener
@pytest.mark.parametrize("fault", ["reversed", "silent", "cut_quiet"])
def test_a_garbled_edge_sentence_is_caught_and_made_again(
    fault: str, speaking_edge: FakeEdgeServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    speaking_edge.faults = FaultPlan(once={"报名": fault})  # type: ignore[dict-item]
    ep = tingjian.make(text=NOTICE, engine="edge", output_dir=tmp_path / "out", cache_dir=tmp_path / "c", verify=True)
    assert fault in speaking_edge.faults_injected
    asked = [t for t in speaking_edge.texts if "报名" in t]
    assert len(asked) == 2  # the garbled answer, then one fresh request
    doc = _manifest(ep.folder)
    cue = next(c for c in doc["cues"] if "报名" in c["text"])
    assert cue["verdict"] == "retaken" and cue["cer"] <= doc["verify"]["threshold"], [
        (c["verdict"], c["cer"], c["heard"]) for c in doc["cues"]
    ]
    assert cue["index"] in doc["verify"]["retaken"] and not doc["verify"]["flagged"]
    assert all(c["verdict"] in ("ok", "retaken") for c in doc["cues"])

    # The good take and every transcript are cached: a rebuild asks for nothing, hears nothing.
    heard = count_hearings(monkeypatch)
    before = len(speaking_edge.texts)
    again = tingjian.make(
        text=NOTICE, engine="edge", output_dir=tmp_path / "out", cache_dir=tmp_path / "c", verify=True, force=True
    )
    assert len(speaking_edge.texts) == before and heard == []
    rebuilt = _manifest(again.folder)["cues"]
    assert [(c["heard"], c["cer"]) for c in rebuilt] == [(c["heard"], c["cer"]) for c in doc["cues"]]
    assert all(c["verdict"] == "ok" for c in rebuilt)  # the cache holds the good take


@needs_listener
def test_check_passes_an_episode_and_flags_it_once_its_mp3_is_noise(tmp_path: Path) -> None:
    article = tmp_path / "notice.txt"
    # A title of a few characters is where the offline voice's accent is misheard most (社区通知
    # -> 社区统治): this episode is one the recogniser understands whole.
    article.write_text(NOTICE.replace("社区通知", "关于本周六社区开会的通知"), encoding="utf-8")
    made = run_tingjian(["make", str(article), "--engine", "kokoro", "-o", "out", "--cache-dir", "c"], tmp_path)
    assert made.code == 0, made.stderr
    folder = next((tmp_path / "out").iterdir())
    good = run_tingjian(["check", str(folder)], tmp_path)
    assert good.code == 0, good.stdout + good.stderr
    assert "flagged" not in good.stdout and "heard back: all" in good.stdout

    mp3 = next(folder.glob("*.mp3"))
    seconds = decoded_seconds(mp3)
    mp3.write_bytes(
        run_ffmpeg(["-f", "lavfi", "-i", f"anoisesrc=d={seconds:.2f}:c=white:a=0.2:r=44100", "-ac", "1",
                    "-b:a", "128k", "-f", "mp3", "pipe:1"])
    )  # fmt: skip
    bad = run_tingjian(["check", str(folder), "--json"], tmp_path)
    assert bad.code == 6, bad.stderr
    doc = json.loads(bad.stdout)
    assert doc["checks"] and all(c["verdict"] == "flagged" for c in doc["checks"])
    assert doc["checks"][1]["expected"].startswith("本周六")


def test_check_of_a_folder_without_an_episode_is_one_clear_line(tmp_path: Path) -> None:
    run = run_tingjian(["check", str(tmp_path)], tmp_path)
    assert run.code == 2
    assert "holds no tingjian episode" in run.stderr and "Traceback" not in run.stderr


def test_verify_without_the_listening_extra_stops_before_any_synthesis(
    edge_server: FakeEdgeServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tingjian.verify import model

    monkeypatch.setattr(model, "available", lambda: "the speech recogniser is not installed")
    with pytest.raises(EngineUnavailable, match="--verify cannot listen") as caught:
        tingjian.make(text=NOTICE, engine="edge", output_dir=tmp_path, cache_dir=tmp_path / "c", verify=True)
    assert "tingjian[verify]" in (caught.value.hint or "")
    assert edge_server.texts == []


def test_the_broadcast_preset_without_the_listening_extra_makes_the_episode_and_says_it_did_not_listen(
    edge_server: FakeEdgeServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tingjian.results import SilentReporter
    from tingjian.verify import model

    class Notes(SilentReporter):
        def __init__(self) -> None:
            self.said: list[str] = []

        def stage(self, name: str) -> None:
            self.said.append(name)

    monkeypatch.setattr(model, "available", lambda: "the speech recogniser is not installed")
    notes = Notes()
    ep = tingjian.make(
        text=NOTICE, preset="broadcast", engine="edge", output_dir=tmp_path, cache_dir=tmp_path / "c", reporter=notes
    )
    assert ep.run.checks == () and _manifest(ep.folder).get("verify") is None
    assert any("not hearing it back" in n and "tingjian[verify]" in n for n in notes.said)


@needs_listener
def test_the_broadcast_preset_hears_every_sentence_unless_told_not_to(
    speaking_edge: FakeEdgeServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    options = {"engine": "edge", "preset": "broadcast", "cache_dir": tmp_path / "c", "formats": "mp3"}
    ep = tingjian.make(text=NOTICE, output_dir=tmp_path / "a", **options)
    assert len(ep.run.checks) == len(_manifest(ep.folder)["cues"]) > 0
    assert _manifest(ep.folder)["verify"]["model"]
    heard = count_hearings(monkeypatch)
    off = tingjian.make(
        text=NOTICE, output_dir=tmp_path / "b", verify=False, **{**options, "cache_dir": tmp_path / "d"}
    )
    assert off.run.checks == () and heard == []  # a fresh cache: nothing heard, not merely nothing left to hear


@needs_listener
def test_the_studio_lists_each_still_misheard_sentence_with_a_play_button(
    speaking_edge: FakeEdgeServer, tmp_path: Path
) -> None:
    from fastapi.testclient import TestClient

    from tingjian.studio import Studio, create_app

    speaking_edge.faults = FaultPlan(always={"报名": "silent"})  # silent every time: stays misheard
    studio = Studio(tmp_path / "out", tmp_path / "cache", speaking_edge.url)
    with TestClient(create_app(studio), follow_redirects=False) as client:
        client.get("/")
        form = {"csrf": client.cookies.get("tj_csrf") or "", "text": NOTICE, "engine": "edge", "action": "plan"}
        plan = client.post("/plan", data=form).text
        assert 'name="verify"' in plan and "听写核对" in plan
        made = client.post("/plan", data={**form, "action": "make", "verify": "1"})
        job_id = made.headers["location"].rsplit("/", 1)[-1]
        for _ in range(600):
            job = client.get(f"/api/episodes/{job_id}").json()
            if job["status"] in ("done", "failed"):
                break
            time.sleep(0.1)
        assert job["status"] == "done", job
        page = client.get(f"/episodes/{job_id}").text
    assert "听写核对" in page and "1 句仍然听不清" in page
    flagged = page[page.index('class="flagged"') :]
    assert "请到一楼报名参加免费体检。" in flagged and "听成：" in flagged
    assert re.search(r'class="seek" data-start="[\d.]+" aria-label="试听第 3 句">试听', flagged)


@needs_listener
def test_a_sentence_still_misheard_after_its_second_take_is_not_asked_for_again(
    speaking_edge: FakeEdgeServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    speaking_edge.faults = FaultPlan(always={"报名": "silent"})  # type: ignore[dict-item]
    options = {"engine": "edge", "output_dir": tmp_path / "out", "cache_dir": tmp_path / "c", "verify": True}
    ep = tingjian.make(text=NOTICE, **options)
    assert [c.verdict for c in ep.run.checks].count("flagged") == 1
    assert len([t for t in speaking_edge.texts if "报名" in t]) == 2

    heard = count_hearings(monkeypatch)
    before = len(speaking_edge.texts)
    again = tingjian.make(text=NOTICE, force=True, **options)
    assert len(speaking_edge.texts) == before and heard == []  # no third take, nothing heard again
    assert [c.verdict for c in again.run.checks].count("flagged") == 1


@needs_listener
def test_cues_are_heard_while_the_others_are_still_being_synthesized_and_each_only_once(
    speaking_edge: FakeEdgeServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tingjian.devtools.fake_edge import LatencyModel
    from tingjian.verify import check, listen

    monkeypatch.setattr(check, "AHEAD_S", 4.0)  # two of the notice's sentences make a batch
    speaking_edge.latency = LatencyModel(ttfb_ms=300, stream_factor=1.0)
    log: list[str] = []
    hear = listen.Listener.hear
    monkeypatch.setattr(
        listen.Listener, "hear", lambda self, a, e, *at: log.append(f"hear {len(a)}") or hear(self, a, e, *at)
    )

    class Stages(tingjian.SilentReporter):
        def stage(self, name: str) -> None:
            log.append(name)

    ep = tingjian.make(
        text=NOTICE, engine="edge", output_dir=tmp_path / "out", cache_dir=tmp_path / "c", verify=True,
        concurrency=1, merge_chars=0, reporter=Stages(),  # one cue after another, slowly
    )  # fmt: skip
    cues = _manifest(ep.folder)["cues"]
    hearings = [int(x.split()[1]) for x in log if x.startswith("hear ")]
    assert log[0].startswith("hear "), log  # the first batch, before synthesis ended
    second_takes = sum(c["verdict"] != "ok" for c in cues)  # a misheard cue's second take is heard too
    assert sum(hearings) == len(cues) + second_takes and all(c["heard"] for c in cues), (log, cues)
