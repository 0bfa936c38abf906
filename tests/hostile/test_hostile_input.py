"""Hostile input ends in one clear line and bounded memory: zip bombs, endless stdin."""

from __future__ import annotations

import io
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tingjian.devtools.fake_edge import FakeEdgeServer
from tingjian.errors import InputError
from tingjian.text.formats import docx_to_text

from conftest import run_tingjian


def _bomb(tmp_path: Path, filler: bytes, mib: int) -> Path:
    """A .docx whose document.xml unpacks to `mib` MiB of `filler` (it compresses to almost nothing)."""
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z, z.open("word/document.xml", "w", force_zip64=True) as f:
        f.write(b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>')
        chunk = filler * (1024 * 1024 // len(filler))
        for _ in range(mib):
            f.write(chunk)
        f.write(b"</w:body></w:document>")
    return path


@pytest.mark.parametrize("filler", [b"<w:p/>", b" "])
def test_a_docx_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path, filler: bytes) -> None:
    bomb = _bomb(tmp_path, filler, 1024)
    assert bomb.stat().st_size < 8 * 1024 * 1024
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(InputError, match="too large to be an article"):
        docx_to_text(bomb.read_bytes())
    grown_mib = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mib < 100


def test_endless_stdin_is_cut_at_the_input_limit_with_one_clear_line(tmp_path: Path) -> None:
    # `yes` never ends: tingjian must stop reading, say why, and exit 2.
    yes = subprocess.Popen(["yes", "社区通知：明天停水。"], stdout=subprocess.PIPE)
    proc = subprocess.run(
        [sys.executable, "-m", "tingjian", "plan", "-", "--engine", "kokoro"],
        stdin=yes.stdout,
        capture_output=True,
        timeout=120,
        check=False,
    )
    yes.kill()
    assert proc.returncode == 2
    assert "too large for one episode" in proc.stderr.decode()
    assert proc.stderr.decode().count("\n") <= 3
    assert b"Traceback" not in proc.stderr


def test_a_small_real_docx_still_reads(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(
            "word/document.xml",
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
            "<w:p><w:r><w:t>停水通知</w:t></w:r></w:p><w:p><w:r><w:t>明天上午停水。</w:t></w:r></w:p>"
            "</w:body></w:document>",
        )
    assert docx_to_text(buf.getvalue()).splitlines()[0] == "停水通知"


def test_a_title_with_line_breaks_cannot_add_lines_to_cue_or_lrc_files(edge_server: object, tmp_path: Path) -> None:
    import tingjian
    from tingjian.audio.inspect import inspect_file

    title = '[CHAPTER]\nFILE "evil.wav" WAVE\n[ti:x]'
    ep = tingjian.make(
        text="通知\n\n明天上午停水。\n", title=title, engine="edge", output_dir=tmp_path, cache_dir=tmp_path / "c"
    )
    cue = ep.files["cue"].read_text(encoding="utf-8")
    assert sum(line.startswith("FILE") for line in cue.splitlines()) == 1
    lrc = ep.files["lrc"].read_text(encoding="utf-8").splitlines()
    assert sum(line.startswith("[ti:") for line in lrc) == 1
    info = inspect_file(ep.files["mp3"])  # "[CHAPTER]" in a tag is text, not a chapter section
    assert [c.title for c in info.chapters] == [c.title for c in ep.chapters]


@pytest.mark.parametrize("fault", ["garbage", "endless", "bad_json", "bad_header", "huge"])
def test_a_hostile_answer_fails_the_request_as_transient_and_is_never_cached(tmp_path: Path, fault: str) -> None:
    import asyncio

    from tingjian.devtools.fake_edge import FakeEdgeServer, FaultPlan
    from tingjian.speech.cache import CueCache
    from tingjian.speech.edge import EdgeEngine
    from tingjian.speech.engine import TransientEngineError

    with FakeEdgeServer(faults=FaultPlan(always={"停水": fault})) as server:  # type: ignore[dict-item]
        engine = EdgeEngine("zh-CN-XiaoxiaoNeural", url=server.url, timeout=10)
        with pytest.raises(TransientEngineError):
            asyncio.run(engine.synthesize("明天上午停水，请提前储水。"))
        good = asyncio.run(engine.synthesize("欢迎大家参加。"))
    assert good.data[:1] == b"\xff"
    assert CueCache(tmp_path).stats() == (0, 0)


def test_a_bad_answer_is_retried_and_the_run_names_the_cue_that_still_failed(tmp_path: Path) -> None:
    import tingjian
    from tingjian.devtools.fake_edge import FakeEdgeServer, FaultPlan

    with (
        FakeEdgeServer(faults=FaultPlan(always={"停水": "garbage"})) as server,
        pytest.raises(tingjian.SynthesisError, match="停水") as err,
    ):
        tingjian.make(text="通知\n\n明天上午停水。\n", engine="edge", edge_url=server.url, retries=1,
                          output_dir=tmp_path / "out", cache_dir=tmp_path / "c")  # fmt: skip
    assert "bad-audio" in err.value.message
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_a_read_only_output_folder_is_refused_before_any_synthesis(edge_server: FakeEdgeServer, tmp_path: Path) -> None:
    import tingjian

    target = tmp_path / "a-file"
    target.write_text("not a folder", encoding="utf-8")
    with pytest.raises(tingjian.ConfigError, match="cannot write episodes"):
        tingjian.make(text="通知\n\n明天上午停水。\n", engine="edge", output_dir=target, cache_dir=tmp_path / "c")
    assert edge_server.requests == []


def test_a_cache_that_cannot_be_written_is_warned_about_once_and_the_run_goes_on(
    edge_server: object, tmp_path: Path
) -> None:
    import tingjian

    cache = tmp_path / "cache-is-a-file"
    cache.write_text("x", encoding="utf-8")
    notes: list[str] = []

    class Notes(tingjian.SilentReporter):
        def stage(self, name: str) -> None:
            notes.append(name)

    ep = tingjian.make(text="通知\n\n明天上午停水。\n", engine="edge", output_dir=tmp_path / "o", cache_dir=cache,
                       reporter=Notes())  # fmt: skip
    assert ep.files["mp3"].is_file()
    assert sum("cue cache could not be written" in n for n in notes) == 1


def test_edge_with_no_network_stops_asking_and_says_engine_unavailable(tmp_path: Path) -> None:
    import tingjian
    from tingjian.devtools.fake_edge import FakeEdgeServer

    with FakeEdgeServer() as server:
        dead = server.url  # the server is gone once this block ends: the port refuses
    text = "通知\n\n" + "".join(f"第{i}句话要说清楚。\n\n" for i in range(30))
    with pytest.raises(tingjian.EngineUnavailable, match="cannot be reached") as err:
        tingjian.make(text=text, engine="edge", edge_url=dead, output_dir=tmp_path, cache_dir=tmp_path / "c")
    assert err.value.exit_code == 3 and "--engine kokoro" in (err.value.hint or "")


def test_a_named_edge_voice_with_no_network_is_an_error_not_another_voice(tmp_path: Path) -> None:
    import tingjian

    with pytest.raises(tingjian.EngineUnavailable, match="--voice zh-CN-YunxiNeural needs Edge"):
        tingjian.plan(text="通知\n\n明天停水。\n", voice="zh-CN-YunxiNeural", edge_url="ws://127.0.0.1:9/x?T=t")
    plan = tingjian.plan(
        text="通知\n\n明天停水。\n", voice="zh-CN-YunxiNeural", edge_url="ws://127.0.0.1:9/x?T=t", fallback="kokoro"
    )
    assert plan.engine.name == "kokoro"


def test_a_full_disk_while_writing_gives_one_clear_error_and_no_partial_episode(
    edge_server: FakeEdgeServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    import tingjian

    real_write = Path.write_text

    def full_disk(self: Path, *args: object, **kwargs: object) -> int:
        if self.suffix == ".srt":
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "write_text", full_disk)
    with pytest.raises(tingjian.OutputError, match="No space left on device") as err:
        tingjian.make(
            text="通知\n\n明天上午停水。\n", engine="edge", output_dir=tmp_path / "o", cache_dir=tmp_path / "c"
        )
    assert err.value.exit_code == 4
    assert sorted(p.name for p in (tmp_path / "o").iterdir()) == []  # no staging folder, no lock, no episode


def test_inspect_on_a_text_file_says_it_is_not_audio(tmp_path: Path) -> None:
    from tingjian.audio.inspect import inspect_file

    page = tmp_path / "notes.txt"
    page.write_text("不是音频", encoding="utf-8")
    with pytest.raises(InputError, match="not an audio file"):
        inspect_file(page)


@pytest.mark.parametrize("url", ["ftp://example.com/tts", "not a url", "http://127.0.0.1:9/x"])
def test_an_edge_endpoint_that_is_not_a_websocket_address_is_refused_up_front(url: str) -> None:
    import tingjian

    with pytest.raises(tingjian.ConfigError, match="not a ws:// or wss:// address"):
        tingjian.Settings(edge_url=url)


def test_a_file_that_mixes_utf8_and_gbk_is_called_mixed_not_binary(tmp_path: Path) -> None:
    from tingjian.text.read import read_source

    page = tmp_path / "mixed.txt"
    page.write_bytes("停水通知\n明天上午停水，".encode() + "请大家提前储水。".encode("gbk") + "谢谢。\n".encode())
    with pytest.raises(InputError, match="mixes encodings"):
        read_source(page)


def test_plan_json_of_a_long_article_streams_out_in_bounded_memory(tmp_path: Path) -> None:
    article = tmp_path / "long.txt"
    paragraph = "社区今天组织志愿者打扫楼道，居民们纷纷参与，大家一起把楼道打扫得干干净净。"
    article.write_text("通知\n\n" + "".join(f"第{i}段：{paragraph}\n\n" for i in range(40_000)), encoding="utf-8")
    size_mib = article.stat().st_size / 2**20
    run = run_tingjian(["plan", str(article), "--json", "--engine", "kokoro"], tmp_path)
    assert run.code == 0, run.stderr[-500:]
    assert run.stdout.count('"role": "body"') == 40_000
    # The libraries take about 100-150 MiB whatever the input; the plan itself stays near 10x
    # the article (it was 176x through rich's pretty printer: 891 MB for 5 MB).
    assert run.peak_mib < 150 + 25 * size_mib, f"{run.peak_mib:.0f} MiB for a {size_mib:.1f} MiB article"


def test_a_saved_gbk_page_with_a_few_broken_bytes_is_read_without_them(tmp_path: Path) -> None:
    from tingjian.text.read import read_source

    page = tmp_path / "page.html"
    body = "<p>社区食堂开张以来，每天中午为辖区老人提供热乎的午饭，价格实惠，口味清淡。</p>" * 40
    data = f"<html><head><meta charset=gb2312></head><body>{body}</body></html>".encode("gbk")
    cut = data.index("午饭".encode("gbk"))
    page.write_bytes(data[:cut] + b"\xb0" + data[cut + 2 :])  # half a character, as sites cut text
    text = read_source(page).text
    assert "社区食堂开张以来" in text and "\ufffd" not in text
