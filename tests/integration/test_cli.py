"""The `tingjian` command as users run it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tingjian.cli import app
from tingjian.devtools.fake_edge import FakeEdgeServer

from conftest import EXAMPLE, FIXTURES, ffmpeg_chapters

runner = CliRunner()
TINY = FIXTURES / "input" / "tiny.txt"


def _make(*args: str, cache: Path) -> object:
    return runner.invoke(app, ["make", *args, "--cache-dir", str(cache)], catch_exceptions=False)


def test_make_with_edge_writes_a_chaptered_episode(edge_server: FakeEdgeServer, tmp_path: Path) -> None:
    result = _make(str(EXAMPLE), "-o", str(tmp_path), "--engine", "edge", cache=tmp_path / "c")
    assert result.exit_code == 0, result.output
    assert "zh-CN-XiaoxiaoNeural (edge)" in result.output
    assert "done:" in result.output and "4 chapters" in result.output
    (folder,) = [p for p in tmp_path.iterdir() if p.name != "c"]
    mp3 = next(folder.glob("*.mp3"))
    assert [c.title for c in ffmpeg_chapters(mp3)] == ["导语", "修好一盏路灯", "办好一张长者卡", "一盏灯"]
    assert len(edge_server.requests) >= 4  # TINGJIAN_EDGE_URL sent the client to the local server


def test_auto_falls_back_to_the_offline_voice_and_says_why(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TINGJIAN_EDGE_URL", "ws://127.0.0.1:9/edge/v1?TrustedClientToken=x")
    result = _make(str(TINY), "-o", str(tmp_path / "out"), cache=tmp_path / "c")
    assert result.exit_code == 0, result.output
    assert "offline voice" in result.output and "unreachable" in result.output
    manifest = json.loads(next((tmp_path / "out").glob("*/manifest.json")).read_text(encoding="utf-8"))
    assert manifest["engine"]["name"] == "kokoro" and "unreachable" in manifest["engine"]["reason"]
    assert manifest["duration_ms"] > 3000


def test_a_named_edge_voice_falls_back_to_its_offline_namesake_with_headings_by_theirs(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("TINGJIAN_EDGE_URL", "ws://127.0.0.1:9/edge/v1?TrustedClientToken=x")
    args = ["-o", str(tmp_path / "out"), "--voice", "zh-CN-YunxiNeural", "--fallback", "kokoro"]
    config = tmp_path / "tingjian.toml"
    config.write_text('heading_voice = "zh-CN-XiaoyiNeural"\n', encoding="utf-8")
    result = _make(str(TINY), *args, "--config", str(config), cache=tmp_path / "c")
    assert result.exit_code == 0, result.output
    manifest = json.loads(next((tmp_path / "out").glob("*/manifest.json")).read_text(encoding="utf-8"))
    assert manifest["engine"]["name"] == "kokoro" and manifest["engine"]["voice"] == "zm_yunxi"
    assert "headings by zf_xiaoyi" in manifest["engine"]["reason"]
    refused = _make(str(TINY), "-o", str(tmp_path / "o2"), "--voice", "zh-CN-YunxiNeural", cache=tmp_path / "c")
    assert refused.exit_code != 0 and "zm_yunxi" in refused.output  # named, never swapped unasked


def test_auto_uses_edge_when_the_service_answers(edge_server: FakeEdgeServer, tmp_path: Path) -> None:
    result = _make(str(TINY), "-o", str(tmp_path / "out"), cache=tmp_path / "c")
    assert result.exit_code == 0, result.output
    assert "(edge)" in result.output and "the service answered" in result.output


def test_dry_run_shows_the_plan_and_synthesizes_nothing(edge_server: FakeEdgeServer, tmp_path: Path) -> None:
    result = _make(str(EXAMPLE), "-o", str(tmp_path / "out"), "--dry-run", cache=tmp_path / "c")
    assert result.exit_code == 0, result.output
    assert "修好一盏路灯" in result.output and "住在5号院的王奶奶今年82岁了。" in result.output
    assert not edge_server.requests and not (tmp_path / "out").exists()


def test_dry_run_for_the_offline_voice_shows_spoken_numbers(tmp_path: Path) -> None:
    result = _make(str(EXAMPLE), "--dry-run", "--engine", "kokoro", cache=tmp_path / "c")
    assert "speech:" in result.output and "八十二岁" in result.output


def test_title_with_path_tricks_stays_inside_the_output_folder(edge_server: FakeEdgeServer, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = _make(str(TINY), "-o", str(out), "--engine", "edge", "--title", "../../坏/标题..", cache=tmp_path / "c")
    assert result.exit_code == 0, result.output
    (folder,) = list(out.iterdir())
    assert folder.name == "坏-标题"
    assert folder.resolve().parent == out.resolve()


@pytest.mark.parametrize("name, code, words", [("empty.txt", 2, "empty"), ("picture.png.txt", 2, "not a text file")])
def test_bad_input_exits_with_a_clear_error_and_hint(name: str, code: int, words: str, tmp_path: Path) -> None:
    result = _make(str(FIXTURES / "input" / name), "-o", str(tmp_path), cache=tmp_path / "c")
    assert result.exit_code == code
    assert "error:" in result.output and words in result.output and "hint:" in result.output


def test_bad_rate_is_refused_before_any_work(tmp_path: Path) -> None:
    result = _make(str(TINY), "--rate", "fast", cache=tmp_path / "c")
    assert result.exit_code == 2 and "rate" in result.output


def test_help_lists_the_main_options() -> None:
    result = runner.invoke(app, ["make", "--help"])
    for opt in ("--engine", "--voice", "--rate", "--title", "--output", "--dry-run", "TINGJIAN_EDGE_URL"):
        assert opt in result.output


@pytest.mark.parametrize(
    "command",
    [[], ["make"], ["plan"], ["inspect"], ["voices"], ["cache"], ["cache", "clear"], ["studio"], ["show", "init"],
     ["worker"], ["submit"], ["broker"]],
)  # fmt: skip
def test_help_shows_no_value_type_for_flags(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"], terminal_width=200)
    assert result.exit_code == 0, result.output
    assert "--help" in result.output and "<bool>" not in result.output and "{" not in result.output


NOTICE = FIXTURES / "articles" / "community-notice.txt"


def test_plan_show_dropped_lists_the_lines_of_a_page_that_is_all_chrome(tmp_path: Path) -> None:
    page = tmp_path / "chrome.txt"
    page.write_text("首页 > 新闻中心 > 通知公告\n浏览次数：1024\n【字体：大 中 小】\n", encoding="utf-8")
    result = runner.invoke(app, ["plan", str(page), "--engine", "kokoro", "--show-dropped"])
    assert result.exit_code == 2
    assert "no article text found" in result.output
    assert "浏览次数" in result.output and "首页 > 新闻中心" in result.output and "dropped (" in result.output


def test_plan_json_has_titles_and_display_and_spoken_text() -> None:
    result = runner.invoke(app, ["plan", str(NOTICE), "--json", "--engine", "kokoro"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["title"] == "关于开展老年人免费体检的通知"
    assert [c["title"] for c in doc["chapters"]][:3] == ["导语", "一、体检对象", "二、体检时间"]
    cue = doc["chapters"][2]["cues"][1]
    assert cue["text"] == "每天上午8:00-11:30，下午2:00-4:30。"
    assert cue["speech"] == "每天上午八点到十一点半，下午两点到四点半。"


def test_plan_for_edge_keeps_digits_unless_normalize_is_asked(edge_server: FakeEdgeServer) -> None:
    plain = json.loads(runner.invoke(app, ["plan", str(NOTICE), "--json", "--engine", "edge"]).stdout)
    spelled = json.loads(runner.invoke(app, ["plan", str(NOTICE), "--json", "--engine", "edge", "--normalize"]).stdout)
    assert plain["chapters"][2]["cues"][1]["speech"] == "每天上午8:00-11:30，下午2:00-4:30。"
    assert spelled["chapters"][2]["cues"][1]["speech"] == "每天上午八点到十一点半，下午两点到四点半。"
    assert not edge_server.requests


def test_plan_reads_stdin_and_applies_a_lexicon(tmp_path: Path) -> None:
    lexicon = tmp_path / "lex.toml"
    lexicon.write_text('"李主任" = "李 主任"\n', encoding="utf-8")
    text = NOTICE.read_text(encoding="utf-8")
    result = runner.invoke(app, ["plan", "-", "--engine", "kokoro", "--lexicon", str(lexicon)], input=text)
    assert result.exit_code == 0, result.output
    assert "联系人李 主任" in result.stdout and "stdin" in result.stdout


def test_plan_of_a_binary_file_fails_clearly() -> None:
    result = runner.invoke(app, ["plan", str(FIXTURES / "input" / "picture.png.txt")])
    assert result.exit_code == 2 and "not a text file" in result.output


def test_output_folder_with_special_characters_works(edge_server: FakeEdgeServer, tmp_path: Path) -> None:
    out = tmp_path / "广播 [旧]|备份:2024"
    result = _make(str(TINY), "-o", str(out), "--engine", "edge", cache=tmp_path / "c")
    assert result.exit_code == 0, result.output
    mp3 = next(out.glob("*/*.mp3"))
    assert [c.title for c in ffmpeg_chapters(mp3)] == ["小区停水通知"]


def test_plan_show_dropped_lists_each_dropped_line_and_why(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text("社区义诊通知\n\n首页 > 通知公告\n\n本周六上午举行义诊。\n\n（编辑：王芳）\n", encoding="utf-8")
    result = runner.invoke(app, ["plan", str(page), "--engine", "kokoro", "--show-dropped"])
    assert result.exit_code == 0, result.output
    assert "dropped (2 lines, not read" in result.stdout
    assert "breadcrumb" in result.stdout and "首页 > 通知公告" in result.stdout


def test_keep_reads_a_line_the_chrome_rules_would_drop(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text("社区义诊通知\n\n本周六上午举行义诊。\n\n（编辑：王芳）\n", encoding="utf-8")
    result = runner.invoke(app, ["plan", str(page), "--engine", "kokoro", "--json", "--keep", "编辑：王芳"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert any("编辑：王芳" in c["text"] for ch in doc["chapters"] for c in ch["cues"])
    assert doc["dropped"] == []


def test_version_flag_and_singular_counts(tmp_path: Path) -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.startswith("tingjian ")


def test_cache_clear_declined_removes_nothing_and_is_not_an_error(tmp_path: Path) -> None:
    cache = tmp_path / "c"
    (cache / "ab").mkdir(parents=True)
    (cache / "ab" / "ab12.json").write_text("{}", encoding="utf-8")
    result = runner.invoke(app, ["cache", "clear", "--cache-dir", str(cache)], input="n\n")
    assert result.exit_code == 0 and "nothing removed" in result.stdout
    assert (cache / "ab" / "ab12.json").exists()


def test_markup_in_an_article_and_its_file_name_is_printed_as_text(tmp_path: Path) -> None:
    page = tmp_path / "x[-]y.md"
    page.write_text("# 通知\n\n## [/] 注意事项\n\n请大家[bold]注意[/bold]安全。\n", encoding="utf-8")
    result = runner.invoke(app, ["plan", str(page), "--engine", "kokoro"])
    assert result.exit_code == 0, result.output
    assert "[/] 注意事项" in result.stdout and "[bold]注意[/bold]" in result.stdout
    missing = runner.invoke(app, ["plan", str(tmp_path / "missing[/]z.txt")])
    assert missing.exit_code == 2 and "missing[/]z.txt: no such file" in " ".join(missing.output.split())


def test_voices_lists_edge_chinese_voices_and_the_offline_ones() -> None:
    result = runner.invoke(app, ["voices"])
    assert result.exit_code == 0, result.output
    assert "zh-CN-XiaoxiaoNeural" in result.stdout and "zh-HK-HiuGaaiNeural" in result.stdout
    assert "jm_kumo" in result.stdout and "zm_yunxi" in result.stdout


def test_every_listed_edge_voice_is_accepted_as_a_voice_name() -> None:
    from tingjian.speech.edge import CHINESE_VOICES, EdgeEngine

    for name in CHINESE_VOICES:
        EdgeEngine(name)  # raises ConfigError for a name it would refuse
