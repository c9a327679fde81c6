"""How long replies run, before and after the reply-length defaults and the repetition guard.

Runs the same business-style questions (some about a pasted document with the hard line breaks
of text taken from a PDF) with the same seeds through LlamaEngine on the starter model:

- before: Hearth's old defaults, max_tokens 512 and no repetition guard;
- after:  Hearth's defaults now, the reply limit for the model's size (app/chats/
          reply_length.py) with the repetition guard;

each at Hearth's default temperature (0.7) and at a low one (0.2, as for precise work, where
small models fall into loops more often); `--temperatures 0` measures greedy decoding, and
`--repeat-penalty 1.0` sampling without llama.cpp's repeat penalty (Hearth's default is 1.1).

For each it prints the mean completion tokens, the share of replies that hit the limit, the
share stopped for repetition, and the mean (and median) time per reply. Nothing is asserted.

    python bench/reply_length.py [--model FILE.gguf] [--seeds N] [--show] [--threads N]
                                 [--temperatures 0.7,0.2] [--repeat-penalty 1.1]

`--show` prints every reply's ending too (what was cut, where a loop began). The configurations
take turns prompt by prompt, so a slow minute on a shared machine hits all three alike.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _common import STARTER_MODEL, ForeignLoad

from app.chats.reply_length import default_max_tokens
from app.config import DEFAULT_SYSTEM_PROMPT
from app.engine.cpu_threads import default_thread_count
from app.engine.llama_engine import LlamaEngine
from app.engine.types import ChatTurn, GenerationResult, LoadOptions, SamplingParams

OLD_DEFAULT_MAX_TOKENS = 512

DOCUMENT = (
    "Northwind Supplies Ltd - Quarterly report, Q3\n"
    "Revenue for the quarter was 1.42 million euros, up 12 percent on the same quarter last\n"
    "year, driven mainly by the new subscription plans introduced in March and by the northern\n"
    "region, where the sales team grew from four to six people. Operating costs rose by 4\n"
    "percent, mostly because of hiring in customer support and the move to a larger office in\n"
    "July. Two customers, Acme Ltd and Globex, account for 31 percent of revenue. Late payments\n"
    "rose: 18 invoices were more than 30 days overdue at the end of September, against 7 a year\n"
    "earlier. The board approved a new credit policy: reminders at 7, 14 and 30 days, and no new\n"
    "orders for customers more than 60 days overdue. Cash at the end of the quarter was 310,000\n"
    "euros. The outlook for Q4 is cautious: two large tenders are pending, and the price of\n"
    "paper rose by 9 percent in October. Staff: 23 people, of whom 4 joined this quarter.\n"
)

QUESTIONS = (
    "How should a small bakery price a new line of sourdough bread?",
    "Write a short email reminding a customer that invoice 1042 is 30 days overdue.",
    "What are three ways to reduce staff turnover in a retail shop?",
    "Draft a one-paragraph job advert for a part-time bookkeeper.",
    "Explain the difference between gross margin and net margin in plain words.",
    "Give me five agenda points for a quarterly sales review meeting.",
    "How can a freelance designer ask a client for a 50% deposit politely?",
    "What should a one-page business plan for a food truck contain?",
    "Write a polite reply declining a supplier's price increase of 8%.",
    "List the main risks of depending on two large customers.",
    "Summarise what a cash-flow forecast is for a new shop owner.",
    "Suggest a subject line and opening sentence for a newsletter about our summer sale.",
)
DOCUMENT_QUESTIONS = (
    "Summarise this report in three sentences.",
    "What are the two biggest risks in this report?",
    "Write a short note to the board about the late payments in this report.",
    "What drove the revenue growth according to this report?",
)


@dataclass(frozen=True)
class Config:
    name: str
    max_tokens: int
    guard: bool
    temperature: float


@dataclass
class Tally:
    tokens: list[int] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)

    def add(self, result: GenerationResult) -> None:
        self.tokens.append(result.stats.completion_tokens)
        self.seconds.append(result.stats.total_s)
        self.reasons.append(result.stats.finish_reason)

    def share(self, reason: str) -> float:
        return self.reasons.count(reason) / len(self.reasons) if self.reasons else 0.0


def prompts() -> list[tuple[ChatTurn, ...]]:
    system = ChatTurn("system", DEFAULT_SYSTEM_PROMPT)
    asked: list[tuple[ChatTurn, ...]] = [(system, ChatTurn("user", q)) for q in QUESTIONS]
    asked += [(system, ChatTurn("user", f"{DOCUMENT}\n{q}")) for q in DOCUMENT_QUESTIONS]
    return asked


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default=str(STARTER_MODEL))
    parser.add_argument("--seeds", type=int, default=2, help="seeds per prompt")
    parser.add_argument("--threads", type=int, default=default_thread_count())
    parser.add_argument("--show", action="store_true", help="print each reply's ending")
    parser.add_argument("--temperatures", default="0.7,0.2", help="comma-separated")
    parser.add_argument("--repeat-penalty", type=float, default=SamplingParams().repeat_penalty)
    args = parser.parse_args()

    engine = LlamaEngine()
    model = engine.load(
        args.model, options=LoadOptions(n_ctx=4096, n_threads=args.threads, n_gpu_layers=0)
    )
    sized = default_max_tokens(model.parameter_count)
    configs = tuple(
        config
        for temperature in (float(t) for t in args.temperatures.split(","))
        for config in (
            Config(f"t={temperature} before (512)", OLD_DEFAULT_MAX_TOKENS, False, temperature),
            Config(f"t={temperature} after ({sized} + guard)", sized, True, temperature),
        )
    )
    tallies = {config.name: Tally() for config in configs}
    stop = threading.Event()
    load = ForeignLoad()
    load.start()
    for index, turns in enumerate(prompts()):
        for seed in range(1000, 1000 + args.seeds):
            for config in configs:
                sampling = SamplingParams(
                    temperature=config.temperature,
                    repeat_penalty=args.repeat_penalty,
                    max_tokens=config.max_tokens,
                    seed=seed + index,
                    repetition_guard=config.guard,
                )
                engine.reset_cache()  # every reply starts alike, whatever ran before it
                result = engine.generate(turns, sampling, on_text=lambda _t: None, stop=stop)
                tallies[config.name].add(result)
                if args.show:
                    ending = result.text[-160:].replace("\n", " / ")
                    print(
                        f"[{config.name}] prompt {index} seed {seed}: "
                        f"{result.stats.completion_tokens} tokens, {result.stats.finish_reason}: "
                        f"...{ending}\n"
                    )
    foreign = load.stop()
    engine.close()

    print(f"model: {model.name} ({(model.parameter_count or 0) / 1e6:.0f}M parameters)")
    print(
        f"replies per configuration: {len(prompts()) * args.seeds} "
        f"({len(prompts())} prompts x {args.seeds} seeds), {args.threads} threads"
    )
    print(f"repeat penalty {args.repeat_penalty:g}")
    print(f"CPU used by other processes meanwhile: {foreign:.0%} of the machine")
    header = (
        f"{'configuration':28} {'mean tokens':>11} {'hit limit':>9} {'repetition':>10} "
        f"{'mean s/reply':>12} {'median s':>8}"
    )
    print(header)
    print("-" * len(header))
    for config in configs:
        tally = tallies[config.name]
        print(
            f"{config.name:28} {statistics.mean(tally.tokens):11.1f} "
            f"{tally.share('length'):9.0%} {tally.share('repetition'):10.0%} "
            f"{statistics.mean(tally.seconds):12.2f} {statistics.median(tally.seconds):8.2f}"
        )


if __name__ == "__main__":
    main()
