"""The studio in a real headless Chromium (Playwright, with the system's Chromium): a
community worker pastes the seed article, checks the plan, previews a sentence, makes the
episode, reloads the page mid-job, plays it, jumps to a chapter and downloads it. Every page
passes axe-core's WCAG A/AA rules with no serious or critical violation. Screenshots are
saved in test-artifacts/studio/ to be looked at."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tingjian.devtools.fake_edge import FakeEdgeServer, LatencyModel
from tingjian.studio import Studio, create_app

from conftest import FIXTURES, ROOT

playwright_api = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is a test extra: pip install -e '.[test]'"
)
uvicorn = pytest.importorskip("uvicorn")

CHROMIUM_PATHS = ("/usr/lib/chromium/chromium", "/usr/lib/chromium-browser/chromium-browser")
ARTIFACTS = ROOT / "test-artifacts" / "studio"
AXE = FIXTURES / "axe" / "axe.min.js"


def chromium() -> str:
    found = os.environ.get("TINGJIAN_CHROMIUM") or next((p for p in CHROMIUM_PATHS if Path(p).exists()), None)
    if not found:
        pytest.skip("no Chromium here (apt-get install chromium, or set TINGJIAN_CHROMIUM); .ci/run installs it")
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def studio_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("studio")
    # Slow enough that a reload lands mid-job, fast enough for CI.
    with FakeEdgeServer(latency=LatencyModel(ttfb_ms=40, stream_factor=0.02, max_connections=4)) as edge:
        app = create_app(Studio(tmp / "out", tmp / "cache", edge.url))
        port = free_port()
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 30
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
        server.should_exit = True
        thread.join(timeout=30)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    path = chromium()
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, headless=True, args=["--autoplay-policy=no-user-gesture-required"])
        yield b
        b.close()


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(accept_downloads=True, locale="zh-CN", viewport={"width": 1100, "height": 900})
    p = context.new_page()
    yield p
    context.close()


def shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def serious_violations(page: Any) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa']}})"
    )
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes, e.g. {v['nodes'][0]['html'][:120]})"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_a_worker_pastes_plans_previews_makes_reloads_plays_jumps_and_downloads(
    page: Any, studio_url: str, tmp_path: Path, seed_path: Path
) -> None:
    seed = seed_path.read_text(encoding="utf-8")
    page.goto(studio_url + "/")
    assert page.title() == "听见 制作室"
    assert serious_violations(page) == []
    page.get_by_label("文章内容").fill(seed)
    shot(page, "1-home-pasted")
    page.get_by_role("button", name="查看朗读计划").click()

    page.wait_for_selector("h1:has-text('朗读计划')")
    assert page.locator("ol.chapters > li").count() >= 3
    assert page.locator(".cue .speech").count() > 0  # numbers as they will be spoken
    assert serious_violations(page) == []
    shot(page, "2-plan")

    # 试听: one sentence plays in the page.
    page.locator("button.preview").nth(1).click()
    page.wait_for_function("document.getElementById('player-status').textContent.includes('正在播放')")
    assert page.evaluate("document.getElementById('preview-audio').src").startswith("blob:")

    # Click a word: it goes into the pronunciation form, the cursor into 读作.
    word = page.locator(".cue .w").nth(3)
    picked = word.text_content()
    word.click()
    assert page.get_by_label("词语").input_value() == picked
    assert page.evaluate("document.activeElement.id") == "spoken"

    page.get_by_role("button", name="开始制作").click()
    page.wait_for_url("**/episodes/*")
    page.wait_for_selector("#progress-box")
    shot(page, "3-progress")
    page.wait_for_function("Number(document.getElementById('progress').value) > 0")
    page.reload()  # mid-job: the progress is still there and still moving
    page.wait_for_selector("h2:has-text('收听')", timeout=180_000)
    assert page.locator("#status").text_content() == "已完成"
    assert serious_violations(page) == []
    shot(page, "4-episode")

    # Play, then jump to the third chapter.
    page.evaluate("document.getElementById('player').muted = true")
    page.locator("#player").evaluate("a => a.play()")
    page.wait_for_function("document.getElementById('player').currentTime > 0")
    seek = page.locator("button.seek").nth(2)
    start = float(seek.get_attribute("data-start") or 0)
    seek.click()
    page.wait_for_function(f"Math.abs(document.getElementById('player').currentTime - {start}) < 2")

    with page.expect_download() as download:
        page.get_by_role("link", name="全部文件（zip）").click()
    saved = tmp_path / "episode.zip"
    download.value.save_as(saved)
    assert saved.stat().st_size > 100_000
    shutil.unpack_archive(saved, tmp_path / "unzipped")
    assert any(p.suffix == ".mp3" for p in (tmp_path / "unzipped").iterdir())


def test_keyboard_alone_reaches_the_article_box_and_the_plan_button(page: Any, studio_url: str) -> None:
    page.goto(studio_url + "/")
    order = []
    for _ in range(12):
        page.keyboard.press("Tab")
        order.append(page.evaluate("document.activeElement.id || document.activeElement.textContent.trim()"))
    assert order[0] == "跳到正文"
    assert order.index("text") < order.index("file") < order.index("查看朗读计划")
    page.keyboard.press("Shift+Tab")
    shot(page, "5-keyboard-focus")


def test_the_shows_listening_page_plays_and_seeks_to_a_chapter(page: Any, tmp_path: Path) -> None:
    import functools
    import http.server

    import tingjian
    from tingjian.show import ShowConfig, build_show, init_show

    folder = tmp_path / "show"
    port = free_port()
    init_show(folder, ShowConfig(title="幸福里之声", base_url=f"http://127.0.0.1:{port}", description="社区通知和故事"))
    text = "停水通知\n\n明天上午停水，请提前储水。\n\n## 注意事项\n\n请关好水龙头。\n\n## 联系方式\n\n有困难请拨打12345。\n"
    with FakeEdgeServer() as edge:
        tingjian.make(text=text, engine="edge", edge_url=edge.url, output_dir=folder, cache_dir=tmp_path / "c")
    build_show(folder)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        page.goto(f"http://127.0.0.1:{port}/index.html")
        assert page.locator("h1").text_content() == "幸福里之声"
        assert serious_violations(page) == []
        page.evaluate("document.querySelectorAll('audio').forEach(a => a.muted = true)")
        page.get_by_role("button", name="▶ 播放").click()
        page.wait_for_function("document.querySelector('audio').currentTime > 0")
        assert page.locator("button.play").text_content() == "❚❚ 暂停"
        seek = page.locator("button.seek").nth(2)
        start = float(seek.get_attribute("data-start") or 0)
        assert start > 1
        seek.click()
        page.wait_for_function(f"Math.abs(document.querySelector('audio').currentTime - {start}) < 1.5")
        shot(page, "6-show-page")
    finally:
        server.shutdown()


def test_choosing_broadcast_ticks_listening_and_a_misheard_sentence_is_listed_with_a_play_button(
    page: Any, tmp_path: Path
) -> None:
    from tingjian.devtools.fake_edge import FaultPlan, offline_voice_mp3
    from tingjian.verify.model import available

    if (missing := available()) is not None:
        pytest.skip(f"--verify needs the listening extra: pip install 'tingjian[verify]' ({missing})")
    notice = "停水通知\n\n本周六上午九点到十二点停水。\n\n请到一楼报名参加免费体检。\n\n请大家相互转告。\n"
    edge = FakeEdgeServer(speak=offline_voice_mp3, faults=FaultPlan(always={"报名": "silent"}))
    with edge:
        app = create_app(Studio(tmp_path / "out", tmp_path / "cache", edge.url))
        port = free_port()
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        try:
            page.goto(f"http://127.0.0.1:{port}/")
            page.get_by_label("文章内容").fill(notice)
            page.get_by_role("button", name="查看朗读计划").click()
            page.wait_for_selector("h1:has-text('朗读计划')")
            assert not page.get_by_label("听写核对").is_checked()
            page.get_by_label("用途").select_option("broadcast")  # the broadcast preset listens
            assert page.get_by_label("听写核对").is_checked()
            page.get_by_role("button", name="开始制作").click()
            page.wait_for_selector("h2:has-text('听写核对')", timeout=180_000)
            assert serious_violations(page) == []
            flagged = page.locator("ol.flagged > li")
            assert flagged.count() == 1
            assert "请到一楼报名参加免费体检" in (flagged.first.text_content() or "")
            shot(page, "5-misheard")
            page.evaluate("document.getElementById('player').muted = true")
            button = page.get_by_role("button", name="试听第 3 句")
            start = float(button.get_attribute("data-start") or 0)
            button.click()
            page.wait_for_function(
                f"!document.getElementById('player').paused && "
                f"Math.abs(document.getElementById('player').currentTime - {start}) < 1.5"
            )
        finally:
            server.should_exit = True
            thread.join(timeout=30)
