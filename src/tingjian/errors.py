"""One exception tree for everything tingjian can refuse or fail at.

Every error carries a short message for the user and an optional hint saying
what to do next; the command line turns them into exit codes.
"""

from __future__ import annotations

from dataclasses import dataclass


class TingjianError(Exception):
    """Base of every error tingjian raises on purpose."""

    exit_code = 1

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class InputError(TingjianError):
    """The article cannot be read: missing, empty, binary or undecodable."""

    exit_code = 2


class NoArticleText(InputError):
    """Every line of the input looks like page chrome (or nothing readable is left);
    `dropped` holds each (line, reason) so a user can see what to keep."""

    def __init__(self, message: str, hint: str | None = None, dropped: tuple[tuple[str, str], ...] = ()) -> None:
        super().__init__(message, hint)
        self.dropped = dropped


class ConfigError(TingjianError):
    """An option or setting has a value tingjian cannot use."""

    exit_code = 2


class EngineUnavailable(TingjianError):
    """A speech engine cannot be used on this machine right now."""

    exit_code = 3


class AudioError(TingjianError):
    """Decoding, joining or encoding audio failed."""

    exit_code = 4


class OutputError(AudioError):
    """The finished episode could not be written (a full disk, a folder gone read-only)."""


class Cancelled(TingjianError):
    """The run was cancelled (Ctrl-C, a cancelled task); nothing was published."""

    exit_code = 130


@dataclass(frozen=True)
class FailedCue:
    """A cue that could not be synthesized, with the last reason."""

    index: int
    chapter: str
    text: str
    reason: str


class SynthesisError(TingjianError):
    """Some cues could not be synthesized even after retries."""

    exit_code = 5

    def __init__(self, failed: tuple[FailedCue, ...], hint: str | None = None) -> None:
        lines = [f"{len(failed)} cue(s) could not be synthesized:"]
        for f in failed:
            lines.append(f"  #{f.index} [{f.chapter}] {f.text[:40]} — {f.reason}")
        super().__init__("\n".join(lines), hint)
        self.failed = failed
