"""Contact details and reference numbers: e-mail addresses, URLs, IBANs, phone numbers,
invoice and order numbers, each with the normal form two spellings of it share."""

from __future__ import annotations

import re

from .numbers import ascii_digits

# No top-level domain required: a model writes "support@kalen_etjakul" too.
EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*")
URL_RE = re.compile(
    r"(?<![\w@.])(?:https?://|www\.)[^\s<>\"'()\[\]]+"
    r"|(?<![\w@.-])[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|fi|de|eu|io|se|uk|at|ch|info|biz)"
    r"(?![\w-])(?:/[^\s<>\"'()\[\]]*)?",
    re.IGNORECASE,
)
IBAN_RE = re.compile(r"(?<![\w])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?(?!\w)")
PHONE_RE = re.compile(
    r"(?<![\w+.,/-])(?:\+\d{1,3}[ -]?)?(?:\(\d{1,5}\)[ -]?)?\d[\d /-]{4,}\d(?![\w]|[.,]\d)"
)
REFERENCE_RE = re.compile(
    r"(?<![\w-])(?:[A-Z][A-Za-z]*(?:[-/#]|\s?#\s?|\s?-\s?)\d[\w]*(?:[-/]\w+)*|[A-Z]{2,}\d{3,})(?![\w])"
)
_TRAILING = ".,;:!?"
_THOUSANDS_GROUPS = re.compile(r"\d{1,3}(?: \d{3})+")


def email_key(text: str) -> str:
    return text.strip(_TRAILING).casefold()


def url_key(text: str) -> str:
    key = text.rstrip(_TRAILING).casefold()
    for prefix in ("https://", "http://", "www."):
        if key.startswith(prefix):
            key = key[len(prefix) :]
    return key.rstrip("/")


def iban_key(text: str) -> str:
    return text.replace(" ", "").upper()


def is_iban(text: str) -> bool:
    return 15 <= len(iban_key(text)) <= 34


def phone_digits(text: str) -> str:
    digits = "".join(ch for ch in ascii_digits(text) if ch.isdigit())
    if text.lstrip().startswith("00"):
        digits = digits[2:]
    return digits


def looks_like_phone(text: str) -> bool:
    """A digit run is a phone number, not an amount, when it is written like one."""
    digits = phone_digits(text)
    if not 7 <= len(digits) <= 15:
        return False
    stripped = text.strip()
    if _THOUSANDS_GROUPS.fullmatch(stripped) and not stripped.startswith("0"):
        return False  # "2 400 000" is an amount
    return stripped.startswith(("+", "0", "(")) or "-" in stripped or "/" in stripped


def phones_match(a: str, b: str) -> bool:
    """Same number, written nationally (040 ...) or internationally (+358 40 ...)."""
    core_a, core_b = a.lstrip("0"), b.lstrip("0")
    if core_a == core_b:
        return True
    shorter, longer = sorted((core_a, core_b), key=len)
    return len(shorter) >= 7 and longer.endswith(shorter)


def reference_key(text: str) -> str:
    return re.sub(r"[\s#/-]", "", text).upper()
