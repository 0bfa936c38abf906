"""Shared fixtures: the seed article, the local Edge-protocol server, file readers."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tingjian.audio.ffmpeg import ffmpeg_exe
from tingjian.devtools.fake_edge import FakeEdgeServer

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED = ROOT.parent / "shared" / "seed" / "xiachen-ganbu.txt"
EXAMPLE = ROOT / "examples" / "xingfuli-story.txt"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    if not SEED.exists():
        pytest.skip(f"seed article not found at {SEED} (CI has ../shared beside the checkout; a user's clone may not)")
    return SEED


@pytest.fixture()
def edge_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeEdgeServer]:
    """A local Edge-protocol server; TINGJIAN_EDGE_URL points at it for the test."""
    with FakeEdgeServer() as server:
        monkeypatch.setenv("TINGJIAN_EDGE_URL", server.url)
        yield server


@pytest.fixture()
def cache_dir(tmp_path: Path) -> Path:
    return tmp_path / "cache"


@dataclass(frozen=True)
class FfChapter:
    start_ms: float
    end_ms: float
    title: str


def ffmpeg_chapters(path: Path) -> list[FfChapter]:
    """Chapters as ffmpeg's own reader sees them (`ffmpeg -i FILE -f ffmetadata -`)."""
    proc = subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-i", str(path), "-f", "ffmetadata", "-"],
        capture_output=True,
        check=True,
    )
    text = proc.stdout.decode("utf-8")
    chapters = []
    for block in text.split("[CHAPTER]")[1:]:
        fields = dict(re.findall(r"^(\w+)=(.*)$", block, re.MULTILINE))
        num, den = (int(x) for x in fields["TIMEBASE"].split("/"))
        scale = 1000 * num / den
        chapters.append(FfChapter(int(fields["START"]) * scale, int(fields["END"]) * scale, fields["title"]))
    return chapters


def ffmpeg_start_ms(path: Path) -> float:
    """The start time ffmpeg reports for a file (an MP3's encoder delay, which it subtracts from chapters)."""
    proc = subprocess.run([ffmpeg_exe(), "-hide_banner", "-i", str(path)], capture_output=True, check=False)
    m = re.search(r"start: ([\d.]+)", proc.stderr.decode("utf-8", "replace"))
    return float(m.group(1)) * 1000 if m else 0.0


@dataclass(frozen=True)
class Measured:
    integrated_lufs: float
    true_peak_dbtp: float
    range_lu: float


def ebur128(path: Path) -> Measured:
    """Loudness measured here, independently of tingjian's own code, by ffmpeg's ebur128 filter."""
    proc = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-nostats", "-i", str(path), "-af", "ebur128=peak=true", "-f", "null", "-"],
        capture_output=True,
        check=True,
    )
    log = proc.stderr.decode("utf-8", "replace")
    summary = log[log.rindex("Summary:") :]
    i = float(re.search(r"I:\s+(-?[\d.]+) LUFS", summary).group(1))  # type: ignore[union-attr]
    tp = float(re.search(r"Peak:\s+(-?[\d.]+) dBFS", summary).group(1))  # type: ignore[union-attr]
    lra = float(re.search(r"LRA:\s+([\d.]+) LU", summary).group(1))  # type: ignore[union-attr]
    return Measured(i, tp, lra)


def decoded_seconds(path: Path, rate: int = 44100) -> float:
    """Duration of a file measured by decoding all of it."""
    proc = subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-i", str(path), "-f", "s16le", "-ac", "1", "-ar", str(rate), "-"],
        capture_output=True,
        check=True,
    )
    return len(proc.stdout) / 2 / rate


#: Runs tingjian as a grandchild and reports the peak RSS of it and its children (ffmpeg) in
#: KiB. Not the child's own ru_maxrss: Linux carries a forked parent's high-water mark
#: across exec, so a child of a big pytest process would report pytest's memory as its own.
MEASURE = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run([sys.executable, '-m', 'tingjian', *sys.argv[1:]]).returncode\n"
    "print('peak-rss-kib', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n"
    "sys.exit(code)\n"
)


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str
    peak_mib: float

    @property
    def errors(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.startswith("error:")]


def run_tingjian(args: list[str], tmp: Path, env: dict[str, str] | None = None, stdin: bytes = b"") -> Run:
    proc = subprocess.run(
        [sys.executable, "-c", MEASURE, *args],
        input=stdin,
        capture_output=True,
        timeout=300,
        check=False,
        cwd=tmp,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "200", **(env or {})},
    )
    stderr = proc.stderr.decode("utf-8", "replace")
    stderr, _, peak = stderr.rpartition("peak-rss-kib ")
    return Run(proc.returncode, proc.stdout.decode("utf-8", "replace"), stderr, int(peak) / 1024)


def edge_like_cue(seconds: float, freq: int, amplitude: float, rate: int = 24000) -> bytes:
    """A raw MP3 cue as Edge sends them (24 kHz mono 48 kbit/s, no Xing or ID3 header): a tone
    whose level moves like speech."""
    from tingjian.audio.ffmpeg import run_ffmpeg

    return run_ffmpeg(
        ["-f", "lavfi", "-i", f"sine=frequency={freq}:sample_rate={rate}:duration={seconds}",
         "-af", f"volume='{amplitude}*(0.6+0.4*sin(2*PI*4*t))':eval=frame",
         "-ac", "1", "-ar", str(rate), "-b:a", "48k", "-write_xing", "0", "-id3v2_version", "0", "-f", "mp3", "pipe:1"]
    )  # fmt: skip
