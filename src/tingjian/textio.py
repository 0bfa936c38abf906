"""Read an article file as text whatever its encoding, or refuse it clearly."""

from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

# Bigger inputs are almost certainly not an article (a book, a dump); refusing
# early beats spending an hour of synthesis on it by accident.
MAX_INPUT_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class SourceText:
    """Decoded article text plus where it came from."""

    name: str
    text: str
    encoding: str
    sha256: str


def read_source(path: str | Path) -> SourceText:
    """Read a file (or `-` for stdin) and decode it to text."""
    if str(path) == "-":
        data = sys.stdin.buffer.read()
        name = "stdin"
    else:
        p = Path(path)
        if not p.exists():
            raise InputError(f"{p}: no such file", "check the path, or use - to read stdin")
        if p.is_dir():
            raise InputError(f"{p}: is a folder, not an article file")
        if p.stat().st_size > MAX_INPUT_BYTES:
            raise InputError(
                f"{p}: {p.stat().st_size // (1024 * 1024)} MiB is too large for one episode",
                f"split it into parts under {MAX_INPUT_BYTES // (1024 * 1024)} MiB",
            )
        data = p.read_bytes()
        name = p.name
    text, encoding = decode_bytes(data, name)
    return SourceText(name=name, text=text, encoding=encoding, sha256=hashlib.sha256(data).hexdigest())


def decode_bytes(data: bytes, name: str = "input") -> tuple[str, str]:
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
    for enc in ("utf-8", "gb18030"):
        try:
            return _checked(data.decode(enc), enc, name), enc
        except UnicodeDecodeError:
            continue
    raise _binary(name)


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
    """Refuse text that decoded but is mostly control characters (a binary file)."""
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise InputError(f"{name}: the file has no text", "paste the article text into the file first")
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\n\r\t\f\v")
    if controls > max(2, len(text) // 100):
        raise _binary(name)
    return text


def _binary(name: str) -> InputError:
    return InputError(
        f"{name}: this is not a text file (binary data)",
        "save the article as plain text (.txt) first",
    )
