"""Limits that protect the relay (connections, timeouts, per-user rates), queue expiry, and the
structured event log every session and message leaves behind."""

from __future__ import annotations

import smtplib
import socket
import time
from collections.abc import Callable

from sqlalchemy import create_engine

from relaywarden.store.events import read_events
from tests.support.relay import Relay, client_tls, wait_for
from tests.support.smtppeer import SMTPPeer

StartRelay = Callable[..., Relay]


def _greeting(port: int) -> tuple[socket.socket, bytes]:
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    return s, s.recv(1024)


def test_connections_per_ip_are_limited(relay_factory: StartRelay) -> None:
    relay = relay_factory({"limits": {"max_connections_per_ip": 2}})
    time.sleep(0.5)  # let the start-up probe connections be counted out
    first, g1 = _greeting(relay.inbound)
    second, g2 = _greeting(relay.inbound)
    third, g3 = _greeting(relay.inbound)
    assert g1.startswith(b"220") and g2.startswith(b"220")
    assert g3.startswith(b"421 4.7.0"), g3
    assert third.recv(1024) == b""  # and closed
    first.close()
    time.sleep(0.3)
    fourth, g4 = _greeting(relay.inbound)
    assert g4.startswith(b"220")
    for s in (second, third, fourth):
        s.close()


def test_idle_client_gets_421_after_the_command_timeout(relay_factory: StartRelay) -> None:
    relay = relay_factory({"limits": {"command_timeout": 1.0}})
    s, greeting = _greeting(relay.inbound)
    assert greeting.startswith(b"220")
    s.settimeout(10)
    assert s.recv(1024).startswith(b"421 4.4.2")
    s.close()


def test_session_lifetime_is_bounded(relay_factory: StartRelay) -> None:
    relay = relay_factory({"limits": {"session_timeout": 1.5}})
    with smtplib.SMTP("127.0.0.1", relay.inbound) as c:
        c.ehlo("client.test")
        deadline = time.monotonic() + 10
        code = 250
        while time.monotonic() < deadline and code == 250:
            try:
                code = c.noop()[0]
            except smtplib.SMTPServerDisconnected:
                code = 421
            time.sleep(0.2)
        assert code == 421


def test_per_user_rate_limit(relay_factory: StartRelay) -> None:
    relay = relay_factory({"relay": {"trusted_networks": ["192.0.2.0/24"]},
                           "limits": {"messages_per_minute_per_user": 2}})
    assert relay.run_cli("user", "add", "frank@local.test", input_text="frank's password\n").returncode == 0
    with smtplib.SMTP_SSL("127.0.0.1", relay.submissions, context=client_tls()) as c:
        c.login("frank@local.test", "frank's password")
        codes = []
        for _ in range(3):
            c.rset()
            codes.append(c.mail("frank@local.test"))
    assert [code for code, _ in codes] == [250, 250, 451]
    assert b"for user frank@local.test" in codes[2][1]


def test_expired_message_bounces_with_5_4_7(relay_factory: StartRelay) -> None:
    peer = SMTPPeer().start()
    peer.fail_temporarily("rcpt", "450 4.2.1 try later")
    try:
        relay = relay_factory({"queue": {"lifetime": 2.0, "retry_initial": 0.5, "retry_max": 0.5},
                               "delivery": {"transport": {"remote.test": f"smtp:127.0.0.1:{peer.port}"}}})
        with smtplib.SMTP("127.0.0.1", relay.inbound) as c:
            c.sendmail("owner@local.test", ["x@remote.test"], b"Subject: doomed\r\n\r\nbody\r\n")
        assert wait_for(lambda: len(relay.maildir_messages("owner")) == 1, timeout=20)
        text = relay.maildir_messages("owner")[0].decode()
        assert "5.4.7" in text and "x@remote.test" in text and "try later" in text
        assert wait_for(lambda: relay.spool_files() == [])
    finally:
        peer.stop()


def test_events_record_sessions_messages_and_deliveries(relay_factory: StartRelay, sink: SMTPPeer) -> None:
    relay = relay_factory({"relay": {"trusted_networks": ["192.0.2.0/24"]},
                           "delivery": {"transport": {"remote.test": f"smtp:127.0.0.1:{sink.port}"}}})
    with smtplib.SMTP("127.0.0.1", relay.inbound) as c:
        c.ehlo("events.test")
        c.mail("a@example.org")
        assert c.rcpt("stranger@remote.test")[0] == 554
        assert c.rcpt("inside@local.test")[0] == 250
        assert c.data(b"Subject: events\r\n\r\nbody\r\n")[0] == 250
    assert wait_for(lambda: len(relay.maildir_messages("inside")) == 1)
    relay.stop()  # flushes the event log
    engine = create_engine(f"sqlite:///{relay.data_dir / 'state.db'}")
    kinds = {e["kind"] for e in read_events(engine)}
    assert {"reject", "accept", "delivery", "session"} <= kinds
    accept = read_events(engine, kinds=["accept"])[0]
    assert accept["client_ip"] == "127.0.0.1" and accept["sender"] == "a@example.org"
    assert accept["recipients"] == ["inside@local.test"] and accept["decision"] == "queued"
    delivery = read_events(engine, queue_id=accept["queue_id"], kinds=["delivery"])
    assert delivery[0]["decision"] == "delivered" and delivery[0]["detail"]["remote"] == "maildir"
    reject = read_events(engine, kinds=["reject"])[0]
    assert reject["detail"]["reply"].startswith("554 5.7.1") and reject["recipients"] == ["stranger@remote.test"]
    session = next(e for e in read_events(engine, kinds=["session"]) if e["detail"]["helo"] == "events.test")
    assert session["detail"]["accepted"] == 1 and session["detail"]["rejected"] == 1
    engine.dispose()


def test_workers_drop_privileges_when_started_as_root(tmp_path_factory: object) -> None:
    import os
    import pwd
    import shutil
    import tempfile
    from pathlib import Path

    import pytest

    if os.getuid() != 0:
        pytest.skip("needs root to bind and then drop privileges")
    nobody = pwd.getpwnam("nobody")
    # The unprivileged user must be able to reach its data directory.
    base = Path(tempfile.mkdtemp(prefix="rw-priv-", dir="/tmp"))
    base.chmod(0o755)
    relay = Relay(base, {"server": {"user": "nobody", "workers": 2}})
    try:
        relay.start()
        assert relay.proc is not None
        children = Path(f"/proc/{relay.proc.pid}/task/{relay.proc.pid}/children").read_text().split()
        assert len(children) == 2

        def uids(pid: str) -> list[str]:
            status = Path(f"/proc/{pid}/status").read_text()
            return next(line for line in status.splitlines() if line.startswith("Uid:")).split()[1:]

        # One worker may already answer while the other is still between bind() and setuid():
        # the kernel queues connections from listen() on, so readiness is per worker.
        expected = [str(nobody.pw_uid)] * 4
        assert wait_for(lambda: all(uids(pid) == expected for pid in children)), [uids(p) for p in children]
        with smtplib.SMTP("127.0.0.1", relay.inbound) as c:
            c.sendmail("a@example.org", ["low@local.test"], b"Subject: unprivileged\r\n\r\nbody\r\n")
        assert wait_for(lambda: len(relay.maildir_messages("low")) == 1)
        assert (relay.data_dir / "spool").stat().st_uid == nobody.pw_uid
    finally:
        relay.stop()
        shutil.rmtree(base, ignore_errors=True)


def test_a_worker_that_cannot_start_stops_the_relay(tmp_path: object) -> None:
    import os
    from pathlib import Path

    import pytest

    if os.getuid() != 0:
        pytest.skip("needs root to drop privileges")
    # pytest's temp directories are private to root: once it is nobody, the worker cannot
    # reach its data directory and dies at start-up, again and again.
    relay = Relay(Path(str(tmp_path)), {"server": {"user": "nobody", "workers": 2}})
    with pytest.raises(RuntimeError, match="relay exited"):
        relay.start(timeout=60)
    assert "keeps failing at start-up" in relay.log_text()
