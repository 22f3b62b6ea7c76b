"""Quarantine: durable storage, listing with reasons, release to the recipients, delete."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from relaywarden.store.db import open_database
from relaywarden.store.quarantine import Quarantine, QuarantineError
from tests.support.relay import Relay, wait_for

StartRelay = Callable[..., Relay]
MESSAGE = b"From: CEO <ceo@example.org>\r\nSubject: Urgent wire transfer\r\n\r\nPlease pay.\r\n"


def test_store_list_show_delete(tmp_path: Path) -> None:
    q = Quarantine(open_database(f"sqlite:///{tmp_path / 'state.db'}"), tmp_path / "quarantine")
    qid = q.add(MESSAGE, sender="ceo@example.org", recipients=["cfo@local.test"],
                reason="DMARC policy of example.org is quarantine and the message failed it",
                symbols=[{"name": "DMARC_POLICY_QUARANTINE", "score": 5.0, "description": "DMARC failed"}],
                client_ip="192.0.2.9")
    assert (tmp_path / "quarantine" / f"{qid}.eml").stat().st_mode & 0o077 == 0
    [item] = q.list()
    assert item.id == qid and item.subject == "Urgent wire transfer" and item.from_header == "CEO <ceo@example.org>"
    assert item.symbols[0]["name"] == "DMARC_POLICY_QUARANTINE" and item.status == "held"
    assert q.content(qid) == MESSAGE
    q.delete(qid)
    assert q.list() == [] and q.get(qid).status == "deleted"
    with pytest.raises(QuarantineError, match="already deleted"):
        q.delete(qid)
    with pytest.raises(QuarantineError, match="no quarantined message"):
        q.get("QNOSUCH")
    with pytest.raises(QuarantineError, match="not a quarantine id"):
        q.path("../etc/passwd")


def test_unparsable_headers_are_still_kept(tmp_path: Path) -> None:
    q = Quarantine(open_database(f"sqlite:///{tmp_path / 'state.db'}"), tmp_path / "quarantine")
    raw = b"\xff\xfe garbage without headers\r\n\r\n\x00\x01"
    qid = q.add(raw, sender="", recipients=["x@local.test"], reason="test")
    assert q.content(qid) == raw


def test_cli_release_delivers_through_the_running_relay(relay_factory: StartRelay) -> None:
    relay = relay_factory()
    q = Quarantine(open_database(f"sqlite:///{relay.data_dir / 'state.db'}"), relay.data_dir / "quarantine")
    qid = q.add(MESSAGE, sender="ceo@example.org", recipients=["cfo@local.test"], reason="looked like fraud")
    listed = relay.run_cli("quarantine", "list", "--json")
    assert listed.returncode == 0
    assert [json.loads(line)["id"] for line in listed.stdout.splitlines()] == [qid]
    shown = relay.run_cli("quarantine", "show", qid)
    assert "looked like fraud" in shown.stdout and "Subject: Urgent wire transfer" in shown.stdout
    released = relay.run_cli("quarantine", "release", qid)
    assert released.returncode == 0 and "released as" in released.stdout
    assert wait_for(lambda: len(relay.maildir_messages("cfo")) == 1)
    assert relay.maildir_messages("cfo")[0].endswith(MESSAGE)
    assert q.get(qid).label == "ham"
    again = relay.run_cli("quarantine", "release", qid)
    assert again.returncode == 1 and "released" in again.stderr
    assert relay.run_cli("quarantine", "delete", "QNOSUCH").returncode == 1
