"""The relay with `database.url` pointing at PostgreSQL: the real relaywarden process and its
command line keep users and events in a real PostgreSQL server on loopback
(tests/support/postgres.py), and nothing in SQLite."""

from __future__ import annotations

import base64
import smtplib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from relaywarden.store.db import open_database
from relaywarden.store.events import read_events
from tests.support.postgres import postgres_server, postgres_url
from tests.support.relay import Relay, client_tls, wait_for

__all__ = ["postgres_server", "postgres_url"]  # fixtures used below

StartRelay = Callable[..., Relay]
UNTRUSTED = {"relay": {"trusted_networks": ["192.0.2.0/24"]}}


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def test_relay_and_cli_keep_their_state_in_postgresql(relay_factory: StartRelay, postgres_url: str) -> None:
    relay = relay_factory({**UNTRUSTED, "database": {"url": postgres_url},
                           "auth": {"senders": {"alice@local.test": ["@local.test"]}}})
    added = relay.run_cli("user", "add", "alice@local.test", input_text="correct horse battery\n")
    assert added.returncode == 0, added.stderr
    listed = relay.run_cli("user", "list")
    name, day, minute = listed.stdout.split()
    # Printed in UTC, although the PostgreSQL server runs in Pacific/Chatham.
    when = datetime.strptime(f"{day} {minute}", "%Y-%m-%d %H:%M").replace(tzinfo=UTC)
    assert name == "alice@local.test" and abs(datetime.now(UTC) - when) < timedelta(minutes=5)

    with smtplib.SMTP("127.0.0.1", relay.submission, timeout=30) as c:
        c.ehlo("client.test")
        c.starttls(context=client_tls())
        c.ehlo("client.test")
        # A NUL in an AUTH LOGIN name (PostgreSQL cannot even compare it) is a wrong login.
        assert c.docmd("AUTH", "LOGIN " + _b64("alice\x00@local.test"))[0] == 334
        assert c.docmd(_b64("correct horse battery"))[0] == 535
        c.login("alice@local.test", "correct horse battery")
        assert c.mail("alice@local.test")[0] == 250
        assert c.rcpt("bob@local.test")[0] == 250
        assert c.data(b"Subject: via postgres\r\n\r\nhi\r\n")[0] == 250
    assert wait_for(lambda: len(relay.maildir_messages("bob")) == 1)

    engine = open_database(postgres_url)
    try:
        def auth_and_accept() -> list[tuple[str, str | None]]:
            return [(e["kind"], e["decision"]) for e in read_events(engine, kinds=["auth", "accept"])]

        assert wait_for(lambda: len(auth_and_accept()) == 3)
        assert auth_and_accept() == [("auth", "fail"), ("auth", "ok"), ("accept", "queued")]
        [accept] = read_events(engine, kinds=["accept"])
        assert accept["auth_user"] == "alice@local.test" and accept["recipients"] == ["bob@local.test"]
    finally:
        engine.dispose()
    assert not (relay.data_dir / "state.db").exists()
