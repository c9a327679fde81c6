"""A PEFT LoRA adapter as other trainers write it: a folder or a .zip of one, holding
`adapter_config.json` and `adapter_model.safetensors` (what PEFT's save_pretrained, TRL, Axolotl
and Unsloth write). Qt-free and torch-free: this runs in the installed app.

Only what Hearth can convert faithfully is accepted; everything else is refused with the reason:
a pickled `adapter_model.bin` (loading a pickle runs code from the file), adapters that are not
plain LoRA (DoRA, per-module alpha, trained embeddings or output heads in `modules_to_save`).
"""

from __future__ import annotations

import json
import math
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Final

from app.training.errors import TrainingError

CONFIG_FILE: Final = "adapter_config.json"
WEIGHTS_FILE: Final = "adapter_model.safetensors"
PICKLED_WEIGHTS_FILE: Final = "adapter_model.bin"
# A zip member larger than this is refused before extraction (a rank-256 adapter on every
# projection of a 70 B model is about 6 GB).
MAX_WEIGHTS_BYTES: Final = 16 * 1024**3
MAX_CONFIG_BYTES: Final = 1024 * 1024


@dataclass(frozen=True)
class PeftConfig:
    rank: int
    alpha: float
    use_rslora: bool
    fan_in_fan_out: bool
    target_modules: tuple[str, ...]
    base_model: str | None  # base_model_name_or_path: a Hugging Face repository or a folder
    layers_to_transform: tuple[int, ...] | None = None  # None: every layer is adapted

    @property
    def scale(self) -> float:
        """What PEFT multiplies B·A·x by: alpha / r, or alpha / sqrt(r) with rsLoRA."""
        return self.alpha / (math.sqrt(self.rank) if self.use_rslora else self.rank)

    @property
    def gguf_alpha(self) -> float:
        """The alpha to write so that llama.cpp's alpha / r is PEFT's scale."""
        return self.scale * self.rank


@dataclass(frozen=True)
class PeftFolder:
    name: str  # the folder's (or zip's) name: the adapter's name unless the user gives one
    config: PeftConfig
    weights: Path  # adapter_model.safetensors (extracted from a zip into a work folder)


def looks_like_peft(path: Path) -> bool:
    """A folder with adapter_config.json, or a .zip (what the CLI routes to the PEFT import:
    a zip that is not an adapter then gets the import's own clear error)."""
    path = Path(path)
    if path.is_dir():
        return (path / CONFIG_FILE).is_file()
    return path.suffix.lower() == ".zip" and path.is_file()


def is_peft_adapter(path: Path) -> bool:
    """A folder with adapter_config.json, or a zip holding one (what a drop routes to the
    import; any other zip is left to what handles documents)."""
    path = Path(path)
    if path.is_dir():
        return (path / CONFIG_FILE).is_file()
    if path.suffix.lower() != ".zip" or not path.is_file():
        return False
    try:
        with zipfile.ZipFile(path) as zipped:
            return any(PurePosixPath(n).name == CONFIG_FILE for n in zipped.namelist())
    except (zipfile.BadZipFile, OSError):
        return False


def open_peft(path: Path, workdir: Path) -> PeftFolder:
    """Read a PEFT adapter folder or zip; a zip's weights are extracted into `workdir`."""
    path = Path(path).expanduser()
    if path.is_dir():
        return _from_folder(path)
    if path.suffix.lower() == ".zip" and path.is_file():
        return _from_zip(path, workdir)
    if not path.exists():
        raise TrainingError(f"{path} does not exist")
    raise TrainingError(
        f"{path.name} is not a PEFT adapter: give the folder that holds {CONFIG_FILE} and "
        f"{WEIGHTS_FILE}, or a .zip of it"
    )


def _from_folder(folder: Path) -> PeftFolder:
    config_path, weights = folder / CONFIG_FILE, folder / WEIGHTS_FILE
    if not config_path.is_file():
        raise TrainingError(f"{folder.name} has no {CONFIG_FILE}: it is not a PEFT adapter folder")
    if not weights.is_file():
        _refuse_missing_weights(folder.name, (folder / PICKLED_WEIGHTS_FILE).is_file())
    try:
        if config_path.stat().st_size > MAX_CONFIG_BYTES:
            raise TrainingError(f"{folder.name}/{CONFIG_FILE} is too large to be an adapter config")
        text = config_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TrainingError(f"cannot read {config_path}: {exc}") from exc
    return PeftFolder(folder.name, parse_config(text, folder.name), weights)


def _from_zip(archive: Path, workdir: Path) -> PeftFolder:
    try:
        with zipfile.ZipFile(archive) as zipped:
            members = {PurePosixPath(i.filename): i for i in zipped.infolist() if not i.is_dir()}
            configs = [m for m in members if m.name == CONFIG_FILE]
            if len(configs) != 1:
                raise TrainingError(
                    f"{archive.name} holds {len(configs) or 'no'} {CONFIG_FILE} files; a PEFT "
                    "adapter zip holds exactly one adapter"
                )
            folder = configs[0].parent
            weights_info = members.get(folder / WEIGHTS_FILE)
            if weights_info is None:
                _refuse_missing_weights(archive.name, folder / PICKLED_WEIGHTS_FILE in members)
                raise AssertionError  # unreachable: the call above raises
            config_info = members[configs[0]]
            if config_info.file_size > MAX_CONFIG_BYTES:
                raise TrainingError(f"{archive.name}: its {CONFIG_FILE} is too large")
            if weights_info.file_size > MAX_WEIGHTS_BYTES:
                raise TrainingError(
                    f"{archive.name}: its {WEIGHTS_FILE} would unpack to "
                    f"{weights_info.file_size:,} bytes, more than any LoRA adapter needs"
                )
            text = zipped.read(config_info).decode("utf-8")
            workdir.mkdir(parents=True, exist_ok=True)
            weights = workdir / WEIGHTS_FILE
            with zipped.open(weights_info) as source, weights.open("wb") as out:
                # The header's size can lie: copy at most that much and check what came.
                shutil.copyfileobj(_Limited(source, weights_info.file_size), out, 1024 * 1024)
    except zipfile.BadZipFile as exc:
        raise TrainingError(f"{archive.name} is not a readable zip file: {exc}") from exc
    except (OSError, UnicodeDecodeError, EOFError) as exc:
        raise TrainingError(f"cannot read {archive.name}: {exc}") from exc
    name = folder.name if folder.name else archive.stem
    return PeftFolder(name, parse_config(text, archive.name), weights)


class _Limited:
    def __init__(self, stream: Any, limit: int) -> None:
        self._stream, self._left = stream, limit

    def read(self, size: int = -1) -> bytes:
        chunk: bytes = self._stream.read(min(size, self._left) if size >= 0 else self._left)
        self._left -= len(chunk)
        return chunk


def _refuse_missing_weights(where: str, pickled: bool) -> None:
    if pickled:
        raise TrainingError(
            f"{where} holds its weights as {PICKLED_WEIGHTS_FILE}, a Python pickle, which can "
            "run code when opened; Hearth reads only adapter_model.safetensors. Save the adapter "
            "again with safe_serialization=True (PEFT's default)"
        )
    raise TrainingError(f"{where} has no {WEIGHTS_FILE}")


def parse_config(text: str, where: str) -> PeftConfig:
    """adapter_config.json -> the LoRA settings, refusing what cannot be converted."""
    try:
        raw = json.loads(text)
    except ValueError as exc:
        raise TrainingError(f"{where}: {CONFIG_FILE} is not valid JSON ({exc})") from None
    if not isinstance(raw, dict):
        raise TrainingError(f"{where}: {CONFIG_FILE} is not a JSON object")
    peft_type = str(raw.get("peft_type", "LORA")).upper()
    if peft_type != "LORA":
        raise TrainingError(f"{where} is a {peft_type} adapter; Hearth converts LoRA adapters only")
    refusals = {
        "use_dora": "it is a DoRA adapter (a learnt magnitude per weight, which llama.cpp's "
        "LoRA format cannot hold)",
        "modules_to_save": "it also trains whole modules ({value}), which a LoRA GGUF cannot hold",
        "alpha_pattern": "it sets alpha per module ({value})",
        "rank_pattern": "it sets the rank per module ({value})",
    }
    for key, reason in refusals.items():
        value = raw.get(key)
        if value:
            raise TrainingError(f"{where} cannot be converted: {reason.format(value=value)}")
    rank, alpha = raw.get("r"), raw.get("lora_alpha")
    if isinstance(rank, bool) or not isinstance(rank, int) or not 1 <= rank <= 4096:
        raise TrainingError(f"{where}: {CONFIG_FILE} has no valid rank 'r' ({rank!r})")
    if alpha is None:
        alpha = 8  # PEFT's default
    if isinstance(alpha, bool) or not isinstance(alpha, int | float) or not alpha > 0:
        raise TrainingError(f"{where}: {CONFIG_FILE} has an invalid lora_alpha ({alpha!r})")
    targets = raw.get("target_modules") or ()
    if isinstance(targets, str):
        targets = (targets,)
    base = raw.get("base_model_name_or_path")
    layers = raw.get("layers_to_transform")
    if isinstance(layers, int) and not isinstance(layers, bool):
        layers = [layers]
    return PeftConfig(
        rank=rank,
        alpha=float(alpha),
        use_rslora=bool(raw.get("use_rslora", False)),
        fan_in_fan_out=bool(raw.get("fan_in_fan_out", False)),
        target_modules=tuple(str(t) for t in targets),
        base_model=str(base) if base else None,
        layers_to_transform=tuple(int(n) for n in layers) if isinstance(layers, list) else None,
    )
