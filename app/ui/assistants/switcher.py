"""Switch the window to an assistant: load its model, then its adapters, on the worker thread.

Both go through the ChatController (LoadModel and SetAdapters are queued to the inference
thread), so the window never blocks; the controller's status bar shows the load's progress.
The adapters are sent only once the model reports loaded: the controller refuses adapters
while no model is loaded.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from app.assistants.load_plan import LoadPlan
from app.assistants.service import AssistantService
from app.config import Settings
from app.engine.types import LoadedModel
from app.ui.chat.chat_controller import ChatController


class AssistantSwitcher(QObject):
    switched = Signal(int)  # assistant id: model and adapters are in place
    blocked = Signal(str, str)  # why it cannot run yet, and a catalog id to get ("" if none)

    def __init__(
        self,
        service: AssistantService,
        controller: ChatController,
        settings: Settings,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._controller = controller
        self._base_settings = settings
        self._pending: LoadPlan | None = None
        self.active_id: int | None = None
        controller.model_changed.connect(self._on_model_changed)

    def set_base_settings(self, settings: Settings) -> None:
        """The user's settings (the assistant's sampling defaults are laid over them)."""
        self._base_settings = settings

    def plan_for(self, assistant_id: int) -> LoadPlan:
        return self._service.plan(self._service.get(assistant_id))

    def switch_to(self, assistant_id: int, *, new_chat: bool = True) -> LoadPlan:
        """Start loading what the assistant needs; `blocked` says when something is missing."""
        assistant = self._service.get(assistant_id)
        plan = self._service.plan(assistant)
        if not plan.ready:
            entry = plan.missing_model.catalog_entry if plan.missing_model else None
            self.blocked.emit("; ".join(plan.problems()), entry.id if entry else "")
            return plan
        self.active_id = assistant_id
        self._controller.set_settings(plan.sampling.over(self._base_settings))
        if new_chat:
            conversation = self._service.apply_to_new_chat(assistant)
            self._controller.open_conversation(conversation.id)
            self._controller.conversation_changed.emit(conversation.id)
        loaded = self._controller.loaded_model
        assert plan.model is not None
        if plan.needs_model_load(loaded.sha256 if loaded else None):
            self._pending = plan
            self._controller.load_model(plan.model)
        else:
            self._pending = None
            self._apply_adapters(plan)
        return plan

    def _on_model_changed(self, model: LoadedModel | None) -> None:
        plan, self._pending = self._pending, None
        if plan is None or model is None or plan.model is None:
            return
        if model.sha256 == plan.model.sha256:
            self._apply_adapters(plan)

    def _apply_adapters(self, plan: LoadPlan) -> None:
        wanted = plan.adapter_pairs()
        current = tuple((a.path, a.scale) for a in self._controller.active_adapters)
        if wanted != current:
            self._controller.set_adapters(wanted)
        self.switched.emit(plan.assistant_id)
