"""Spoken-form normalization for engines that cannot read digits and symbols."""

from __future__ import annotations

import re
from functools import lru_cache

_HAS_DIGIT = re.compile(r"\d")
# 2个 -> 两个: Mandarin says 两 before measure words.
_LIANG = re.compile(r"(?<![\d.])2(?=(个|位|名|人|次|天|年|岁|本|件|条|只|张|台|辆|场|项|种|户|家|点|小时|分钟|周|月))")


def spoken_form(text: str) -> str:
    """Spell numbers out in Chinese so a phoneme-based voice can read them."""
    if not _HAS_DIGIT.search(text):
        return text
    text = _LIANG.sub("两", text)
    return _an2cn(text)


@lru_cache(maxsize=4096)
def _an2cn(text: str) -> str:
    import cn2an

    try:
        return str(cn2an.transform(text, "an2cn"))
    except (ValueError, KeyError, IndexError):
        # cn2an gives up on a few odd shapes; reading digits one by one is
        # still better than the voice skipping them.
        return re.sub(r"\d", lambda m: "零一二三四五六七八九"[int(m.group(0))], text)
