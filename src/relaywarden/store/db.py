"""The state database: one SQLAlchemy schema, SQLite by default, PostgreSQL for several nodes."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Dialect,
    Engine,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    create_engine,
    event,
    text,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.types import TypeEngine

metadata = MetaData()


def _no_nul(value: str | None) -> str | None:
    return value.replace("\x00", "\ufffd") if value and "\x00" in value else value


class _PostgresString(TypeDecorator[str]):
    impl = String
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        return _no_nul(value)


class _PostgresText(TypeDecorator[str]):
    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        return _no_nul(value)


def text_type(length: int | None = None) -> TypeEngine[str]:
    """The type of every text column: String(length), or Text without a length.

    PostgreSQL's text types cannot hold NUL and SQLite's can: on PostgreSQL a NUL is stored as
    U+FFFD, so that a NUL in a header, an address or a name from the network never makes a
    write fail (a quarantined message's row, a batch of events, an observation). SQLite keeps
    the value as it is (no converter at all), and the DDL is the plain String/Text on both."""
    if length is None:
        return Text().with_variant(_PostgresText(), "postgresql")
    return String(length).with_variant(_PostgresString(length), "postgresql")

users = Table(
    "users",
    metadata,
    Column("name", text_type(320), primary_key=True),
    Column("password_hash", text_type(), nullable=False),
    Column("created", DateTime(timezone=True), nullable=False),
    Column("updated", DateTime(timezone=True), nullable=False),
)

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("ts", Float, nullable=False),
    Column("kind", text_type(32), nullable=False),
    Column("queue_id", text_type(64), nullable=True),
    Column("session_id", text_type(64), nullable=True),
    Column("client_ip", text_type(64), nullable=True),
    Column("auth_user", text_type(320), nullable=True),
    Column("sender", text_type(512), nullable=True),
    Column("recipients", JSON, nullable=True),
    Column("decision", text_type(32), nullable=True),
    Column("detail", JSON, nullable=True),
    Index("ix_events_ts", "ts"),
    Index("ix_events_queue_id", "queue_id"),
)


quarantine = Table(
    "quarantine",
    metadata,
    Column("id", text_type(64), primary_key=True),
    Column("ts", Float, nullable=False),
    Column("queue_id", text_type(64), nullable=True),
    Column("client_ip", text_type(64), nullable=True),
    Column("sender", text_type(512), nullable=False),
    Column("recipients", JSON, nullable=False),
    Column("subject", text_type(998), nullable=True),
    Column("from_header", text_type(998), nullable=True),
    Column("reason", text_type(), nullable=False),
    Column("symbols", JSON, nullable=True),
    Column("size", Integer, nullable=False),
    # held, released or deleted; the message file goes when it is released or deleted.
    Column("status", text_type(16), nullable=False),
    # Feedback for the classifier: "ham" when an administrator releases it.
    Column("label", text_type(16), nullable=True),
    Index("ix_quarantine_ts", "ts"),
)


scan_lists = Table(
    "scan_lists",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("list", text_type(8), nullable=False),  # allow | block
    Column("kind", text_type(8), nullable=False),  # sender | domain | ip | url
    Column("value", text_type(512), nullable=False),
    Column("scope", text_type(320), nullable=False, default=""),  # "" | domain | user address
    Column("note", text_type(), nullable=True),
    Column("created", Float, nullable=False),
    Index("ix_scan_lists_unique", "list", "kind", "value", "scope", unique=True),
)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    # WAL lets several worker processes read while one writes; busy_timeout makes them wait
    # for each other instead of failing. The timeout first: switching a new database to WAL
    # needs a lock that another worker starting at the same moment may hold.
    cur.execute("PRAGMA busy_timeout=10000")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


_SCHEMA_LOCK = 0x7277_5343  # any fixed key; only create_schema takes it
"""The PostgreSQL advisory lock under which the schema is created."""


def create_schema(engine: Engine) -> None:
    """Create the tables of `metadata` that are missing.

    Processes may do it at the same moment: the relay's workers each create the behaviour
    tables when they start. Of two concurrent CREATE TABLE of one name the second fails. On
    PostgreSQL they take turns under an advisory lock, and the second finds the tables made by
    the first (DDL is transactional). SQLite creates table by table: the loser of a race gets
    "already exists" and tries again, and each try gets at least one table further. A SQLite
    lock that a starting worker cannot wait for (SQLite answers "database is locked" at once
    when waiting could deadlock) is tried again too, after a short pause."""
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _SCHEMA_LOCK})
            metadata.create_all(conn)
        return
    tries = len(metadata.tables) + 20
    for attempt in range(tries):
        try:
            metadata.create_all(engine)
            return
        except OperationalError as exc:
            locked = "database is locked" in str(exc)
            if not (locked or "already exists" in str(exc)) or attempt == tries - 1:
                raise
            if locked:
                time.sleep(0.05 * (attempt + 1))


def open_database(url: str) -> Engine:
    """Create the engine and the schema if needed."""
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
    # A database server closes connections when it restarts or fails over, or when they sat
    # idle too long: the pool tests each one before handing it out (a round trip) instead of
    # failing a login, a quarantine or a batch of events once per stale connection. A SQLite
    # connection cannot go stale.
    engine = create_engine(url, future=True, pool_pre_ping=make_url(url).get_backend_name() != "sqlite")
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    create_schema(engine)
    return engine
