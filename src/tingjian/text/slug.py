"""Safe output names from any title."""

from __future__ import annotations

import re
import unicodedata

MAX_SLUG = 60


def slugify(title: str, fallback: str = "episode") -> str:
    """A file-system safe name: keeps Chinese and letters, no `/`, `..` or control characters."""
    text = unicodedata.normalize("NFKC", title)
    text = "".join(c if (c.isalnum() or c in "-_") else "-" for c in text)
    text = re.sub(r"-{2,}", "-", text).strip("-_.")
    text = text[:MAX_SLUG].strip("-_.")
    return text or fallback
