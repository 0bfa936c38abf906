"""DAISY 2.02 "audio with NCC" talking books, for blind listeners' players (Victor Reader,
Plextalk, AMIS, Thorium, EasyReader): ncc.html with the mandatory metadata and one heading
per chapter, one SMIL 1.0 file per heading with a `par` per sentence, one CBR MP3 per
chapter, master.smil; and a zip of the folder."""

from __future__ import annotations

import datetime as _dt
import shutil
import uuid
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from ..version import __version__
from .talking import BookAudio, BookChapter, book_chapters, hms, npt, write_chapter_audio

XHTML_DOCTYPE = (
    '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
    '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">'
)
SMIL_DOCTYPE = '<!DOCTYPE smil PUBLIC "-//W3C//DTD SMIL 1.0//EN" "http://www.w3.org/TR/REC-smil/SMIL10.dtd">'


def smil_name(ch: BookChapter) -> str:
    return f"{ch.number:04d}.smil"


def ncc_html(title: str, creator: str, publisher: str, identifier: str, chapters: tuple[BookChapter, ...]) -> str:
    """The navigation control centre: metadata, the title heading, one h1 per chapter."""
    total = sum(c.duration_s for c in chapters)
    meta = {
        "dc:title": title,
        "dc:creator": creator,
        "dc:date": _dt.date.today().isoformat(),
        "dc:format": "Daisy 2.02",
        "dc:identifier": identifier,
        "dc:language": "zh-CN",
        "dc:publisher": publisher,
        "ncc:charset": "utf-8",
        "ncc:generator": f"tingjian {__version__}",
        "ncc:pageFront": "0",
        "ncc:pageNormal": "0",
        "ncc:pageSpecial": "0",
        "ncc:tocItems": str(len(chapters) + 1),
        "ncc:totalTime": hms(total),
        "ncc:multimediaType": "audioNcc",
        "ncc:depth": "1",
        "ncc:maxPageNormal": "0",
        "ncc:files": str(2 * len(chapters) + 1),
    }
    head = "\n".join(f"<meta name={quoteattr(k)} content={quoteattr(v)} />" for k, v in meta.items())
    first = chapters[0]
    body = [f'<h1 class="title" id="h0"><a href="{smil_name(first)}#t0">{escape(title)}</a></h1>']
    for i, ch in enumerate(chapters):
        anchor = heading_anchor(ch, first=i == 0)
        body.append(f'<h1 id="h{ch.number}"><a href="{smil_name(ch)}#{anchor}">{escape(ch.title)}</a></h1>')
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n{XHTML_DOCTYPE}\n'
        f'<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="zh-CN" lang="zh-CN">\n<head>\n'
        f'<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />\n'
        f"<title>{escape(title)}</title>\n{head}\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )


def par_ids(ch: BookChapter, first: bool) -> list[str]:
    """Each sentence's par id: t0 for the book's title (the first file's first sentence),
    tN for the sentence chapter N's heading points at, sN for the others."""
    ids = []
    for k, clip in enumerate(ch.clips):
        if first and k == 0:
            ids.append("t0")
        elif k == (1 if first else 0):
            ids.append(f"t{ch.number}")
        else:
            ids.append(f"s{clip.index}")
    return ids


def heading_anchor(ch: BookChapter, first: bool) -> str:
    """The par a chapter's NCC heading points at (the title's, when that is all the chapter says)."""
    return f"t{ch.number}" if f"t{ch.number}" in par_ids(ch, first) else "t0"


def chapter_smil(title: str, ch: BookChapter, first: bool) -> str:
    """One heading's SMIL: a par per sentence with its audio clip in the chapter's MP3; each
    par's text points back at the NCC heading it belongs to."""
    pars = []
    for pid, clip in zip(par_ids(ch, first), ch.clips, strict=True):
        ref = "ncc.html#h0" if pid == "t0" else f"ncc.html#h{ch.number}"
        pars.append(
            f'<par endsync="last" id="{pid}"><text src="{ref}" id="x{clip.index}" />'
            f'<seq><audio src="{ch.audio}" clip-begin="{npt(clip.begin_s)}" clip-end="{npt(clip.end_s)}" '
            f'id="a{clip.index}" /></seq></par>'
        )
    meta = {
        "dc:format": "Daisy 2.02",
        "dc:title": title,
        "ncc:generator": f"tingjian {__version__}",
        "ncc:totalElapsedTime": hms(ch.elapsed_s),
        "ncc:timeInThisSmil": hms(ch.duration_s),
    }
    head = "\n".join(f"<meta name={quoteattr(k)} content={quoteattr(v)} />" for k, v in meta.items())
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n{SMIL_DOCTYPE}\n<smil>\n<head>\n{head}\n'
        f'<layout><region id="txtView" /></layout>\n</head>\n'
        f'<body>\n<seq dur="{npt(ch.duration_s)[4:]}">\n' + "\n".join(pars) + "\n</seq>\n</body>\n</smil>\n"
    )


def master_smil(title: str, chapters: tuple[BookChapter, ...]) -> str:
    """master.smil: the book's SMIL files in reading order."""
    refs = "\n".join(f'<ref title={quoteattr(c.title)} src="{smil_name(c)}" id="m{c.number}" />' for c in chapters)
    total = hms(sum(c.duration_s for c in chapters))
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n{SMIL_DOCTYPE}\n<smil>\n<head>\n'
        f'<meta name="dc:title" content={quoteattr(title)} />\n<meta name="dc:format" content="Daisy 2.02" />\n'
        f'<meta name="ncc:generator" content="tingjian {__version__}" />\n'
        f'<meta name="ncc:timeInThisSmil" content="{total}" />\n'
        f'<layout><region id="txtView" /></layout>\n</head>\n<body>\n{refs}\n</body>\n</smil>\n'
    )


def write_daisy(folder: Path, book: BookAudio) -> tuple[BookChapter, ...]:
    """Write the book into `folder` (created; replaced whole if it exists)."""
    if folder.exists():
        shutil.rmtree(folder)
    chapters = book_chapters(book.timeline, book.rate)
    write_chapter_audio(book.pcm, book.rate, folder, chapters, book.bitrate, book.out_rate)
    title, creator = book.title, book.creator
    identifier = f"tingjian-{uuid.uuid5(uuid.NAMESPACE_URL, title + str(book.timeline.duration_ms))}"
    (folder / "ncc.html").write_text(ncc_html(title, creator, creator, identifier, chapters), encoding="utf-8")
    for i, ch in enumerate(chapters):
        (folder / smil_name(ch)).write_text(chapter_smil(title, ch, first=i == 0), encoding="utf-8")
    (folder / "master.smil").write_text(master_smil(title, chapters), encoding="utf-8")
    return chapters


def zip_folder(folder: Path, target: Path) -> None:
    """The book as one zip (its folder inside), for copying to an SD card in one piece."""
    with zipfile.ZipFile(target, "w") as z:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                packed = zipfile.ZIP_STORED if path.suffix == ".mp3" else zipfile.ZIP_DEFLATED
                z.write(path, f"{folder.name}/{path.relative_to(folder).as_posix()}", compress_type=packed)
