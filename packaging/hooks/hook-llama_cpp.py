"""PyInstaller hook for llama-cpp-python.

llama_cpp loads libllama / libggml* / libmtmd with ctypes by absolute path from
`llama_cpp/lib` (llama_cpp/_ctypes_extensions.py), so PyInstaller's import analysis never sees
them. Collect every shared library in that folder into the same relative folder of the bundle,
where the frozen `llama_cpp/__init__.py` (its `__file__` points into the bundle) looks for them.
GPU builds add backend libraries here too (libggml-cuda, ggml-metal); they are collected the
same way, and their own dependencies (cudart, cublas) are found by binary analysis.
"""

from __future__ import annotations

# hearth.spec puts packaging/ on sys.path before the analysis imports this hook.
from llama_cpp_libs import llama_cpp_binaries

binaries = llama_cpp_binaries()
# llama_cpp's chat formats render Jinja templates; its server extras are not used by Hearth.
hiddenimports = ["jinja2", "numpy"]
excludedimports = ["llama_cpp.server", "uvicorn", "fastapi", "sse_starlette", "starlette_context"]
