"""DAISY 2.02 and EPUB 3 books read back by an independent reader (lxml and ffmpeg here, not
the writer's code): every heading reaches a SMIL element, clips are contiguous and cover
each MP3's decoded audio, totals match, sentence counts match the plan, Chinese titles
survive, and the EPUB passes epubcheck where Java and epubcheck are installed."""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

import tingjian
from tingjian.devtools.fake_edge import FakeEdgeServer

from conftest import decoded_seconds

EPUBCHECK = Path("/usr/share/java/epubcheck.jar")
NPT = re.compile(r"npt=([\d.]+)s")
XHTML = "{http://www.w3.org/1999/xhtml}"
SMIL3 = "{http://www.w3.org/ns/SMIL}"


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory, seed_path: Path) -> tuple[tingjian.Episode, tingjian.Plan]:
    tmp = tmp_path_factory.mktemp("books")
    with FakeEdgeServer() as edge:
        options: dict[str, Any] = {"engine": "edge", "edge_url": edge.url, "cache_dir": tmp / "cache"}
        episode = tingjian.make(seed_path, output_dir=tmp / "out", formats="mp3,daisy,epub3", **options)
        plan = tingjian.plan(seed_path, **options)
    return episode, plan


def smil_pars(path: Path) -> list[Any]:
    return etree.parse(str(path)).getroot().findall(".//par")


def clip_times(par: Any) -> tuple[float, float]:
    audio = par.find(".//audio")
    return float(NPT.fullmatch(audio.get("clip-begin")).group(1)), float(NPT.fullmatch(audio.get("clip-end")).group(1))


def daisy_folder(ep: tingjian.Episode) -> Path:
    return ep.files["daisy_ncc"].parent


def test_the_ncc_has_every_mandatory_field_and_a_heading_per_chapter(book: tuple[tingjian.Episode, Any]) -> None:
    ep, _ = book
    ncc = etree.parse(str(daisy_folder(ep) / "ncc.html")).getroot()
    meta = {m.get("name"): m.get("content") for m in ncc.iter(f"{XHTML}meta") if m.get("name")}
    for name in ("dc:title", "dc:creator", "dc:date", "dc:identifier", "dc:publisher", "ncc:charset", "ncc:generator",
                 "ncc:tocItems", "ncc:totalTime"):  # fmt: skip
        assert meta.get(name), name
    assert meta["dc:format"] == "Daisy 2.02" and meta["dc:language"] == "zh-CN"
    assert meta["ncc:pageFront"] == meta["ncc:pageNormal"] == meta["ncc:pageSpecial"] == "0"
    assert meta["ncc:multimediaType"] == "audioNcc"
    headings = ncc.findall(f".//{XHTML}h1")
    assert headings[0].get("class") == "title" and headings[0].findtext(f"{XHTML}a") == ep.script.title
    assert [h.findtext(f"{XHTML}a") for h in headings[1:]] == [c.title for c in ep.chapters]
    assert int(meta["ncc:tocItems"]) == len(headings)
    h, m, s = (int(x) for x in meta["ncc:totalTime"].split(":"))
    total = sum(decoded_seconds(p) for p in sorted(daisy_folder(ep).glob("*.mp3")))
    assert abs(h * 3600 + m * 60 + s - total) <= 1.0


def test_every_heading_points_at_a_smil_par_that_points_back(book: tuple[tingjian.Episode, Any]) -> None:
    ep, _ = book
    folder = daisy_folder(ep)
    ncc = etree.parse(str(folder / "ncc.html")).getroot()
    ncc_ids = {el.get("id") for el in ncc.iter() if el.get("id")}
    for a in ncc.iter(f"{XHTML}a"):
        file, _, anchor = a.get("href").partition("#")
        pars = {p.get("id"): p for p in smil_pars(folder / file)}
        assert anchor in pars, a.get("href")
    for smil in folder.glob("0*.smil"):
        for par in smil_pars(smil):
            target, _, anchor = par.find("text").get("src").partition("#")
            assert target == "ncc.html" and anchor in ncc_ids


def test_clips_are_contiguous_and_cover_each_mp3s_decoded_audio(book: tuple[tingjian.Episode, Any]) -> None:
    ep, plan = book
    folder = daisy_folder(ep)
    count = 0
    for smil in sorted(folder.glob("0*.smil")):
        pars = smil_pars(smil)
        count += len(pars)
        times = [clip_times(p) for p in pars]
        assert times[0][0] == 0
        assert all(a[1] == b[0] for a, b in itertools.pairwise(times)), smil.name
        audio = folder / pars[0].find(".//audio").get("src")
        assert abs(times[-1][1] - decoded_seconds(audio)) <= 0.05, smil.name
    assert count == plan.cue_count


def test_each_chapter_mp3_is_constant_bitrate(book: tuple[tingjian.Episode, Any]) -> None:
    from mutagen.mp3 import MP3, BitrateMode

    for mp3 in daisy_folder(book[0]).glob("*.mp3"):
        info = MP3(mp3).info
        assert info.bitrate_mode in (BitrateMode.CBR, BitrateMode.UNKNOWN) and info.bitrate == 128000


def test_the_daisy_zip_holds_the_book_folder(book: tuple[tingjian.Episode, Any]) -> None:
    ep, _ = book
    names = zipfile.ZipFile(ep.files["daisy"]).namelist()
    folder = daisy_folder(ep).name
    assert f"{folder}/ncc.html" in names and f"{folder}/master.smil" in names
    assert len([n for n in names if n.endswith(".mp3")]) == len(ep.chapters)


def test_the_epub_has_mimetype_first_and_overlays_that_match_the_audio(
    book: tuple[tingjian.Episode, Any], tmp_path: Path
) -> None:
    ep, plan = book
    z = zipfile.ZipFile(ep.files["epub3"])
    first = z.infolist()[0]
    assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
    assert z.read("mimetype") == b"application/epub+zip"
    container = etree.fromstring(z.read("META-INF/container.xml"))
    opf_path = container.find(".//{*}rootfile").get("full-path")
    opf = etree.fromstring(z.read(opf_path))
    durations = {m.get("refines"): m.text for m in opf.iter("{*}meta") if m.get("property") == "media:duration"}
    assert opf.findtext(".//{*}title") == ep.script.title
    assert any(m.text == "-epub-media-overlay-active" for m in opf.iter("{*}meta"))
    z.extractall(tmp_path)
    root = tmp_path / Path(opf_path).parent

    def seconds(clock: str) -> float:
        h, m, s = clock.split(":")
        return int(h) * 3600 + int(m) * 60 + float(s)

    total, sentences = 0.0, 0
    for item in opf.iter("{*}item"):
        if item.get("media-type") != "application/smil+xml":
            continue
        overlay = etree.parse(str(root / item.get("href"))).getroot()
        pars = overlay.findall(f".//{SMIL3}par")
        sentences += len(pars)
        audio_file = root / pars[0].find(f"{SMIL3}audio").get("src")
        decoded = decoded_seconds(audio_file)
        ends = [seconds(p.find(f"{SMIL3}audio").get("clipEnd")) for p in pars]
        assert abs(ends[-1] - decoded) <= 0.05
        assert abs(seconds(durations[f"#{item.get('id')}"]) - decoded) <= 0.05
        total += decoded
        for par in pars:
            doc, _, anchor = par.find(f"{SMIL3}text").get("src").partition("#")
            ids = {el.get("id") for el in etree.parse(str(root / doc)).getroot().iter() if el.get("id")}
            assert anchor in ids
    assert abs(seconds(durations[None]) - total) <= 0.1
    assert sentences == plan.cue_count


@pytest.mark.skipif(
    not EPUBCHECK.exists() or shutil.which("java") is None,
    reason="epubcheck not installed (apt-get install epubcheck; .ci/run does)",
)
def test_the_epub_passes_epubcheck(book: tuple[tingjian.Episode, Any]) -> None:
    result = subprocess.run(
        ["java", "-jar", str(EPUBCHECK), str(book[0].files["epub3"])], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "No errors or warnings detected" in result.stdout + result.stderr


def test_an_article_without_headings_and_an_odd_title_give_valid_one_heading_books(
    edge_server: FakeEdgeServer, tmp_path: Path
) -> None:
    title = "A <b>&\"'< 标题 ]]> --\u200b" + "很长" * 60
    ep = tingjian.make(text="通知\n\n明天上午停水，请提前储水。谢谢配合。\n", title=title, engine="edge",
                       output_dir=tmp_path, cache_dir=tmp_path / "c", formats="daisy,epub3", navigation=False)  # fmt: skip
    folder = daisy_folder(ep)
    ncc = etree.parse(str(folder / "ncc.html")).getroot()
    headings = ncc.findall(f".//{XHTML}h1")
    assert len(headings) == 2 and headings[0].findtext(f"{XHTML}a") == ep.script.title
    for smil in folder.glob("*.smil"):
        etree.parse(str(smil))  # well-formed
    z = zipfile.ZipFile(ep.files["epub3"])
    for name in z.namelist():
        if name.endswith((".xhtml", ".smil", ".opf", ".xml")):
            etree.fromstring(z.read(name))
