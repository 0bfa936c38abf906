"""Write the traditional forms of the characters chrome.toml's words are made of, so that a
page in traditional characters (Taiwan, Hong Kong) is judged by the same words:
`traditional = "萬万與与…"` (pairs: traditional, then simplified) at the end of chrome.toml.

    python scripts/make_chrome_t2s.py    # needs OpenCC's tables: pip install -e '.[verify]'
"""

from __future__ import annotations

import re
from pathlib import Path

import opencc

TOML = Path(__file__).resolve().parent.parent / "src" / "tingjian" / "text" / "chrome.toml"
KEY = "traditional"


def pairs(text: str) -> dict[str, str]:
    """Traditional character -> simplified, for every simplified character of `text`."""
    simplified = opencc.OpenCC("t2s").convert
    chars = sorted(c for c in set(re.findall(r"[\u4e00-\u9fff]", text)) if simplified(c) == c)
    out: dict[str, str] = {}
    for config in ("s2t", "s2tw", "s2hk"):
        convert = opencc.OpenCC(config).convert
        for c in chars:
            t = convert(c)
            if len(t) == 1 and t != c and simplified(t) == c:
                out[t] = c
    # Variants pages print that OpenCC does not write back: 發佈 (发布), 綫 (线), 衆 (众).
    for t in VARIANTS:
        if simplified(t) in chars and simplified(t) != t:
            out[t] = simplified(t)
    return out


VARIANTS = "佈綫衆裏啓峯羣麪牀纔彙鈎臺"


def main() -> None:
    text = TOML.read_text(encoding="utf-8")
    body = re.sub(rf"\n# Traditional forms[^\n]*\n{KEY} = \"[^\"]*\"\n", "\n", text)
    table = pairs(body)
    line = "".join(t + s for t, s in sorted(table.items(), key=lambda kv: kv[1]))
    note = "# Traditional forms of the characters above, each before its simplified form (make_chrome_t2s.py)."
    TOML.write_text(body.rstrip("\n") + f'\n\n{note}\n{KEY} = "{line}"\n', encoding="utf-8")
    print(f"{len(table)} characters")


if __name__ == "__main__":
    main()
