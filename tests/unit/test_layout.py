"""The package layout shows the pipeline: few top-level modules, stages that import only
earlier stages, pure math apart from processes, and a public API that says what it exports."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import tingjian

PACKAGE = Path(tingjian.__file__).parent
STAGES = ["text", "speech", "audio", "verify", "export"]
#: Modules that do math or parsing only: no processes, threads or files of their own.
PURE = ["audio/loudness.py", "audio/frames.py", "audio/timeline.py", "audio/pcm.py", "audio/mix.py",
        "text/structure.py", "text/segment.py", "text/normalize.py", "text/script.py", "text/clean.py",
        "verify/compare.py"]  # fmt: skip


def _imports(path: Path) -> set[str]:
    """Absolute names of the tingjian modules a file imports."""
    inside = PACKAGE.parent in path.parents
    package = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1]) if inside else ""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name.startswith("tingjian")}


def test_at_most_eight_modules_sit_at_the_top_of_the_package() -> None:
    modules = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(modules) <= 8, modules


@pytest.mark.parametrize("stage", STAGES)
def test_a_stage_never_imports_a_later_stage_or_a_front_door(stage: str) -> None:
    later = STAGES[STAGES.index(stage) + 1 :]
    forbidden = [f"tingjian.{name}" for name in [*later, "cli", "api", "pipeline", "results", "devtools"]]
    for path in (PACKAGE / stage).glob("*.py"):
        bad = [m for m in _imports(path) if any(m == f or m.startswith(f + ".") for f in forbidden)]
        assert not bad, f"{path.relative_to(PACKAGE)} imports {bad}"


@pytest.mark.parametrize("module", PURE)
def test_pure_modules_start_no_processes_or_threads(module: str) -> None:
    tree = ast.parse((PACKAGE / module).read_text(encoding="utf-8"))
    names = {a.name for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom)) for a in n.names}
    modules = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert not ({"subprocess", "threading", "tempfile", "asyncio"} & (names | modules)), module
    assert not any(m and m.endswith(("ffmpeg", "decode", "encode", "master")) for m in modules), module


def test_front_doors_use_the_public_api_not_the_pipeline() -> None:
    front_doors = [p for d in ("cli", "studio", "queue") for p in (PACKAGE / d).glob("*.py")]
    scripts = [PACKAGE.parent.parent / "scripts" / name for name in ("bench.py", "bench_studio.py", "bench_queue.py")]
    for path in [*front_doors, *scripts]:
        imported = _imports(path)
        assert not any(m.startswith(("tingjian.pipeline", "tingjian.results", "tingjian.api")) for m in imported), path


def test_everything_the_package_exports_exists_and_is_documented() -> None:
    for name in tingjian.__all__:
        obj = getattr(tingjian, name)
        if callable(obj):
            assert obj.__doc__, name
