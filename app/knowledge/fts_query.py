"""Turning whatever the user typed into a safe FTS5 MATCH expression.

User text is never passed to MATCH as it is: quotes, AND/OR/NOT/NEAR, `*`, `^`, `:` and
parentheses are FTS5 syntax and would raise errors or change the meaning. Each word becomes a
quoted string; the words are OR-ed so BM25 ranks passages by how many (and how rare) of them
they contain, instead of requiring all of them.

The query gets the index's form first (app/knowledge/search_text.py): NFKC, soft hyphens, and
space-less script as overlapping pairs of characters. A run of such script becomes a phrase of
its pairs ("テスト用" -> "テス スト ト用"), a single character a prefix ("用" matches every pair
that starts with it, and the single that closes a run).
"""

from __future__ import annotations

import re

from app.knowledge.search_text import cjk_pairs, has_cjk, normalise, split_cjk

_WORD = re.compile(r"\w+", re.UNICODE)

# Words that match nearly every passage: they cost time at 100k chunks and add nothing to BM25.
_STOP_WORDS_TEXT = """
a about above after again all am an and any are as at be because been before being below
    between both but by can could did do does doing down during each few for from further had
    has have having he her here hers herself him himself his how i if in into is it its itself
    just me more most my myself no nor not now of off on once only or other our ours ourselves
    out over own same she should so some such than that the their theirs them themselves then
    there these they this those through to too under until up very was we were what when where
    which while who whom why will with would you your yours yourself yourselves
"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())
MAX_TERMS = 32


def query_terms(text: str) -> list[str]:
    """The distinct search words of `text`, lower-cased, stop words dropped (unless that leaves
    nothing), at most MAX_TERMS."""
    words = [part.lower() for word in _WORD.findall(normalise(text)) for part in split_cjk(word)]
    kept = [w for w in words if w not in STOP_WORDS and w != "_"]
    if not kept:
        kept = [w for w in words if w != "_"]
    unique = list(dict.fromkeys(kept))
    return unique[:MAX_TERMS]


def match_expression(text: str) -> str | None:
    """An FTS5 MATCH expression for `text`, or None when it has no searchable word."""
    terms = query_terms(text)
    if not terms:
        return None
    return " OR ".join(_fts_term(term) for term in terms)


def _fts_term(term: str) -> str:
    if not has_cjk(term):
        return _quoted(term)
    if len(term) == 1:
        return _quoted(term) + " *"
    return _quoted(" ".join(cjk_pairs(term)[:-1]))


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'
