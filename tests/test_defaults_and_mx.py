"""The newcomer's path (no config at all) and delivery by MX through a DNS server on loopback."""

from __future__ import annotations

import os
import signal
import smtplib
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from email import message_from_bytes
from pathlib import Path

import pytest

from tests.support.dnsserver import DNSServer
from tests.support.relay import Relay, wait_for
from tests.support.smtppeer import SMTPPeer

StartRelay = Callable[..., Relay]


def _busy(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture
def default_relay(tmp_path: Path) -> Iterator[Path]:
    if any(_busy(p) for p in (2525, 2587, 2465)):
        pytest.skip("the default ports 2525/2587/2465 are in use on this machine")
    log = open(tmp_path / "serve.log", "wb")
    proc = subprocess.Popen([sys.executable, "-m", "relaywarden", "serve"], cwd=tmp_path, stdout=log,
                            stderr=subprocess.STDOUT, start_new_session=True)
    try:
        assert wait_for(lambda: all(_busy(p) for p in (2525, 2587, 2465)), timeout=30), \
            (tmp_path / "serve.log").read_text()
        yield tmp_path
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
        log.close()


def test_serve_without_config_delivers_to_maildir(default_relay: Path) -> None:
    res = subprocess.run(["swaks", "--server", "127.0.0.1:2525", "--to", "someone@relaywarden.localhost"],
                         capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stdout
    new = default_relay / "relaywarden-data" / "maildir" / "someone" / "new"
    assert wait_for(lambda: new.is_dir() and len(list(new.iterdir())) == 1)
    assert (default_relay / "relaywarden-data" / "state.db").is_file()
    assert (default_relay / "relaywarden-data" / "tls" / "selfsigned.crt").is_file()
    key = default_relay / "relaywarden-data" / "tls" / "selfsigned.key"
    assert key.stat().st_mode & 0o077 == 0


ZONE = {
    "@": {"MX": ["10 mx1.example.test.", "20 mx2.example.test."]},
    "mx1": {"A": "127.0.0.1"},
    "mx2": {"A": "127.0.0.1"},
    "nullmx": {"MX": "0 ."},
}


def test_mx_delivery_and_dns_failures(relay_factory: StartRelay, sink: SMTPPeer) -> None:
    with DNSServer(zones={"example.test": ZONE}) as dns_server:
        relay = relay_factory({"dns": {"nameservers": [dns_server.nameserver], "timeout": 2.0},
                               "delivery": {"mx_port": sink.port}})
        with smtplib.SMTP("127.0.0.1", relay.inbound) as c:
            c.sendmail("app@local.test", ["user@example.test"], b"Subject: via MX\r\n\r\nhello\r\n")
            c.sendmail("app@local.test", ["user@nullmx.example.test"], b"Subject: null mx\r\n\r\nx\r\n")
            c.sendmail("app@local.test", ["user@nonexistent.example.test"], b"Subject: nx\r\n\r\nx\r\n")
        msgs = sink.wait_for_messages(1)
        assert msgs[0].rcpt_tos == ("user@example.test",)
        assert dns_server.count("example.test", "MX") >= 1
        # Both undeliverable messages come back to the sender as DSNs with RFC 7505 / 5.1.2 codes.
        assert wait_for(lambda: len(relay.maildir_messages("app")) == 2)
        texts = [m.decode() for m in relay.maildir_messages("app")]
        assert any("5.1.10" in t and "user@nullmx.example.test" in t for t in texts)
        assert any("5.1.2" in t and "user@nonexistent.example.test" in t for t in texts)
        for raw in relay.maildir_messages("app"):
            assert message_from_bytes(raw).get_content_type() == "multipart/report"
        time.sleep(0.2)
        assert len(sink.messages) == 1


def test_dns_timeout_defers_and_never_bounces(relay_factory: StartRelay) -> None:
    with DNSServer(zones={"example.test": ZONE}, drop_names=["slow.example.test"]) as dns_server:
        relay = relay_factory({"dns": {"nameservers": [dns_server.nameserver], "timeout": 0.5}})
        with smtplib.SMTP("127.0.0.1", relay.inbound) as c:
            c.sendmail("app@local.test", ["user@slow.example.test"], b"Subject: slow\r\n\r\nx\r\n")
        assert wait_for(lambda: "4.4.3" in relay.log_text(), timeout=20)
        assert len(relay.spool_files()) == 1
        assert relay.maildir_messages("app") == []


def test_user_cli(relay_factory: StartRelay) -> None:
    relay = relay_factory()
    assert relay.run_cli("user", "add", "erin@local.test", input_text="short\n").returncode == 1
    assert relay.run_cli("user", "add", "erin@local.test", input_text="long enough pw\n").returncode == 0
    dup = relay.run_cli("user", "add", "erin@local.test", input_text="long enough pw\n")
    assert dup.returncode == 1 and "already exists" in dup.stderr
    assert "erin@local.test" in relay.run_cli("user", "list").stdout
    assert relay.run_cli("user", "passwd", "erin@local.test", input_text="a new password\n").returncode == 0
    assert relay.run_cli("user", "remove", "erin@local.test").returncode == 0
    assert relay.run_cli("user", "remove", "erin@local.test").returncode == 1
    assert "erin" not in relay.run_cli("user", "list").stdout
