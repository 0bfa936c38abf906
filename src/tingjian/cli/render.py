"""What the command line shows: progress, the summary of a finished episode, plans and
inspections (rich; every user string escaped, so text is never read as markup)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from .. import Episode, Plan
from ..audio.inspect import Inspection
from ..errors import TingjianError
from ..export.check import EpisodeCheck
from ..export.text import clock
from ..verify.check import CueCheck

console = Console(stderr=True)
out = Console()


class RichReporter:
    """Progress bar over cues plus one-line stage notes."""

    def __init__(self) -> None:
        self.progress = Progress(
            TextColumn("[bold]synthesizing"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[cached]} cached"),
            TimeRemainingColumn(),
            console=console,
            transient=False,
        )
        self.task: TaskID | None = None
        self.cached = 0

    def engine_chosen(self, engine: str, voice: str, reason: str) -> None:
        console.print(f"[bold cyan]voice:[/] {escape(voice)} ({engine}) — {escape(reason)}", highlight=False)

    def synthesis_started(self, total: int) -> None:
        self.progress.start()
        self.task = self.progress.add_task("synth", total=total, cached=0)

    def cue_done(self, index: int, cached: bool) -> None:
        self.cached += cached
        if self.task is not None:
            self.progress.update(self.task, advance=1, cached=self.cached)

    def stage(self, name: str) -> None:
        self.stop()
        console.print(f"[dim]{escape(name)}…[/]", highlight=False)

    def stop(self) -> None:
        if self.task is not None:
            self.progress.stop()
            self.task = None


def error(e: TingjianError) -> None:
    """One clear line (and a hint) for an error."""
    console.print(f"[bold red]error:[/] {escape(e.message)}", highlight=False)
    if e.hint:
        console.print(f"[yellow]hint:[/] {escape(e.hint)}", highlight=False)


#: What each file is, as the summary names it (Episode.files keys are for programs).
FILE_LABELS = {
    "mp3": "episode (MP3)",
    "m4b": "audiobook (M4B)",
    "wav": "playout (WAV)",
    "chapters": "chapters (JSON)",
    "chapters_vtt": "chapters (WebVTT)",
    "chapters_txt": "chapter list",
    "ffmetadata": "chapters (ffmpeg)",
    "cue": "CUE sheet",
    "srt": "captions (SRT)",
    "vtt": "captions (WebVTT)",
    "lrc": "lyrics (LRC)",
    "transcript": "transcript",
    "playlist": "playlist (M3U)",
    "manifest": "manifest",
}


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def summary(ep: Episode) -> None:
    """What a finished run made: duration, chapters, loudness, files."""
    t = ep.timeline
    if ep.run.reused:
        console.print("[bold green]up to date:[/] this exact episode is already in the folder (--force rebuilds it)")
    console.print(
        f"[bold green]done:[/] {clock(t.duration_ms)} · {_count(len(t.chapters), 'chapter')} · "
        f"{_count(len(t.cues), 'cue')} ({ep.cached_cues} from cache, {_count(ep.requests, 'request')}) · "
        f"{ep.engine} {ep.voice}"
    )
    if ep.run.fallback_cues:
        console.print(
            f"[yellow]fallback:[/] {len(ep.run.fallback_cues)} cue(s) read by the offline voice "
            f"{ep.run.fallback_voice} (Edge failed them): #{', #'.join(map(str, ep.run.fallback_cues))}"
        )
    if ep.run.checks:
        heard(ep.run.checks)
    if ep.loudness:
        loud = ep.loudness
        if loud.basis == "levels":
            peak, basis = "dBFS sample peak", "from the sentences' measured levels and the gain"
        else:
            peak, basis = "dBTP true peak", "measured on the encoded audio"
        console.print(
            f"[bold]loudness:[/] {loud.integrated_lufs:.1f} LUFS integrated, {loud.true_peak_dbtp:.1f} {peak}, "
            f"LRA {loud.range_lu:.1f} LU ({basis})"
        )
    if ep.run.throttled:
        console.print(
            f"[yellow]throttled:[/] the service throttled {ep.run.throttled} request(s); "
            f"concurrency went down to {ep.run.min_concurrency}"
        )
    table = Table(show_header=True, header_style="bold", box=None)
    table.add_column("start", justify="right")
    table.add_column("chapter")
    for c in t.chapters:
        table.add_row(clock(c.start_ms), escape(c.title))
    console.print(table)
    out.print(f"{'folder':18} {escape(str(ep.folder))}", soft_wrap=True, highlight=False)
    for kind, path in ep.files.items():
        label = FILE_LABELS.get(kind) or (f"chapter track {kind[5:]}" if kind.startswith("track") else kind)
        out.print(f"{label:18} {escape(str(path.relative_to(ep.folder)))}", soft_wrap=True, highlight=False)


def heard(checks: Sequence[CueCheck], to: Console = console) -> None:
    """How the sentences sounded to the recogniser; every one still misheard, by name."""
    retaken = sum(c.verdict == "retaken" for c in checks)
    flagged = [c for c in checks if c.verdict == "flagged"]
    again = f", {retaken} made again" if retaken else ""
    if not flagged:
        to.print(f"[bold]heard back:[/] all {len(checks)} sentences understood{again}")
        return
    to.print(
        f"[yellow]heard back:[/] {len(checks) - len(flagged)} of {len(checks)} sentences understood{again}; "
        f"{_count(len(flagged), 'sentence')} still misheard:"
    )
    for c in flagged:
        to.print(
            f"  #{c.index} CER {c.cer:.2f}  {escape(c.expected)}\n        heard: {escape(c.heard) or '(nothing)'}",
            soft_wrap=True,
            highlight=False,
        )


def episode_check(result: EpisodeCheck) -> None:
    """`tingjian check`: each misheard sentence, then one line for the whole episode."""
    heard(result.checks, out)
    out.print(
        f"{len(result.checks)} sentences of {escape(result.audio)} heard by {result.heard_by}, "
        f"misheard at CER {result.threshold:.2f} or more",
        highlight=False,
    )


def plan(doc: Plan, show_dropped: bool = False) -> None:
    """Every chapter and cue of a plan: the text as shown and, where it differs, the speech sent;
    with `show_dropped`, the lines left out as page chrome and why."""
    eng = doc.engine
    out.print(
        f"[bold]{escape(doc.title)}[/]  ({escape(doc.input.name)}, {doc.input.format}, "
        f"{doc.input.encoding}; {_count(len(doc.chapters), 'chapter')}, {_count(doc.cue_count, 'cue')})",
        highlight=False,
    )
    out.print(f"[dim]voice: {escape(eng.voice)} ({eng.name}) — {escape(eng.reason)}[/]", highlight=False)
    for i, ch in enumerate(doc.chapters, 1):
        out.print(f"\n[bold cyan]{i}. {escape(ch.title)}[/]", highlight=False)
        for cue in ch.cues:
            line = f"  [dim]{cue.role:7} {cue.pause_ms:5}ms[/] {escape(cue.text)}"
            if cue.speech != cue.text:
                line += f"\n  [dim]{'':13} speech:[/] {escape(cue.speech)}"
            out.print(line, highlight=False, soft_wrap=True)
    if show_dropped:
        dropped([(d.text, d.reason) for d in doc.dropped])
    elif doc.dropped:
        out.print(f"\n[dim]{len(doc.dropped)} lines left out as page chrome (--show-dropped lists them)[/]")


def dropped(lines: Sequence[tuple[str, str]]) -> None:
    """The lines left out as page chrome, each with its reason."""
    out.print(f"\n[bold]dropped[/] ({len(lines)} lines, not read; --keep TEXT reads one):", highlight=False)
    for text, reason in lines:
        out.print(f"  [dim]{reason:18}[/] {escape(text)}", highlight=False, soft_wrap=True)


def inspection(info: Inspection) -> None:
    """Format, duration, loudness, tags and chapters of an audio file."""
    loud = info.loudness
    rate = f", {info.bitrate_kbps} kbit/s" if info.bitrate_kbps else ""
    out.print(f"[bold]{escape(str(info.path))}[/]", highlight=False, soft_wrap=True)
    out.print(f"format    {info.container} / {info.codec}, {info.sample_rate} Hz, {info.channels}{rate}")
    out.print(f"duration  {clock(info.duration_ms)} ({info.duration_ms / 1000:.2f} s)")
    out.print(
        f"loudness  {loud.integrated_lufs:.1f} LUFS integrated, true peak {loud.true_peak_dbtp:.1f} dBTP, "
        f"LRA {loud.range_lu:.1f} LU",
        highlight=False,
    )
    for key, value in info.tags.items():
        out.print(f"tag       {key}: {escape(value)}", highlight=False, soft_wrap=True)
    out.print(f"chapters  {len(info.chapters)}")
    for c in info.chapters:
        out.print(f"  {clock(c.start_ms)}  {escape(c.title)}", highlight=False)


def show_built(built: Any) -> None:
    """A built show: its feed, page and episodes."""
    for note in built.notes:
        out.print(escape(note), highlight=False)
    out.print(f"[bold]{escape(built.show.title)}[/] — {len(built.episodes)} episode(s)", highlight=False)
    for ep in built.episodes:
        out.print(f"  #{ep.number:<3} {escape(ep.manifest.title)}  ({escape(ep.slug)})", highlight=False)
    out.print(f"feed   {escape(str(built.feed))}  → {escape(built.show.feed_url)}", highlight=False, soft_wrap=True)
    out.print(f"page   {escape(str(built.page))}  → {escape(built.show.page_url)}", highlight=False, soft_wrap=True)


def show_problems(problems: Sequence[Any]) -> None:
    """What `show check` found, errors first."""
    if not problems:
        out.print("the show passes every check", highlight=False)
        return
    for p in sorted(problems, key=lambda p: p.level != "error"):
        style = "red" if p.level == "error" else "yellow"
        out.print(f"[{style}]{p.level}[/]: {escape(p.message)}", highlight=False, soft_wrap=True)


def batch(results: Sequence[tuple[str, Any]]) -> None:
    """The end of a run over several articles: one line each, done or why not."""
    table = Table(title="articles", title_justify="left")
    table.add_column("article")
    table.add_column("result")
    table.add_column("length", justify="right")
    table.add_column("episode")
    for name, result in results:
        article = escape(Path(name).name or name)  # the folder is the same for all: the file says which
        if isinstance(result, TingjianError):
            table.add_row(article, "[red]failed[/]", "", escape(result.message.splitlines()[0]))
        else:
            table.add_row(article, "[green]done[/]", clock(result.duration_ms), escape(result.folder.name))
    out.print(table)
    failed = sum(isinstance(r, TingjianError) for _, r in results)
    out.print(f"{len(results) - failed} of {len(results)} made" + (f", {failed} failed" if failed else ""))


def follow_queue(wait: Any, items: Sequence[Any]) -> list[Any]:
    """One progress bar per queued article until each is made or failed; then a table."""
    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                        TextColumn("{task.fields[stage]}"), console=console)  # fmt: skip
    tasks = {id(item): progress.add_task(escape(item.name), total=None, stage="queued") for item in items}

    def report(item: Any, state: dict[str, str]) -> None:
        if state:
            total = int(state.get("total", 0)) or None
            progress.update(tasks[id(item)], total=total, completed=int(state.get("done", 0)),
                            stage=escape(state.get("stage", "")))  # fmt: skip

    with progress:
        outcomes = wait(report)
    table = Table(title="queued articles", title_justify="left")
    for column in ("article", "result", "episode"):
        table.add_column(column)
    for o in outcomes:
        if o.error:
            table.add_row(escape(o.name), "[red]failed[/]", escape(o.error.splitlines()[0]))
        else:
            table.add_row(escape(o.name), "[green]done[/]", escape(Path(o.result["folder"]).name))
    out.print(table)
    return list(outcomes)
