"""The studio's one SQLite database: episodes (each a job and, once done, its folder) and
the studio lexicon. Every call is short and takes the store's lock, so the web server's
threads and its event loop can share one connection."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

Status = Literal["queued", "running", "done", "failed", "cancelled", "interrupted"]
#: A job in one of these will not change by itself.
FINISHED: frozenset[str] = frozenset({"done", "failed", "cancelled", "interrupted"})

_SCHEMA = """
CREATE TABLE IF NOT EXISTS episodes (
    id TEXT PRIMARY KEY,
    created REAL NOT NULL,
    updated REAL NOT NULL,
    status TEXT NOT NULL,
    title TEXT NOT NULL,
    source_name TEXT NOT NULL,
    options TEXT NOT NULL,
    done INTEGER NOT NULL DEFAULT 0,
    total INTEGER NOT NULL DEFAULT 0,
    stage TEXT NOT NULL DEFAULT '',
    error TEXT,
    folder TEXT
);
CREATE TABLE IF NOT EXISTS lexicon (
    written TEXT PRIMARY KEY,
    spoken TEXT NOT NULL
);
"""


@dataclass(frozen=True)
class Job:
    """An episode the studio was asked to make, and how far it got."""

    id: str
    created: float
    updated: float
    status: Status
    title: str
    source_name: str
    options: dict[str, Any] = field(hash=False)
    done: int = 0
    total: int = 0
    stage: str = ""
    error: str | None = None
    #: The episode folder, relative to the studio's output folder, once done.
    folder: str | None = None

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "status": self.status,
            "title": self.title,
            "created": self.created,
            "progress": {"done": self.done, "total": self.total, "stage": self.stage},
            "error": self.error,
        }


class Store:
    """Episodes and the lexicon in `path` (created if missing)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        self._lock = threading.Lock()
        with self._lock:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.executescript(_SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def add(self, title: str, source_name: str, options: dict[str, Any]) -> Job:
        """A new queued job."""
        now = time.time()
        job = Job(uuid.uuid4().hex[:12], now, now, "queued", title, source_name, options)
        with self._lock:
            self._db.execute(
                "INSERT INTO episodes (id, created, updated, status, title, source_name, options) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (job.id, now, now, job.status, title, source_name, json.dumps(options, ensure_ascii=False)),
            )
        return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            row = self._db.execute("SELECT * FROM episodes WHERE id = ?", (job_id,)).fetchone()
        return _job(row) if row else None

    def all(self) -> list[Job]:
        """Every job, newest first."""
        with self._lock:
            rows = self._db.execute("SELECT * FROM episodes ORDER BY created DESC").fetchall()
        return [_job(r) for r in rows]

    def with_status(self, status: Status) -> list[Job]:
        """Jobs in one status, oldest first (the order they were asked for)."""
        with self._lock:
            rows = self._db.execute("SELECT * FROM episodes WHERE status = ? ORDER BY created", (status,)).fetchall()
        return [_job(r) for r in rows]

    def update(self, job_id: str, **values: Any) -> None:
        """Set some of a job's columns (status, title, done, total, stage, error, folder)."""
        allowed = {"status", "title", "done", "total", "stage", "error", "folder"}
        if not values or not set(values) <= allowed:
            raise ValueError(f"cannot update {sorted(set(values) - allowed)}")
        columns = ", ".join(f"{k} = ?" for k in values)
        with self._lock:
            self._db.execute(
                f"UPDATE episodes SET {columns}, updated = ? WHERE id = ?",
                (*values.values(), time.time(), job_id),
            )

    def delete(self, job_id: str) -> None:
        with self._lock:
            self._db.execute("DELETE FROM episodes WHERE id = ?", (job_id,))

    def interrupt_running(self) -> int:
        """Mark jobs a stopped server left running as interrupted; returns how many."""
        with self._lock:
            cur = self._db.execute(
                "UPDATE episodes SET status = 'interrupted', stage = '', updated = ? WHERE status = 'running'",
                (time.time(),),
            )
        return cur.rowcount

    # --- the studio lexicon ------------------------------------------------------

    def lexicon(self) -> dict[str, str]:
        with self._lock:
            rows = self._db.execute("SELECT written, spoken FROM lexicon ORDER BY written").fetchall()
        return {r["written"]: r["spoken"] for r in rows}

    def set_reading(self, written: str, spoken: str) -> None:
        with self._lock:
            self._db.execute(
                "INSERT INTO lexicon (written, spoken) VALUES (?, ?) "
                "ON CONFLICT(written) DO UPDATE SET spoken = excluded.spoken",
                (written, spoken),
            )

    def remove_reading(self, written: str) -> None:
        with self._lock:
            self._db.execute("DELETE FROM lexicon WHERE written = ?", (written,))


def _job(row: sqlite3.Row) -> Job:
    return Job(
        id=row["id"],
        created=row["created"],
        updated=row["updated"],
        status=row["status"],
        title=row["title"],
        source_name=row["source_name"],
        options=json.loads(row["options"]),
        done=row["done"],
        total=row["total"],
        stage=row["stage"],
        error=row["error"],
        folder=row["folder"],
    )
