"""Hearth's local OpenAI-compatible API (Qt-free): off by default, loopback only, optional
bearer token, served by the same InferenceWorker as the app."""
