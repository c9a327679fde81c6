#!/usr/bin/env python3
"""Prove that every pin of every OS's lock has a wheel: `python packaging/check_wheels.py`.

A release job on Windows or macOS that meets a pin with no wheel for its platform compiles it
from source, or fails; this machine cannot run those jobs, so it asks the package index instead.
For each lock in packaging/lock.py's TARGETS, pip resolves the lock for that target's platform
tags and Python 3.11 with `--only-binary=:all: --require-hashes --dry-run --report`: it picks
the wheel that OS would install, downloads it to check its sha256 against the lock (hash checking
turns off pip's metadata-only path; nothing is installed or cached) and reports it, pin by pin.
About 50 s for the four locks here (about 600 MB, most of it Qt for three OSes).

Pins published only as source are listed in SOURCE_ONLY with the reason they are fine:
llama-cpp-python is compiled by the release job; a pure-Python source package is built into a
wheel here, which must come out as `none-any` (installable on every OS without a compiler).

Needs the package index (pip's configuration) and nothing else. Exit status 1 names every pin
without a wheel.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import lock

COMPILED_BY_RELEASE_JOB = "llama-cpp-python"
SOURCE_ONLY: dict[str, str] = {
    COMPILED_BY_RELEASE_JOB: "compiled by the release job with each OS's CMAKE_ARGS",
    "odfpy": "pure Python, published as source only: built here, it must be a none-any wheel",
}
MISSING = re.compile(r"No matching distribution found for ([A-Za-z0-9._-]+)==")


def requirement_blocks(text: str) -> dict[str, str]:
    """{normalised name: the requirement line with its `--hash` continuation lines}."""
    blocks: dict[str, str] = {}
    current = ""
    for line in text.splitlines(keepends=True):
        if line.startswith(("#", "\n")):
            continue
        if not line[:1].isspace():
            current = lock.normalise(re.split(r"[=<>!~; \\]", line, maxsplit=1)[0])
            blocks[current] = ""
        blocks[current] += line
    return blocks


def block_hashes(block: str) -> set[str]:
    return set(re.findall(r"--hash=sha256:([0-9a-f]{64})", block))


def pip_dry_run(target: lock.LockTarget, requirements: Path, report: Path) -> str:
    """pip's error output ('' on success) for a binary-only install of `requirements`."""
    command = [
        sys.executable,
        "-m",
        "pip",
        "install",
        "--dry-run",
        "--no-cache-dir",  # other OSes' wheels would only fill the cache
        "--quiet",
        "--ignore-installed",
        "--no-deps",
        "--only-binary=:all:",
        "--require-hashes",
        "--python-version",
        lock.PYTHON_VERSION,
        *(option for tag in target.wheel_platforms for option in ("--platform", tag)),
        "--target",
        str(report.parent / "never-written"),
        "--report",
        str(report),
        "-r",
        str(requirements),
    ]
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    return "" if completed.returncode == 0 else completed.stderr


def check_target(target: lock.LockTarget, workdir: Path) -> list[str]:
    """Problems: pins of this lock that have no wheel for the target (or a wrong one)."""
    blocks = requirement_blocks(lock.lock_path(target).read_text(encoding="utf-8"))
    wanted = {name: block for name, block in blocks.items() if name not in SOURCE_ONLY}
    problems = []
    requirements = workdir / f"{target.uv_platform}.txt"
    report = workdir / f"{target.uv_platform}.json"
    # pip stops at the first pin without a wheel: drop it and ask again, to name them all.
    while True:
        requirements.write_text("".join(wanted.values()), encoding="utf-8")
        error = pip_dry_run(target, requirements, report)
        if not error:
            break
        missing = MISSING.search(error)
        if missing is None or lock.normalise(missing.group(1)) not in wanted:
            return [*problems, f"{target.file}: pip failed:\n{error.strip()}"]
        name = lock.normalise(missing.group(1))
        pinned = lock.pins(wanted.pop(name))[name]
        problems.append(f"{target.file}: {name}=={pinned} has no wheel for {target.name}")
    installs = json.loads(report.read_text(encoding="utf-8"))["install"]
    chosen = {lock.normalise(item["metadata"]["name"]): item for item in installs}
    for name, block in wanted.items():
        item = chosen.get(name)
        version = lock.pins(block)[name]
        if item is None or item["metadata"]["version"] != version:
            problems.append(f"{target.file}: pip did not pick {name}=={version}")
            continue
        url = item["download_info"]["url"]
        digest = item["download_info"].get("archive_info", {}).get("hashes", {}).get("sha256")
        if not url.endswith(".whl") or digest not in block_hashes(block):
            wheel = url.rsplit("/", 1)[-1]
            problems.append(f"{target.file}: {name}: {wheel} is not a locked wheel")
    return problems


def check_pure_python(name: str, block: str, workdir: Path) -> list[str]:
    """Build a source-only pin into a wheel (hash-checked source) and require `none-any`."""
    out = workdir / f"built-{name}"
    requirements = workdir / f"{name}.txt"
    requirements.write_text(block, encoding="utf-8")
    command = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--require-hashes"]
    command += ["--no-binary", name, "-w", str(out), "-r", str(requirements)]
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        return [f"{name}: building its wheel failed:\n{completed.stderr.strip()}"]
    built = [path.name for path in out.glob("*.whl")]
    if len(built) != 1 or not built[0].endswith("-none-any.whl"):
        return [f"{name}: its source builds {built}, not one pure-Python (none-any) wheel"]
    print(f"[wheels] {name}: source only, builds {built[0]}", flush=True)
    return []


def source_only_pins() -> dict[str, str]:
    """{name: requirement block} of the pure-Python source pins, once across all locks."""
    found: dict[str, str] = {}
    for target in lock.TARGETS:
        blocks = requirement_blocks(lock.lock_path(target).read_text(encoding="utf-8"))
        for name, block in blocks.items():
            if name in SOURCE_ONLY and name != COMPILED_BY_RELEASE_JOB:
                found.setdefault(name, block)
    return found


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args(argv)
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="hearth-wheels-") as temp:
        workdir = Path(temp)
        for target in lock.TARGETS:
            started = time.perf_counter()
            found = check_target(target, workdir)
            seconds = time.perf_counter() - started
            verdict = f"{len(found)} problem(s)" if found else "every pin has a locked wheel"
            tag = target.wheel_platforms[0]
            print(f"[wheels] {target.file} ({tag}): {verdict} ({seconds:.0f} s)", flush=True)
            problems += found
        for name, block in source_only_pins().items():
            problems += check_pure_python(name, block, workdir)
    for problem in problems:
        print(f"[wheels] PROBLEM: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
