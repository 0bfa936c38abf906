"""How well the offline voice reads characters with several readings (多音字), in context.

    python scripts/eval_polyphones.py        # accuracy: the offline voice, and pypinyin on whole sentences
    python scripts/eval_polyphones.py -v     # and every word the offline voice reads wrong

Cases: tests/fixtures/polyphones/cases.tsv (sentence, word, its reading). A word counts as
right when every syllable matches, with the leniency speech allows: 一 and 不 (their tone
follows the next syllable) are not scored, a neutral tone on either side matches any tone,
and a third tone spoken as a second before another third tone (3-3 sandhi) matches.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from pypinyin import Style, pinyin

from tingjian.speech.kokoro import hanzi_pinyin

CASES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "polyphones" / "cases.tsv"


def cases() -> list[tuple[str, str, list[str]]]:
    rows = []
    for line in CASES.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            sentence, word, reading = line.split("\t")
            rows.append((sentence, word, reading.split()))
    return rows


def matches(word: str, got: list[str], gold: list[str]) -> bool:
    """Whether the syllables read for `word` are right (see the module docstring)."""
    if len(got) != len(gold):
        return False
    for i, (char, g, want) in enumerate(zip(word, got, gold, strict=True)):
        if char in "一不":
            continue
        if g[:-1] != want[:-1]:
            return False
        tones = {g[-1], want[-1]}
        third_sandhi = tones == {"2", "3"} and i + 1 < len(gold) and gold[i + 1].endswith("3")
        if len(tones) > 1 and "5" not in tones and not third_sandhi:
            return False
    return True


def reference(sentence: str) -> list[str]:
    """pypinyin on the whole sentence (its own phrase segmentation), one reading per character."""
    return [p[0] for p in pinyin(sentence, style=Style.TONE3, neutral_tone_with_five=True)]


def accuracy(read: object, verbose: bool = False) -> float:
    right = 0
    rows = cases()
    for sentence, word, gold in rows:
        at = sentence.index(word)
        got = read(sentence)[at : at + len(word)]  # type: ignore[operator]
        ok = matches(word, got, gold)
        right += ok
        if verbose and not ok:
            print(f"  {word}: {' '.join(got)} (want {' '.join(gold)})  in {sentence}")
    return right / len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    print(f"{len(cases())} words in context")
    print(f"offline voice (jieba words, phrase tables, sandhi): {accuracy(hanzi_pinyin, args.verbose):.1%}")
    print(f"reference: pypinyin on whole sentences:            {accuracy(reference):.1%}")


if __name__ == "__main__":
    main()
