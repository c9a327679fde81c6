"""Domain assistants and their portable `.hearth` packs (Qt-free).

An assistant is a named setup: base model (by sha256), LoRA adapters with scales, instructions,
sampling defaults, knowledge collections, pinned templates and starter prompts. `AssistantService`
creates and edits them and plans what switching to one loads; `PackExporter` and `PackImporter`
write and (after checking everything) read packs.
"""

from __future__ import annotations
