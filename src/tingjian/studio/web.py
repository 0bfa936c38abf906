"""tingjian studio: the web app (pages in Chinese and a JSON API beside them), served from
the package with no CDN, so it works offline. Built on `tingjian.plan_async`,
`preview_async` and, through the job runner, `make_async`."""

from __future__ import annotations

import asyncio
import contextlib
import json
import mimetypes
import shutil
import tempfile
import zipfile
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jieba
from fastapi import FastAPI, Request
from fastapi.responses import (
    FileResponse,
    HTMLResponse,
    JSONResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.background import BackgroundTask
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException

from .. import article_text, plan_async, preview_async
from ..errors import ConfigError, InputError, TingjianError
from ..export.manifest import Manifest
from ..settings import PRESETS
from ..show import ShowConfig, build_show, init_show, read_show
from ..show.config import check_base_url, with_values
from ..speech.edge import CHINESE_VOICES
from ..speech.kokoro import mandarin_voices, offline_voices
from ..text.slug import slugify
from ..verify.model import available as verify_available
from ..version import __version__
from .jobs import Jobs, Studio
from .security import CSRF_COOKIE, SESSION_COOKIE, Guard, GuardMiddleware, csrf_ok, new_csrf_token
from .store import Job, Store

jieba.setLogLevel(60)  # its dictionary loads without a banner on stderr
HERE = Path(__file__).parent
#: Largest article text or upload, in bytes.
MAX_BODY = 10 * 2**20
ENGINES = {"auto": "自动（能联网用 Edge，否则离线）", "edge": "Edge 在线神经网络声音", "kokoro": "离线声音 Kokoro"}
PRESET_NAMES = {
    "podcast": "播客（-16 LUFS）",
    "broadcast": "广播大喇叭（-23 LUFS，MP3+WAV）",
    "elderly": "老年人（慢速、停顿长）",
    "accessibility": "无障碍（稍快、章节提示清楚）",
}
FORMATS = {
    "mp3": "MP3",
    "m4b": "M4B 有声书",
    "wav": "WAV（广播用）",
    "daisy": "DAISY 有声书（视障读书机）",
    "epub3": "EPUB 3（边听边看）",
}
STATUS_NAMES = {
    "queued": "排队中",
    "running": "制作中",
    "done": "已完成",
    "failed": "失败",
    "cancelled": "已取消",
    "interrupted": "已中断（可继续）",
}
INTRO_SUFFIXES = (".mp3", ".wav", ".m4a", ".ogg", ".flac", ".aac")
MEDIA_TYPES = {
    ".mp3": "audio/mpeg",
    ".m4b": "audio/mp4",
    ".m4a": "audio/mp4",
    ".wav": "audio/wav",
    ".vtt": "text/vtt; charset=utf-8",
    ".srt": "application/x-subrip; charset=utf-8",
    ".lrc": "text/plain; charset=utf-8",
    ".cue": "text/plain; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".json": "application/json",
    ".m3u": "audio/x-mpegurl",
    ".html": "text/html; charset=utf-8",
    ".xml": "application/rss+xml; charset=utf-8",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".pdf": "application/pdf",
    ".zip": "application/zip",
    ".epub": "application/epub+zip",
}
#: The episode's files by their manifest kind, as the pages name them.
FILE_KINDS = {
    "mp3": "节目音频（MP3）",
    "m4b": "有声书（M4B）",
    "wav": "广播用音频（WAV）",
    "chapters": "章节（JSON）",
    "chapters_vtt": "章节（WebVTT）",
    "chapters_txt": "章节列表",
    "ffmetadata": "章节（ffmpeg）",
    "cue": "CUE 章节表",
    "srt": "字幕（SRT）",
    "vtt": "字幕（WebVTT）",
    "lrc": "歌词式字幕（LRC）",
    "transcript": "文字稿",
    "playlist": "播放列表（M3U）",
    "daisy": "DAISY 2.02 有声书（zip，拷到读书机 SD 卡）",
    "daisy_ncc": "DAISY 目录（ncc.html）",
    "epub3": "EPUB 3 有声书（Thorium 等阅读器边听边看）",
    "manifest": "制作记录（JSON）",
}

#: The API, as /docs lists it (and the README).
API = (
    (
        "POST",
        "/api/episodes",
        "JSON {text, title?, engine?, voice?, preset?, formats?, repeat?, verify?} 或 multipart（file 字段）→ 202 {id}",
    ),
    ("GET", "/api/episodes", "全部节目"),
    ("GET", "/api/episodes/{id}", "状态 queued|running|done|failed|cancelled|interrupted、进度、文件"),
    ("GET", "/api/episodes/{id}/events", "进度事件流（server-sent events）"),
    ("GET", "/api/episodes/{id}/files/{name}", "下载文件（支持 Range）"),
    ("GET", "/api/episodes/{id}/zip", "全部文件打包"),
    ("POST", "/api/episodes/{id}/cancel", "取消"),
    ("DELETE", "/api/episodes/{id}", "删除"),
    ("GET", "/api/voices", "可选声音"),
    ("POST", "/api/plan", "朗读计划（与 tingjian plan --json 相同）"),
    ("POST", "/api/preview", "试听一句：{text, index, …} → 音频"),
    ("GET", "/api/lexicon", "读音词典"),
    ("POST", "/api/lexicon", "{written, spoken} 加一条读音"),
    ("DELETE", "/api/lexicon/{written}", "删一条读音"),
)


@dataclass(frozen=True)
class Article:
    """An article and the options it is to be made with, as a form or the API gave them."""

    text: str
    source_name: str
    options: dict[str, Any]
    intro: bytes | None = None


def create_app(studio: Studio, password: str | None = None, max_body: int = MAX_BODY) -> FastAPI:
    """The studio app for `studio`'s output folder (its database is studio.db inside it)."""
    store = Store(studio.output_dir / "studio.db")
    jobs = Jobs(studio, store)
    guard = Guard(password)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await jobs.start()
        try:
            yield
        finally:
            await jobs.stop()
            store.close()

    app = FastAPI(
        title="tingjian studio",
        version=__version__,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    app.state.jobs = jobs
    app.add_middleware(GuardMiddleware, guard=guard, max_body=max_body)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.globals.update(
        status_names=STATUS_NAMES,
        engines=ENGINES,
        presets=PRESET_NAMES,
        formats=FORMATS,
        edge_voices=CHINESE_VOICES,
        version=__version__,
        login_required=password is not None,
        offline_groups=(
            ("离线声音（普通话）", mandarin_voices()),
            ("离线声音（日语训练，带口音）", [v for v in offline_voices() if v not in mandarin_voices()]),
        ),
        # Why the 听写核对 box is greyed out, when it is (the listening extra is not installed).
        verify_missing=verify_available(),
    )

    def page(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        token = request.cookies.get(CSRF_COOKIE) or new_csrf_token()
        response = templates.TemplateResponse(request, name, {"csrf": token, **context}, status_code=status_code)
        if request.cookies.get(CSRF_COOKIE) != token:
            response.set_cookie(CSRF_COOKIE, token, samesite="strict", path="/")
        return response

    async def form_of(request: Request) -> Any:
        return await request.form(max_part_size=max_body, max_files=4, max_fields=2000)

    def checked(request: Request, form: Mapping[str, Any]) -> None:
        if not csrf_ok(request.cookies, str(form.get("csrf", ""))):
            raise HTTPException(403, "表单已过期，请刷新页面再试。")

    def job_or_404(job_id: str) -> Job:
        job = jobs.get(job_id)
        if job is None:
            raise HTTPException(404, "没有这个节目。")
        return job

    # --- pages -------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse)
    async def index(request: Request) -> HTMLResponse:
        return page(request, "index.html", episodes=jobs.store.all(), lexicon=jobs.store.lexicon(), options={},
                    shows=list_shows(studio))  # fmt: skip

    @app.post("/plan", response_class=HTMLResponse)
    async def plan_page(request: Request) -> Response:
        form = await form_of(request)
        checked(request, form)
        action = str(form.get("action", "plan"))
        try:
            article = await article_from_form(form)
            if action == "lexicon":
                add_reading(jobs, str(form.get("written", "")), str(form.get("spoken", "")))
            elif action.startswith("unlexicon:"):
                jobs.store.remove_reading(action.partition(":")[2])
                jobs.write_lexicon()
            elif action == "make":
                job = jobs.submit(article.text, title_of(article), article.source_name, article.options, article.intro)
                return RedirectResponse(f"/episodes/{job.id}", status_code=303)
            plan = await plan_async(text=article.text, settings=jobs.settings_for(article.options))
        except TingjianError as e:
            return page(request, "index.html", 422, error=e, episodes=jobs.store.all(), lexicon=jobs.store.lexicon(),
                        text=str(form.get("text", "")), options={})  # fmt: skip
        return page(
            request,
            "plan.html",
            plan=plan,
            words=[[jieba.lcut(c.text) for c in ch.cues] for ch in plan.chapters],
            text=article.text,
            options=article.options,
            lexicon=jobs.store.lexicon(),
        )

    @app.get("/episodes/{job_id}", response_class=HTMLResponse)
    async def episode_page(request: Request, job_id: str) -> HTMLResponse:
        job = job_or_404(job_id)
        manifest = read_manifest(studio, job)
        files = episode_files(studio, job, manifest) if manifest else []
        return page(request, "episode.html", job=job, manifest=manifest, files=files, shows=list_shows(studio))

    @app.post("/episodes/{job_id}/{action}")
    async def episode_action(request: Request, job_id: str, action: str) -> Response:
        form = await form_of(request)
        checked(request, form)
        job = job_or_404(job_id)
        if action == "publish":
            source = episode_folder(studio, job)
            if source is None:
                raise HTTPException(409, "节目还没有做好。")
            target = show_folder(studio, str(form.get("show", "")))
            await asyncio.to_thread(publish_episode, source, target)
            return RedirectResponse(f"/shows/{quote(target.name)}/index.html", status_code=303)
        if action == "cancel":
            jobs.cancel(job_id)
        elif action == "resume":
            jobs.resume(job_id)
        elif action == "delete":
            await jobs.delete(job_id)
            return RedirectResponse("/", status_code=303)
        else:
            raise HTTPException(404, "没有这个操作。")
        return RedirectResponse(f"/episodes/{job_id}", status_code=303)

    @app.post("/lexicon/remove")
    async def lexicon_remove(request: Request) -> Response:
        form = await form_of(request)
        checked(request, form)
        jobs.store.remove_reading(str(form.get("written", "")))
        jobs.write_lexicon()
        return RedirectResponse("/#lexicon", status_code=303)

    @app.get("/login", response_class=HTMLResponse)
    async def login_page(request: Request, next: str = "/") -> HTMLResponse:
        return page(request, "login.html", next=safe_next(next))

    @app.post("/login")
    async def login(request: Request) -> Response:
        form = await form_of(request)
        checked(request, form)
        token = guard.login(str(form.get("password", "")))
        if token is None:
            return page(request, "login.html", 401, next=safe_next(str(form.get("next", "/"))), failed=True)
        response = RedirectResponse(safe_next(str(form.get("next", "/"))), status_code=303)
        response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="strict", path="/")
        return response

    @app.post("/logout")
    async def logout(request: Request) -> Response:
        checked(request, await form_of(request))
        guard.logout(request.cookies.get(SESSION_COOKIE))
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    # --- shows: series of episodes with a feed, served here -----------------------------

    @app.post("/shows")
    async def show_create(request: Request) -> Response:
        form = await form_of(request)
        checked(request, form)
        title = " ".join(str(form.get("title", "")).split())
        if not title:
            raise ConfigError("请填写节目系列的名称")
        name = slugify(title, "show")
        base_url = str(form.get("base_url", "")).strip() or f"{str(request.base_url).rstrip('/')}/shows/{name}"
        show = with_values(
            ShowConfig(title=title, base_url=check_base_url(base_url)), author=str(form.get("author", ""))
        )
        folder = studio.shows_dir / name
        init_show(folder, show)
        await asyncio.to_thread(build_show, folder)
        return RedirectResponse(f"/shows/{name}/index.html", status_code=303)

    @app.api_route("/shows/{name}/{path:path}", methods=["GET", "HEAD"])
    async def show_file(name: str, path: str) -> Response:
        folder = show_folder(studio, name)
        if path in ("", "/"):
            return RedirectResponse(f"/shows/{name}/index.html", status_code=307)
        target = confined(folder, path)
        return FileResponse(target, media_type=media_type(target), content_disposition_type="inline")

    @app.get("/docs", response_class=HTMLResponse)
    async def docs(request: Request) -> HTMLResponse:
        return page(request, "docs.html", api=API)

    # --- the JSON API ------------------------------------------------------------------

    @app.post("/api/episodes", status_code=202)
    async def api_submit(request: Request) -> JSONResponse:
        article = await article_from_request(request, form_of)
        job = jobs.submit(article.text, title_of(article), article.source_name, article.options, article.intro)
        return JSONResponse({"id": job.id, "status": job.status}, status_code=202)

    @app.get("/api/episodes")
    async def api_list() -> list[dict[str, Any]]:
        return [j.to_dict() for j in jobs.store.all()]

    @app.get("/api/episodes/{job_id}")
    async def api_episode(job_id: str) -> dict[str, Any]:
        job = job_or_404(job_id)
        manifest = read_manifest(studio, job)
        files = episode_files(studio, job, manifest) if manifest else []
        return {**job.to_dict(), "files": [{"name": f["name"], "size": f["size"], "kind": f["kind"]} for f in files]}

    @app.delete("/api/episodes/{job_id}", status_code=204)
    async def api_delete(job_id: str) -> Response:
        job_or_404(job_id)
        await jobs.delete(job_id)
        return Response(status_code=204)

    @app.post("/api/episodes/{job_id}/cancel", status_code=202)
    async def api_cancel(job_id: str) -> dict[str, Any]:
        job_or_404(job_id)
        jobs.cancel(job_id)
        return job_or_404(job_id).to_dict()

    @app.get("/api/episodes/{job_id}/events")
    async def api_events(request: Request, job_id: str) -> StreamingResponse:
        job_or_404(job_id)

        async def events() -> AsyncIterator[str]:
            last = ""
            while not await request.is_disconnected():
                job = jobs.get(job_id)
                if job is None:
                    yield "event: gone\ndata: {}\n\n"
                    return
                data = json.dumps({**job.to_dict(), "status_name": STATUS_NAMES[job.status]}, ensure_ascii=False)
                if data != last:
                    yield f"data: {data}\n\n"
                    last = data
                if job.finished:
                    return
                await asyncio.sleep(0.1)

        return StreamingResponse(events(), media_type="text/event-stream", headers={"cache-control": "no-cache"})

    @app.get("/api/episodes/{job_id}/files/{name:path}")
    async def api_file(job_id: str, name: str) -> FileResponse:
        job = job_or_404(job_id)
        path = confined_file(studio, job, name)
        return FileResponse(path, media_type=media_type(path), filename=path.name, content_disposition_type="inline")

    @app.get("/api/episodes/{job_id}/zip")
    async def api_zip(job_id: str) -> FileResponse:
        job = job_or_404(job_id)
        manifest = read_manifest(studio, job)
        if manifest is None:
            raise HTTPException(409, "节目还没有做好。")
        files = episode_files(studio, job, manifest)
        tmp = await asyncio.to_thread(zip_files, [(f["name"], f["path"]) for f in files])
        name = f"{Path(job.folder or job.id).name}.zip"
        return FileResponse(tmp, media_type="application/zip", filename=name, background=BackgroundTask(tmp.unlink))

    @app.get("/api/voices")
    async def api_voices() -> dict[str, Any]:
        return {
            "edge": [{"name": n, "description": d} for n, d in CHINESE_VOICES.items()],
            "offline": offline_voices(),
        }

    @app.post("/api/plan")
    async def api_plan(request: Request) -> dict[str, Any]:
        article = await article_from_request(request, form_of)
        plan = await plan_async(text=article.text, settings=jobs.settings_for(article.options))
        return plan.to_dict()

    @app.post("/api/preview")
    async def api_preview(request: Request) -> Response:
        article = await article_from_request(request, form_of)
        index = article.options.pop("index", None)
        if not isinstance(index, int):
            raise ConfigError("say which sentence to preview: index")
        audio = await preview_async(text=article.text, index=index, settings=jobs.settings_for(article.options))
        kind = "audio/mpeg" if audio.container == "mp3" else "audio/wav"
        return Response(audio.data, media_type=kind, headers={"cache-control": "no-store"})

    @app.get("/api/lexicon")
    async def api_lexicon() -> dict[str, str]:
        return jobs.store.lexicon()

    @app.post("/api/lexicon", status_code=201)
    async def api_lexicon_add(request: Request) -> dict[str, str]:
        body = await json_body(request)
        add_reading(jobs, str(body.get("written", "")), str(body.get("spoken", "")))
        return jobs.store.lexicon()

    @app.delete("/api/lexicon/{written}", status_code=204)
    async def api_lexicon_remove(written: str) -> Response:
        jobs.store.remove_reading(written)
        jobs.write_lexicon()
        return Response(status_code=204)

    # --- errors: one clear message, never a stack trace --------------------------------

    def wants_json(request: Request) -> bool:
        return request.url.path.startswith("/api/")

    @app.exception_handler(TingjianError)
    async def tingjian_error(request: Request, e: TingjianError) -> Response:
        status = 400 if isinstance(e, (ConfigError, InputError)) else 502
        if wants_json(request):
            return JSONResponse({"error": e.message, "hint": e.hint}, status_code=status)
        return page(request, "error.html", status, message=e.message, hint=e.hint)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, e: HTTPException) -> Response:
        message = str(e.detail)
        if e.status_code == 404 and message == "Not Found":
            message = "没有这个页面。"
        elif e.status_code == 405:
            message = "这个地址不接受这种请求。"
        if wants_json(request):
            return JSONResponse({"error": message}, status_code=e.status_code, headers=e.headers)
        return page(request, "error.html", e.status_code, message=message, hint=None)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, e: Exception) -> Response:
        if wants_json(request):
            return JSONResponse({"error": "内部错误，请重试。"}, status_code=500)
        return HTMLResponse("<!doctype html><html lang='zh-CN'><meta charset='utf-8'><p>内部错误，请重试。</p>", 500)

    return app


# --- helpers (pure where they can be) ---------------------------------------------------------


def safe_next(target: str) -> str:
    """Only a path on this site (never //other.site or a full URL) after logging in."""
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"


def title_of(article: Article) -> str:
    """The title to list a job by before it is made: the given one, or the first line."""
    given = article.options.get("title")
    if given:
        return str(given)
    first = next((line.strip() for line in article.text.splitlines() if line.strip()), "")
    return first.lstrip("# ")[:80] or "未命名"


def add_reading(jobs: Jobs, written: str, spoken: str) -> None:
    written, spoken = written.strip(), spoken.strip()
    if not written or not spoken:
        raise ConfigError("请同时填写词语和它的读法")
    if len(written) > 50 or len(spoken) > 100 or "\n" in written + spoken:
        raise ConfigError("词语或读法太长（词语最多 50 个字）")
    jobs.store.set_reading(written, spoken)
    jobs.write_lexicon()


def options_from(data: Mapping[str, Any], getlist: Any = None) -> dict[str, Any]:
    """Make options from a form or a JSON body, checked; unknown values are a ConfigError."""

    def many(name: str) -> list[str]:
        if getlist is not None:
            return [str(v) for v in getlist(name) if str(v).strip()]
        value = data.get(name)
        if value is None:
            return []
        return [str(v) for v in (value if isinstance(value, list) else [value]) if str(v).strip()]

    options: dict[str, Any] = {}
    engine = str(data.get("engine") or "auto")
    if engine not in ENGINES:
        raise ConfigError(f"unknown engine {engine!r}", "choose auto, edge or kokoro")
    options["engine"] = engine
    if voice := str(data.get("voice") or "").strip():
        options["voice"] = voice
    preset = str(data.get("preset") or "")
    if preset and preset not in PRESETS:
        raise ConfigError(f"unknown preset {preset!r}", f"choose one of {', '.join(PRESETS)}")
    options["preset"] = preset
    if title := " ".join(str(data.get("title") or "").split()):
        options["title"] = title[:200]
    repeat = data.get("repeat")
    if repeat not in (None, ""):
        try:
            options["repeat"] = int(repeat)
        except (TypeError, ValueError):
            raise ConfigError(f"repeat must be a whole number, not {repeat!r}") from None
        if not 1 <= options["repeat"] <= 5:
            raise ConfigError("repeat must be between 1 and 5")
    if formats := many("formats"):
        unknown = [f for f in formats if f not in FORMATS]
        if unknown:
            raise ConfigError(f"unknown format {unknown[0]!r}", "choose mp3, m4b, wav, daisy or epub3")
        options["formats"] = list(dict.fromkeys(formats))
    if keep := many("keep"):
        options["keep"] = keep[:200]
    # Absent: as the preset says (the broadcast preset listens). The plan form sends a hidden 0
    # before its box, so a ticked box sends 0 and 1.
    if verify := many("verify"):
        options["verify"] = any(v not in ("0", "off", "false", "False") for v in verify)
    index = data.get("index")
    if index not in (None, ""):
        try:
            options["index"] = int(index)
        except (TypeError, ValueError):
            raise ConfigError(f"index must be a whole number, not {index!r}") from None
    return options


async def article_from_form(form: Any) -> Article:
    """The article of a page's form: an uploaded file, else the pasted text."""
    options = options_from(form, form.getlist)
    upload = form.get("file")
    if isinstance(upload, UploadFile) and upload.filename:
        data = await upload.read()
        text = await asyncio.to_thread(article_text, data, upload.filename)
        name = upload.filename
    else:
        text = str(form.get("text", ""))
        name = "pasted.txt"
    if not text.strip():
        raise InputError("请粘贴文章或上传文件", "支持 .txt .md .html .docx")
    intro = form.get("intro")
    intro_data = None
    if isinstance(intro, UploadFile) and intro.filename:
        suffix = Path(intro.filename).suffix.lower()
        if suffix not in INTRO_SUFFIXES:
            raise InputError(f"片头音乐需要是音频文件（{' '.join(INTRO_SUFFIXES)}）")
        intro_data = await intro.read()
        options["intro_name"] = "intro" + suffix
    return Article(text, name, options, intro_data)


async def article_from_request(request: Request, form_of: Any) -> Article:
    """The article of an API request: JSON {text, …} or a multipart form with `file`."""
    if request.headers.get("content-type", "").startswith(("multipart/", "application/x-www-form-urlencoded")):
        return await article_from_form(await form_of(request))
    body = await json_body(request)
    text = body.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError("give the article as text (JSON) or file (multipart)")
    return Article(text, "pasted.txt", options_from(body))


async def json_body(request: Request) -> dict[str, Any]:
    try:
        body = json.loads(await request.body() or b"{}")
    except ValueError:
        raise ConfigError("the request body is not JSON") from None
    if not isinstance(body, dict):
        raise ConfigError("the request body must be a JSON object")
    return body


def episode_folder(studio: Studio, job: Job) -> Path | None:
    """A done job's episode folder, if it is really inside the job's own folder."""
    if not job.folder:
        return None
    root = studio.job_dir(job.id).resolve()
    folder = (studio.output_dir / job.folder).resolve()
    return folder if folder.is_dir() and folder.parent == root else None


def read_manifest(studio: Studio, job: Job) -> Manifest | None:
    folder = episode_folder(studio, job)
    if folder is None:
        return None
    try:
        return Manifest.from_json((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def episode_files(studio: Studio, job: Job, manifest: Manifest) -> list[dict[str, Any]]:
    """The episode's files as the manifest lists them, that are really there."""
    folder = episode_folder(studio, job)
    if folder is None:
        return []
    out = []
    for kind, name in manifest.files.items():
        try:
            path = confined(folder, name).resolve()
        except HTTPException:
            continue
        label = FILE_KINDS.get(kind) or (f"第 {kind[5:]} 章音轨" if kind.startswith("track") else kind)
        out.append({"name": name, "size": path.stat().st_size, "kind": kind, "label": label, "path": path})
    return out


def confined_file(studio: Studio, job: Job, name: str) -> Path:
    """The file `name` of a job's episode: one the manifest lists, inside the episode folder,
    not a link. Anything else (../, encoded slashes, absolute paths, symlinks) is a 404."""
    folder = episode_folder(studio, job)
    manifest = read_manifest(studio, job) if folder else None
    if folder is None or manifest is None or name not in set(manifest.files.values()):
        raise HTTPException(404, "没有这个文件。")
    return confined(folder, name).resolve()


def media_type(path: Path) -> str:
    return MEDIA_TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"


def zip_files(files: list[tuple[str, Path]]) -> Path:
    """A temporary zip of the files (audio stored, text compressed)."""
    fd, name = tempfile.mkstemp(prefix="tingjian-", suffix=".zip")
    with open(fd, "wb") as raw, zipfile.ZipFile(raw, "w") as z:
        for arcname, path in files:
            packed = zipfile.ZIP_STORED if path.suffix.lower() in (".mp3", ".m4b", ".m4a") else zipfile.ZIP_DEFLATED
            z.write(path, arcname, compress_type=packed)
    return Path(name)


def list_shows(studio: Studio) -> list[tuple[str, str]]:
    """(folder name, title) of each show the studio holds."""
    out = []
    if studio.shows_dir.is_dir():
        for folder in sorted(studio.shows_dir.iterdir()):
            try:
                out.append((folder.name, read_show(folder).title))
            except TingjianError:
                continue
    return out


def show_folder(studio: Studio, name: str) -> Path:
    """A show of the studio by its folder name (never a path that leaves shows/)."""
    folder = studio.shows_dir / name
    if not name or "/" in name or "\\" in name or name.startswith(".") or not (folder / "show.toml").is_file():
        raise HTTPException(404, "没有这个节目系列。")
    return folder


def confined(folder: Path, name: str) -> Path:
    """A regular file inside `folder` (no `..`, no absolute path, no link on the way)."""
    path = folder
    for part in Path(name).parts:
        path = path / part
        if part in ("..", "/") or part.startswith(".") or path.is_symlink():
            raise HTTPException(404, "没有这个文件。")
    if not path.is_file() or folder.resolve() not in path.resolve().parents:
        raise HTTPException(404, "没有这个文件。")
    return path


def publish_episode(episode: Path, show: Path) -> None:
    """Copy an episode folder into a show (replacing an earlier copy whole) and rebuild its feed."""
    target = show / episode.name
    staging = show / f".publishing-{episode.name}"
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(episode, staging)
    old = show / f".replaced-{episode.name}"
    if target.exists():
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)
    build_show(show)
