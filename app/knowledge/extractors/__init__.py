"""One extractor per format; `extract_document` (dispatch.py) picks and guards them."""
