"""EPUB 3 with media overlays: the transcript as one XHTML document per chapter, each
sentence a span; a SMIL 3 overlay per document with a clip per sentence in the chapter's
MP3; media:duration per overlay and in total, media:active-class. Thorium and Apple Books
highlight each sentence as it is read."""

from __future__ import annotations

import datetime as _dt
import uuid
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from ..version import __version__
from .talking import BookAudio, BookChapter, book_chapters, write_chapter_audio

ACTIVE_CLASS = "-epub-media-overlay-active"
CSS = f"""body {{ font-family: sans-serif; line-height: 1.8; margin: 1em; }}
h1 {{ font-size: 1.4em; }}
.{ACTIVE_CLASS} {{ background-color: #ffef9e; color: #000; }}
"""


def _clock(seconds: float) -> str:
    """media:duration and SMIL clock values: h:mm:ss.fff."""
    ms = round(seconds * 1000)
    return f"{ms // 3_600_000}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


def _xhtml(ch: BookChapter, first: bool) -> str:
    """A chapter's text: the heading, then each sentence as a span a clip can point at."""
    lines = []
    heading_done = False
    for k, clip in enumerate(ch.clips):
        text = escape(clip.text)
        if first and k == 0:
            lines.append(f'<h1 id="s{clip.index}" class="book-title">{text}</h1>')
        elif clip.role in ("heading", "nav") and not heading_done:
            lines.append(f'<h2 id="s{clip.index}">{text}</h2>')
            heading_done = True
        else:
            lines.append(f'<p><span id="s{clip.index}">{text}</span></p>')
    if not any(line.startswith("<h2") for line in lines):
        lines.insert(1 if first else 0, f"<h2>{escape(ch.title)}</h2>")
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" '
        'xml:lang="zh-CN" lang="zh-CN">\n'
        f'<head><meta charset="utf-8" /><title>{escape(ch.title)}</title>'
        '<link rel="stylesheet" type="text/css" href="book.css" /></head>\n'
        f'<body>\n<section id="ch{ch.number}">\n' + "\n".join(lines) + "\n</section>\n</body>\n</html>\n"
    )


def _overlay(doc: str, ch: BookChapter) -> str:
    pars = "\n".join(
        f'<par id="p{c.index}"><text src="{doc}#s{c.index}" />'
        f'<audio src="audio/{ch.audio}" clipBegin="{_clock(c.begin_s)}" clipEnd="{_clock(c.end_s)}" /></par>'
        for c in ch.clips
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<smil xmlns="http://www.w3.org/ns/SMIL" xmlns:epub="http://www.idpf.org/2007/ops" version="3.0">\n'
        f'<body>\n<seq id="seq{ch.number}" epub:textref="{doc}#ch{ch.number}">\n{pars}\n</seq>\n</body>\n</smil>\n'
    )


def _nav(title: str, chapters: tuple[BookChapter, ...]) -> str:
    items = "\n".join(f'<li><a href="c{c.number:03d}.xhtml">{escape(c.title)}</a></li>' for c in chapters)
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" '
        'xml:lang="zh-CN" lang="zh-CN">\n'
        f'<head><meta charset="utf-8" /><title>{escape(title)}</title></head>\n<body>\n'
        f'<nav epub:type="toc" id="toc"><h1>目录</h1>\n<ol>\n{items}\n</ol>\n</nav>\n</body>\n</html>\n'
    )


def _opf(title: str, creator: str, identifier: str, chapters: tuple[BookChapter, ...]) -> str:
    modified = _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")
    total = sum(c.duration_s for c in chapters)
    durations = "\n".join(
        f'<meta property="media:duration" refines="#mo{c.number}">{_clock(c.duration_s)}</meta>' for c in chapters
    )
    items = ['<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav" />',
             '<item id="css" href="book.css" media-type="text/css" />']  # fmt: skip
    for c in chapters:
        n = f"{c.number:03d}"
        items.append(
            f'<item id="c{n}" href="c{n}.xhtml" media-type="application/xhtml+xml" media-overlay="mo{c.number}" />'
        )
        items.append(f'<item id="mo{c.number}" href="c{n}.smil" media-type="application/smil+xml" />')
        items.append(f'<item id="a{n}" href="audio/{c.audio}" media-type="audio/mpeg" />')
    spine = "\n".join(f'<itemref idref="c{c.number:03d}" />' for c in chapters)
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="bookid" xml:lang="zh-CN">\n'
        '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">\n'
        f'<dc:identifier id="bookid">{escape(identifier)}</dc:identifier>\n'
        f"<dc:title>{escape(title)}</dc:title>\n<dc:language>zh-CN</dc:language>\n"
        f"<dc:creator>{escape(creator)}</dc:creator>\n"
        f'<meta property="dcterms:modified">{modified}</meta>\n'
        f'<meta property="media:duration">{_clock(total)}</meta>\n{durations}\n'
        f'<meta property="media:active-class">{ACTIVE_CLASS}</meta>\n'
        f'<meta name="generator" content={quoteattr("tingjian " + __version__)} />\n'
        "</metadata>\n<manifest>\n" + "\n".join(items) + f"\n</manifest>\n<spine>\n{spine}\n</spine>\n</package>\n"
    )


CONTAINER = (
    '<?xml version="1.0" encoding="utf-8"?>\n'
    '<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">\n'
    '<rootfiles><rootfile full-path="OEBPS/package.opf" media-type="application/oebps-package+xml" />'
    "</rootfiles>\n</container>\n"
)


def write_epub(path: Path, book: BookAudio, work: Path) -> tuple[BookChapter, ...]:
    """Write the EPUB to `path`, its chapter audio encoded in `work` (a scratch folder)."""
    chapters = book_chapters(book.timeline, book.rate)
    write_chapter_audio(book.pcm, book.rate, work, chapters, book.bitrate, book.out_rate)
    title, creator = book.title, book.creator
    identifier = f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'tingjian:' + title + str(book.timeline.duration_ms))}"
    with zipfile.ZipFile(path, "w") as z:
        # The mimetype comes first and uncompressed: readers sniff it at a fixed offset.
        z.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        z.writestr("META-INF/container.xml", CONTAINER, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("OEBPS/package.opf", _opf(title, creator, identifier, chapters), compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("OEBPS/nav.xhtml", _nav(title, chapters), compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("OEBPS/book.css", CSS, compress_type=zipfile.ZIP_DEFLATED)
        for i, c in enumerate(chapters):
            doc = f"c{c.number:03d}.xhtml"
            z.writestr(f"OEBPS/{doc}", _xhtml(c, i == 0), compress_type=zipfile.ZIP_DEFLATED)
            z.writestr(f"OEBPS/c{c.number:03d}.smil", _overlay(doc, c), compress_type=zipfile.ZIP_DEFLATED)
            z.write(work / c.audio, f"OEBPS/audio/{c.audio}", compress_type=zipfile.ZIP_STORED)
    return chapters
