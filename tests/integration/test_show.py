"""Shows: show.toml, episodes made into the show, feed.xml read back by two independent
parsers (feedparser, gPodder's podcastparser), stable guids, the listening page, cover and
poster, `show check`, batch make, and bad input."""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path

import pytest
from typer.testing import CliRunner

import tingjian
from tingjian.cli import app
from tingjian.devtools.fake_edge import FakeEdgeServer
from tingjian.show import ShowConfig, build_show, check_show, init_show, read_show
from tingjian.show.artwork import cjk_font

feedparser = pytest.importorskip("feedparser", reason="feedparser is a test extra")
podcastparser = pytest.importorskip("podcastparser", reason="podcastparser is a test extra")

BASE = "https://example.org/shows/xingfuli"
ARTICLES = {
    "one": "停水通知\n\n各位居民：明天上午8:00-12:00停水，请提前储水。\n\n## 注意事项\n\n请关好水龙头。\n",
    "two": "防汛提醒\n\n今晚有大雨，请不要在低洼处停车。\n\n## 联系方式\n\n有困难请拨打12345。\n",
}
runner = CliRunner()


def flat(output: str) -> str:
    """Command output with the terminal's line wrapping undone."""
    return " ".join(output.split())


def local(show: Path, url: str) -> Path:
    from urllib.parse import unquote

    return show / unquote(re.sub(f"^{re.escape(BASE)}/", "", url))


needs_font = pytest.mark.skipif(cjk_font() is None, reason="no CJK font here (apt-get install fonts-wqy-microhei)")


def make_into(show: Path, text: str, edge: FakeEdgeServer, **options: object) -> tingjian.Episode:
    return tingjian.make(text=text, engine="edge", edge_url=edge.url, output_dir=show, cache_dir=show.parent / "cache",
                         **options)  # fmt: skip


@pytest.fixture()
def show(tmp_path: Path, edge_server: FakeEdgeServer) -> Path:
    folder = tmp_path / "show"
    init_show(
        folder, ShowConfig(title="幸福里之声", base_url=BASE, description="社区通知和故事", owner_email="a@example.org")
    )
    for text in ARTICLES.values():
        make_into(folder, text, edge_server)
    build_show(folder, now=1_700_000_000)
    return folder


def items(show: Path) -> list[dict[str, object]]:
    return feedparser.parse(str(show / "feed.xml"))["entries"]  # type: ignore[no-any-return]


def test_the_feed_parses_with_feedparser_and_has_every_channel_field(show: Path) -> None:
    feed = feedparser.parse(str(show / "feed.xml"))
    assert not feed.bozo, feed.bozo_exception
    ch = feed.feed
    assert ch.title == "幸福里之声" and ch.language == "zh-cn"
    assert any(link.rel == "self" and link.href == f"{BASE}/feed.xml" for link in ch.links)
    assert not ch.itunes_explicit  # feedparser reads Apple's "false" as None, "true" as True
    assert ch.image.href == f"{BASE}/cover.png" or not cjk_font()
    assert ch.tags[0].term == "News"
    assert ch.publisher_detail.email == "a@example.org"
    raw = (show / "feed.xml").read_text(encoding="utf-8")
    expected_guid = uuid.uuid5(uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6"), "example.org/shows/xingfuli/feed.xml")
    assert f"<podcast:guid>{expected_guid}</podcast:guid>" in raw
    assert '<podcast:locked owner="a@example.org">yes</podcast:locked>' in raw


def test_every_item_has_exact_enclosure_lengths_dates_durations_chapters_and_transcripts(show: Path) -> None:
    entries = items(show)
    assert [e.title for e in entries] == ["防汛提醒", "停水通知"]  # newest first
    for entry in entries:
        (enclosure,) = entry.enclosures
        assert enclosure.type == "audio/mpeg" and int(enclosure.length) == local(show, enclosure.href).stat().st_size
        assert entry.published == "Tue, 14 Nov 2023 22:13:20 GMT" or entry.published_parsed
        assert int(entry.itunes_duration) > 0 and entry.itunes_episode in ("1", "2")
        assert "章节：" in entry.summary and "00:00" in entry.summary
    raw = (show / "feed.xml").read_text(encoding="utf-8")
    links = re.findall(r'<podcast:(chapters|transcript) url="([^"]+)" type="([^"]+)"', raw)
    assert {kind for kind, _, _ in links} == {"chapters", "transcript"}
    assert {mime for _, _, mime in links} == {"application/json+chapters", "text/vtt", "application/x-subrip"}
    for _, url, _ in links:
        assert local(show, url).is_file(), url
    chapters_url = next(url for kind, url, _ in links if kind == "chapters")
    chapters = json.loads(local(show, chapters_url).read_text(encoding="utf-8"))
    assert chapters["chapters"][0]["startTime"] == 0


def test_podcastparser_reads_the_same_episodes(show: Path) -> None:
    with (show / "feed.xml").open("rb") as f:
        parsed = podcastparser.parse(f"{BASE}/feed.xml", f)
    assert parsed["title"] == "幸福里之声"
    sizes = sorted(e["enclosures"][0]["file_size"] for e in parsed["episodes"])
    files = sorted(p.stat().st_size for p in show.glob("*/*.mp3"))
    assert sizes == files
    assert all(e["total_time"] > 0 and e["guid"].startswith("urn:uuid:") for e in parsed["episodes"])


def test_guids_and_numbers_never_change_on_rebuild_or_rerender(show: Path, edge_server: FakeEdgeServer) -> None:
    before = {e.title: (e.id, e.itunes_episode) for e in items(show)}
    build_show(show)
    make_into(show, ARTICLES["one"], edge_server, force=True)  # re-rendered
    build_show(show)
    assert {e.title: (e.id, e.itunes_episode) for e in items(show)} == before


def test_removing_an_episode_folder_removes_its_item_and_keeps_the_others(show: Path) -> None:
    import shutil

    kept = {e.title: e.id for e in items(show)}
    shutil.rmtree(next(p for p in show.iterdir() if p.name.startswith("防汛")))
    build_show(show)
    assert {e.title: e.id for e in items(show)} == {"停水通知": kept["停水通知"]}


def test_a_new_episode_gets_the_next_number(show: Path, edge_server: FakeEdgeServer) -> None:
    make_into(show, "垃圾分类\n\n请把厨余垃圾放进绿色桶。\n", edge_server)
    build_show(show)
    assert {e.title: e.itunes_episode for e in items(show)}["垃圾分类"] == "3"


def test_the_listening_page_has_a_play_button_per_episode_chapters_and_qr_codes(show: Path) -> None:
    page = (show / "index.html").read_text(encoding="utf-8")
    assert page.count('class="play"') == 2 and page.count('class="seek"') >= 4
    assert page.count("<svg") == 2 and 'href="feed.xml"' in page
    assert 'lang="zh-CN"' in page


def test_titles_are_escaped_in_the_page_and_the_feed(tmp_path: Path, edge_server: FakeEdgeServer) -> None:
    folder = tmp_path / "s"
    init_show(folder, ShowConfig(title="<script>alert(1)</script>之声", base_url=BASE))
    make_into(folder, "<img src=x onerror=alert(2)>通知\n\n明天停水。\n", edge_server)
    build_show(folder)
    page = (folder / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert feedparser.parse(str(folder / "feed.xml")).feed.title == "<script>alert(1)</script>之声"


def test_show_check_passes_a_good_show_and_catches_each_problem(show: Path) -> None:
    from tingjian.show.artwork import MIN_PX

    if cjk_font() is None:
        pytest.skip("no CJK font here: the show has no generated cover")
    assert [p for p in check_show(show) if p.level == "error"] == []

    mp3 = next(show.glob("*/*.mp3"))
    with mp3.open("ab") as f:
        f.write(b"\0" * 10)
    assert any("enclosure length" in p.message for p in check_show(show))
    build_show(show)
    assert not any("enclosure length" in p.message for p in check_show(show))

    registry = json.loads((show / "episodes.json").read_text(encoding="utf-8"))
    first, second = registry["episodes"].values()
    second["guid"] = first["guid"]
    (show / "episodes.json").write_text(json.dumps(registry), encoding="utf-8")
    build_show(show)
    assert any(p.level == "error" and "is used by 2 episodes" in p.message for p in check_show(show))

    from PIL import Image

    Image.new("RGB", (MIN_PX, MIN_PX - 200)).save(show / "cover.png")
    assert any("not square" in p.message for p in check_show(show))
    Image.new("RGB", (600, 600)).save(show / "cover.png")
    assert any("1400 to 3000 px" in p.message for p in check_show(show))
    (show / "cover.png").write_text("not a picture", encoding="utf-8")
    assert any("is not an image" in p.message for p in check_show(show))
    (show / "cover.png").unlink()
    assert any(p.level == "error" and "missing" in p.message for p in check_show(show))


def test_a_plain_http_base_url_is_a_warning(tmp_path: Path) -> None:
    init_show(tmp_path / "s", ShowConfig(title="之声", base_url="http://192.168.1.10/news"))
    build_show(tmp_path / "s")
    assert any(p.level == "warning" and "not HTTPS" in p.message for p in check_show(tmp_path / "s"))


@needs_font
def test_a_show_without_artwork_gets_a_square_3000px_cover_and_a_printable_poster(tmp_path: Path) -> None:
    from PIL import Image

    folder = tmp_path / "s"
    result = runner.invoke(app, ["show", "init", str(folder), "--title", "幸福里之声", "--base-url", BASE])
    assert result.exit_code == 0, result.output
    with Image.open(folder / "cover.png") as im:
        assert im.size == (3000, 3000) and im.mode == "RGB"
    result = runner.invoke(app, ["show", "poster", str(folder), "-o", str(tmp_path / "poster.png")])
    assert result.exit_code == 0, result.output
    with Image.open(tmp_path / "poster.png") as im:
        assert im.size == (2480, 3508)
    assert runner.invoke(app, ["show", "poster", str(folder)]).exit_code == 0
    assert (folder / "poster.pdf").read_bytes()[:5] == b"%PDF-"


def test_bad_show_input_gets_one_clear_line_and_leaves_the_feed_whole(
    show: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = runner.invoke(app, ["show", "build", str(empty)])
    assert result.exit_code == 2 and "is not a show: it has no show.toml" in flat(result.output)
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "show.toml").write_text('title = "之声\nbase_url = 1', encoding="utf-8")
    result = runner.invoke(app, ["show", "check", str(broken)])
    assert result.exit_code == 2 and "is not valid TOML" in flat(result.output)
    result = runner.invoke(app, ["show", "init", str(tmp_path / "x"), "--title", "之声", "--base-url", "example.org"])
    assert result.exit_code == 2 and "is not an http(s) address" in flat(result.output)

    feed = (show / "feed.xml").read_bytes()
    import tingjian.show.build as build

    def broken_feed(*args: object) -> bytes:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(build, "build_feed", broken_feed)
    with pytest.raises(OSError):
        build_show(show)
    assert (show / "feed.xml").read_bytes() == feed
    assert not list(show.glob(".feed.xml.*"))


def test_make_takes_several_articles_into_a_show_names_a_failure_and_finishes_the_rest(
    tmp_path: Path, edge_server: FakeEdgeServer
) -> None:
    folder = tmp_path / "show"
    init_show(folder, ShowConfig(title="之声", base_url=BASE))
    articles = tmp_path / "articles"
    articles.mkdir()
    for name, text in ARTICLES.items():
        (articles / f"{name}.txt").write_text(text, encoding="utf-8")
    (articles / "zz-chrome.txt").write_text("首页 > 通知公告\n浏览次数：12\n", encoding="utf-8")
    result = runner.invoke(app, ["make", str(articles), "--show", str(folder), "--cache-dir", str(tmp_path / "c")])
    assert result.exit_code == 2, result.output
    assert "2 of 3 made, 1 failed" in flat(result.output)
    assert "zz-chrome.txtfailed" in re.sub(r"[\s│]", "", result.output)  # the summary table names it
    assert {e.title for e in items(folder)} == {"停水通知", "防汛提醒"}
    result = runner.invoke(app, ["make", "nope.txt", "--show", str(tmp_path / "not-a-show")])
    assert result.exit_code == 2 and "is not a show" in flat(result.output)


def test_read_show_refuses_unknown_fields_and_wrong_types(tmp_path: Path) -> None:
    (tmp_path / "show.toml").write_text(f'title = "之声"\nbase_url = "{BASE}"\nexplcit = true\n', encoding="utf-8")
    with pytest.raises(tingjian.ConfigError, match="unknown field 'explcit'"):
        read_show(tmp_path)
    (tmp_path / "show.toml").write_text(f'title = "之声"\nbase_url = "{BASE}"\nexplicit = "no"\n', encoding="utf-8")
    with pytest.raises(tingjian.ConfigError, match="explicit has the wrong type"):
        read_show(tmp_path)
