"""Shows: a folder of episodes with a podcast feed (feed.xml), a listening page
(index.html) with QR codes, cover art and a printable poster. `tingjian show ...`."""

from __future__ import annotations

from .build import Built, Problem, build_show, check_show
from .config import ShowConfig, init_show, read_show

__all__ = ["Built", "Problem", "ShowConfig", "build_show", "check_show", "init_show", "read_show"]
