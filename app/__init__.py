"""Hearth: private, offline domain assistants."""

__version__ = "0.1.0"
