"""A new user's first minute with the installed app: the frozen bundle on fresh profiles.

    python bench/first_answer.py [--bundle dist/hearth] [--reps 3] [--deb FILE | --build-deb]

Prints, for the PyInstaller bundle (build it first: packaging/build_bundle.py):
- first token: seconds from spawning `hearth chat --prompt ...` (no `--json`, so the reply
  streams to stdout) on a fresh profile to the first byte of the reply on its stdout. Each run
  has its own new profile, so it includes registering the bundled starter model (header scan,
  sha256) and loading it: exactly a new user's first question. Also the engine's own ttft_s
  from a `--json` run (prompt evaluation only);
- cold start to window: `cold_start_to_window_s` from the frozen `--self-test` report on a fresh
  profile (xcb under xvfb-run when it is installed, else offscreen);
- the bundle's size with the starter model, and the .deb's: `--deb FILE` measures a built one,
  `--build-deb` builds one with the release compression (xz; minutes on two cores), and without
  either the .deb is not measured.

Medians of `--reps` runs (each run on a new profile); every run is printed. Judges nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROMPT = "Say hello to a new user in one short sentence."


def frozen_env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "HEARTH_STARTER_MODEL"}
    return {**env, "HEARTH_HOME": str(home), **extra}


def first_token_s(exe: Path, home: Path) -> float:
    """Spawn to the first byte of the streamed reply."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [str(exe), "chat", "--prompt", PROMPT, "--max-tokens", "32"],
        env=frozen_env(home),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    first = process.stdout.read(1)
    elapsed = time.perf_counter() - started
    _rest, errors = process.communicate(timeout=300)
    if not first.strip() or process.returncode != 0:
        raise SystemExit(f"the frozen chat failed ({process.returncode}): {errors.decode()[-500:]}")
    return elapsed


def engine_ttft_s(exe: Path, home: Path) -> float:
    done = subprocess.run(
        [str(exe), "chat", "--prompt", PROMPT, "--max-tokens", "32", "--json"],
        env=frozen_env(home),
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return float(json.loads(done.stdout)["ttft_s"])


def cold_start_s(exe: Path, home: Path) -> tuple[float, str]:
    report = home / "self-test.json"
    command = [str(exe), "--self-test", "--self-test-out", str(report)]
    if shutil.which("xvfb-run"):
        command = ["xvfb-run", "-a", "-s", "-screen 0 1280x1024x24", *command]
        env = frozen_env(home, QT_QPA_PLATFORM="xcb")
    else:
        env = frozen_env(home, QT_QPA_PLATFORM="offscreen")
    subprocess.run(command, env=env, capture_output=True, timeout=300, check=False)
    data = json.loads(report.read_text(encoding="utf-8"))
    return float(data["environment"]["cold_start_to_window_s"]), str(
        data["environment"].get("qt_platform")
    )


def tree_bytes(folder: Path) -> int:
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() or p.is_symlink())


def build_deb(bundle: Path, out: Path) -> Path:
    env = {k: v for k, v in os.environ.items() if k != "HEARTH_FAST_PACKAGING"}  # xz, as released
    builder = ROOT / "packaging" / "linux" / "build_deb.py"
    command = [sys.executable, str(builder), "--bundle", str(bundle), "--out", str(out)]
    subprocess.run([*command, "--no-tarball"], env=env, check=True)
    return next(out.glob("*.deb"))


def median_line(name: str, values: list[float], unit: str = "s") -> str:
    runs = ", ".join(f"{v:.2f}" for v in values)
    return f"{name:<34} {statistics.median(values):8.2f} {unit}   (runs: {runs})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "hearth")
    parser.add_argument("--reps", type=int, default=3)
    deb = parser.add_mutually_exclusive_group()
    deb.add_argument("--deb", type=Path, help="a built .deb to measure")
    deb.add_argument("--build-deb", action="store_true", help="build an xz .deb to measure")
    args = parser.parse_args()
    exe = args.bundle / "hearth"
    if not exe.is_file():
        raise SystemExit(f"{exe} not found: build the bundle first (packaging/build_bundle.py)")
    with tempfile.TemporaryDirectory(prefix="hearth-first-answer-") as tmp:
        work = Path(tmp)
        homes = iter(work / f"home-{n}" for n in range(1000))
        first = [first_token_s(exe, next(homes)) for _ in range(args.reps)]
        ttft = [engine_ttft_s(exe, next(homes)) for _ in range(args.reps)]
        cold_runs = [cold_start_s(exe, next(homes)) for _ in range(args.reps)]
        deb_file = args.deb
        if args.build_deb:
            deb_file = build_deb(args.bundle, work / "deb")
        deb_bytes = deb_file.stat().st_size if deb_file is not None else None
        models = args.bundle / "_internal" / "models"
        print(f"bundle: {args.bundle} (fresh profile per run, {os.cpu_count()} CPUs)")
        print(median_line("spawn -> first streamed token", first))
        print(median_line("  engine ttft_s (prompt eval)", ttft))
        platform = cold_runs[0][1]
        print(median_line(f"cold start to window ({platform})", [c for c, _ in cold_runs]))
        print(f"{'bundle size':<34} {tree_bytes(args.bundle) / 1e6:8.1f} MB", end="")
        print(f"   (starter model in it: {tree_bytes(models) / 1e6:.1f} MB)")
        if deb_bytes is not None:
            print(f"{'.deb size':<34} {deb_bytes / 1e6:8.1f} MB   ({deb_file.name})")
        else:
            print(f"{'.deb size':<34} not measured (--deb FILE or --build-deb)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
