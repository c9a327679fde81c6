"""The Hearth database: one SQLite file, upgraded on open, used through short sessions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, Connection
from sqlalchemy.orm import Session
from sqlalchemy.pool import ConnectionPoolEntry, QueuePool

from app.storage import cipher, connection, migrations
from app.storage.errors import StorageError, translate_errors

_BEGIN_OPTION = "hearth_begin"


class Database:
    """An open Hearth database. Create it with `Database.open`; it is safe to share across threads
    (each session takes its own pooled connection)."""

    def __init__(
        self,
        path: Path,
        engine: Engine,
        *,
        backups_dir: Path,
        found_version: int,
        key: bytes | None = None,
    ):
        self._path = path
        self._backups_dir = backups_dir
        self._found_version = found_version
        self._key = key
        self._use_engine(engine)

    def _use_engine(self, engine: Engine) -> None:
        self._engine = engine
        self._writer = engine.execution_options(**{_BEGIN_OPTION: "BEGIN IMMEDIATE"})
        self._reader = engine.execution_options(**{_BEGIN_OPTION: "BEGIN"})

    @classmethod
    def open(cls, path: Path, *, backups_dir: Path, key: bytes | None = None) -> Database:
        """Open (creating if needed) and upgrade the database at `path`.

        `key` is the raw 32-byte SQLCipher key of an encrypted database (None: a plain one).
        Raises SchemaTooNewError when the file was written by a newer Hearth (it is left
        untouched), WrongPassphraseError when `key` does not decrypt it (nothing written),
        and StorageError for anything else that stops it from being used.
        """
        path = Path(path)
        with translate_errors(f"create the folder {path.parent}"):
            path.parent.mkdir(parents=True, exist_ok=True)
        found = migrations.migrate(path, backups_dir, key=key)
        engine = _make_engine(path, key)
        db = cls(path, engine, backups_dir=backups_dir, found_version=found, key=key)
        try:
            with translate_errors("open the database", path):
                version = db.schema_version
            if version != migrations.LATEST_VERSION:  # pragma: no cover - migrate() ensures it
                raise StorageError(
                    f"Could not open the database: it is at schema v{version}, "
                    f"expected v{migrations.LATEST_VERSION}."
                )
        except BaseException:
            db.close()
            raise
        return db

    @property
    def path(self) -> Path:
        return self._path

    @property
    def backups_dir(self) -> Path:
        return self._backups_dir

    @property
    def engine(self) -> Engine:
        return self._engine

    @property
    def upgraded_from(self) -> int | None:
        """The schema version found on open when an upgrade ran (0: a new database), else None."""
        return self._found_version if self._found_version != migrations.LATEST_VERSION else None

    @property
    def schema_version(self) -> int:
        """`PRAGMA user_version` of the file, read now."""
        with self._reader.connect() as conn:
            value = conn.exec_driver_sql("PRAGMA user_version").scalar_one()
        return int(value)

    @contextmanager
    def session(self, *, write: bool = True, action: str = "use the database") -> Iterator[Session]:
        """A Session that commits when the block ends, or rolls back if it raises.

        Write sessions take the write lock when they start (BEGIN IMMEDIATE), so a
        read-then-write cannot fail half way because another connection wrote in between;
        `write=False` gives a consistent snapshot without taking the lock. Database errors come
        out as StorageError ("Could not <action>: ...").
        """
        bind = self._writer if write else self._reader
        with translate_errors(action, self._path), Session(bind, expire_on_commit=False) as sess:
            try:
                yield sess
                sess.commit()
            except BaseException:
                sess.rollback()
                raise

    def integrity_check(self) -> str:
        """SQLite's `PRAGMA integrity_check`: "ok", or the problems found, one per line."""
        with translate_errors("check the database", self._path), self._reader.connect() as conn:
            rows = conn.exec_driver_sql("PRAGMA integrity_check").scalars().all()
        return "\n".join(str(row) for row in rows)

    @property
    def encrypted(self) -> bool:
        return self._key is not None

    def release_connections(self) -> None:
        """Close every pooled connection (before the file is converted or re-keyed on disk).

        The Database stays usable: the next session opens a fresh connection.
        """
        self._engine.dispose()

    def reconnect(self, key: bytes | None) -> None:
        """Use `key` (None: plain) for every connection from now on, after the file on disk was
        encrypted, decrypted or re-keyed. Checks at once that the file opens with it."""
        old = self._engine
        self._engine_key_check(key)
        old.dispose()
        self._key = key
        self._use_engine(_make_engine(self._path, key))

    def _engine_key_check(self, key: bytes | None) -> None:
        with translate_errors("open the database", self._path):
            conn = connection.connect_with(self._path, key)
            try:
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            finally:
                conn.close()

    def close(self) -> None:
        """Release every connection; the Database must not be used afterwards."""
        self._engine.dispose()

    def __enter__(self) -> Database:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Database({str(self._path)!r})"


def _make_engine(path: Path, key: bytes | None) -> Engine:
    # An encrypted database keeps SQLAlchemy's sqlite dialect; `module` makes the dialect wrap
    # SQLCipher's exceptions (its own classes) in DBAPIError like sqlite3's.
    extra: dict[str, Any] = {} if key is None else {"module": cipher.driver()}
    engine = create_engine(
        URL.create("sqlite", database=str(path)),
        creator=lambda: connection.connect_with(path, key),
        poolclass=QueuePool,
        **extra,
    )
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def _on_connect(dbapi_connection: Any, connection_record: ConnectionPoolEntry) -> None:
    # The creator makes every connection: sqlite3's, or SQLCipher's (another class, same API).
    connection.configure(dbapi_connection)


def _on_begin(conn: Connection) -> None:
    conn.exec_driver_sql(str(conn.get_execution_options().get(_BEGIN_OPTION, "BEGIN")))
