"""The Adapter Studio window: build a dataset, train a LoRA adapter, compare before and after."""

from app.ui.studio.studio_window import AdapterStudio

__all__ = ["AdapterStudio"]
