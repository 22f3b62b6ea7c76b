"""SMTP AUTH users: names and argon2id password hashes in the state database."""

from __future__ import annotations

import functools
from datetime import UTC, datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import Engine, delete, insert, select, update

from relaywarden.store.db import users

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters


@functools.cache
def _dummy_hash() -> str:
    # Verifying against this hash when the user does not exist keeps the timing of "no such
    # user" and "wrong password" the same. Made on first use: hashing is slow on purpose.
    return _hasher.hash("relaywarden-dummy-password")


class UserError(Exception):
    """A user command that cannot be done: the message says why."""


def _now() -> datetime:
    return datetime.now(UTC)


def _possible_name(name: str) -> bool:
    return bool(name) and len(name) <= 320 and not any(c.isspace() or ord(c) < 32 for c in name)


def validate_name(name: str) -> str:
    name = name.strip()
    if not _possible_name(name):
        raise UserError(f"{name!r} is not a valid user name (no spaces or control characters)")
    return name


def _utc(value: datetime) -> datetime:
    # SQLite gives back the naive UTC time that was stored; PostgreSQL gives the same instant
    # in the database server's time zone.
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def validate_password(password: str) -> str:
    if len(password) < 8:
        raise UserError("password too short: use at least 8 characters")
    if len(password) > 1024:
        raise UserError("password too long")
    return password


def add_user(engine: Engine, name: str, password: str) -> None:
    name = validate_name(name)
    pw_hash = _hasher.hash(validate_password(password))
    with engine.begin() as conn:
        if conn.execute(select(users.c.name).where(users.c.name == name)).first():
            raise UserError(f"user {name} already exists")
        now = _now()
        conn.execute(insert(users).values(name=name, password_hash=pw_hash, created=now, updated=now))


def set_password(engine: Engine, name: str, password: str) -> None:
    pw_hash = _hasher.hash(validate_password(password))
    with engine.begin() as conn:
        res = conn.execute(update(users).where(users.c.name == name)
                           .values(password_hash=pw_hash, updated=_now()))
        if res.rowcount == 0:
            raise UserError(f"no user {name}")


def remove_user(engine: Engine, name: str) -> None:
    with engine.begin() as conn:
        if conn.execute(delete(users).where(users.c.name == name)).rowcount == 0:
            raise UserError(f"no user {name}")


def list_users(engine: Engine) -> list[tuple[str, datetime]]:
    """Names and creation times (aware, in UTC), by name."""
    with engine.connect() as conn:
        rows = conn.execute(select(users.c.name, users.c.created).order_by(users.c.name))
        return [(r.name, _utc(r.created)) for r in rows]


def verify_password(engine: Engine, name: str, password: str) -> bool:
    """True when the user exists and the password matches. Blocking: run it in a thread."""
    row = None
    # A name no user can have (a client's NUL or 10 kB login) is not looked up, but still costs
    # a hash check like any unknown name.
    if _possible_name(name):
        with engine.connect() as conn:
            row = conn.execute(select(users.c.password_hash).where(users.c.name == name)).first()
    stored = row.password_hash if row else _dummy_hash()
    try:
        _hasher.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
    return row is not None
