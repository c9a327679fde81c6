"""A generated document and the recipe that produced it.

The recipe holds everything needed to ask the model the same thing again: the template and its
version, the field values, the model and adapters (by sha256) with their scales, the sampling
parameters and seed, and the rendered prompts. "Regenerate with the same recipe" replays the
rendered prompts, so it reproduces the text on the same model and settings even if the template
has been edited since.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.engine.types import FinishReason, SamplingParams
from app.templates.plan import DocumentPlan, PlannedSection


@dataclass(frozen=True)
class AdapterUse:
    name: str
    sha256: str
    scale: float

    def as_record(self) -> dict[str, Any]:
        return {"name": self.name, "sha256": self.sha256, "scale": self.scale}


@dataclass(frozen=True)
class ModelUse:
    """The model a document is generated with, and the adapters applied to it."""

    sha256: str
    name: str
    adapters: tuple[AdapterUse, ...] = ()


@dataclass(frozen=True)
class Recipe:
    plan: DocumentPlan
    model: ModelUse
    sampling: SamplingParams

    @property
    def seed(self) -> int:
        return self.sampling.seed

    def as_record(self) -> dict[str, Any]:
        """A JSON-friendly view (for `--json` output and the UI's recipe panel)."""
        return {
            "template_id": self.plan.template_id,
            "template_version": self.plan.template_version,
            "title": self.plan.title,
            "fields": dict(self.plan.field_values),
            "tone": self.plan.tone,
            "length": self.plan.length,
            "model_sha256": self.model.sha256,
            "model_name": self.model.name,
            "adapters": [a.as_record() for a in self.model.adapters],
            "sampling": self.sampling.as_record(),
            "seed": self.sampling.seed,
            "system_prompt": self.plan.system_prompt,
            "rendered_prompt": self.plan.brief,
            "sections": [s.title for s in self.plan.sections],
        }


def sampling_from_record(record: Mapping[str, Any], seed: int) -> SamplingParams:
    """The SamplingParams a stored recipe used (defaults fill keys an older record lacks)."""
    defaults = SamplingParams()
    return SamplingParams(
        temperature=float(record.get("temperature", defaults.temperature)),
        top_p=float(record.get("top_p", defaults.top_p)),
        top_k=int(record.get("top_k", defaults.top_k)),
        min_p=float(record.get("min_p", defaults.min_p)),
        repeat_penalty=float(record.get("repeat_penalty", defaults.repeat_penalty)),
        max_tokens=int(record.get("max_tokens", defaults.max_tokens)),
        seed=seed,
        # Recipes recorded before the guard existed were generated without it: replay them so.
        repetition_guard=bool(record.get("repetition_guard", False)),
    )


@dataclass(frozen=True)
class Attempt:
    """One try at a section: its seed, what the fact check found, and why it was written
    again."""

    seed: int
    issues: tuple[str, ...] = ()  # the checker's reasons, in text order
    retried_because: str = ""  # "" when the check passed or the retry limit was reached
    kept: bool = False  # this attempt's text is the section's (the fewest issues, first)

    def as_record(self) -> dict[str, Any]:
        return {
            "seed": self.seed,
            "issues": list(self.issues),
            "retried_because": self.retried_because,
            "kept": self.kept,
        }


Context = tuple[tuple[str, str], ...]  # the earlier sections (title, text) a section was shown


@dataclass(frozen=True)
class GeneratedSection:
    """One generated part: a section of the outline, or the whole text (title "").

    A replay must ask the model exactly what it was asked, whatever happened to the other
    sections since (one was continued or written again): so a section keeps the earlier
    sections as it was shown them (`context`), and the seeds of the Continue steps that
    lengthened it after it stopped at the token limit (`continuations`).
    """

    title: str
    instruction: str
    text: str
    finish_reason: FinishReason = "stop"
    completion_tokens: int = 0
    seed: int | None = None  # None: the recipe's seed (a section regenerated afresh has its own)
    context: Context | None = None  # None (records from before): the sections before it
    continuations: tuple[int, ...] = ()  # the seed of each Continue, in order
    # Every try the fact check made (empty: checked once or not at all); the kept one is
    # the attempt whose seed is `seed` (or the recipe's), so a replay writes it again.
    attempts: tuple[Attempt, ...] = ()

    @property
    def planned(self) -> PlannedSection:
        return PlannedSection(self.title, self.instruction)

    @property
    def cut_off(self) -> bool:
        """It stopped at the token limit (mid-sentence, usually): Continue can go on."""
        return self.finish_reason == "length"


def strip_repeated_heading(title: str, text: str) -> str:
    """Drop a heading the model wrote itself although it was told not to (we add our own)."""
    stripped = text.lstrip()
    first, _, rest = stripped.partition("\n")
    candidate = first.lstrip("#").strip().strip("*").strip().rstrip(":")
    if title and candidate.casefold() == title.casefold():
        return rest.lstrip("\n")
    return stripped


def assemble_markdown(title: str, sections: tuple[GeneratedSection, ...]) -> str:
    """The document's Markdown: the single text as it is, or "# title" and "## section"s."""
    if len(sections) == 1 and not sections[0].title:
        return sections[0].text.strip() + "\n"
    parts = [f"# {title}"]
    for section in sections:
        body = strip_repeated_heading(section.title, section.text).strip()
        parts.append(f"## {section.title}\n\n{body}")
    return "\n\n".join(parts) + "\n"


@dataclass(frozen=True)
class GeneratedDocument:
    id: int
    title: str
    recipe: Recipe
    sections: tuple[GeneratedSection, ...]
    content: str  # Markdown, as the user last saved it (the assembled text until edited)
    created_at: datetime
    updated_at: datetime
    issues_accepted: bool = False  # the user chose "Accept as is" for its flagged details

    @property
    def generated_text(self) -> str:
        return assemble_markdown(self.title, self.sections)

    @property
    def edited(self) -> bool:
        return self.content != self.generated_text
