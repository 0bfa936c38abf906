"""What a cue should say against what the recogniser heard: both sides normalised the same
way, then aligned character by character so one transcript of several cues splits back
into each cue's part and its character error rate."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

#: Bumped whenever normalisation changes: transcripts cached under another version are heard again.
VERSION = 4
#: Anything that is not a letter or digit of some script (punctuation, spaces, symbols).
_NOT_WORD = re.compile(r"[\W_]+")
_DIGIT_RUN = re.compile("[零〇一二三四五六七八九]{2,}")
_DIGITS = str.maketrans("零〇一二三四五六七八九", "00123456789")


@lru_cache(maxsize=1)
def _simplifier() -> Any:
    from opencc import OpenCC

    return OpenCC("t2s")


def normalize(text: str) -> str:
    """The form both sides are compared in: traditional characters made simplified, numbers
    in Arabic digits (二零二四年 -> 2024年, 二十八日 -> 28日, 百分之三十 -> 30), Latin
    letters lower-cased, punctuation and spaces dropped. The same on both sides, so a word
    cn2an takes for a number (统一 -> 统1) still matches itself."""
    import cn2an

    text = _simplifier().convert(text).replace("幺", "一")  # 幺: how a phone number says 1
    # Digits read one by one (a phone number, a year) keep their leading zeros: 零一零 -> 010.
    text = _DIGIT_RUN.sub(lambda m: m.group().translate(_DIGITS), text)
    with contextlib.suppress(ValueError, KeyError, IndexError):  # cn2an gives up on odd numeral runs: kept as they are
        text = cn2an.transform(text, "cn2an")
    return _NOT_WORD.sub("", text).lower()


def split_heard(expected: Sequence[str], heard: str) -> list[tuple[str, int]]:
    """Align `heard` (one transcript of the cues in `expected`, in order; all normalised)
    against their concatenation; return, for each cue, the part of `heard` aligned with
    it and the edits (substitutions, deletions, insertions) charged to it. Characters
    inserted between two cues are charged to the cue before them."""
    ref = "".join(expected)
    owner = [i for i, part in enumerate(expected) for _ in part]
    n, m = len(ref), len(heard)
    # Levenshtein table, kept whole for the backtrace (cues are short: a window holds ~150 characters).
    cost = [list(range(m + 1))]
    for i in range(1, n + 1):
        row = [i] + [0] * m
        prev = cost[-1]
        r = ref[i - 1]
        for j in range(1, m + 1):
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (r != heard[j - 1]))
        cost.append(row)
    parts: list[list[str]] = [[] for _ in expected]
    edits = [0] * len(expected)
    i, j = n, m
    while i or j:
        here = cost[i][j]
        # On a tie a deletion goes first: a skipped cue then loses its own characters, not
        # a few of each neighbour's.
        if i and here == cost[i - 1][j] + 1:
            edits[owner[i - 1]] += 1
            i -= 1
        elif i and j and here == cost[i - 1][j - 1] + (ref[i - 1] != heard[j - 1]):
            parts[owner[i - 1]].append(heard[j - 1])
            edits[owner[i - 1]] += ref[i - 1] != heard[j - 1]
            i, j = i - 1, j - 1
        else:  # an inserted character: the cue it follows (the first cue when none precedes)
            k = owner[i - 1] if i else (owner[0] if owner else 0)
            if expected:
                parts[k].append(heard[j - 1])
                edits[k] += 1
            j -= 1
    return [("".join(reversed(p)), e) for p, e in zip(parts, edits, strict=True)]


def error_rate(edits: int, expected: str) -> float:
    """Character error rate; a cue with nothing to say is 0 when nothing was heard, else 1."""
    if not expected:
        return 0.0 if edits == 0 else 1.0
    return edits / len(expected)
