"""When Hearth greets the user with the "Choose a model" screen at start.

On the first start, and on every later start while the user has no model but the starter one,
until they say they are happy with it ("Keep the starter model" sets the setting
`first_run_dismissed`), and whenever the bundled starter cannot be used and no other model is
there. Help → Choose a model… opens the screen at any time.
"""

from __future__ import annotations

from collections.abc import Iterable

from app.library.starter import STARTER_SHA256
from app.storage.records import ModelRecord


def is_starter(record: ModelRecord, starter_model_id: int | None = None) -> bool:
    """The starter model: the bundled file registered at first start, or the same file
    registered another way (`hearth setup`, an import)."""
    return record.sha256 == STARTER_SHA256 or (
        starter_model_id is not None and record.id == starter_model_id
    )


def only_starter(models: Iterable[ModelRecord], starter_model_id: int | None = None) -> bool:
    """True when no model but the starter is registered (also when there is none at all)."""
    return all(is_starter(record, starter_model_id) for record in models)


def first_run_due(
    *,
    dismissed: bool,
    models: Iterable[ModelRecord],
    starter_model_id: int | None = None,
    starter_problem: str | None = None,
) -> bool:
    """Whether the screen opens at start. A starter that cannot be used (missing or damaged)
    brings it back even after it was dismissed, while no other model is there to answer."""
    if not only_starter(models, starter_model_id):
        return False
    return not dismissed or starter_problem is not None
