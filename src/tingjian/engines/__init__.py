"""Speech engines behind one small interface."""

from .base import Boundary, CueAudio, Engine, TransientEngineError

__all__ = ["Boundary", "CueAudio", "Engine", "TransientEngineError"]
