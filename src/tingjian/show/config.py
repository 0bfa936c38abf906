"""A show: a folder holding `show.toml` and its episodes (one folder each, as `tingjian
make` writes them). This module reads and writes show.toml, checked."""

from __future__ import annotations

import json
import os
import re
import uuid
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..errors import ConfigError, InputError
from ..settings import tomllib

SHOW_FILE = "show.toml"
#: Podcasting 2.0's namespace for podcast:guid (UUIDv5 of the feed URL without its scheme).
PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class ShowConfig:
    """What show.toml says about a show."""

    title: str
    base_url: str
    author: str = "tingjian 听见"
    description: str = ""
    language: str = "zh-cn"
    category: str = "News"
    #: The cover image, relative to the show folder.
    artwork: str = "cover.png"
    explicit: bool = False
    owner_email: str = ""
    copyright: str = ""
    #: podcast:locked: other platforms may not import the feed without the owner's consent.
    locked: bool = True

    @property
    def feed_url(self) -> str:
        return self.url("feed.xml")

    @property
    def page_url(self) -> str:
        return self.url("index.html")

    @property
    def podcast_guid(self) -> str:
        """Podcasting 2.0's podcast:guid: UUIDv5 of the feed URL without scheme or trailing slash."""
        bare = re.sub(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", "", self.feed_url).rstrip("/")
        return str(uuid.uuid5(PODCAST_GUID_NAMESPACE, bare))

    def url(self, *parts: str) -> str:
        """The public URL of a file in the show (each part percent-encoded)."""
        from urllib.parse import quote

        return "/".join([self.base_url.rstrip("/"), *(quote(p) for p in parts)])


def check_base_url(url: str) -> str:
    """A base URL as http(s)://host/..., else a ConfigError in one line."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in url.strip()):
        raise ConfigError(
            f"base URL {url!r} is not an http(s) address",
            "give where the show will be published, e.g. --base-url https://example.org/podcast",
        )
    return url.strip().rstrip("/")


def read_show(folder: Path) -> ShowConfig:
    """The show in `folder`; a missing or malformed show.toml is one clear error."""
    path = folder / SHOW_FILE
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(
            f"{folder} is not a show: it has no {SHOW_FILE}", f"create one with: tingjian show init {folder} --title …"
        ) from None
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"cannot read {path}: {e}") from None
    except tomllib.TOMLDecodeError as e:
        raise InputError(f"{path} is not valid TOML: {e}", "fix the line it names, or run show init again") from None
    known = {f.name for f in fields(ShowConfig)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConfigError(f"{path}: unknown field {unknown[0]!r}", f"fields are: {', '.join(sorted(known))}")
    for name in ("title", "base_url"):
        if not isinstance(data.get(name), str) or not data[name].strip():
            raise ConfigError(f"{path}: {name} is missing", f'add a line like {name} = "…"')
    for f in fields(ShowConfig):
        if f.name in data and not isinstance(data[f.name], bool if f.type in ("bool", bool) else str):
            raise ConfigError(f"{path}: {f.name} has the wrong type ({type(data[f.name]).__name__})")
    data["base_url"] = check_base_url(data["base_url"])
    return ShowConfig(**data)


def show_toml(show: ShowConfig) -> str:
    """show.toml for `show` (TOML basic strings are JSON strings)."""
    lines = ["# A tingjian show: edit freely, then run: tingjian show build ."]
    for key, value in asdict(show).items():
        text = ("true" if value else "false") if isinstance(value, bool) else json.dumps(value, ensure_ascii=False)
        lines.append(f"{key} = {text}")
    return "\n".join(lines) + "\n"


def init_show(folder: Path, show: ShowConfig) -> Path:
    """Create `folder` with show.toml (refusing to overwrite one)."""
    check_base_url(show.base_url)
    if show.owner_email and not _EMAIL.match(show.owner_email):
        raise ConfigError(f"owner email {show.owner_email!r} is not an e-mail address")
    path = folder / SHOW_FILE
    if path.exists():
        raise ConfigError(f"{folder} already has a {SHOW_FILE}", "edit it, or choose another folder")
    folder.mkdir(parents=True, exist_ok=True)
    write_atomic(path, show_toml(show).encode("utf-8"))
    return path


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file whole or not at all (a reader never sees half a feed)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def with_values(show: ShowConfig, **values: Any) -> ShowConfig:
    """A copy with some fields changed (empty values ignored)."""
    from dataclasses import replace

    return replace(show, **{k: v for k, v in values.items() if v not in (None, "")})
