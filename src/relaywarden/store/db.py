"""The state database: one SQLAlchemy schema, SQLite by default, PostgreSQL for several nodes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Engine,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
)

metadata = MetaData()

users = Table(
    "users",
    metadata,
    Column("name", String(320), primary_key=True),
    Column("password_hash", Text, nullable=False),
    Column("created", DateTime(timezone=True), nullable=False),
    Column("updated", DateTime(timezone=True), nullable=False),
)

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("ts", Float, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("queue_id", String(64), nullable=True),
    Column("session_id", String(64), nullable=True),
    Column("client_ip", String(64), nullable=True),
    Column("auth_user", String(320), nullable=True),
    Column("sender", String(512), nullable=True),
    Column("recipients", JSON, nullable=True),
    Column("decision", String(32), nullable=True),
    Column("detail", JSON, nullable=True),
    Index("ix_events_ts", "ts"),
    Index("ix_events_queue_id", "queue_id"),
)


quarantine = Table(
    "quarantine",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("ts", Float, nullable=False),
    Column("queue_id", String(64), nullable=True),
    Column("client_ip", String(64), nullable=True),
    Column("sender", String(512), nullable=False),
    Column("recipients", JSON, nullable=False),
    Column("subject", String(998), nullable=True),
    Column("from_header", String(998), nullable=True),
    Column("reason", Text, nullable=False),
    Column("symbols", JSON, nullable=True),
    Column("size", Integer, nullable=False),
    # held, released or deleted; the message file goes when it is released or deleted.
    Column("status", String(16), nullable=False),
    # Feedback for the classifier: "ham" when an administrator releases it.
    Column("label", String(16), nullable=True),
    Index("ix_quarantine_ts", "ts"),
)


scan_lists = Table(
    "scan_lists",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("list", String(8), nullable=False),  # allow | block
    Column("kind", String(8), nullable=False),  # sender | domain | ip | url
    Column("value", String(512), nullable=False),
    Column("scope", String(320), nullable=False, default=""),  # "" | domain | user address
    Column("note", Text, nullable=True),
    Column("created", Float, nullable=False),
    Index("ix_scan_lists_unique", "list", "kind", "value", "scope", unique=True),
)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    # WAL lets several worker processes read while one writes; busy_timeout makes them wait
    # for each other instead of failing.
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def open_database(url: str) -> Engine:
    """Create the engine and the schema if needed."""
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, future=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    metadata.create_all(engine)
    return engine
