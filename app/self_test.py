"""The Qt-free half of `hearth --self-test`: the checks a frozen build runs on a user's machine.

The windowed half (app/ui/shell/self_test_window.py) opens the real main window and then calls
`run_core_checks`. Every check returns a value instead of raising, so one broken part still
lets the report name every other part; the report is written to a file as well as stdout,
because a windowed Windows executable has no stdout at all.
"""

from __future__ import annotations

import json
import locale
import platform
import sys
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from app import __version__
from app.atomic_write import write_text_atomically
from app.core import Core
from app.library.starter import STARTER_FILE_NAME

SELF_TEST_PROMPT = "Say hello in one short sentence."
SELF_TEST_MAX_TOKENS = 8
REPORT_FILE_NAME = "self-test.json"


@dataclass(frozen=True)
class CheckResult:
    """One check: `ok` False means the build is broken; `skipped` says why nothing was tried."""

    name: str
    ok: bool
    detail: str
    seconds: float = 0.0
    skipped: bool = False
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ModelToTest:
    path: Path
    sha256: str
    source: str  # "option", "default model", "starter file"


@dataclass
class SelfTestReport:
    checks: list[CheckResult] = field(default_factory=list)
    environment: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return bool(self.checks) and all(check.ok for check in self.checks)

    def add(self, check: CheckResult) -> CheckResult:
        self.checks.append(check)
        return check

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "environment": self.environment,
            "checks": [asdict(check) for check in self.checks],
        }

    def summary_lines(self) -> list[str]:
        lines = []
        for check in self.checks:
            state = "skip" if check.skipped else ("ok" if check.ok else "FAIL")
            lines.append(f"{state:>4}  {check.name}: {check.detail} ({check.seconds:.3f} s)")
        lines.append("self-test passed" if self.ok else "self-test FAILED")
        return lines


def environment_facts() -> dict[str, Any]:
    """What a support request needs to know about the build that ran the test."""
    return {
        "hearth_version": __version__,
        "frozen": bool(getattr(sys, "frozen", False)),
        "executable": sys.executable,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        # A frozen build runs in UTF-8 mode whatever the environment (packaging/hearth.spec).
        "utf8_mode": sys.flags.utf8_mode,
        "preferred_encoding": locale.getpreferredencoding(False),
    }


def timed_check(name: str, body: Callable[[], CheckResult]) -> CheckResult:
    """Run `body`, turning any exception into a failed check that carries the traceback."""
    started = time.perf_counter()
    try:
        result = body()
    except Exception as exc:
        return CheckResult(
            name=name,
            ok=False,
            detail=f"{type(exc).__name__}: {exc}",
            seconds=round(time.perf_counter() - started, 4),
            data={"traceback": traceback.format_exc()},
        )
    seconds = round(result.seconds or time.perf_counter() - started, 4)
    return CheckResult(
        name=name,
        ok=result.ok,
        detail=result.detail,
        seconds=seconds,
        skipped=result.skipped,
        data=result.data,
    )


def database_round_trip(core: Core) -> CheckResult:
    """Write a conversation and a non-ASCII message, read them back, delete them."""
    marker = f"self-test {time.time_ns()}"
    text = "ping ✓ 🔥 ü"
    conversations, messages = core.chats.conversations, core.chats.messages
    created = conversations.create(marker)
    try:
        messages.add(created.id, "user", text)
        title = conversations.get(created.id).title
        contents = [message.content for message in messages.list(created.id)]
    finally:
        conversations.delete(created.id)
    integrity = core.database.integrity_check()
    same = title == marker and contents == [text]
    detail = "wrote, read back and deleted a conversation" if same else "read back different data"
    if integrity != "ok":
        detail = f"integrity check: {integrity}"
    return CheckResult(
        name="database",
        ok=same and integrity == "ok",
        detail=detail,
        data={
            "path": str(core.paths.database),
            "schema_version": core.database.schema_version,
            "integrity": integrity,
        },
    )


def choose_model(core: Core, explicit: Path | None) -> ModelToTest | None:
    """The model the self-test loads: an explicit path, else the profile's default model, else
    the starter model file where `hearth setup` puts it. None: no model on this machine."""
    if explicit is not None:
        return ModelToTest(explicit, "", "option")
    record = core.default_model()
    if record is not None and Path(record.path).is_file():
        return ModelToTest(Path(record.path), record.sha256, "default model")
    starter = core.paths.models_dir / STARTER_FILE_NAME
    if starter.is_file():
        return ModelToTest(starter, "", "starter file")
    return None


def generation_check(core: Core, model: ModelToTest | None) -> CheckResult:
    """Load the model with llama.cpp and greedily generate a few tokens."""
    if model is None:
        return CheckResult(
            name="generation",
            ok=True,
            skipped=True,
            detail="no model registered: run `hearth setup`, or pass --self-test-model PATH",
        )
    if not model.path.is_file():
        return CheckResult(
            name="generation", ok=False, detail=f"model file not found: {model.path}"
        )
    from app.chats.sampling import load_options_from_settings
    from app.engine.types import ChatTurn, LoadModel, SamplingParams

    # Built here: loading llama.cpp's libraries is part of what this check measures. The model
    # runs on an inference thread of its own, as in the app, and this thread waits on its client.
    client = core.start_engine(remote=False)
    try:
        loaded = client.load(
            LoadModel(str(model.path), model.sha256, load_options_from_settings(core.settings))
        )
        result = client.generate(
            (ChatTurn("user", SELF_TEST_PROMPT),),
            SamplingParams(temperature=0.0, max_tokens=SELF_TEST_MAX_TOKENS, seed=42),
            on_text=lambda _text: None,
            stop=threading.Event(),
        )
    finally:
        client.shutdown()
    produced = result.stats.completion_tokens
    return CheckResult(
        name="generation",
        ok=produced > 0,
        detail=(
            f"{produced} tokens from {loaded.name} on {loaded.backend}: {result.text.strip()!r}"
            if produced
            else f"{loaded.name} produced no tokens"
        ),
        data={
            "model_path": str(model.path),
            "model_source": model.source,
            "backend": loaded.backend,
            "load_s": round(loaded.load_s, 3),
            "completion_tokens": produced,
            "ttft_s": round(result.stats.ttft_s, 4),
            "decode_tokens_per_s": round(result.stats.decode_tokens_per_s, 2),
            "text": result.text,
        },
    )


def run_core_checks(core: Core, report: SelfTestReport, model_path: Path | None) -> None:
    """Append the database and generation checks to `report`."""
    report.add(timed_check("database", lambda: database_round_trip(core)))
    model = choose_model(core, model_path)
    report.add(timed_check("generation", lambda: generation_check(core, model)))


def default_report_path(core_cache_dir: Path) -> Path:
    return core_cache_dir / REPORT_FILE_NAME


def publish_report(report: SelfTestReport, path: Path) -> None:
    """Write the JSON report to `path` and, where there is a console, the summary to stdout."""
    write_text_atomically(path, json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n")
    stream = sys.stdout
    if stream is None:  # a windowed Windows executable
        return
    try:
        for line in report.summary_lines():
            print(line, file=stream)
        print(f"report: {path}", file=stream, flush=True)
    except (OSError, ValueError):
        pass  # a closed or broken stdout must not turn a passing test into a crash
