"""Read an article file as text whatever its encoding, or refuse it clearly."""

from __future__ import annotations

import hashlib
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from . import formats

# Bigger inputs are almost certainly not an article (a book, a dump); refusing
# early beats spending an hour of synthesis on it by accident.
MAX_INPUT_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class SourceText:
    """Article text (HTML/Word/Markdown already reduced to plain text) plus where it came from."""

    name: str
    text: str
    encoding: str
    sha256: str
    format: str = "text"


def read_source(path: str | Path) -> SourceText:
    """Read a file (or `-` for stdin) and decode it to text."""
    if str(path) == "-":
        data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)  # an endless stream is cut, not swallowed
        name = "stdin"
        if len(data) > MAX_INPUT_BYTES:
            raise _too_large("stdin: more than", MAX_INPUT_BYTES)
    else:
        p = Path(path)
        if not p.exists():
            raise InputError(f"{p}: no such file", "check the path, or use - to read stdin")
        if p.is_dir():
            raise InputError(f"{p}: is a folder, not an article file")
        if p.stat().st_size > MAX_INPUT_BYTES:
            raise _too_large(f"{p}:", p.stat().st_size)
        data = p.read_bytes()
        name = p.name
    return source_from_bytes(data, name)


def source_from_text(text: str, name: str = "text") -> SourceText:
    """An article given as a string (an HTML page is recognized and reduced to its text)."""
    return source_from_bytes(text.encode("utf-8"), name)


def source_from_bytes(data: bytes, name: str) -> SourceText:
    """Article bytes -> text; the format follows `name`'s suffix, or is sniffed without one."""
    digest = hashlib.sha256(data).hexdigest()
    suffix = Path(name).suffix.lower()
    if suffix == ".docx" or (not suffix and data[:2] == b"PK"):
        if not data:
            raise InputError(f"{name}: the file is empty", "paste the article text into the file first")
        return SourceText(name, formats.docx_to_text(data), "docx", digest, "docx")
    if suffix in (".doc", ".pdf", ".rtf", ".pages", ".odt"):
        raise InputError(f"{name}: {suffix} files are not supported", "save it as .docx, .txt or .html first")
    text, encoding = decode_bytes(data, name, _declared_charset(data) if suffix in (".html", ".htm") else None)
    if suffix in (".html", ".htm") or (suffix not in (".txt", ".md") and _looks_like_html(text)):
        return SourceText(name, formats.html_to_text(text), encoding, digest, "html")
    if suffix in (".md", ".markdown"):
        return SourceText(name, formats.markdown_to_text(text), encoding, digest, "markdown")
    return SourceText(name, text, encoding, digest, "text")


def _too_large(what: str, size: int) -> InputError:
    return InputError(
        f"{what} {size // (1024 * 1024)} MiB is too large for one episode",
        f"split it into parts under {MAX_INPUT_BYTES // (1024 * 1024)} MiB",
    )


def _declared_charset(data: bytes) -> str | None:
    m = re.search(rb"<meta[^>]+charset=[\"']?([\w-]+)", data[:4096], re.I)
    return m.group(1).decode("ascii").lower() if m else None


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:200].lower()
    return head.startswith(("<!doctype html", "<html"))


#: Text with at most one undecodable byte in this many characters is read without them.
STRAY_BYTES_PER = 1000
_ASCII = bytes(range(128))


def decode_bytes(data: bytes, name: str = "input", declared: str | None = None) -> tuple[str, str]:
    """Decode article bytes, detecting UTF-8 (with/without BOM), UTF-16 and GB18030."""
    if not data.strip():
        raise InputError(f"{name}: the file is empty", "paste the article text into the file first")
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return _checked(_decode(data, enc, name), enc, name), enc
    utf16 = _guess_bomless_utf16(data)
    if utf16:
        return _checked(_decode(data, utf16, name), utf16, name), utf16
    if b"\x00" in data:
        raise _binary(name)
    # GBK and GB2312 are subsets of GB18030: decoding as GB18030 reads them all. Text that is
    # valid UTF-8 is UTF-8 whatever a page's <meta> says (pages re-saved as UTF-8 keep their
    # old charset declaration); GB18030 would read those bytes as other, wrong characters.
    # (browsers read a page labelled Big5 as Big5-HKSCS, which holds Hong Kong's characters too)
    first = {"gbk": "gb18030", "gb2312": "gb18030", "utf8": "utf-8", "big5": "big5hkscs", "x-x-big5": "big5hkscs"}.get(
        declared or "", declared
    )
    candidates = [first] if first in ("utf-8", "gb18030", "big5hkscs") else []
    for enc in ("utf-8", *candidates):
        try:
            return _checked(_as_browsers_read(data.decode(enc), enc), enc, name), enc
        except UnicodeDecodeError:
            continue
    # (a page in the charset it declares with a few bytes in another, a footer saved as UTF-8 in a
    # Big5 page, is read in its own: GB18030 would read the whole page as other, wrong characters)
    for enc in candidates:
        text = data.decode(enc, "replace")
        if text.count("\ufffd") <= max(4, len(text) // STRAY_BYTES_PER):
            return _checked(_as_browsers_read(text.replace("\ufffd", ""), enc), enc, name), enc
    try:
        return _checked(_as_browsers_read(data.decode("gb18030"), "gb18030"), "gb18030", name), "gb18030"
    except UnicodeDecodeError:
        pass
    # A saved page with a few broken bytes (a character cut by the site's own truncation) is
    # read without them; a file that is not one encoding throughout is refused.
    for enc in dict.fromkeys(("utf-8", *candidates, "gb18030")):
        text = data.decode(enc, "replace")
        if text.count("\ufffd") <= max(4, len(text) // STRAY_BYTES_PER):
            return _checked(_as_browsers_read(text.replace("\ufffd", ""), enc), enc, name), enc
        if enc == "utf-8" and text.count("\ufffd") < len(data.translate(None, _ASCII)) // 4:
            # Mostly UTF-8 text with stretches that are not: two encodings pasted into one file
            # (GB18030 would read its UTF-8 as other, wrong characters).
            raise InputError(
                f"{name}: the text mixes encodings (it is neither UTF-8 nor GBK throughout)",
                "open it in an editor and save it again as UTF-8",
            )
    raise _binary(name)


def _as_browsers_read(text: str, enc: str) -> str:
    """GB18030 text as a browser shows it: the byte pair A3 A0, which GBK leaves undefined
    and Python reads as the private character U+E5E5, is the ideographic space browsers
    show, and pages indent paragraphs and headings with it."""
    return text.replace("\ue5e5", "\u3000") if enc == "gb18030" else text


def _decode(data: bytes, enc: str, name: str) -> str:
    try:
        return data.decode(enc)
    except UnicodeDecodeError as e:
        raise InputError(f"{name}: looks like {enc} but does not decode ({e.reason})") from e


def _guess_bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without BOM shows up as NULs in every other byte for ASCII text."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) / 2
    if odd_nuls > 0.3 * half and even_nuls < 0.05 * half:
        return "utf-16-le"
    if even_nuls > 0.3 * half and odd_nuls < 0.05 * half:
        return "utf-16-be"
    return None


def _checked(text: str, enc: str, name: str) -> str:
    """Refuse text that decoded but is full of control characters (a binary file: random
    bytes decode to about 10% of them; a paste with a stray colour code or bell has a few)."""
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise InputError(f"{name}: the file has no text", "paste the article text into the file first")
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\n\r\t\f\v")
    if controls > max(8, len(text) // 50):
        raise _binary(name)
    return text


def _binary(name: str) -> InputError:
    return InputError(
        f"{name}: this is not a text file (binary data)",
        "save the article as plain text (.txt) first",
    )
