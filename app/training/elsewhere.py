""" "Train on another machine": a folder a team's GPU server can train from with an established
trainer, whose result comes back through the PEFT import (`hearth adapters import`).

The folder holds the dataset as chat JSONL (`{"messages": [...]}` per line), a TRL SFTTrainer
script and an Axolotl config with the same LoRA settings as Hearth would use (rank, alpha,
targets, learning rate, epochs, max length), loss on the assistant's answers only, and a
README.txt. Qt-free and torch-free: writing it needs nothing the installed app lacks.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from app.atomic_write import write_text_atomically
from app.training.config import TARGET_MODULES, Hyperparameters
from app.training.dataset_files import jsonl_text
from app.training.errors import TrainingError
from app.training.examples import TrainingExample

PLACEHOLDER_REPO: Final = "FILL-IN/base-model-repository"
TRAIN_FILE: Final = "data/train.jsonl"
HELD_OUT_FILE: Final = "data/held_out.jsonl"
TRL_SCRIPT: Final = "train_trl.py"
AXOLOTL_CONFIG: Final = "axolotl.yaml"
README: Final = "README.txt"
OUTPUT_DIR: Final = "adapter"  # where both trainers write the PEFT adapter


@dataclass(frozen=True)
class ElsewherePlan:
    adapter_name: str
    base_name: str  # the library's name of the base model
    base_repo: str | None  # its Hugging Face repository (original weights), None when unknown
    hyper: Hyperparameters
    train: Sequence[TrainingExample]
    held_out: Sequence[TrainingExample] = ()


@dataclass(frozen=True)
class ElsewhereFolder:
    folder: Path
    files: tuple[Path, ...]
    base_repo_known: bool


def write_training_folder(folder: Path, plan: ElsewherePlan) -> ElsewhereFolder:
    """Write the folder (created if needed; refuses one that already holds files)."""
    folder = Path(folder).expanduser()
    if not plan.train:
        raise TrainingError("there are no training examples to write")
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise TrainingError(f"{folder} already exists and is not empty: choose a new folder")
    repo = plan.base_repo or PLACEHOLDER_REPO
    contents = {
        TRAIN_FILE: jsonl_text(plan.train),
        TRL_SCRIPT: trl_script(plan, repo),
        AXOLOTL_CONFIG: axolotl_config(plan, repo),
        README: readme(plan, repo),
    }
    if plan.held_out:
        contents[HELD_OUT_FILE] = jsonl_text(plan.held_out)
    written = []
    try:
        for name, text in contents.items():
            write_text_atomically(folder / name, text)
            written.append(folder / name)
    except OSError as exc:
        raise TrainingError(f"cannot write {folder}: {exc.strerror or exc}") from exc
    return ElsewhereFolder(folder, tuple(written), plan.base_repo is not None)


def _modules(hyper: Hyperparameters) -> list[str]:
    return [TARGET_MODULES[t] for t in hyper.targets]


def trl_script(plan: ElsewherePlan, repo: str) -> str:
    hyper = plan.hyper
    settings = {
        "BASE_MODEL": repo,
        "RANK": hyper.rank,
        "ALPHA": hyper.alpha,
        "DROPOUT": hyper.dropout,
        "TARGET_MODULES": _modules(hyper),
        "EPOCHS": hyper.epochs,
        "LEARNING_RATE": hyper.learning_rate,
        "MAX_LENGTH": hyper.max_length,
        "BATCH_SIZE": hyper.batch_size,
        "WARMUP_STEPS": hyper.warmup_steps,
        "SEED": hyper.seed,
    }
    lines = "\n".join(f"{key} = {value!r}" for key, value in settings.items())
    return f'''"""Train the LoRA adapter "{plan.adapter_name}" with TRL (written by Hearth).

    pip install "trl>=0.20" peft transformers datasets accelerate
    python {TRL_SCRIPT}

The adapter (adapter_config.json + adapter_model.safetensors) is written to ./{OUTPUT_DIR}/;
import that folder in Hearth (Adapters panel, Import; or `hearth adapters import {OUTPUT_DIR}`).
"""

import json
import sys
from pathlib import Path

{lines}
PLACEHOLDER = {PLACEHOLDER_REPO!r}
HERE = Path(__file__).resolve().parent


def rows():
    """Each chat as prompt (every turn before the last) and completion (the answer): TRL then
    computes the loss on the answer only."""
    with open(HERE / {TRAIN_FILE!r}, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                messages = json.loads(line)["messages"]
                yield {{"prompt": messages[:-1], "completion": messages[-1:]}}


def main():
    if BASE_MODEL == PLACEHOLDER:
        sys.exit("Set BASE_MODEL at the top of this script to the base model's repository "
                 "(see README.txt).")
    import torch
    from datasets import Dataset
    from peft import LoraConfig
    from trl import SFTConfig, SFTTrainer

    bf16 = torch.cuda.is_available() and torch.cuda.is_bf16_supported()
    config = SFTConfig(
        output_dir=str(HERE / "checkpoints"),
        num_train_epochs=EPOCHS,
        learning_rate=LEARNING_RATE,
        lr_scheduler_type="linear",
        warmup_steps=WARMUP_STEPS,
        per_device_train_batch_size=BATCH_SIZE,
        max_length=MAX_LENGTH,
        completion_only_loss=True,
        bf16=bf16,
        logging_steps=5,
        save_strategy="no",
        report_to="none",
        seed=SEED,
    )
    lora = LoraConfig(
        r=RANK,
        lora_alpha=ALPHA,
        lora_dropout=DROPOUT,
        target_modules=TARGET_MODULES,
        bias="none",
        task_type="CAUSAL_LM",
    )
    trainer = SFTTrainer(
        model=BASE_MODEL,
        args=config,
        train_dataset=Dataset.from_list(list(rows())),
        peft_config=lora,
    )
    trainer.train()
    trainer.save_model(str(HERE / {OUTPUT_DIR!r}))
    print("Done: import the folder", HERE / {OUTPUT_DIR!r}, "in Hearth.")


if __name__ == "__main__":
    main()
'''


def axolotl_config(plan: ElsewherePlan, repo: str) -> str:
    """YAML written by hand (no YAML library in the app): every string is JSON-quoted, which
    YAML reads as the same string."""
    hyper = plan.hyper
    q = json.dumps
    modules = "\n".join(f"  - {q(m)}" for m in _modules(hyper))
    return f"""# Axolotl config for the LoRA adapter {q(plan.adapter_name)} (written by Hearth).
#   axolotl train {AXOLOTL_CONFIG}
# The adapter is written to ./{OUTPUT_DIR}/: import that folder in Hearth.
base_model: {q(repo)}
adapter: lora
lora_r: {hyper.rank}
lora_alpha: {hyper.alpha:g}
lora_dropout: {hyper.dropout:g}
lora_target_modules:
{modules}
sequence_len: {hyper.max_length}
num_epochs: {hyper.epochs:g}
learning_rate: {hyper.learning_rate:g}
micro_batch_size: {hyper.batch_size}
gradient_accumulation_steps: 1
warmup_steps: {hyper.warmup_steps}
lr_scheduler: linear
optimizer: adamw_torch
seed: {hyper.seed}
bf16: auto
train_on_inputs: false
chat_template: tokenizer_default
datasets:
  - path: {q(TRAIN_FILE)}
    ds_type: json
    type: chat_template
    field_messages: messages
    roles_to_train:
      - assistant
val_set_size: 0
output_dir: {q("./" + OUTPUT_DIR)}
save_safetensors: true
"""


def readme(plan: ElsewherePlan, repo: str) -> str:
    hyper = plan.hyper
    if plan.base_repo:
        base = f"Base model: {plan.base_name}, trained from its original weights at {repo}."
    else:
        base = (
            f"Base model: {plan.base_name}. Hearth does not know which Hugging Face repository "
            f"holds its original (unquantised) weights.\nFILL IT IN before training: replace "
            f"{PLACEHOLDER_REPO} with that repository (for example the one the GGUF file was "
            f"converted from) in {TRL_SCRIPT} (BASE_MODEL) or {AXOLOTL_CONFIG} (base_model)."
        )
    base = "\n".join(textwrap.fill(paragraph, 92) for paragraph in base.split("\n"))
    held = (
        f" and {len(plan.held_out)} held-out examples in {HELD_OUT_FILE}" if plan.held_out else ""
    )
    return f"""Train the adapter "{plan.adapter_name}" on another machine
{"=" * (40 + len(plan.adapter_name))}

Hearth wrote this folder so that the adapter can be trained on a machine with a GPU (a model
this size trains slowly, or not at all, on an ordinary computer's CPU). Copy it there and train
it with one of two established trainers.

{base}

Data: {len(plan.train)} chat examples in {TRAIN_FILE}, one {{"messages": [...]}} per line{held}.
LoRA: rank {hyper.rank}, alpha {hyper.alpha:g}, on {", ".join(_modules(hyper))}.
Training: {hyper.epochs:g} epochs, learning rate {hyper.learning_rate:g}, examples up to \
{hyper.max_length} tokens;
the loss is computed on the assistant's answers only.

Option 1: TRL
    pip install "trl>=0.20" peft transformers datasets accelerate
    python {TRL_SCRIPT}

Option 2: Axolotl
    pip install axolotl
    axolotl train {AXOLOTL_CONFIG}

Either writes the adapter to the folder {OUTPUT_DIR}/ (adapter_config.json and
adapter_model.safetensors). Models that need a licence accepted on Hugging Face (Llama, Gemma)
need `huggingface-cli login` first.

Bring it back
-------------
Copy the {OUTPUT_DIR}/ folder (or a .zip of it) to this computer, then in Hearth:
  - the Adapters panel: Import adapter…, and choose the folder or the zip; or
  - drop the folder or zip onto Hearth's window; or
  - hearth adapters import {OUTPUT_DIR}  (add --base ID, an id from `hearth models list`, to
    choose the model; without it Hearth takes the first model the adapter fits)
Hearth converts it for {plan.base_name} and checks that it fits before registering it.
"""
