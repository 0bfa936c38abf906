"""Paragraphs -> speakable pieces: sentences, then clauses, then jieba word boundaries.

Joining the pieces of a paragraph gives back its text (without line breaks):
nothing is dropped, punctuation-only runs are attached to a neighbour.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..settings import MAX_CUE_CHARS
from .clean import CLOSERS, SENTENCE_END

_CLAUSE_PUNCT = "，、：:,—"
_SENTENCE = re.compile(f"[^{re.escape(SENTENCE_END)}]*(?:[{re.escape(SENTENCE_END)}]+[{re.escape(CLOSERS)}]*|$)")


def is_speakable(text: str) -> bool:
    """True when the text has something to pronounce (not only punctuation/symbols)."""
    return any(c.isalnum() for c in text)


def split_paragraph(text: str, max_chars: int = MAX_CUE_CHARS) -> tuple[str, ...]:
    """Split a paragraph into sentence-sized pieces no longer than `max_chars` where possible."""
    pieces: list[str] = []
    for line in text.split("\n"):
        for sentence in split_sentences(line):
            pieces.extend(_limit(sentence, max_chars))
    return _attach_unspeakable(pieces)


def split_sentences(line: str) -> list[str]:
    """Split one line at sentence-final punctuation, keeping closing quotes attached."""
    return [m.group(0) for m in _SENTENCE.finditer(line) if m.group(0)]


def _limit(sentence: str, max_chars: int) -> list[str]:
    if len(sentence) <= max_chars:
        return [sentence]
    # (a comma or a colon between digits is a number's: 78，843，977元, 22：00; the colon of a web
    # address is the address's: https://…)
    clauses = [
        c for c in re.split(f"(?<=[{re.escape(_CLAUSE_PUNCT)}])(?!(?<=\\d[，,：:])\\d)(?!(?<=:)//)", sentence) if c
    ]
    # (a clause that only says when goes with what happened then: "…人才，" / "10月30日，我院…")
    for i in range(len(clauses) - 2, -1, -1):
        if _WHEN.fullmatch(clauses[i]):
            clauses[i : i + 2] = [clauses[i] + clauses[i + 1]]
    out: list[str] = []
    for clause in clauses:
        parts = [clause] if len(clause) <= max_chars else _split_words(clause, max_chars)
        for part in parts:
            if out and len(out[-1]) + len(part) <= max_chars:
                out[-1] += part
            else:
                out.append(part)
    return out


# A clause that is a day and perhaps its time, and nothing else: "10月30日，", "9月20日上午，".
_WHEN = re.compile(r"(?:\d{4}年)?\d{1,2}月\d{1,2}[日号](?:[上下]午|晚上?|早上|中午|凌晨)?\s*[，,]")


def _split_words(clause: str, max_chars: int) -> list[str]:
    """Cut an over-long clause at jieba word boundaries (never inside a word or number)."""
    out: list[str] = [""]
    for word in words(clause):
        if out[-1] and len(out[-1]) + len(word) > max_chars:
            out.append(word)
        else:
            out[-1] += word
    return out


# Words that end a transliterated name rather than belong to it.
_NAME_STOP = set("和与及跟同的是在了用为把被对向从给让说等、，")
_NAME_SIDE_MAX = 6


# A web address, one word however long: a cue cut inside it could not say its host.
_WEB_ADDRESS = re.compile(r"https?://[^\s\u4e00-\u9fff，。；！？、）)」”]+")


def words(text: str) -> tuple[str, ...]:
    """jieba words, glued back where a cut would split a number, a Latin word, a ·-name or a
    web address."""
    out: list[str] = []
    at = 0
    for m in _WEB_ADDRESS.finditer(text):
        out += _words(text[at : m.start()])
        out.append(m.group(0))
        at = m.end()
    return (*out, *_words(text[at:]))


def _words(text: str) -> list[str]:
    out: list[str] = []
    for w in _glue_names(list(_cut(text))):
        if out and _glued(out[-1], w):
            out[-1] += w
        else:
            out.append(w)
    return out


def _glue_names(tokens: list[str]) -> list[str]:
    """Join the short tokens on both sides of "·" (美亚色尔·木塔力甫), which jieba cuts apart."""
    i = 0
    while i < len(tokens):
        if tokens[i] not in ("·", "•"):
            i += 1
            continue
        lo = i
        while lo > 0 and _name_part(tokens[lo - 1]) and len("".join(tokens[lo - 1 : i])) <= _NAME_SIDE_MAX:
            lo -= 1
        hi = i + 1
        while hi < len(tokens) and _name_part(tokens[hi]) and len("".join(tokens[i + 1 : hi + 1])) <= _NAME_SIDE_MAX:
            hi += 1
        tokens[lo:hi] = ["".join(tokens[lo:hi])]
        i = lo + 1
    return tokens


def _name_part(token: str) -> bool:
    return token not in _NAME_STOP and all("\u4e00" <= c <= "\u9fff" or c in "·•" for c in token)


def _glued(prev: str, nxt: str) -> bool:
    a, b = prev[-1], nxt[0]
    if a in "·•" or b in "·•":
        return True
    if (a.isdigit() or a in ".,:%") and (b.isdigit() or b in ".%") and any(c.isdigit() for c in prev):
        return True
    return a.isascii() and a.isalnum() and b.isascii() and b.isalnum()


@lru_cache(maxsize=4096)
def _cut(text: str) -> tuple[str, ...]:
    import jieba

    jieba.setLogLevel(60)
    return tuple(jieba.lcut(text, HMM=True))


def _attach_unspeakable(pieces: list[str]) -> tuple[str, ...]:
    out: list[str] = []
    pending = ""
    for piece in pieces:
        if not is_speakable(piece):
            if out:
                out[-1] += piece
            else:
                pending += piece
            continue
        out.append(pending + piece)
        pending = ""
    if pending:
        # A paragraph of punctuation only: nothing to say.
        return ()
    return tuple(out)
