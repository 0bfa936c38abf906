"""Build a show (its cover if missing, feed.xml, index.html, the episode registry) and check
it against what Apple Podcasts and Podcast Index ask of a feed."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import unquote
from xml.etree import ElementTree as ET

from jinja2 import Environment, PackageLoader, select_autoescape

from ..errors import InputError
from ..export.text import clock
from .artwork import check_artwork, make_cover, qr_svg
from .config import ShowConfig, read_show, write_atomic
from .feed import ITUNES, PODCAST, ShowEpisode, build_feed, scan_episodes, write_registry

FEED, PAGE = "feed.xml", "index.html"


@dataclass(frozen=True)
class Built:
    """A built show: what is in it, and what could not be done (a cover without a font)."""

    show: ShowConfig
    folder: Path
    episodes: tuple[ShowEpisode, ...]
    notes: tuple[str, ...] = ()

    @property
    def feed(self) -> Path:
        return self.folder / FEED

    @property
    def page(self) -> Path:
        return self.folder / PAGE


@dataclass(frozen=True)
class Problem:
    level: Literal["error", "warning"]
    message: str


def build_show(folder: Path, now: float | None = None) -> Built:
    """(Re)build feed.xml and index.html from the episode folders that are there."""
    show = read_show(folder)
    notes = []
    artwork: str | None = show.artwork
    cover = folder / show.artwork
    if not cover.exists():
        try:
            write_atomic(cover, make_cover(show.title))
            notes.append(f"made a plain cover: {show.artwork}")
        except InputError as e:
            notes.append(f"warning: no cover ({e.message}; {e.hint})")
            artwork = None
    episodes, registry = scan_episodes(folder, now)
    write_registry(folder, registry)
    write_atomic(folder / FEED, build_feed(show, episodes, artwork))
    write_atomic(folder / PAGE, listening_page(show, episodes).encode("utf-8"))
    return Built(show, folder, tuple(episodes), tuple(notes))


def listening_page(show: ShowConfig, episodes: list[ShowEpisode]) -> str:
    """index.html: one big play button per episode, chapters that seek, QR codes."""
    env = Environment(loader=PackageLoader("tingjian.show", "templates"), autoescape=select_autoescape(["html"]))
    dates = {e.slug: time.strftime("%Y年%m月%d日", time.localtime(e.published)) for e in episodes}
    return env.get_template(PAGE).render(
        show=show,
        episodes=sorted(episodes, key=lambda e: -e.number),
        dates=dates,
        clock=clock,
        page_qr=qr_svg(show.page_url),
        feed_qr=qr_svg(show.feed_url),
    )


def check_show(folder: Path) -> list[Problem]:
    """Everything that would keep the show out of a directory or break a listener's app."""
    show = read_show(folder)
    problems: list[Problem] = []

    def error(message: str) -> None:
        problems.append(Problem("error", message))

    def warning(message: str) -> None:
        problems.append(Problem("warning", message))

    if not show.base_url.startswith("https://"):
        warning(f"base URL {show.base_url} is not HTTPS: Apple Podcasts requires HTTPS")
    if not show.description:
        warning("show.toml has no description: directories show it under the title")
    if not show.owner_email:
        warning("show.toml has no owner_email: Apple and Podcast Index verify ownership by it")
    for message in check_artwork(folder / show.artwork).problems:
        error(message)
    try:
        feed = ET.parse(folder / FEED)
    except OSError:
        error(f"there is no {FEED}: run tingjian show build {folder}")
        return problems
    except ET.ParseError as e:
        error(f"{FEED} is not valid XML ({e}): run tingjian show build {folder}")
        return problems
    channel = feed.find("channel")
    if channel is None:
        error(f"{FEED} has no channel")
        return problems
    for tag, name in ((f"{{{ITUNES}}}image", "itunes:image"), (f"{{{ITUNES}}}category", "itunes:category"),
                      (f"{{{PODCAST}}}guid", "podcast:guid"), ("language", "language")):  # fmt: skip
        if channel.find(tag) is None:
            error(f"the feed has no {name}")
    items = channel.findall("item")
    guids = Counter(i.findtext("guid") for i in items)
    for guid, n in guids.items():
        if n > 1:
            error(f"guid {guid} is used by {n} episodes: apps would show only one")
    for item in items:
        title = item.findtext("title") or "?"
        enclosure = item.find("enclosure")
        if enclosure is None:
            error(f"episode {title!r} has no enclosure")
            continue
        path = _local(show, folder, enclosure.get("url", ""))
        if path is None or not path.is_file():
            error(f"episode {title!r}: its audio {enclosure.get('url')} is not in the show")
        elif str(path.stat().st_size) != enclosure.get("length"):
            size = path.stat().st_size
            error(f"episode {title!r}: enclosure length {enclosure.get('length')} but the file has {size} bytes")
        for linked in (*item.findall(f"{{{PODCAST}}}chapters"), *item.findall(f"{{{PODCAST}}}transcript")):
            target = _local(show, folder, linked.get("url", ""))
            if target is None or not target.is_file():
                error(f"episode {title!r}: {linked.get('url')} is not in the show")
    listed = {_local(show, folder, e.get("url", "")) for e in channel.iter("enclosure")}
    episodes, _ = scan_episodes(folder)  # as the next build would see them (nothing is written)
    for ep in episodes:
        if (ep.folder / ep.audio) not in listed:
            warning(f"episode folder {ep.slug} is not in the feed yet: run tingjian show build {folder}")
    return problems


def _local(show: ShowConfig, folder: Path, url: str) -> Path | None:
    """The show's file a public URL points at, if it is one of the show's URLs."""
    base = show.base_url.rstrip("/") + "/"
    if not url.startswith(base):
        return None
    rel = Path(unquote(url[len(base) :]))
    if rel.is_absolute() or ".." in rel.parts:
        return None
    return folder / rel
