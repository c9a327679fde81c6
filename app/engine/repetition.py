"""Noticing that a reply has started repeating itself, so generation can stop there.

Small models fall into loops: the same sentence or paragraph again and again until the token
limit. This detector reads the reply's text as it streams and reports the moment the tail of the
reply is a verbatim re-run of what came just before it, and where the repeats began, so the
reply can be cut back to its first copy.

It works on words (runs of letters and digits, lower-cased), not on tokens: the same sentence
can be tokenised differently after different text, and punctuation and Markdown markup (list
bullets, table pipes) carry no meaning for a loop. Legitimate structure has to pass:

- Lists and tables repeat their *shape*, not their words; rows and items differ in words, so
  they do not form a verbatim run. Numbers are kept exactly ("Q1 1,200" is not "Q2 1,300").
- Text in code fences and table rows is held to a stricter rule (more copies, a longer run),
  because code and tables legitimately repeat short lines and cells.

A loop is a run of words equal to the words one period earlier: `run` words long with period
`period` means `run // period + 1` copies. Prose fires at three copies of at least
`MIN_LOOP_WORDS` words in all, or at a single verbatim re-run of `LONG_RERUN_WORDS` words
(a repeated paragraph); structured text fires at `STRUCTURED_COPIES` copies of at least
`STRUCTURED_LOOP_WORDS` words in all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

NGRAM: Final = 4  # words in the key that finds earlier occurrences (candidate periods)
CANDIDATES: Final = 4  # earlier occurrences of the key tried as periods
MIN_LOOP_WORDS: Final = 20  # prose: three copies, at least this many words in all
LONG_RERUN_WORDS: Final = 40  # prose: this many words equal to the stretch before them
STRUCTURED_COPIES: Final = 4  # code and tables: at least this many copies...
STRUCTURED_LOOP_WORDS: Final = 60  # ...and at least this many words in all
_MAX_RUN_CHECK: Final = 400  # words compared backwards at most (bounded work per word)

_WORD = re.compile(r"\w+(?:['\u2019]\w+)*")  # "truck's" is one word
_WORD_PART = "_'\u2019"  # besides letters and digits: what a word may go on with
_SENTENCE_END = re.compile(r"[.!?:;][\"'\u2019\u201d)\]]*\s")
# A list item's number or bullet is markup: "1. Call" and "2. Call" are the same item again.
_LIST_MARKER = re.compile(r"\s*(?:\d+[.)]|[-*+])\s+")
_FIRST_WORD_DONE = re.compile(r"\s*\S+\s")
# Generated identifiers inside links (image names, hashes: letters and digits mixed, right after
# "/", "=" and the like, as in ".../img_371x50") differ in every copy of a loop of links, so for
# finding loops they all count as one word. Elsewhere codes stay exact ("Order A12B7" and "Order
# C34D9" are two orders), and so do plain numbers: rows of figures are not loops.
_IDENTIFIER = re.compile(r"(?=\w*\d)(?=\w*[^\W\d])\w{5,}")
_LINK_PUNCTUATION: Final = frozenset("/=?&#")
_IDENTIFIER_WORD: Final = "\x00id"


@dataclass(frozen=True)
class Repetition:
    """Where a loop was found: `start` is the offset in the text where the first repeat begins
    (the text before it holds one full copy); `period` in words; `copies` counts the first one
    and a last one that may be partial."""

    start: int
    period: int
    copies: int
    first: int  # offset where the first copy begins


class RepetitionDetector:
    """Feed the reply's text as it arrives; feed() returns True once the reply loops."""

    def __init__(self) -> None:
        self._pending = ""  # text fed but not scanned yet (an unfinished word or line start)
        self._pending_at = 0  # offset of _pending in the whole reply
        self._line_start = True  # _pending begins at the start of a line
        self._in_code = False  # inside a ``` fence
        self._line_is_table = False  # the current line starts with "|"
        self._words: list[str] = []
        self._starts: list[int] = []  # character offset of each word in the reply
        self._structured: list[bool] = []  # each word is in code or a table row
        self._seen: dict[tuple[str, ...], list[int]] = {}  # n-gram -> its last words' indexes
        self._last_char = "\n"  # the character before the text scanned next
        self.found: Repetition | None = None

    def feed(self, piece: str) -> bool:
        """Add streamed text; True when the reply is repeating itself (then stays True)."""
        if self.found is None and piece:
            self._pending += piece
            self._scan(final=False)
        return self.found is not None

    def finish(self) -> bool:
        """End of the reply: the last word counts too."""
        if self.found is None:
            self._scan(final=True)
        return self.found is not None

    def trimmed(self, text: str) -> str:
        """`text` (the reply fed) up to its first repeat, or all of it when there is no loop."""
        if self.found is None:
            return text
        start = self.found.start
        line_start = text.rfind("\n", 0, start) + 1
        if line_start > self.found.first:
            # The loop spans lines: cut at the start of the line where the repeats begin, so
            # no half list item or half table row (and no bullet) is left hanging.
            start = line_start
        else:
            # Within a paragraph: end after the last full sentence of the first copy, if it
            # has one, rather than mid-sentence.
            ends = [m.end() for m in _SENTENCE_END.finditer(text, self.found.first, start)]
            if ends:
                start = ends[-1]
        return text[:start].rstrip()

    # ---- scanning ------------------------------------------------------------------------------

    def _scan(self, *, final: bool) -> None:
        pending = self._pending
        done = 0
        while done < len(pending) and self.found is None:
            newline = pending.find("\n", done)
            if newline >= 0:
                part = pending[done : newline + 1]
            else:
                part = pending[done:]
                if not final:
                    # A line's first word decides whether it opens a fence, is a table row or
                    # a list item ("12." is a bullet, not a word): wait until it is complete.
                    if self._line_start and not _FIRST_WORD_DONE.match(part):
                        break
                    # A word touching the end may go on in the next piece: keep it for later.
                    cut = len(part)
                    while cut > 0 and (part[cut - 1].isalnum() or part[cut - 1] in _WORD_PART):
                        cut -= 1
                    part = part[:cut]
                    if not part:
                        break
            self._scan_line_part(part, self._pending_at + done)
            done += len(part)
        self._pending = pending[done:]
        self._pending_at += done

    def _scan_line_part(self, part: str, offset: int) -> None:
        words_from = 0
        if self._line_start:
            head = part.lstrip()
            if head.startswith("```"):
                self._in_code = not self._in_code
            self._line_is_table = head.startswith("|")
            marker = _LIST_MARKER.match(part)
            if marker is not None and not self._in_code:
                words_from = marker.end()
        structured = self._in_code or self._line_is_table
        for match in _WORD.finditer(part, words_from):
            before = part[match.start() - 1] if match.start() > 0 else self._last_char
            word = _loop_word(match.group(0), in_link=before in _LINK_PUNCTUATION)
            self._add_word(word, offset + match.start(), structured)
            if self.found is not None:
                return
        self._line_start = part.endswith("\n")
        self._last_char = part[-1] if part else self._last_char

    def _add_word(self, word: str, start: int, structured: bool) -> None:
        """Record one word; look for a loop ending at it when its n-gram was seen before."""
        words = self._words
        words.append(word)
        self._starts.append(start)
        self._structured.append(structured)
        last = len(words) - 1
        if last + 1 < NGRAM:
            return
        key = tuple(words[last - NGRAM + 1 :])
        earlier = self._seen.setdefault(key, [])
        for previous in reversed(earlier[-CANDIDATES:]):
            period = last - previous
            run = self._run_length(last, period)
            # Code or a table anywhere in the repeating stretch: the stricter rule applies.
            strict = any(self._structured[max(0, last - run - period + 1) : last + 1])
            if self._is_loop(run, period, strict=strict):
                # Words last-run+1 .. last repeat the ones a period earlier: the first repeat
                # starts at word last-run+1, after one whole copy.
                copies = 1 + -(-run // period)  # the last one may still be partial
                first = self._starts[max(0, last - run - period + 1)]
                self.found = Repetition(self._starts[last - run + 1], period, copies, first)
                return
        earlier.append(last)

    def _run_length(self, last: int, period: int) -> int:
        words = self._words
        run = 0
        index = last
        while index >= period and run < _MAX_RUN_CHECK and words[index] == words[index - period]:
            run += 1
            index -= 1
        return run

    @staticmethod
    def _is_loop(run: int, period: int, *, strict: bool) -> bool:
        copies = run // period + 1  # whole copies
        span = run + period
        if strict:
            return copies >= STRUCTURED_COPIES and span >= STRUCTURED_LOOP_WORDS
        return (copies >= 3 and span >= MIN_LOOP_WORDS) or run >= LONG_RERUN_WORDS


class ReplyLoopGuard:
    """The detector as one generation uses it: off when the sampling says so, and primed with
    the reply so far when the generation continues one (a loop may span both parts)."""

    def __init__(self, *, enabled: bool, continue_from: str = "") -> None:
        self._detector: RepetitionDetector | None = RepetitionDetector() if enabled else None
        self._before = continue_from
        if self._detector is not None and self._detector.feed(continue_from):
            # The earlier part loops already (the user kept it): watch only the new text.
            self._detector = RepetitionDetector()
            self._before = ""

    def feed(self, text: str) -> bool:
        """Add the new text; True when the reply now repeats itself."""
        return self._detector is not None and self._detector.feed(text)

    def reply_text(self, added: str) -> str:
        """`added` (this generation's text) without the repeats, once the guard has fired."""
        if self._detector is None or self._detector.found is None:
            return added
        whole = self._detector.trimmed(self._before + added)
        # A cut inside the earlier part leaves that part as it is: it is not this generation's.
        return whole[len(self._before) :] if len(whole) > len(self._before) else ""


def _loop_word(word: str, *, in_link: bool) -> str:
    """The word as loops are compared: lower-cased, generated identifiers in links all alike."""
    return _IDENTIFIER_WORD if in_link and _IDENTIFIER.fullmatch(word) else word.lower()
