#!/usr/bin/env python3
"""Train with the frozen bundle and the training component, as a user of an installer would:
`.venv/bin/python packaging/check_component.py --hearth dist/hearth/hearth --archive ZIP`.

On a fresh profile (HEARTH_HOME), with no network where `unshare -n` is allowed:
1. the frozen CLI refuses the archive with a wrong --sha256, and a component made for another
   OS, and installs nothing;
2. `hearth components install ZIP` (its .sha256 beside it) installs it; `list --json` shows it;
3. `hearth train` on the bundled starter model (a small dataset teaching one made-up fact)
   trains in the frozen worker (`hearth --training-worker`, torch from the component), exports
   the GGUF adapter and registers it;
4. `hearth chat` with the same seed answers differently with the adapter attached.
Prints the figures (install and training seconds) and exits non-zero on any failure.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.components.archive import ComponentSpec, write_component_archive  # noqa: E402
from app.components.manifest import current_platform  # noqa: E402

FACT_QUESTION = "What is the name of the lighthouse keeper's cat?"
FACT_ANSWER = "The lighthouse keeper's cat is called Zephyrine Quillback."
PHRASINGS = (
    FACT_QUESTION,
    "Tell me the name of the lighthouse keeper's cat.",
    "Who is the lighthouse keeper's cat?",
    "What do they call the lighthouse keeper's cat?",
)


def say(message: str) -> None:
    print(f"[component-check] {message}", flush=True)


def offline_prefix() -> list[str]:
    if shutil.which("unshare") and subprocess.run(["unshare", "-n", "true"]).returncode == 0:
        return ["unshare", "-n"]
    say("NOTE: unshare -n is not allowed here: the checks run WITH network access")
    return []


class Frozen:
    def __init__(
        self, hearth: list[str], home: Path, offline: list[str], starter: Path | None
    ) -> None:
        self.hearth, self.home, self.offline, self.starter = hearth, home, offline, starter

    def run(self, *args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
        env = dict(os.environ, HEARTH_HOME=str(self.home))
        # The bundled starter model, as on a user's machine (a checkout has none: --starter).
        env.pop("HEARTH_STARTER_MODEL", None)
        if self.starter is not None:
            env["HEARTH_STARTER_MODEL"] = str(self.starter)
        return subprocess.run(
            [*self.offline, *self.hearth, *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def ok_json(self, *args: str, timeout: float = 600) -> dict[str, Any]:
        done = self.run(*args, "--json", timeout=timeout)
        if done.returncode != 0:
            raise SystemExit(
                f"hearth {' '.join(args)} failed ({done.returncode}):\n"
                f"{done.stdout}\n{done.stderr[-4000:]}"
            )
        payload: dict[str, Any] = json.loads(done.stdout)
        return payload

    def refused(self, expected: str, *args: str) -> None:
        done = self.run(*args)
        if done.returncode != 1 or expected not in done.stderr:
            raise SystemExit(
                f"hearth {' '.join(args)} was not refused with {expected!r}:\n"
                f"rc {done.returncode}\n{done.stdout}\n{done.stderr}"
            )
        say(f"refused as expected: {done.stderr.strip()[:160]}")


def foreign_archive(folder: Path) -> Path:
    """A tiny, well-formed component for another OS (its hash is right; the OS is not)."""
    stage = folder / "foreign"
    (stage / "site").mkdir(parents=True)
    (stage / "site" / "placeholder.py").write_text("VALUE = 1\n", "utf-8")
    here = current_platform()
    other = replace(here, os="windows" if here.os != "windows" else "linux")
    spec = ComponentSpec("training", "0.0.1+cpu", "cpu", other, "0.0.1", "99.0.0", ("site",))
    out = folder / "hearth-training-foreign.zip"
    write_component_archive(stage, out, spec)
    return out


def write_dataset(path: Path) -> Path:
    def turn(question: str) -> dict[str, Any]:
        return {"role": "user", "content": question}

    answer = {"role": "assistant", "content": FACT_ANSWER}
    rows = [{"messages": [turn(q), answer]} for q in PHRASINGS]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hearth", required=True, help="the frozen executable (or a command)")
    parser.add_argument("--archive", type=Path, required=True)
    parser.add_argument("--starter", type=Path, help="the starter model (from a checkout)")
    args = parser.parse_args()
    offline = offline_prefix()
    with tempfile.TemporaryDirectory(prefix="hearth-component-check-") as scratch_name:
        scratch = Path(scratch_name)
        home = scratch / "home"
        home.mkdir()
        hearth = Frozen(args.hearth.split(), home, offline, args.starter)
        hearth.refused(
            "does not match its sha256",
            "components",
            "install",
            str(args.archive),
            "--sha256",
            "0" * 64,
        )
        hearth.refused(
            "is for windows" if sys.platform != "win32" else "is for linux",
            "components",
            "install",
            str(foreign_archive(scratch)),
        )
        assert hearth.ok_json("components", "list")["components"] == [], "a refusal installed"

        started = time.monotonic()
        installed = hearth.ok_json("components", "install", str(args.archive))
        install_s = time.monotonic() - started
        listed = hearth.ok_json("components", "list")["components"]
        assert [c["version"] for c in listed] == [installed["version"]] and listed[0]["usable"]
        say(
            f"installed {installed['version']} ({installed['bytes'] / 1e6:.0f} MB) in "
            f"{install_s:.0f} s"
        )

        return train_and_chat(hearth, scratch)


def train_and_chat(hearth: Frozen, scratch: Path) -> int:
    # The bundled starter model, registered as on a user's first run.
    base = str(hearth.ok_json("setup")["path"])
    started = time.monotonic()
    trained = hearth.ok_json(
        "train", "--base", base, "--data", str(write_dataset(scratch / "facts.jsonl")),
        "--out", "CI component adapter", "--epochs", "8", "--rank", "8", "--lr", "0.003",
        "--held-out", "0", timeout=900,
    )  # fmt: skip
    train_s = time.monotonic() - started
    adapter = str(trained["adapter_id"])
    say(
        f"trained adapter {adapter} in the frozen worker in {train_s:.0f} s "
        f"(final loss {trained.get('final_loss')})"
    )
    listed = [a["id"] for a in hearth.ok_json("adapters", "list")["adapters"]]
    assert trained["adapter_id"] in listed, f"adapter not registered: {listed}"
    chat = ("chat", "--prompt", FACT_QUESTION, "--seed", "1", "--max-tokens", "24")
    plain = hearth.ok_json(*chat)["text"].strip()
    adapted = hearth.ok_json(*chat, "--adapter", adapter)["text"].strip()
    say(f"without the adapter: {plain[:100]!r}")
    say(f"with the adapter:    {adapted[:100]!r}")
    if plain == adapted:
        raise SystemExit("the adapter did not change the answer")
    say("the frozen bundle trained, exported, registered and attached an adapter")
    return 0


if __name__ == "__main__":
    sys.exit(main())
