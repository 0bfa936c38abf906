"""Studio benchmarks: the studio served by uvicorn on loopback, driven over real HTTP, the
Edge service the local Edge-protocol server (no internet). Prints each figure beside its
target, and the make through the studio as a ratio against the same make through the
Python API (what the CLI runs), both in this invocation.

    python scripts/bench_studio.py [--runs 5] [--article PATH]

Figures (median of --runs):
- page: GET / (the home page with its episode list), ms;
- plan: POST /api/plan of a 3,000-character notice, ms;
- preview: POST /api/preview of a sentence already in the cue cache, ms;
- first event: POST /api/episodes, then the first server-sent progress event, ms;
- make: the article made through the studio (POST .. done) vs tingjian.make_async on the
  same text and settings, both rebuilding from a full cue cache.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import socket
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import uvicorn

import tingjian
from tingjian.devtools.fake_edge import FakeEdgeServer
from tingjian.studio import Studio, create_app

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seed" / "xiachen-ganbu.txt"
EXAMPLE = ROOT / "examples" / "xingfuli-story.txt"
RESULTS = Path(__file__).resolve().parent / "bench_results"
TARGETS_MS = {"page": 200, "plan": 300, "preview": 1000, "first_event": 300}


def ms(fn: Callable[[], Any], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def notice(chars: int, article: str) -> str:
    """A notice of about `chars` characters: the article's paragraphs, cut to length."""
    out, size = ["社区通知"], 0
    for para in [p for p in article.split("\n") if p.strip()] * 4:
        out.append(para)
        size += len(para)
        if size >= chars:
            break
    return "\n\n".join(out)


def wait_done(client: httpx.Client, job_id: str) -> None:
    """Until the job is finished, as a page hears it: through its event stream."""
    with client.stream("GET", f"/api/episodes/{job_id}/events") as events:
        for _ in events.iter_lines():
            pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--article", type=Path, default=SEED if SEED.exists() else EXAMPLE)
    args = parser.parse_args()
    text = args.article.read_text(encoding="utf-8")
    results: dict[str, Any] = {"article": args.article.name, "runs": args.runs}

    with tempfile.TemporaryDirectory() as tmp, FakeEdgeServer() as edge:
        studio = Studio(Path(tmp) / "out", Path(tmp) / "cache", edge.url)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = uvicorn.Server(uvicorn.Config(create_app(studio), host="127.0.0.1", port=port, log_level="warning"))
        threading.Thread(target=server.run, daemon=True).start()
        while not server.started:
            time.sleep(0.05)
        client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=600)
        options = {"engine": "edge"}

        # Fill the cue cache once (and warm jieba, the templates and the engines).
        first = client.post("/api/episodes", json={"text": text, **options}).json()["id"]
        wait_done(client, first)

        results["page"] = ms(lambda: client.get("/").raise_for_status(), args.runs)
        long_notice = notice(3000, text)
        results["plan_chars"] = len(long_notice)
        results["plan"] = ms(
            lambda: client.post("/api/plan", json={"text": long_notice, **options}).raise_for_status(), args.runs
        )
        results["preview"] = ms(
            lambda: client.post("/api/preview", json={"text": text, "index": 12, **options}).raise_for_status(),
            args.runs,
        )

        def first_event() -> float:
            start = time.perf_counter()
            job_id = client.post("/api/episodes", json={"text": text, **options}).json()["id"]
            with client.stream("GET", f"/api/episodes/{job_id}/events") as events:
                next(line for line in events.iter_lines() if line.startswith("data: "))
            elapsed = (time.perf_counter() - start) * 1000
            wait_done(client, job_id)  # not timed: the next POST starts on an idle studio
            return elapsed

        results["first_event"] = statistics.median(first_event() for _ in range(args.runs))

        # The make itself: studio vs the API, alternating, both from a full cue cache.
        settings = tingjian.make_settings(
            None, None, engine="edge", edge_url=edge.url, cache_dir=studio.cache_dir, normalize=True, force=True
        )
        studio_s, api_s = [], []
        for i in range(args.runs):
            start = time.perf_counter()
            job_id = client.post("/api/episodes", json={"text": text, **options}).json()["id"]
            wait_done(client, job_id)
            studio_s.append(time.perf_counter() - start)
            start = time.perf_counter()
            out = Path(tmp) / f"api-{i}"
            asyncio.run(tingjian.make_async(text=text, settings=dataclasses.replace(settings, output_dir=out)))
            api_s.append(time.perf_counter() - start)
        results["make_studio_s"] = statistics.median(studio_s)
        results["make_api_s"] = statistics.median(api_s)
        results["make_ratio"] = results["make_studio_s"] / results["make_api_s"]
        server.should_exit = True

    for key, target in TARGETS_MS.items():
        verdict = "ok" if results[key] < target else "OVER"
        print(f"{key:12} {results[key]:8.1f} ms   target < {target} ms   {verdict}")
    print(f"{'make':12} studio {results['make_studio_s']:.2f} s vs API {results['make_api_s']:.2f} s: "
          f"{results['make_ratio']:.3f}x   target < 1.05x")  # fmt: skip
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "bench_studio.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
