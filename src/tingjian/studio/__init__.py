"""tingjian studio: a local web app where a community worker pastes a notice, checks how it
will be read, and makes the episode (`tingjian studio`). See `create_app`."""

from __future__ import annotations

from .jobs import Studio
from .web import create_app

__all__ = ["Studio", "create_app"]
