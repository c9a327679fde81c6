"""Per-step training cost by model size, on models too big to ship with the tests.

Only the starter model exists on this machine, but a training step's cost depends on the shape
of the model, not on its weights. So each shape (SmolLM2-135M, SmolLM2-360M, Llama-3.2-1B,
Qwen2.5-3B) is built with random weights in transformers, wrapped in a LoRA with the preset
Hearth's Studio picks for that size (rank, targets, precision, batch size), and timed for a few
optimizer steps (forward, backward, AdamW) on sequences of the typical Larkspur example length.
Each shape runs in its own process, so peak memory is its own.

    python bench/training_step_cost.py [--shapes 135m,360m,1b,3b] [--steps 3] [--tokens 64]

Prints per shape: parameters, preset, seconds per step, µs per million parameters per token,
the implied time for the 60-example dataset at the preset's epochs, and peak RSS. Asserts
nothing; compare shapes within one run.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))
DATASET_EXAMPLES = 50  # the Larkspur set's training split (60 examples, 10 held out)

# (architecture, hidden, layers, heads, kv heads, intermediate, vocabulary, tied embeddings)
SHAPES: dict[str, tuple[str, int, int, int, int, int, int, bool]] = {
    "135m": ("llama", 576, 30, 9, 3, 1536, 49152, True),  # SmolLM2-135M
    "360m": ("llama", 960, 32, 15, 5, 2560, 49152, True),  # SmolLM2-360M
    "1b": ("llama", 2048, 16, 32, 8, 8192, 128256, True),  # Llama-3.2-1B
    "3b": ("qwen2", 2048, 36, 16, 2, 11008, 151936, True),  # Qwen2.5-3B
}


def measure(shape: str, steps: int, tokens: int) -> dict[str, Any]:
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoConfig, AutoModelForCausalLM

    from app.training.config import TARGET_MODULES
    from app.training.presets import preset_for

    arch, hidden, layers, heads, kv, inter, vocab, tied = SHAPES[shape]
    config = AutoConfig.for_model(
        arch,
        hidden_size=hidden,
        num_hidden_layers=layers,
        num_attention_heads=heads,
        num_key_value_heads=kv,
        intermediate_size=inter,
        vocab_size=vocab,
        tie_word_embeddings=tied,
        max_position_embeddings=4096,
    )
    torch.manual_seed(0)
    model = AutoModelForCausalLM.from_config(config)
    parameters = sum(p.numel() for p in model.parameters())
    preset = preset_for(parameters)
    hyper = preset.hyper
    dtype = torch.bfloat16 if hyper.precision == "bfloat16" else torch.float32
    model = model.to(dtype)
    lora = LoraConfig(
        r=hyper.rank,
        lora_alpha=hyper.alpha,
        target_modules=[TARGET_MODULES[t] for t in hyper.targets],
        task_type="CAUSAL_LM",
    )
    model = get_peft_model(model, lora)
    model.train()
    optimizer = torch.optim.AdamW(
        [p for p in model.parameters() if p.requires_grad], lr=hyper.learning_rate
    )
    batch = torch.randint(0, vocab, (hyper.batch_size, tokens))
    times: list[float] = []
    for step in range(steps + 1):  # the first step (allocations, kernels) is not counted
        started = time.perf_counter()
        loss = model(input_ids=batch, labels=batch).loss
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
        if step:
            times.append(time.perf_counter() - started)
    per_step = sorted(times)[len(times) // 2]
    steps_for_dataset = math.ceil(DATASET_EXAMPLES / hyper.batch_size) * hyper.epochs
    return {
        "shape": shape,
        "parameters_m": round(parameters / 1e6),
        "preset": preset.key,
        "precision": hyper.precision,
        "targets": ",".join(hyper.targets),
        "batch": hyper.batch_size,
        "tokens": tokens,
        "s_per_step": round(per_step, 2),
        "us_per_mparam_token": round(
            per_step * 1e6 / (parameters / 1e6) / (hyper.batch_size * tokens), 1
        ),
        "dataset_minutes": round(per_step * steps_for_dataset / 60, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--shapes", default="135m,360m,1b")
    parser.add_argument("--steps", type=int, default=3)
    parser.add_argument("--tokens", type=int, default=64)
    parser.add_argument("--one", help=argparse.SUPPRESS)  # a child process measures one shape
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.steps, args.tokens)))
        return 0
    env = dict(os.environ, OMP_WAIT_POLICY="PASSIVE", TOKENIZERS_PARALLELISM="false")
    for shape in args.shapes.split(","):
        load = os.getloadavg()[0]
        child = subprocess.run(
            [sys.executable, __file__, "--one", shape, "--steps", str(args.steps),
             "--tokens", str(args.tokens)],
            capture_output=True, text=True, env=env, check=False,
        )  # fmt: skip
        if child.returncode != 0:
            print(f"{shape}: failed\n{child.stderr[-2000:]}", file=sys.stderr)
            continue
        result = json.loads(child.stdout.strip().splitlines()[-1])
        result["load_avg_before"] = round(load, 2)
        print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
