"""OCR: text from page images (scanned PDF pages, pictures), offline.

Runs only in the extraction child process and is imported on first need: onnxruntime and the
models cost about a second and ~100 MB to load, which the GUI's start-up never pays.
"""
