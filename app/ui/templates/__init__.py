"""The Documents workspace: business documents from templates (gallery, form, editor), the
template editor and the chat's "/" template picker. Built on the Qt-free app.templates."""

from __future__ import annotations

from app.ui.templates.model_use import ModelSource
from app.ui.templates.panel import TemplatesPanel
from app.ui.templates.slash_picker import TemplatePicker
from app.ui.templates.template_editor import TemplateEditorDialog

__all__ = ["ModelSource", "TemplateEditorDialog", "TemplatePicker", "TemplatesPanel"]
