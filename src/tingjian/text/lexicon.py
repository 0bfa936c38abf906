"""A user-supplied pronunciation lexicon: written form -> spoken form, applied before synthesis."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import ConfigError
from ..settings import read_toml


@dataclass(frozen=True)
class Lexicon:
    """Replacements applied longest-first, so "重庆市" wins over "重庆"."""

    entries: tuple[tuple[str, str], ...] = ()

    def apply(self, text: str) -> str:
        """Text with every written form replaced by its spoken form."""
        if not self.entries:
            return text
        pattern, spoken = _compiled(self.entries)
        return pattern.sub(lambda m: spoken[m.group(0)], text)


@lru_cache(maxsize=8)
def _compiled(entries: tuple[tuple[str, str], ...]) -> tuple[re.Pattern[str], dict[str, str]]:
    """The alternation of every written form (longest first) and the spoken form of each,
    built once per lexicon: a 5,000-entry lexicon rebuilt per match took seconds a page."""
    return re.compile("|".join(re.escape(w) for w, _ in entries)), dict(entries)


def load_lexicon(path: Path) -> Lexicon:
    """Read a TOML lexicon: `"written" = "spoken"` pairs, at top level or under [lexicon]."""
    data = read_toml(path, "lexicon", 'write one pair per line: "重庆" = "崇庆"')
    table = data.get("lexicon", data)
    if not isinstance(table, dict):
        raise ConfigError(f"lexicon {path}: [lexicon] must be a table of written = spoken pairs")
    pairs: list[tuple[str, str]] = []
    for written, spoken in table.items():
        if not isinstance(spoken, str) or not written.strip():
            raise ConfigError(
                f"lexicon {path}: entry {written!r} must map to a string",
                'write one pair per line: "重庆" = "崇庆"',
            )
        pairs.append((written, spoken))
    pairs.sort(key=lambda p: -len(p[0]))
    return Lexicon(tuple(pairs))
