"""SQLCipher at the storage level: opening an encrypted file with a raw key, and telling
encrypted files from plain ones.

The key given here is always a raw 32-byte key (`PRAGMA key = "x'<hex>'"`): the passphrase's slow
key derivation runs once, in `app.security`, never per connection. Without a key nothing here is
used and Hearth runs on the standard library's sqlite3 exactly as before.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final

from app.storage.errors import StorageError

KEY_BYTES: Final = 32
SQLITE_HEADER: Final = b"SQLite format 3\x00"
_SQLITE_NOTADB: Final = 26


class WrongPassphraseError(StorageError):
    """The key does not decrypt the database; nothing was read or written."""

    def __init__(self, path: Path | None = None) -> None:
        where = f" {path}" if path is not None else ""
        super().__init__(
            f"The passphrase is wrong: the encrypted database{where} cannot be opened with it. "
            "Nothing was changed; try again.",
            kind="cannot_open",
        )
        self.path = path


class EncryptionLockedError(StorageError):
    """The database is encrypted and no key was given: a front end must ask for the passphrase."""

    def __init__(self, path: Path | None = None) -> None:
        where = f" {path}" if path is not None else ""
        super().__init__(
            f"The database{where} is encrypted. Enter your passphrase to open it "
            "(the command line reads it from the HEARTH_PASSPHRASE environment variable).",
            kind="cannot_open",
        )
        self.path = path


class NotEncryptedError(StorageError):
    """A key was given for a database that is stored in plain form."""

    def __init__(self, path: Path | None = None) -> None:
        where = f" {path}" if path is not None else ""
        super().__init__(
            f"The database{where} is not encrypted, but a passphrase was given for it. "
            "Nothing was changed.",
            kind="cannot_open",
        )
        self.path = path


def driver() -> Any:
    """The sqlcipher3 DB-API module (imported on first use: plain profiles never load it)."""
    from sqlcipher3 import dbapi2  # type: ignore[import-untyped]  # no stubs published

    return dbapi2


def check_key(key: bytes) -> None:
    if not isinstance(key, bytes) or len(key) != KEY_BYTES:
        raise ValueError(f"a database key must be {KEY_BYTES} raw bytes")


def key_literal(key: bytes) -> str:
    """The SQL literal SQLCipher takes as a raw key (hex: no quoting issue, no KDF)."""
    check_key(key)
    return f"\"x'{key.hex()}'\""


def looks_encrypted(path: Path) -> bool:
    """True when `path` holds data that is not a plain SQLite database (SQLCipher's first 16
    bytes are a random salt). A missing or empty file is a new, plain database."""
    try:
        with Path(path).open("rb") as handle:
            head = handle.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return False
    return len(head) > 0 and head != SQLITE_HEADER


def is_wrong_key_error(exc: BaseException) -> bool:
    """SQLCipher reports a wrong key as SQLITE_NOTADB ("file is not a database") on first read."""
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        return (code & 0xFF) == _SQLITE_NOTADB
    return "not a database" in str(exc).lower()


def open_with_key(path: Path, key: bytes, *, timeout_s: float, **options: Any) -> Any:
    """A sqlcipher3 connection to `path`, keyed and proven to decrypt it.

    Raises WrongPassphraseError (connection closed, file untouched: the key check is a read)
    and NotEncryptedError for a plain file given a key.
    """
    literal = key_literal(key)
    dbapi = driver()
    try:
        conn = dbapi.connect(str(path), timeout=timeout_s, **options)
    except dbapi.Error as exc:
        raise StorageError(
            f"Could not open the database: {path} could not be opened or created ({exc}). "
            "Check that its folder exists and is writable.",
            kind="cannot_open",
        ) from exc
    try:
        # SQLCipher logs a wrong key to stderr; the caller gets an exception that says it.
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = {literal}")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except dbapi.DatabaseError as exc:
        conn.close()
        if not is_wrong_key_error(exc):
            raise
        if Path(path).is_file() and not looks_encrypted(Path(path)):
            raise NotEncryptedError(Path(path)) from exc
        raise WrongPassphraseError(Path(path)) from exc
    except BaseException:
        conn.close()
        raise
    return conn
