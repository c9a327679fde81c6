"""Markdown -> a standalone .html page, and the fragment "copy as rich text" puts on the
clipboard. Everything from the model or the user is escaped; no script, no remote resource."""

from __future__ import annotations

from html import escape
from typing import Final

from app.templates.export.blocks import html_fragment

_STYLE: Final = (
    "body{font-family:-apple-system,'Segoe UI',Roboto,'DejaVu Sans',Arial,sans-serif;"
    "max-width:46em;margin:2em auto;padding:0 1em;line-height:1.5;color:#1f2328}"
    "table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #c8ccd1;"
    "padding:.35em .6em;text-align:left}th{background:#f3f4f6}"
    "blockquote{margin:1em 0;padding-left:1em;border-left:3px solid #c8ccd1;color:#57606a}"
    "pre{background:#f6f8fa;padding:.8em;overflow:auto}"
)


def html_document(markdown: str, *, title: str) -> str:
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="generator" content="Hearth">\n'
        f"<title>{escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n"
        f"<body>\n{html_fragment(markdown)}</body>\n</html>\n"
    )


def rich_text_html(markdown: str) -> str:
    """The HTML fragment for the clipboard's text/html (paired with the Markdown as text)."""
    return html_fragment(markdown)
