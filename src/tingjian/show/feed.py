"""The show's episodes (each folder with a finished manifest) and its podcast feed: RSS 2.0
with the itunes, podcast (Podcasting 2.0) and atom namespaces, written by the standard
library's ElementTree."""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass
from email.utils import formatdate
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from ..errors import InputError
from ..export.manifest import Manifest
from ..export.text import clock
from ..version import __version__
from .config import ShowConfig, write_atomic

REGISTRY = "episodes.json"
ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST = "https://podcastindex.org/namespace/1.0"
ATOM = "http://www.w3.org/2005/Atom"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
NSMAP = {"itunes": ITUNES, "podcast": PODCAST, "atom": ATOM, "content": CONTENT}
for _prefix, _uri in NSMAP.items():  # the prefixes every podcast app expects
    ET.register_namespace(_prefix, _uri)
AUDIO_TYPES = {"mp3": "audio/mpeg", "m4b": "audio/x-m4b"}


@dataclass(frozen=True)
class ShowEpisode:
    """A finished episode folder of a show, with what the feed needs about it."""

    slug: str
    folder: Path
    manifest: Manifest
    #: Stable across rebuilds and re-renders: given once, kept in episodes.json.
    guid: str
    number: int
    published: float
    audio: str
    audio_type: str
    audio_size: int

    def file(self, kind: str) -> str | None:
        return self.manifest.files.get(kind)

    @property
    def description(self) -> str:
        """The lead (the first sentences) and the chapter list."""
        lead = ""
        for cue in self.manifest.cues:
            if cue.role == "body":
                lead += cue.text
                if len(lead) >= 120:
                    break
        chapters = "\n".join(f"{clock(c.start_ms)} {c.title}" for c in self.manifest.chapters)
        return f"{lead}\n\n章节：\n{chapters}" if chapters else lead


def read_registry(folder: Path) -> dict[str, dict[str, Any]]:
    path = folder / REGISTRY
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        episodes = data["episodes"]
        if not isinstance(episodes, dict):
            raise TypeError
        return {str(k): dict(v) for k, v in episodes.items()}
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise InputError(
            f"{path} is damaged ({e.__class__.__name__})", "restore it from a backup: it holds the guids"
        ) from None


def scan_episodes(folder: Path, now: float | None = None) -> tuple[list[ShowEpisode], dict[str, dict[str, Any]]]:
    """The show's finished episodes, oldest first, and the registry updated with new ones
    (a guid, the next episode number and the time it was first seen)."""
    registry = read_registry(folder)
    found: list[tuple[str, Path, Manifest]] = []
    for sub in sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")):
        try:
            manifest = Manifest.from_json((sub / "manifest.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # not an episode (or not a finished one)
        if not any(k in manifest.files for k in AUDIO_TYPES):
            continue
        found.append((sub.name, sub, manifest))
    next_number = max((int(e.get("number", 0)) for e in registry.values()), default=0) + 1
    for slug, _, _manifest in sorted(found, key=lambda f: f[2].created):
        if slug not in registry:
            registry[slug] = {
                "guid": f"urn:uuid:{uuid.uuid4()}",
                "number": next_number,
                "published": now or time.time(),
            }
            next_number += 1
    episodes = []
    for slug, sub, manifest in found:
        kind = next(k for k in AUDIO_TYPES if k in manifest.files)
        audio = manifest.files[kind]
        entry = registry[slug]
        size = (sub / audio).stat().st_size if (sub / audio).is_file() else 0
        number, published = int(entry["number"]), float(entry["published"])
        kind_type = AUDIO_TYPES[kind]
        episodes.append(ShowEpisode(slug, sub, manifest, entry["guid"], number, published, audio, kind_type, size))
    return sorted(episodes, key=lambda e: e.number), registry


def write_registry(folder: Path, registry: dict[str, dict[str, Any]]) -> None:
    doc = {"note": "tingjian keeps each episode's guid and number here: do not edit", "episodes": registry}
    write_atomic(folder / REGISTRY, (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))


def _sub(parent: Any, tag: str, text: str | None = None, **attrs: str) -> Any:
    el = ET.SubElement(parent, tag, {k.replace("__", ":"): v for k, v in attrs.items()})
    if text is not None:
        el.text = text
    return el


def build_feed(show: ShowConfig, episodes: list[ShowEpisode], artwork: str | None) -> bytes:
    """feed.xml for the show (newest episode first)."""
    rss = ET.Element("rss", version="2.0")
    ch = _sub(rss, "channel")
    _sub(ch, "title", show.title)
    _sub(ch, "link", show.page_url)
    _sub(ch, "description", show.description or show.title)
    _sub(ch, "language", show.language)
    _sub(ch, "generator", f"tingjian {__version__}")
    if show.copyright:
        _sub(ch, "copyright", show.copyright)
    _sub(ch, f"{{{ATOM}}}link", href=show.feed_url, rel="self", type="application/rss+xml")
    _sub(ch, f"{{{PODCAST}}}guid", show.podcast_guid)
    locked = _sub(ch, f"{{{PODCAST}}}locked", "yes" if show.locked else "no")
    if show.owner_email:
        locked.set("owner", show.owner_email)
    _sub(ch, f"{{{ITUNES}}}author", show.author)
    _sub(ch, f"{{{ITUNES}}}summary", show.description or show.title)
    _sub(ch, f"{{{ITUNES}}}explicit", "true" if show.explicit else "false")
    _sub(ch, f"{{{ITUNES}}}type", "episodic")
    category = ET.SubElement(ch, f"{{{ITUNES}}}category")
    category.set("text", show.category)
    owner = _sub(ch, f"{{{ITUNES}}}owner")
    _sub(owner, f"{{{ITUNES}}}name", show.author)
    if show.owner_email:
        _sub(owner, f"{{{ITUNES}}}email", show.owner_email)
    if artwork:
        image = _sub(ch, f"{{{ITUNES}}}image")
        image.set("href", show.url(artwork))
        img = _sub(ch, "image")
        _sub(img, "url", show.url(artwork))
        _sub(img, "title", show.title)
        _sub(img, "link", show.page_url)
    if episodes:
        _sub(ch, "lastBuildDate", formatdate(max(e.published for e in episodes), usegmt=True))
    for ep in sorted(episodes, key=lambda e: -e.number):
        item = _sub(ch, "item")
        _sub(item, "title", ep.manifest.title)
        _sub(item, "description", ep.description)
        _sub(item, f"{{{ITUNES}}}summary", ep.description)
        guid = _sub(item, "guid", ep.guid)
        guid.set("isPermaLink", "false")
        _sub(item, "pubDate", formatdate(ep.published, usegmt=True))
        _sub(item, "link", show.page_url + f"#ep{ep.number}")
        enclosure = _sub(item, "enclosure")
        enclosure.set("url", show.url(ep.slug, ep.audio))
        enclosure.set("length", str(ep.audio_size))
        enclosure.set("type", ep.audio_type)
        _sub(item, f"{{{ITUNES}}}duration", str(round(ep.manifest.duration_ms / 1000)))
        _sub(item, f"{{{ITUNES}}}episode", str(ep.number))
        _sub(item, f"{{{ITUNES}}}episodeType", "full")
        _sub(item, f"{{{ITUNES}}}explicit", "true" if show.explicit else "false")
        if chapters := ep.file("chapters"):
            el = _sub(item, f"{{{PODCAST}}}chapters")
            el.set("url", show.url(ep.slug, chapters))
            el.set("type", "application/json+chapters")
        for kind, mime in (("vtt", "text/vtt"), ("srt", "application/x-subrip")):
            if name := ep.file(kind):
                el = _sub(item, f"{{{PODCAST}}}transcript")
                el.set("url", show.url(ep.slug, name))
                el.set("type", mime)
                el.set("language", show.language)
                if kind == "vtt":
                    el.set("rel", "captions")
    ET.indent(rss)
    return ET.tostring(rss, encoding="UTF-8", xml_declaration=True) + b"\n"
