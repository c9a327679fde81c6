"""Read training examples from JSONL and CSV files, checking every row.

JSONL, one object per line (blank lines are skipped):
    {"messages": [{"role": "system"|"user"|"assistant", "content": "..."}, ...]}
    {"prompt": "...", "completion": "..."}            (optionally "system")
Either form may add "expected": a phrase or a list of phrases a correct reply contains, and
"split": "train" or "held_out" (also "test", "validation", "eval").

CSV with a header row: an instruction column (instruction, prompt, question or input) and an
answer column (answer, completion, response or output); optional system, expected (phrases
separated by "|") and split columns.

Bad rows never stop the reading: each one becomes a RowProblem naming the file, the row and
what is wrong; `FileRows.require_clean()` turns them into one DatasetError.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, cast

from app.atomic_write import write_text_atomically
from app.training.errors import DatasetError, RowProblem
from app.training.examples import ROLES, Role, Split, TrainingExample, Turn

MAX_FILE_BYTES: Final = 200 * 1024 * 1024
MAX_TEXT_CHARS: Final = 50_000  # per turn: far beyond any max length a preset trains on
SPLIT_NAMES: Final[Mapping[str, Split]] = {
    "train": "train",
    "held_out": "held_out",
    "heldout": "held_out",
    "held-out": "held_out",
    "test": "held_out",
    "validation": "held_out",
    "eval": "held_out",
}
INSTRUCTION_COLUMNS: Final = ("instruction", "prompt", "question", "input")
ANSWER_COLUMNS: Final = ("answer", "completion", "response", "output")


@dataclass(frozen=True)
class FileRows:
    source: str
    examples: tuple[TrainingExample, ...]
    problems: tuple[RowProblem, ...]

    def require_clean(self) -> tuple[TrainingExample, ...]:
        if self.problems:
            raise DatasetError(f"{self.source} has {len(self.problems)} bad row(s)", self.problems)
        if not self.examples:
            raise DatasetError(f"{self.source} holds no examples")
        return self.examples


class _RowError(Exception):
    pass


def read_dataset_file(path: Path) -> FileRows:
    """Examples from a .jsonl/.json-lines or .csv file (by suffix; other suffixes: by content)."""
    path = Path(path)
    name = path.name
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise DatasetError(f"{name} is {size // (1024 * 1024)} MB; the limit is 200 MB")
        data = path.read_bytes()
    except FileNotFoundError:
        raise DatasetError(f"dataset file not found: {path}") from None
    except IsADirectoryError:
        raise DatasetError(f"{path} is a folder, not a dataset file") from None
    except OSError as exc:
        raise DatasetError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DatasetError(
            f"{name} is not UTF-8 text (bad byte at offset {exc.start}); save it as UTF-8"
        ) from None
    if path.suffix.lower() == ".csv" or (
        path.suffix.lower() not in (".jsonl", ".json", ".ndjson")
        and not text.lstrip().startswith("{")
    ):
        return parse_csv(text, source=name)
    return parse_jsonl(text, source=name)


def parse_jsonl(text: str, *, source: str) -> FileRows:
    examples: list[TrainingExample] = []
    problems: list[RowProblem] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            try:
                value = json.loads(line)
            except json.JSONDecodeError as exc:
                raise _RowError(f"not valid JSON ({exc.msg} at column {exc.colno})") from None
            examples.append(_example_from_object(value, source=f"{source}:{number}"))
        except _RowError as exc:
            problems.append(RowProblem(source, number, str(exc)))
    return FileRows(source, tuple(examples), tuple(problems))


def parse_csv(text: str, *, source: str) -> FileRows:
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    instruction = next((c for c in INSTRUCTION_COLUMNS if c in header), None)
    answer = next((c for c in ANSWER_COLUMNS if c in header), None)
    if instruction is None or answer is None:
        raise DatasetError(
            f"{source}: the CSV header needs an instruction column "
            f"({', '.join(INSTRUCTION_COLUMNS)}) and an answer column "
            f"({', '.join(ANSWER_COLUMNS)}); found: {', '.join(header) or 'no header'}"
        )
    reader.fieldnames = header
    examples: list[TrainingExample] = []
    problems: list[RowProblem] = []
    try:
        for number, record in enumerate(reader, start=1):
            row = {k: (v or "") for k, v in record.items() if isinstance(k, str)}
            if not any(str(v).strip() for v in row.values()):
                continue
            try:
                if None in record:  # more cells than header columns
                    raise _RowError("the row has more cells than the header has columns")
                value: dict[str, Any] = {
                    "prompt": row.get(instruction, ""),
                    "completion": row.get(answer, ""),
                }
                if row.get("system", "").strip():
                    value["system"] = row["system"]
                if row.get("expected", "").strip():
                    value["expected"] = [p for p in row["expected"].split("|") if p.strip()]
                if row.get("split", "").strip():
                    value["split"] = row["split"]
                examples.append(_example_from_object(value, source=f"{source}:{number}"))
            except _RowError as exc:
                problems.append(RowProblem(source, number, str(exc)))
    except csv.Error as exc:
        raise DatasetError(f"{source}: not a readable CSV file ({exc})") from None
    return FileRows(source, tuple(examples), tuple(problems))


def _example_from_object(value: object, *, source: str) -> TrainingExample:
    if not isinstance(value, dict):
        raise _RowError(f"expected a JSON object, found {type(value).__name__}")
    if "messages" in value:
        turns = _turns_from_messages(value["messages"])
    elif "prompt" in value or "completion" in value:
        turns = _turns_from_pair(value)
    else:
        raise _RowError('needs "messages", or "prompt" and "completion"')
    return TrainingExample(
        turns=turns,
        source=source,
        expected=_expected(value.get("expected")),
        split=_split(value.get("split")),
    )


def _text(value: object, what: str) -> str:
    if value is None:
        raise _RowError(f"{what} is missing")
    if not isinstance(value, str):
        raise _RowError(f"{what} must be text, found {type(value).__name__}")
    if not value.strip():
        raise _RowError(f"{what} is empty")
    if len(value) > MAX_TEXT_CHARS:
        raise _RowError(f"{what} is {len(value)} characters long; the limit is {MAX_TEXT_CHARS}")
    return value


def _turns_from_pair(value: Mapping[str, object]) -> tuple[Turn, ...]:
    turns: list[Turn] = []
    system = value.get("system")
    if system is not None and system != "":
        turns.append(Turn("system", _text(system, '"system"')))
    turns.append(Turn("user", _text(value.get("prompt"), '"prompt"')))
    turns.append(Turn("assistant", _text(value.get("completion"), '"completion"')))
    return tuple(turns)


def _turns_from_messages(messages: object) -> tuple[Turn, ...]:
    if not isinstance(messages, list):
        raise _RowError(f'"messages" must be a list, found {type(messages).__name__}')
    if not messages:
        raise _RowError('"messages" is empty')
    turns: list[Turn] = []
    for index, message in enumerate(messages, start=1):
        if not isinstance(message, dict):
            raise _RowError(f"message {index} must be an object with role and content")
        role = message.get("role")
        if role not in ROLES:
            raise _RowError(f"message {index} has role {role!r}; use one of {', '.join(ROLES)}")
        if role == "system" and index != 1:
            raise _RowError(f"message {index} is a system message; only the first may be one")
        turns.append(
            Turn(cast(Role, role), _text(message.get("content"), f"message {index} content"))
        )
    if turns[-1].role != "assistant":
        raise _RowError("the last message must be the assistant's reply to learn")
    if not any(t.role == "user" for t in turns):
        raise _RowError("there is no user message before the assistant's reply")
    return tuple(turns)


def _expected(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _RowError('"expected" must be a phrase or a list of phrases')
    return tuple(v.strip() for v in value if v.strip())


def _split(value: object) -> Split | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str) or value.strip().lower() not in SPLIT_NAMES:
        raise _RowError(f'"split" is {value!r}; use "train" or "held_out"')
    return SPLIT_NAMES[value.strip().lower()]


def jsonl_text(examples: Sequence[TrainingExample], *, with_sources: bool = False) -> str:
    """The examples in the JSONL form `read_dataset_file` reads (what the worker is given).
    `with_sources` adds each example's "source" for a person reviewing the file (reading it
    back ignores the key)."""
    lines = []
    for example in examples:
        record = example.as_record()
        if with_sources:
            record["source"] = example.source
        lines.append(json.dumps(record, ensure_ascii=False) + "\n")
    return "".join(lines)


def write_jsonl(
    path: Path, examples: Sequence[TrainingExample], *, with_sources: bool = False
) -> Path:
    """`jsonl_text` written atomically: a reader never sees half a file."""
    write_text_atomically(Path(path), jsonl_text(examples, with_sources=with_sources))
    return Path(path)
