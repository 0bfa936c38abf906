"""The version of tingjian (part of every build key: a new version rebuilds finished episodes)."""

__version__ = "0.2.0"
