"""Separately shipped runtimes ("components") that Hearth installs into its data folder.

Qt-free. `manifest` describes an archive, `install` checks and installs one atomically, `store`
lists and removes what is installed, `activation` puts one on sys.path (the frozen training
worker does, before importing torch; the extraction child does for OCR, with the folders
`component_dirs` gives the composition root).
"""

TRAINING = "training"
OCR = "ocr"
