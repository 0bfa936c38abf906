"""The studio's job runner: episodes are made one at a time, in the order they were asked
for, on the web server's event loop through `tingjian.make_async`. Progress lives in
memory (for the page's live events) and in the store (so a reload or a restart loses
nothing): a queued job resumes after a restart, a running one is marked interrupted and
can be resumed, finishing quickly from the cue cache."""

from __future__ import annotations

import asyncio
import contextlib
import json
import shutil
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .. import SilentReporter, make_async
from ..errors import Cancelled, TingjianError
from ..settings import make_settings
from .store import Job, Status, Store

#: The article of a job, inside its folder.
ARTICLE = "article.txt"
#: How often progress is written to the database while cues finish (the page hears every cue).
SAVE_EVERY_S = 0.5

#: The pipeline's steps, as the studio's Chinese pages name them.
STAGES = {
    "decoding": "拼接音频",
    "mastering": "响度处理",
    "encoding": "编码并写入文件",
    "filling": "用离线声音补齐",
    "waiting": "等待同一节目的另一次制作",
    "warning": "注意",
    "not hearing it back": "不做听写核对",
}


def stage_label(stage: str) -> str:
    """A pipeline step in Chinese ("mastering to -16 LUFS" -> 响度处理 (mastering to -16 LUFS))."""
    for word, label in STAGES.items():
        if stage.startswith(word):
            return f"{label}（{stage}）"
    return stage


@dataclass(frozen=True)
class Studio:
    """Where the studio keeps things and how it makes episodes."""

    output_dir: Path
    cache_dir: Path | None = None
    edge_url: str | None = None
    #: A queue's broker (redis://...): jobs go to its workers, which must see output_dir
    #: at the same path (a shared folder), instead of being made in this process.
    broker: str | None = None

    @property
    def shows_dir(self) -> Path:
        return self.output_dir / "shows"

    @property
    def lexicon_file(self) -> Path:
        return self.output_dir / "lexicon.toml"

    def job_dir(self, job_id: str) -> Path:
        return self.output_dir / job_id


def lexicon_toml(entries: dict[str, str]) -> str:
    """The studio lexicon as tingjian's lexicon file ("written" = "spoken")."""
    lines = ["# Written by tingjian studio: 写法 = 读法"]
    lines += [f"{json.dumps(w, ensure_ascii=False)} = {json.dumps(s, ensure_ascii=False)}" for w, s in entries.items()]
    return "\n".join(lines) + "\n"


class Jobs:
    """Makes the studio's episodes, one at a time, and reports how they go."""

    def __init__(self, studio: Studio, store: Store) -> None:
        self.studio = studio
        self.store = store
        self._queue: asyncio.Queue[str] = asyncio.Queue()
        self._live: dict[str, Job] = {}
        self._running: tuple[str, asyncio.Task[Any]] | None = None
        self._worker: asyncio.Task[None] | None = None
        self._saved_at: dict[str, float] = {}
        self._stopping = False
        self._followers: dict[str, asyncio.Task[None]] = {}

    # --- lifecycle -----------------------------------------------------------

    async def start(self) -> None:
        """Recover what a stopped server left, then start working through the queue."""
        self.store.interrupt_running()
        self.write_lexicon()
        for job in self.store.with_status("queued"):
            self._queue.put_nowait(job.id)
        self._worker = asyncio.create_task(self._work(), name="tingjian-studio-jobs")

    async def stop(self) -> None:
        """Stop the worker; a job in progress is stopped and marked interrupted (resumable)."""
        self._stopping = True
        for follower in list(self._followers.values()):
            follower.cancel()
        if self._running:
            self._running[1].cancel()
        if self._worker:
            self._worker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._worker
        self.store.interrupt_running()

    # --- what the pages and the API ask for -------------------------------------

    def submit(self, text: str, title: str, source_name: str, options: dict[str, Any], intro: bytes | None) -> Job:
        """Queue an episode: its article (and intro music) are kept in its own folder first."""
        job = self.store.add(title, source_name, options)
        folder = self.studio.job_dir(job.id)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / ARTICLE).write_text(text, encoding="utf-8")
        if intro is not None:
            (folder / options["intro_name"]).write_bytes(intro)
        self._queue.put_nowait(job.id)
        return job

    def get(self, job_id: str) -> Job | None:
        """The job as it is now (live progress when it is running)."""
        return self._live.get(job_id) or self.store.get(job_id)

    def cancel(self, job_id: str) -> bool:
        job = self.get(job_id)
        if job is None or job.finished:
            return False
        if self._running and self._running[0] == job_id:
            self._running[1].cancel()
        else:
            self.store.update(job_id, status="cancelled", stage="")
        return True

    def resume(self, job_id: str) -> bool:
        """Queue again an interrupted, failed or cancelled job (its finished cues are cached)."""
        job = self.get(job_id)
        if job is None or job.status not in ("interrupted", "failed", "cancelled"):
            return False
        self.store.update(job_id, status="queued", error=None, done=0, stage="")
        self._queue.put_nowait(job_id)
        return True

    async def delete(self, job_id: str) -> bool:
        job = self.get(job_id)
        if job is None:
            return False
        if self._running and self._running[0] == job_id:
            task = self._running[1]
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self.store.delete(job_id)
        self._live.pop(job_id, None)
        await asyncio.to_thread(shutil.rmtree, self.studio.job_dir(job_id), True)
        return True

    def write_lexicon(self) -> None:
        """Write the studio lexicon where every later episode reads it."""
        self.studio.output_dir.mkdir(parents=True, exist_ok=True)
        tmp = self.studio.lexicon_file.with_suffix(".tmp")
        tmp.write_text(lexicon_toml(self.store.lexicon()), encoding="utf-8")
        tmp.replace(self.studio.lexicon_file)

    def settings_for(self, options: dict[str, Any], job_dir: Path | None = None) -> Any:
        """The make settings of a job's (or a plan's) options."""
        opts = {k: v for k, v in options.items() if k not in ("preset", "intro_name") and v not in (None, "", [])}
        if "keep" in opts:
            opts["keep"] = tuple(opts["keep"])
        if "formats" in opts:
            opts["formats"] = tuple(opts["formats"])
        if job_dir is not None and options.get("intro_name"):
            opts["intro_music"] = job_dir / options["intro_name"]
        # Numbers are spelled out for every engine: what the plan page shows is what is said.
        opts.setdefault("normalize", True)
        return make_settings(
            options.get("preset") or None,
            None,
            output_dir=job_dir or self.studio.output_dir,
            cache_dir=self.studio.cache_dir,
            edge_url=self.studio.edge_url,
            lexicon_file=self.studio.lexicon_file,
            **opts,
        )

    # --- the worker ----------------------------------------------------------------

    async def _work(self) -> None:
        while True:
            job_id = await self._queue.get()
            job = self.store.get(job_id)
            if job is None or job.status != "queued":
                continue  # cancelled or deleted while it waited
            if self.studio.broker:
                # The queue's workers make it: follow it, and take the next one at once.
                self._followers[job_id] = asyncio.create_task(self._through_queue(job))
                continue
            task = asyncio.create_task(self._make(job))
            self._running = (job_id, task)
            try:
                await task
            except asyncio.CancelledError:
                if self._stopping or not task.cancelled():
                    raise  # the worker itself is being stopped, not just this job
            finally:
                self._running = None
                self._live.pop(job_id, None)

    async def _through_queue(self, job: Job) -> None:
        """Put the job on the queue and mirror its progress and result into the store."""
        from ..queue import client

        folder = self.studio.job_dir(job.id).resolve()
        options = {k: v for k, v in job.options.items() if k not in ("intro_name", "index")}
        options.setdefault("normalize", True)
        options["lexicon"] = str(self.studio.lexicon_file.resolve())
        if job.options.get("intro_name"):
            options["intro"] = str(folder / job.options["intro_name"])
        text = (folder / ARTICLE).read_text(encoding="utf-8")
        self._set(replace(job, status="running", stage="已提交到队列", error=None), save=True)
        try:
            (item,) = await asyncio.to_thread(
                client.submit, self.studio.broker or "", [(job.source_name, text)], options, None, folder
            )

            def report(_: object, state: dict[str, str]) -> None:
                if state:
                    self.progress(job.id, done=int(state.get("done", 0)), total=int(state.get("total", 0)),
                                  stage=stage_label(state.get("stage", "")))  # fmt: skip

            (outcome,) = await asyncio.to_thread(client.wait, self.studio.broker or "", [item], report)
        except TingjianError as e:
            self._set(replace(self._live[job.id], status="failed", stage="", error=e.message), save=True)
            return
        finally:
            self._followers.pop(job.id, None)
        live = self._live[job.id]
        if outcome.error or outcome.result is None:
            self._set(replace(live, status="failed", stage="", error=outcome.error), save=True)
        else:
            made = Path(outcome.result["folder"]).resolve()
            self._set(replace(live, status="done", stage="", title=outcome.result["title"], done=live.total,
                              folder=str(made.relative_to(self.studio.output_dir.resolve()))), save=True)  # fmt: skip
        self._live.pop(job.id, None)

    async def _make(self, job: Job) -> None:
        folder = self.studio.job_dir(job.id)
        self._set(replace(job, status="running", done=0, total=0, stage="准备", error=None), save=True)
        try:
            settings = self.settings_for(job.options, folder)
            episode = await make_async(folder / ARTICLE, settings=settings, reporter=_Reporter(self, job.id))
        except (asyncio.CancelledError, Cancelled):
            stopped: Status = "interrupted" if self._stopping else "cancelled"
            self._set(replace(self._live[job.id], status=stopped, stage=""), save=True)
            raise asyncio.CancelledError from None
        except TingjianError as e:
            message = e.message + (f"（{e.hint}）" if e.hint else "")
            self._set(replace(self._live[job.id], status="failed", stage="", error=message), save=True)
            return
        except Exception as e:  # a bug must fail the job, not the studio
            self._set(
                replace(self._live[job.id], status="failed", stage="", error=f"内部错误：{type(e).__name__}"), True
            )
            return
        live = self._live[job.id]
        done = replace(
            live,
            status="done",
            stage="",
            title=episode.script.title,
            done=live.total,
            folder=str(episode.folder.relative_to(self.studio.output_dir)),
        )
        self._set(done, save=True)

    def _set(self, job: Job, save: bool = False) -> None:
        self._live[job.id] = job
        now = time.monotonic()
        if save or now - self._saved_at.get(job.id, 0.0) >= SAVE_EVERY_S:
            self._saved_at[job.id] = now
            self.store.update(
                job.id,
                status=job.status,
                title=job.title,
                done=job.done,
                total=job.total,
                stage=job.stage,
                error=job.error,
                folder=job.folder,
            )

    def progress(self, job_id: str, **changes: Any) -> None:
        live = self._live.get(job_id)
        if live is not None:
            self._set(replace(live, **changes), save="total" in changes)


class _Reporter(SilentReporter):
    """A run's progress, into the job."""

    def __init__(self, jobs: Jobs, job_id: str) -> None:
        self.jobs = jobs
        self.job_id = job_id

    def engine_chosen(self, engine: str, voice: str, reason: str) -> None:
        self.jobs.progress(self.job_id, stage=f"声音：{voice}（{engine}）")

    def synthesis_started(self, total: int) -> None:
        self.jobs.progress(self.job_id, total=total, done=0, stage="合成语音")

    def cue_done(self, index: int, cached: bool) -> None:
        live = self.jobs.get(self.job_id)
        if live is not None:
            self.jobs.progress(self.job_id, done=live.done + 1)

    def stage(self, name: str) -> None:
        self.jobs.progress(self.job_id, stage=stage_label(name))
