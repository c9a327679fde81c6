"""How long the GGUF header scan takes on a model with a 150,000-token vocabulary.

    python bench/bench_gguf_scan.py [--tokens N] [--repeat R] [--compare] [FILE.gguf ...]

Without FILE arguments it writes a synthetic model (with the `gguf` package, a dev dependency)
into a temporary folder. `--compare` also times `gguf.GGUFReader`, which parses the whole
vocabulary. Prints the figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.library.gguf_header import read_gguf_header


def write_synthetic(path: Path, n_tokens: int) -> Path:
    import gguf
    import numpy as np

    writer = gguf.GGUFWriter(str(path), "llama")
    writer.add_name("bench vocabulary")
    writer.add_context_length(4096)
    writer.add_chat_template("{% for m in messages %}{{ m.content }}{% endfor %}")
    writer.add_token_list([f"tok{i}_{'x' * (i % 13)}" for i in range(n_tokens)])
    writer.add_token_types([1] * n_tokens)
    writer.add_token_merges([f"a{i} b{i}" for i in range(n_tokens)])
    writer.add_tensor("token_embd.weight", np.zeros((4, 32), dtype=np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


def time_scan(path: Path, repeat: int) -> list[float]:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        read_gguf_header(path)
        timings.append(time.perf_counter() - start)
    return timings


def report(path: Path, repeat: int, compare: bool) -> None:
    header = read_gguf_header(path)
    timings = time_scan(path, repeat)
    print(
        f"{path.name}: vocab {header.vocab_size:,}, "
        f"{sum(header.array_lengths.values()):,} array elements, {header.tensor_count} tensors; "
        f"read_gguf_header median {statistics.median(timings) * 1000:.1f} ms, "
        f"best {min(timings) * 1000:.1f} ms over {repeat} runs"
    )
    if compare:
        import gguf

        start = time.perf_counter()
        gguf.GGUFReader(path)
        print(f"  gguf.GGUFReader: {(time.perf_counter() - start) * 1000:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--tokens", type=int, default=150_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--compare", action="store_true")
    args = parser.parse_args()
    if args.files:
        for path in args.files:
            report(path, args.repeat, args.compare)
        return
    with tempfile.TemporaryDirectory() as folder:
        path = write_synthetic(Path(folder) / f"vocab-{args.tokens}.gguf", args.tokens)
        report(path, args.repeat, args.compare)


if __name__ == "__main__":
    main()
