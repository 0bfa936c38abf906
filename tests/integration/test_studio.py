"""The studio's pages and JSON API, through a real ASGI client against the local Edge server:
paste -> plan -> make -> progress -> episode page, previews from the cache, the lexicon,
restored chrome lines, uploads, jobs that survive a restart, and its security."""

from __future__ import annotations

import io
import json
import re
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the studio needs fastapi (a dependency of tingjian)")
from fastapi.testclient import TestClient

import tingjian
from tingjian.devtools.fake_edge import FakeEdgeServer, LatencyModel
from tingjian.speech.cache import CueCache
from tingjian.studio import Studio, create_app

NOTICE = (
    "关于小区停水的通知\n\n"
    "各位居民：因管道检修，明天上午8:00-12:00停水，请提前储水。\n\n"
    "## 注意事项\n\n"
    "请关好水龙头。行动不便的老人，请拨打12345联系网格员。\n\n"
    "浏览次数：1024\n"
)


def client_for(studio: Studio, **kwargs: Any) -> TestClient:
    return TestClient(create_app(studio, **kwargs), follow_redirects=False)


@pytest.fixture()
def studio(tmp_path: Path, edge_server: FakeEdgeServer) -> Studio:
    return Studio(tmp_path / "out", tmp_path / "cache", edge_server.url)


@pytest.fixture()
def client(studio: Studio) -> Iterator[TestClient]:
    with client_for(studio) as c:
        c.get("/")  # the CSRF cookie
        yield c


def csrf(client: TestClient) -> str:
    return client.cookies.get("tj_csrf") or ""


def wait(client: TestClient, job_id: str, until: tuple[str, ...] = ("done", "failed", "cancelled")) -> dict[str, Any]:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        job = client.get(f"/api/episodes/{job_id}").json()
        if job["status"] in until:
            return job  # type: ignore[no-any-return]
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} still {job['status']}")


def plan_form(client: TestClient, text: str = NOTICE, **fields: Any) -> dict[str, Any]:
    return {"csrf": csrf(client), "text": text, "engine": "edge", "action": "plan", **fields}


# --- the flow -----------------------------------------------------------------------


def test_paste_plan_make_and_the_episode_page_has_player_chapters_loudness_and_downloads(client: TestClient) -> None:
    page = client.post("/plan", data=plan_form(client))
    assert page.status_code == 200
    assert "朗读计划：关于小区停水的通知" in page.text
    assert "读作：" in page.text and "八点到十二点" in page.text  # numbers as they will be spoken
    assert "注意事项" in page.text and "浏览次数：1024" in page.text  # a chapter; a dropped line shown

    made = client.post("/plan", data=plan_form(client, action="make"))
    assert made.status_code == 303
    job_id = made.headers["location"].rsplit("/", 1)[-1]
    job = wait(client, job_id)
    assert job["status"] == "done" and job["progress"]["done"] == job["progress"]["total"] > 0

    episode = client.get(f"/episodes/{job_id}").text
    assert '<audio id="player"' in episode and "关于小区停水的通知.mp3" in episode
    assert re.search(r'class="seek" data-start="[\d.]+"', episode)  # clickable chapters
    assert "LUFS" in episode and "dBTP" in episode
    assert f"/api/episodes/{job_id}/zip" in episode and "字幕（SRT）" in episode
    assert "浏览次数" not in " ".join(f["name"] for f in job["files"])


def test_the_api_makes_an_episode_lists_its_files_serves_ranges_and_zips_them(client: TestClient) -> None:
    started = client.post("/api/episodes", json={"text": NOTICE, "engine": "edge", "formats": ["mp3", "wav"]})
    assert started.status_code == 202
    job = wait(client, started.json()["id"])
    names = {f["name"]: f for f in job["files"]}
    mp3 = next(n for n, f in names.items() if f["kind"] == "mp3")
    assert any(f["kind"] == "wav" for f in names.values())

    part = client.get(f"/api/episodes/{job['id']}/files/{mp3}", headers={"Range": "bytes=0-99"})
    assert part.status_code == 206 and len(part.content) == 100 and part.headers["content-type"] == "audio/mpeg"
    whole = client.get(f"/api/episodes/{job['id']}/files/{mp3}")
    assert len(whole.content) == names[mp3]["size"]
    vtt = next(n for n, f in names.items() if f["kind"] == "vtt")
    assert client.get(f"/api/episodes/{job['id']}/files/{vtt}").headers["content-type"].startswith("text/vtt")

    archive = zipfile.ZipFile(io.BytesIO(client.get(f"/api/episodes/{job['id']}/zip").content))
    assert sorted(archive.namelist()) == sorted(names)
    assert [e["id"] for e in client.get("/api/episodes").json()] == [job["id"]]

    assert client.delete(f"/api/episodes/{job['id']}").status_code == 204
    assert client.get(f"/api/episodes/{job['id']}").status_code == 404
    assert client.get("/api/episodes").json() == []


def test_api_plan_is_the_same_document_as_plan_json(client: TestClient, studio: Studio) -> None:
    got = client.post("/api/plan", json={"text": NOTICE, "engine": "edge"}).json()
    want = tingjian.plan(
        text=NOTICE, engine="edge", edge_url=studio.edge_url, lexicon_file=studio.lexicon_file, normalize=True
    )
    assert got == json.loads(json.dumps(want.to_dict()))


def test_a_preview_is_synthesized_once_then_comes_from_the_cache(
    client: TestClient, studio: Studio, edge_server: FakeEdgeServer
) -> None:
    form = {"text": NOTICE, "engine": "edge", "index": "2"}
    first = client.post("/api/preview", data=form)
    assert first.status_code == 200 and first.headers["content-type"] == "audio/mpeg"
    assert first.content[:1] == b"\xff" or first.content[:3] == b"ID3"
    asked = len(edge_server.requests)
    assert CueCache(studio.cache_dir or Path()).stats()[0] == 1
    again = client.post("/api/preview", data=form)
    assert again.content == first.content and len(edge_server.requests) == asked  # no new request

    bad = client.post("/api/preview", data={**form, "index": "999"})
    assert bad.status_code == 400 and "no cue 999" in bad.json()["error"]


def test_a_pronunciation_fix_goes_into_the_lexicon_and_later_plans_use_it(client: TestClient) -> None:
    page = client.post("/plan", data=plan_form(client, action="lexicon", written="网格员", spoken="网格管理员"))
    assert page.status_code == 200
    assert client.get("/api/lexicon").json() == {"网格员": "网格管理员"}
    plan = client.post("/api/plan", json={"text": NOTICE, "engine": "edge"}).json()
    spoken = [c["speech"] for ch in plan["chapters"] for c in ch["cues"]]
    assert any("网格管理员" in s for s in spoken)
    client.post("/plan", data=plan_form(client, action="unlexicon:网格员"))
    assert client.get("/api/lexicon").json() == {}


def test_a_dropped_line_can_be_restored_and_is_then_read(client: TestClient) -> None:
    plan = client.post("/api/plan", json={"text": NOTICE, "engine": "edge"}).json()
    assert "浏览次数：1024" in [d["text"] for d in plan["dropped"]]
    kept = client.post("/api/plan", json={"text": NOTICE, "engine": "edge", "keep": ["浏览次数"]}).json()
    assert any("浏览次数" in c["text"] for ch in kept["chapters"] for c in ch["cues"])
    page = client.post("/plan", data={**plan_form(client), "keep": ["浏览次数：1024"]})
    assert 'value="浏览次数：1024" checked' in page.text


def test_an_uploaded_html_page_is_read_as_its_article(client: TestClient) -> None:
    html = (
        "<html><head><title>停水通知_幸福里社区</title></head><body><nav>首页 &gt; 通知公告</nav>"
        "<article><h1>停水通知</h1><p>明天上午停水，请提前储水。</p><p>谢谢大家的配合。</p></article></body></html>"
    )
    files = {"file": ("notice.html", html.encode(), "text/html")}
    page = client.post("/plan", data=plan_form(client, text=""), files=files)
    assert page.status_code == 200 and "朗读计划：停水通知" in page.text
    assert "明天上午停水" in page.text


def test_an_intro_jingle_uploaded_with_the_make_form_plays_before_the_voice(client: TestClient) -> None:
    import math
    import struct
    import wave

    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(24000)
        w.writeframes(b"".join(struct.pack("<h", int(8000 * math.sin(i / 10))) for i in range(24000 * 3)))
    files = {"intro": ("jingle.wav", buf.getvalue(), "audio/wav")}
    made = client.post("/plan", data=plan_form(client, action="make"), files=files)
    job_id = made.headers["location"].rsplit("/", 1)[-1]
    job = wait(client, job_id)
    assert job["status"] == "done", job
    plain = wait(client, client.post("/api/episodes", json={"text": NOTICE, "engine": "edge"}).json()["id"])
    manifest = {j["id"]: client.get(f"/api/episodes/{j['id']}/files/manifest.json").json() for j in (job, plain)}
    assert manifest[job_id]["settings"]["intro_music"].endswith("intro.wav")
    assert (
        manifest[job_id]["duration_ms"] > manifest[plain["id"]]["duration_ms"] + 1000
    )  # the voice starts over its tail
    bad = client.post("/plan", data=plan_form(client, action="make"), files={"intro": ("x.exe", b"MZ", "x")})
    assert bad.status_code == 422 and "片头音乐需要是音频文件" in bad.text


def test_title_and_chapters_can_be_edited_before_making(client: TestClient) -> None:
    text = NOTICE.replace("请关好水龙头。", "请关好水龙头。\n\n## 联系方式\n\n")
    plan = client.post("/api/plan", json={"text": text, "engine": "edge", "title": "明天停水"}).json()
    assert plan["title"] == "明天停水"
    assert [ch["title"] for ch in plan["chapters"]][-2:] == ["注意事项", "联系方式"]


def test_the_listening_box_follows_the_preset_and_an_unticked_box_means_off(client: TestClient, studio: Studio) -> None:
    from tingjian.studio.web import options_from
    from tingjian.verify.model import available

    def box(page: str) -> str:
        found = re.search(r'<input type="checkbox" id="verify"[^>]*>', page)
        assert found, "no 听写核对 box"
        return found.group(0)

    podcast = box(client.post("/plan", data=plan_form(client)).text)
    broadcast = box(client.post("/plan", data=plan_form(client, preset="broadcast")).text)
    if available() is None:
        assert "checked" not in podcast and "checked" in broadcast  # the broadcast preset listens
    else:
        assert "disabled" in broadcast and "checked" not in broadcast
    # The form sends a hidden 0 before the box: unticked is an explicit no, even for broadcast;
    # ticked, it sends 0 and 1.
    assert options_from({"preset": "broadcast", "verify": "0"})["verify"] is False
    assert options_from({"preset": "broadcast", "verify": ["0", "1"]})["verify"] is True
    assert options_from({"verify": True})["verify"] is True and options_from({"verify": False})["verify"] is False
    assert "verify" not in options_from({"preset": "broadcast"})  # the API: as the preset says
    job = client.post("/plan", data=plan_form(client, preset="broadcast", action="make", verify="0"))
    job_id = job.headers["location"].rsplit("/", 1)[-1]
    assert wait(client, job_id)["status"] == "done"
    (manifest,) = studio.job_dir(job_id).rglob("manifest.json")
    assert json.loads(manifest.read_text(encoding="utf-8"))["verify"] is None  # not heard


def test_bad_options_and_empty_articles_get_one_clear_message(client: TestClient) -> None:
    assert client.post("/api/episodes", json={"text": ""}).json()["error"].startswith("give the article")
    r = client.post("/api/episodes", json={"text": NOTICE, "preset": "loud"})
    assert r.status_code == 400 and "unknown preset" in r.json()["error"]
    page = client.post("/plan", data=plan_form(client, text="   "))
    assert page.status_code == 422 and "请粘贴文章或上传文件" in page.text


# --- jobs that outlive a page or a server ----------------------------------------------------


def test_a_job_can_be_cancelled_and_publishes_nothing(tmp_path: Path) -> None:
    with FakeEdgeServer(latency=LatencyModel(ttfb_ms=300, max_connections=1)) as slow:
        studio = Studio(tmp_path / "out", tmp_path / "cache", slow.url)
        with client_for(studio) as c:
            job_id = c.post("/api/episodes", json={"text": NOTICE, "engine": "edge"}).json()["id"]
            wait(c, job_id, until=("running",))
            assert c.post(f"/api/episodes/{job_id}/cancel").status_code == 202
            assert wait(c, job_id, until=("cancelled",))["files"] == []
    assert [p.name for p in (tmp_path / "out" / job_id).iterdir()] == ["article.txt"]


def test_a_running_job_is_interrupted_by_a_restart_and_resumes_from_the_cache(tmp_path: Path) -> None:
    with FakeEdgeServer(latency=LatencyModel(ttfb_ms=200, max_connections=1)) as slow:
        studio = Studio(tmp_path / "out", tmp_path / "cache", slow.url)
        with client_for(studio) as c:
            first = c.post("/api/episodes", json={"text": NOTICE, "engine": "edge"}).json()["id"]
            second = c.post("/api/episodes", json={"text": NOTICE.replace("停水", "停电"), "engine": "edge"}).json()[
                "id"
            ]
            deadline = time.monotonic() + 60
            while c.get(f"/api/episodes/{first}").json()["progress"]["done"] < 2 and time.monotonic() < deadline:
                time.sleep(0.05)
        # The server stopped mid-job: the running job is interrupted, the queued one still queued.
        with client_for(studio) as c:
            states = {j["id"]: j["status"] for j in c.get("/api/episodes").json()}
            assert states[first] == "interrupted"
            assert wait(c, second)["status"] == "done"  # a queued job resumes by itself
            requests_before = len(slow.requests)
            c.get("/")
            assert c.post(f"/episodes/{first}/resume", data={"csrf": csrf(c)}).status_code == 303
            assert wait(c, first)["status"] == "done"
            # Cues finished before the restart came from the cache.
            assert len(slow.requests) - requests_before < c.get(f"/api/episodes/{first}").json()["progress"]["total"]


def test_the_progress_stream_sends_the_jobs_state_until_it_is_done(client: TestClient) -> None:
    job_id = client.post("/api/episodes", json={"text": NOTICE, "engine": "edge"}).json()["id"]
    with client.stream("GET", f"/api/episodes/{job_id}/events") as events:
        states = [json.loads(line[6:]) for line in events.iter_lines() if line.startswith("data: ")]
    assert states[-1]["status"] == "done" and states[-1]["status_name"] == "已完成"
    assert all(s["progress"]["done"] <= s["progress"]["total"] or s["progress"]["total"] == 0 for s in states)
    page = client.get(f"/episodes/{job_id}").text
    assert "progress-box" not in page  # a reloaded page of a finished job shows the episode, not progress


# --- security -------------------------------------------------------------------------------


def test_article_strings_are_escaped_in_every_page(client: TestClient) -> None:
    text = '<script>alert(1)</script>通知\n\n<img src=x onerror="alert(2)">明天停水，请储水。\n'
    page = client.post("/plan", data=plan_form(client, text=text, title="<b onmouseover=alert(3)>标题</b>"))
    assert "<script>alert(1)" not in page.text and "<img src=x" not in page.text and "<b onmouseover" not in page.text
    assert "&lt;b onmouseover=alert(3)&gt;" in page.text
    job_id = client.post("/api/episodes", json={"text": text, "engine": "edge"}).json()["id"]
    wait(client, job_id)
    for url in ("/", f"/episodes/{job_id}"):
        body = client.get(url).text
        assert "<script>alert" not in body and 'onerror="alert' not in body


def test_downloads_never_leave_the_episode_folder(client: TestClient, studio: Studio) -> None:
    job = wait(client, client.post("/api/episodes", json={"text": NOTICE, "engine": "edge"}).json()["id"])
    base = f"/api/episodes/{job['id']}/files/"
    secret = studio.output_dir / "secret.txt"
    secret.write_text("secret", encoding="utf-8")
    for name in (
        "../../secret.txt",
        "..%2F..%2Fsecret.txt",
        "%2Fetc%2Fpasswd",
        "/etc/passwd",
        "manifest.json/../../studio.db",
    ):
        r = client.get(base + name)
        assert r.status_code == 404 and "secret" not in r.text, name
    srt = next(f["name"] for f in job["files"] if f["kind"] == "srt")
    folder = next(p for p in (studio.output_dir / job["id"]).iterdir() if p.is_dir())
    (folder / srt).unlink()
    (folder / srt).symlink_to(secret)
    assert client.get(base + srt).status_code == 404


def test_an_upload_over_the_limit_gets_a_clear_413(studio: Studio) -> None:
    with client_for(studio, max_body=64 * 1024) as c:
        r = c.post("/api/episodes", json={"text": "停水。" * 20_000})
        assert r.status_code == 413 and "太大" in r.json()["error"]

        def chunks() -> Iterator[bytes]:  # no Content-Length: counted while it is read
            for _ in range(100):
                yield b"x" * 1024

        r = c.post("/api/plan", content=chunks(), headers={"content-type": "application/json"})
        assert r.status_code == 413


def test_forms_without_the_token_and_requests_from_other_sites_are_refused(client: TestClient) -> None:
    assert client.post("/plan", data={"text": NOTICE}).status_code == 403
    other = {"Origin": "http://evil.example"}
    assert client.post("/plan", data=plan_form(client), headers=other).status_code == 403
    assert client.post("/api/episodes", json={"text": NOTICE}, headers=other).status_code == 403
    assert (
        client.post("/api/episodes", json={"text": NOTICE}, headers={"Sec-Fetch-Site": "cross-site"}).status_code == 403
    )
    assert client.get("/api/episodes", headers=other).status_code == 200  # reading is not changing


def test_with_a_password_everything_needs_a_login_with_a_strict_httponly_cookie(studio: Studio) -> None:
    with client_for(studio, password="s3cret") as c:
        assert c.get("/").status_code == 303 and c.get("/").headers["location"].startswith("/login")
        assert c.get("/api/episodes").status_code == 401
        assert c.get("/static/studio.css").status_code == 200
        c.get("/login")
        assert c.post("/login", data={"csrf": csrf(c), "password": "wrong", "next": "/"}).status_code == 401
        ok = c.post("/login", data={"csrf": csrf(c), "password": "s3cret", "next": "//evil.example/"})
        assert ok.status_code == 303 and ok.headers["location"] == "/"
        cookie = ok.headers["set-cookie"]
        assert (
            "tj_session=" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
        )
        assert c.get("/").status_code == 200
    with client_for(studio, password="s3cret") as script:
        assert script.get("/api/episodes", auth=("any", "s3cret")).status_code == 200
        assert script.get("/api/episodes", auth=("any", "nope")).status_code == 401


def test_errors_never_show_a_stack_trace(studio: Studio, monkeypatch: pytest.MonkeyPatch) -> None:
    app = create_app(studio)
    with TestClient(app, raise_server_exceptions=False) as client:
        monkeypatch.setattr(app.state.jobs.store, "all", lambda: 1 / 0)
        for url in ("/", "/api/episodes"):
            r = client.get(url)
            assert r.status_code == 500 and "Traceback" not in r.text and "ZeroDivisionError" not in r.text
        assert client.get("/api/episodes/nope").json() == {"error": "没有这个节目。"}
        assert "没有这个页面" in client.get("/no/such/page").text


def test_the_studio_refuses_to_listen_beyond_this_machine_without_a_password() -> None:
    from typer.testing import CliRunner

    from tingjian.cli import app

    result = CliRunner().invoke(
        app, ["studio", "--host", "0.0.0.0", "--no-browser"], env={"TINGJIAN_STUDIO_PASSWORD": ""}
    )
    assert result.exit_code == 2 and "needs a password" in result.output


# --- shows served by the studio -------------------------------------------------------------


def test_an_episode_published_to_a_show_is_in_its_feed_served_with_head_and_ranges(client: TestClient) -> None:
    import feedparser

    made = client.post("/shows", data={"csrf": csrf(client), "title": "幸福里之声", "author": "幸福里社区"})
    from urllib.parse import unquote

    assert made.status_code == 303 and unquote(made.headers["location"]) == "/shows/幸福里之声/index.html"
    job = wait(client, client.post("/api/episodes", json={"text": NOTICE, "engine": "edge"}).json()["id"])
    assert "发布到节目系列" in client.get(f"/episodes/{job['id']}").text
    published = client.post(f"/episodes/{job['id']}/publish", data={"csrf": csrf(client), "show": "幸福里之声"})
    assert published.status_code == 303, published.text

    feed = client.get("/shows/幸福里之声/feed.xml")
    assert feed.headers["content-type"].startswith("application/rss+xml")
    parsed = feedparser.parse(feed.content)
    (entry,) = parsed.entries
    assert entry.title == "关于小区停水的通知"
    enclosure = entry.enclosures[0].href
    assert enclosure.startswith("http://testserver/shows/")
    path = enclosure.removeprefix("http://testserver")
    head = client.head(path)
    assert (
        head.status_code == 200
        and head.content == b""
        and int(head.headers["content-length"]) == int(entry.enclosures[0].length)
    )
    part = client.get(path, headers={"Range": "bytes=10-19"})
    assert part.status_code == 206 and len(part.content) == 10 and part.headers["content-type"] == "audio/mpeg"
    assert "▶ 播放" in client.get("/shows/幸福里之声/index.html").text
    assert "幸福里之声" in client.get("/").text

    for bad in ("/shows/幸福里之声/../studio.db", "/shows/幸福里之声/%2E%2E/studio.db", "/shows/..%2Fout/feed.xml",
                "/shows/nope/feed.xml", "/shows/幸福里之声/.publishing-x/a.mp3"):  # fmt: skip
        r = client.get(bad)  # a client may normalize ../ away first: then it is another show page
        assert r.status_code in (404, 307) and b"SQLite format" not in r.content, bad
    again = client.post(f"/episodes/{job['id']}/publish", data={"csrf": csrf(client), "show": "幸福里之声"})
    assert (
        again.status_code == 303
        and len(feedparser.parse(client.get("/shows/幸福里之声/feed.xml").content).entries) == 1
    )


def test_tingjian_studio_serves_the_page_on_loopback_until_stopped(tmp_path: Path) -> None:
    import signal
    import socket
    import subprocess
    import sys
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "tingjian", "studio", "--no-browser", "--port", str(port), "-o", str(tmp_path / "o")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        page = ""
        while time.monotonic() < deadline and not page:
            try:
                page = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).read().decode("utf-8")
            except OSError:
                time.sleep(0.2)
        assert "把文章变成广播和播客" in page
        assert (tmp_path / "o" / "studio.db").is_file()
    finally:
        proc.send_signal(signal.SIGINT)
        out, _ = proc.communicate(timeout=30)
    assert f"http://127.0.0.1:{port}/" in out.decode("utf-8")
