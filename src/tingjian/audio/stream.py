"""The episode as a stream: cues decoded in order (all in one ffmpeg), laid end to end with
their pauses and chimes, and handed on in pieces, never held whole, so post-synthesis
memory stays flat in the episode's length. The timeline and, from the cues' stored
levels, the loudness are known before any audio is decoded."""

from __future__ import annotations

import bisect
import subprocess
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from ..errors import AudioError
from ..settings import Settings
from ..speech.engine import SAMPLE_WIDTH, CueAudio
from ..text.script import Script
from . import pcm as pcm_ops
from .ffmpeg import checkpoint, feed, pcm_out, spawn
from .frames import mp3_frames, wav_frames
from .levels import episode_loudness
from .loudness import Loudness
from .timeline import Timeline, build_timeline, place

#: How far (in samples) the decoder may disagree with the frame count at the very end.
END_TOLERANCE = 2


class StreamMismatch(AudioError):
    """The decoder gave a cue more or fewer samples than its frames hold: the stream's
    timeline would be wrong, so the episode is made the other way (decoded whole)."""


@dataclass(frozen=True)
class EpisodeStream:
    """An episode's audio, playable from its cues any number of times: `chunks()` yields the
    lead-in, then each cue's PCM followed by its gap (mono 16-bit at `rate`)."""

    cues: Sequence[CueAudio] = field(repr=False)
    container: str
    rate: int
    #: Samples of each cue at `rate`.
    lengths: tuple[int, ...]
    gaps: tuple[bytes, ...] = field(repr=False)
    lead_in: int
    timeline: Timeline
    #: The cues' loudness, from their levels (the chimes are quieter than the voice and left out).
    loudness: Loudness

    @property
    def samples(self) -> int:
        """The episode's length in samples at `rate`."""
        return self.lead_in + sum(self.lengths) + sum(len(g) for g in self.gaps) // SAMPLE_WIDTH

    def silences(self) -> Iterator[tuple[int, int]]:
        """Where the pauses without a chime lie: (first sample, end) of each, in order."""
        at = self.lead_in
        for n, gap in zip(self.lengths, self.gaps, strict=True):
            at += n
            size = len(gap) // SAMPLE_WIDTH
            if gap.count(0) == len(gap):
                yield at, at + size
            at += size

    def chunks(self, start: int = 0, stop: int | None = None) -> Iterator[bytes | memoryview]:
        """The episode's PCM from sample `start` up to `stop` (the end), in pieces, in order;
        only the cues reaching into that span are decoded."""
        stop = self.samples if stop is None else stop
        checkpoint()
        if start < self.lead_in:
            yield bytes((min(self.lead_in, stop) - start) * SAMPLE_WIDTH)
        # Where each cue starts, and the cues reaching into [start, stop).
        starts, at = [], self.lead_in
        for n, gap in zip(self.lengths, self.gaps, strict=True):
            starts.append(at)
            at += n + len(gap) // SAMPLE_WIDTH
        first = bisect.bisect_right(starts, start) - 1 if start >= self.lead_in else 0
        last = bisect.bisect_left(starts, stop)
        pos = starts[first] if starts else 0
        for piece in self._pieces(first, last):
            n = len(piece) // SAMPLE_WIDTH
            a, b = max(start - pos, 0), min(stop - pos, n)
            if a < b:
                yield piece if (a, b) == (0, n) else memoryview(piece)[a * SAMPLE_WIDTH : b * SAMPLE_WIDTH]
            pos += n

    def _pieces(self, first: int, last: int) -> Iterator[bytes | memoryview]:
        """Cues `first` up to `last`, each followed by its gap."""
        gaps = self.gaps[first:last]
        if self.container == "wav":
            for cue, gap in zip(self.cues[first:last], gaps, strict=True):
                frames = wav_frames(cue.data)
                assert frames is not None  # plan_stream checked every cue
                yield frames[0]
                yield gap
            return
        yield from self._decoded(self.cues[first:last], self.lengths[first:last], gaps)

    def _decoded(
        self, cues: Sequence[CueAudio], lengths: Sequence[int], gaps: Sequence[bytes]
    ) -> Iterator[bytes | memoryview]:
        """MP3 cues through one decoder, cut back into cues by their frame counts."""
        args = ["-hide_banner", "-nostdin", "-loglevel", "error", "-f", "mp3", "-i", "pipe:0", *pcm_out(self.rate)]
        pipes = {"stdin": subprocess.PIPE, "stdout": subprocess.PIPE, "stderr": subprocess.PIPE}
        with spawn(args, **pipes) as dec:
            assert dec.stdin is not None and dec.stdout is not None and dec.stderr is not None
            errors: list[bytes] = []
            # One cue read at a time (from the cue cache when kept there): never all in memory.
            feeder = threading.Thread(target=feed, args=(dec.stdin, (c.data for c in cues)), daemon=True)
            reader = threading.Thread(target=lambda: errors.append(dec.stderr.read()), daemon=True)  # type: ignore[union-attr]
            feeder.start()
            reader.start()
            try:
                for n, gap in zip(lengths, gaps, strict=True):
                    piece = dec.stdout.read(n * SAMPLE_WIDTH)
                    if len(piece) != n * SAMPLE_WIDTH:
                        raise StreamMismatch("a cue decoded shorter than its frames")
                    yield piece
                    yield gap
                if len(dec.stdout.read()) > END_TOLERANCE * SAMPLE_WIDTH:
                    raise StreamMismatch("the cues decoded longer than their frames")
            finally:
                dec.stdout.close()
                feeder.join()
                reader.join()
        checkpoint()
        if dec.returncode != 0:
            message = b"".join(errors).decode("utf-8", "replace").strip().splitlines()[-3:]
            raise AudioError(f"decoding the cues failed: {' / '.join(message) or dec.returncode}")


def plan_stream(script: Script, cues: Sequence[CueAudio], settings: Settings) -> EpisodeStream | None:
    """The episode as a stream, or None when it must be made whole in memory: music to mix
    in, cues of different kinds or rates, frames that cannot be counted, or cues whose
    levels are unknown."""
    if settings.intro_music or settings.outro_music or not cues:
        return None
    levels = [c.levels for c in cues]
    container = cues[0].container
    if any(lv is None for lv in levels) or any(c.container != container for c in cues):
        return None
    # (samples, rate) of every cue, read from its frame headers or WAV header, once.
    if container == "mp3":
        sizes = [(x[0] * x[1], x[2]) if (x := mp3_frames(c.data)) else None for c in cues]
    elif container == "wav":
        sizes = [(len(f[0]) // SAMPLE_WIDTH, f[1]) if (f := wav_frames(c.data)) else None for c in cues]
    else:
        return None
    rates = {s[1] for s in sizes if s}
    if any(s is None for s in sizes) or len(rates) != 1:
        return None
    rate = rates.pop()
    lengths = tuple(s[0] for s in sizes if s)
    loudness = episode_loudness([lv for lv in levels if lv is not None])
    chime_db = pcm_ops.EARCON_PEAK_DB
    if any(c.earcon for c in script.cues):
        # The chime follows the voice's level, so it never sets the episode's peak.
        chime_db = pcm_ops.earcon_peak_db(loudness.true_peak_dbtp)
    # Gaps of the same length are one object: an hour has hundreds, of a few kinds.
    kinds = {(c.pause_ms, c.earcon) for c in script.cues}
    gap = {(ms, chime): pcm_ops.gap(ms, rate, chime, chime_db) for ms, chime in kinds}
    gaps = tuple(gap[(c.pause_ms, c.earcon)] for c in script.cues)
    timeline = build_timeline(
        script, lengths, [len(g) // SAMPLE_WIDTH for g in gaps], rate, [c.boundaries for c in cues]
    )
    lead_in = pcm_ops.samples_for_ms(settings.lead_in_ms, rate)
    total_ms = (lead_in + sum(lengths) + sum(len(g) for g in gaps) // SAMPLE_WIDTH) * 1000 / rate
    timeline = place(timeline, lead_in * 1000 / rate, total_ms)
    return EpisodeStream(cues, container, rate, lengths, gaps, lead_in, timeline, loudness)
