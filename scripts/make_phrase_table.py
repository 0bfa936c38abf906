"""Make the offline voice's phrase table (src/tingjian/speech/phrases.tsv.gz) from
pypinyin-dict's large phrase table (MIT, from mozillazg/phrase-pinyin-data).

Only the words whose reading there differs from what pypinyin reads by itself are kept:
for every other word the offline voice's lookup falls back to pypinyin and reads the
same. That keeps its readings as they were with the whole 100 MB table, in about 1 MB.

    pip install pypinyin-dict && python scripts/make_phrase_table.py
"""

from __future__ import annotations

import gzip
from pathlib import Path

from pypinyin import Style, lazy_pinyin
from pypinyin.style import convert
from pypinyin_dict.phrase_pinyin_data import large_pinyin

from tingjian.speech.kokoro import SYLLABLE

OUT = Path(__file__).resolve().parent.parent / "src" / "tingjian" / "speech" / "phrases.tsv.gz"


def main() -> None:
    kept = []
    total = 0
    for word, readings in sorted(large_pinyin.phrases_dict.items()):
        syllables = [convert(r[0], Style.TONE3, strict=False, neutral_tone_with_five=True) for r in readings]
        if not all(SYLLABLE.fullmatch(x) for x in syllables):
            continue
        total += 1
        if syllables != lazy_pinyin(word, style=Style.TONE3, neutral_tone_with_five=True):
            kept.append(f"{word}\t{' '.join(syllables)}\n")
    header = "# word<TAB>pinyin (TONE3): pypinyin-dict's large_pinyin where pypinyin reads otherwise (MIT)\n"
    OUT.write_bytes(gzip.compress((header + "".join(kept)).encode("utf-8"), mtime=0))
    print(f"{len(kept)} of {total} words kept: {OUT} ({OUT.stat().st_size / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()
