"""Cover art: checked against what podcast directories accept (square, 1400-3000 px, RGB
JPEG or PNG), or made: a plain 3000 px cover with the show's title in a CJK font, and an
A4 poster with QR codes for the notice board."""

from __future__ import annotations

import io
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError

MIN_PX, MAX_PX = 1400, 3000
#: CJK fonts looked for, in order: a package's (mplfonts ships Noto Sans CJK SC, SIL OFL
#: 1.1: pip install 'tingjian[cover]'), then the system's (Debian's fonts-wqy-microhei,
#: fonts-noto-cjk).
SYSTEM_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
)
INK = (255, 255, 255)
PAPER = (11, 79, 138)


@dataclass(frozen=True)
class ArtworkCheck:
    """What is wrong with a cover image (empty when nothing is)."""

    problems: tuple[str, ...]
    size: tuple[int, int] | None = None


def check_artwork(path: Path) -> ArtworkCheck:
    """Square, 1400-3000 px, RGB, JPEG or PNG: what Apple Podcasts asks for."""
    from PIL import Image, UnidentifiedImageError

    if not path.is_file():
        return ArtworkCheck((f"artwork {path.name} is missing",))
    try:
        with Image.open(path) as im:
            size, fmt, mode = im.size, im.format, im.mode
    except (UnidentifiedImageError, OSError):
        return ArtworkCheck((f"artwork {path.name} is not an image",))
    problems = []
    if fmt not in ("JPEG", "PNG"):
        problems.append(f"artwork {path.name} is {fmt}, not JPEG or PNG")
    if size[0] != size[1]:
        problems.append(f"artwork {path.name} is {size[0]}x{size[1]} px, not square")
    if not MIN_PX <= min(size) <= max(size) <= MAX_PX:
        problems.append(f"artwork {path.name} is {size[0]}x{size[1]} px: it must be 1400 to 3000 px")
    if mode not in ("RGB", "L", "P"):
        problems.append(f"artwork {path.name} is in {mode} colour, not RGB")
    return ArtworkCheck(tuple(problems), size)


def cjk_font() -> Path | None:
    """A font file that has Chinese glyphs, if this machine has one."""
    try:
        import mplfonts

        for found in sorted(Path(mplfonts.__file__).parent.rglob("NotoSansCJK*")):
            return found
    except ImportError:
        pass
    for candidate in SYSTEM_FONTS:
        if Path(candidate).is_file():
            return Path(candidate)
    if shutil.which("fc-match"):
        try:
            out = subprocess.run(
                ["fc-match", "-f", "%{file}", ":lang=zh-cn"], capture_output=True, text=True, timeout=10
            )
        except (OSError, subprocess.SubprocessError):
            return None
        path = Path(out.stdout.strip())
        if out.returncode == 0 and path.suffix.lower() in (".ttf", ".ttc", ".otf") and path.is_file():
            return path
    return None


def _wrapped(text: str, width: int) -> list[str]:
    return [text[i : i + width] for i in range(0, len(text), width)] or [""]


def make_cover(title: str, size: int = MAX_PX) -> bytes:
    """A plain square PNG cover with the title, in a CJK font; InputError when there is none."""
    from PIL import Image, ImageDraw, ImageFont

    font_path = cjk_font()
    if font_path is None:
        raise InputError(
            "no Chinese font on this machine to draw a cover with",
            "add your own square cover (1400-3000 px) as cover.png, or pip install 'tingjian[cover]'",
        )
    im = Image.new("RGB", (size, size), PAPER)
    draw = ImageDraw.Draw(im)
    per_line = 6 if len(title) > 12 else max(1, min(len(title), 6))
    lines = _wrapped(title, per_line)[:5]
    font = ImageFont.truetype(str(font_path), size // (per_line + 2))
    height = font.size * 1.25
    top = (size - height * len(lines)) / 2
    for i, line in enumerate(lines):
        draw.text((size / 2, top + i * height), line, font=font, fill=INK, anchor="ma")
    small = ImageFont.truetype(str(font_path), size // 28)
    draw.text((size / 2, size * 0.9), "听见 · 社区之声", font=small, fill=INK, anchor="ma")
    buf = io.BytesIO()
    im.save(buf, "PNG", optimize=True)
    return buf.getvalue()


def qr_svg(url: str) -> str:
    """A QR code of `url` as inline SVG (no image files, no Pillow)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    svg: str = image.to_string(encoding="unicode")
    return svg[svg.index("<svg") :]


def make_poster(title: str, page_url: str, feed_url: str, fmt: str = "pdf") -> bytes:
    """A printable A4 poster: the show's name, QR codes of its page and its feed."""
    import qrcode
    from PIL import Image, ImageDraw, ImageFont

    font_path = cjk_font()
    if font_path is None:
        raise InputError("no Chinese font on this machine to print the poster with", "pip install 'tingjian[cover]'")
    width, height = 2480, 3508  # A4 at 300 dpi
    im = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(im)
    big = ImageFont.truetype(str(font_path), 150)
    mid = ImageFont.truetype(str(font_path), 80)
    small = ImageFont.truetype(str(font_path), 48)
    y = 260
    for line in _wrapped(title, 14)[:3]:
        draw.text((width / 2, y), line, font=big, fill="black", anchor="ma")
        y += 200
    draw.text((width / 2, y + 40), "扫码收听，每期更新", font=mid, fill=(60, 60, 60), anchor="ma")
    for i, (label, url) in enumerate((("用手机扫码，直接收听", page_url), ("在播客 App 里订阅", feed_url))):
        qr = qrcode.make(url, box_size=20, border=2).get_image().convert("RGB").resize((1000, 1000))
        top = 900 + i * 1300
        im.paste(qr, ((width - 1000) // 2, top))
        draw.text((width / 2, top + 1020), label, font=mid, fill="black", anchor="ma")
        draw.text((width / 2, top + 1120), url, font=small, fill=(60, 60, 60), anchor="ma")
    buf = io.BytesIO()
    if fmt == "pdf":
        im.save(buf, "PDF", resolution=300.0)
    else:
        im.save(buf, "PNG", optimize=True)
    return buf.getvalue()
