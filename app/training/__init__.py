"""Adapter Studio: datasets, LoRA training in a subprocess, GGUF export, evaluation (Qt-free).

torch, transformers and peft (the optional extra `hearth[train]`) are imported only inside the
training subprocess (`hearth --training-worker`) and the modules it alone uses
(`trainer`, `base_model`, `batching`); everything else here runs without them.
"""
