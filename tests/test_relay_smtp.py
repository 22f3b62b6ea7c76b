"""The relay end to end over loopback: real relaywarden process, real clients, real peers."""

from __future__ import annotations

import base64
import smtplib
import socket
import ssl
import subprocess
from collections.abc import Callable
from typing import Any

import pytest

from tests.support.relay import Relay, client_tls, wait_for
from tests.support.smtppeer import SMTPPeer

StartRelay = Callable[..., Relay]
UNTRUSTED = {"relay": {"trusted_networks": ["192.0.2.0/24"]}}


def test_swaks_to_local_domain_lands_in_maildir(relay_factory: StartRelay) -> None:
    relay = relay_factory()
    res = subprocess.run(["swaks", "--server", f"127.0.0.1:{relay.inbound}", "--to", "someone@local.test",
                          "--from", "sender@example.org", "--body", "hello from swaks"],
                         capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "250 2.0.0 Ok: queued as" in res.stdout
    assert wait_for(lambda: len(relay.maildir_messages("someone")) == 1)
    msg = relay.maildir_messages("someone")[0]
    assert b"hello from swaks" in msg
    assert msg.startswith(b"Return-Path: <sender@example.org>\r\nReceived: from ")
    assert wait_for(lambda: relay.spool_files() == [])


def test_banner_discloses_no_version(relay_factory: StartRelay) -> None:
    relay = relay_factory()
    with smtplib.SMTP("127.0.0.1", relay.inbound) as c:
        code, _ = c.docmd("NOOP")
        assert code == 250
        greeting = c.ehlo("client.test")[1].decode()
    assert "Python" not in greeting and "aiosmtpd" not in greeting
    assert "AUTH" not in greeting  # inbound never offers AUTH
    assert "PIPELINING" in greeting and "SIZE" in greeting and "STARTTLS" in greeting


def test_untrusted_client_cannot_relay(relay_factory: StartRelay) -> None:
    relay = relay_factory(UNTRUSTED)
    with smtplib.SMTP("127.0.0.1", relay.inbound) as c:
        c.ehlo("client.test")
        assert c.mail("someone@example.org")[0] == 250
        code, text = c.rcpt("victim@remote.test")
        assert code == 554 and text.startswith(b"5.7.1")
        code, text = c.rcpt("user%victim@remote.test@local.test")
        assert code in (501, 553, 554)
        code, _ = c.rcpt("user%remote.test@local.test")
        assert code == 554
        code, _ = c.rcpt("<@local.test:victim@remote.test>")
        assert code == 554
        assert c.rcpt("friend@local.test")[0] == 250


def test_trusted_network_relays_to_next_hop(relay_factory: StartRelay, sink: SMTPPeer) -> None:
    relay = relay_factory({"delivery": {"transport": {"remote.test": f"smtp:127.0.0.1:{sink.port}"}}})
    with smtplib.SMTP("127.0.0.1", relay.inbound) as c:
        c.sendmail("app@local.test", ["someone@remote.test"], b"Subject: hi\r\n\r\n.leading dot\r\n.\r\nend\r\n")
    msgs = sink.wait_for_messages(1)
    assert msgs[0].rcpt_tos == ("someone@remote.test",)
    assert msgs[0].data.endswith(b"Subject: hi\r\n\r\n.leading dot\r\n.\r\nend\r\n")


def test_submission_requires_starttls_before_auth(relay_factory: StartRelay, sink: SMTPPeer) -> None:
    relay = relay_factory({**UNTRUSTED, "auth": {"senders": {"alice": ["@local.test"]}},
                           "delivery": {"transport": {"remote.test": f"smtp:127.0.0.1:{sink.port}"}}})
    added = relay.run_cli("user", "add", "alice", input_text="correct horse battery\n")
    assert added.returncode == 0, added.stderr
    with smtplib.SMTP("127.0.0.1", relay.submission) as c:
        features = c.ehlo("client.test")[1].decode()
        assert "STARTTLS" in features and "AUTH" not in features
        assert c.docmd("AUTH", "PLAIN AGFsaWNlAHg=")[0] == 530
        assert c.docmd("MAIL", "FROM:<alice@local.test>")[0] == 530
        c.starttls(context=client_tls())
        features = c.ehlo("client.test")[1].decode()
        assert "AUTH" in features and "PLAIN" in features and "LOGIN" in features
        with pytest.raises(smtplib.SMTPAuthenticationError):
            c.login("alice", "wrong password")
        c.login("alice", "correct horse battery")
        code, text = c.mail("mallory@elsewhere.test")
        assert code == 553 and b"5.7.1" in text
        c.rset()
        assert c.mail("alice@local.test")[0] == 250
        assert c.rcpt("bob@remote.test")[0] == 250
        assert c.data(b"Subject: from alice\r\n\r\nhi\r\n")[0] == 250
    msg = sink.wait_for_messages(1)[0]
    assert b"with ESMTPSA" in msg.data


def test_implicit_tls_login(relay_factory: StartRelay) -> None:
    relay = relay_factory(UNTRUSTED)
    assert relay.run_cli("user", "add", "bob@local.test", input_text="another secret pw\n").returncode == 0
    with smtplib.SMTP_SSL("127.0.0.1", relay.submissions, context=client_tls()) as c:
        features = c.ehlo("client.test")[1].decode()
        assert "AUTH" in features and "STARTTLS" not in features
        c.login("bob@local.test", "another secret pw")
        c.sendmail("bob@local.test", ["carol@local.test"], b"Subject: x\r\n\r\nbody\r\n")
    assert wait_for(lambda: len(relay.maildir_messages("carol")) == 1)


def test_auth_failures_lock_the_client_out(relay_factory: StartRelay) -> None:
    relay = relay_factory({**UNTRUSTED, "auth": {"lockout": {"max_failures": 3, "window_seconds": 60,
                                                              "initial_seconds": 30}}})
    assert relay.run_cli("user", "add", "dave", input_text="the right password\n").returncode == 0
    bad = base64.b64encode(b"\x00dave\x00guess").decode()
    replies: list[int] = []
    with smtplib.SMTP_SSL("127.0.0.1", relay.submissions, context=client_tls()) as c:
        c.ehlo("client.test")
        for _ in range(3):
            replies.append(c.docmd("AUTH", f"PLAIN {bad}")[0])
        # The third failure locks the address out: 535 for the attempt, then 421 and goodbye.
        assert c.getreply()[0] == 421
    assert replies == [535, 535, 535]
    # Even the right password is refused while the client address is locked out.
    with smtplib.SMTP_SSL("127.0.0.1", relay.submissions, context=client_tls()) as c:
        c.ehlo("client.test")
        with pytest.raises((smtplib.SMTPServerDisconnected, smtplib.SMTPAuthenticationError)):
            c.login("dave", "the right password")
    assert "AUTH failure for 'dave'" in relay.log_text()
    assert "locked out" in relay.log_text()


def test_limits_size_recipients_rate(relay_factory: StartRelay) -> None:
    relay = relay_factory({"limits": {"max_message_size": 10_000, "max_recipients": 3,
                                      "messages_per_minute_per_ip": 4}})
    with smtplib.SMTP("127.0.0.1", relay.inbound) as c:
        features = c.ehlo("client.test")[1].decode()
        assert "SIZE 10000" in features
        assert c.docmd("MAIL", "FROM:<a@local.test> SIZE=20000")[0] == 552
        assert c.mail("a@local.test")[0] == 250
        for i in range(3):
            assert c.rcpt(f"u{i}@local.test")[0] == 250
        code, text = c.rcpt("u3@local.test")
        assert code == 452 and text.startswith(b"4.5.3")
        c.putcmd("DATA")
        assert c.getreply()[0] == 354
        c.send(b"Subject: big\r\n\r\n" + (b"x" * 70 + b"\r\n") * 200 + b".\r\n")
        code, text = c.getreply()
        assert code == 552 and text.startswith(b"5.3.4")
        codes = []
        for _ in range(5):
            c.rset()
            codes.append(c.mail("a@local.test")[0])
        assert codes[:3] == [250, 250, 250] and codes[-1] == 451, codes
    assert wait_for(lambda: relay.spool_files() == [])
    assert relay.maildir_messages("u0") == []


def test_malformed_commands_get_5xx_and_no_traceback(relay_factory: StartRelay) -> None:
    relay = relay_factory()
    with smtplib.SMTP("127.0.0.1", relay.inbound) as c:
        c.ehlo("client.test")
        bad: list[tuple[str, str]] = [("MAIL", "FROM:"), ("MAIL", "FROM:<a@b"), ("MAIL", 'FROM:<"unterminated@x>'),
                                      ("RCPT", "TO:<x@local.test>"), ("DATA", ""), ("FOO", "bar"),
                                      ("MAIL", "FROM:<a@b.test> BODY=WEIRD")]
        codes: list[Any] = []
        for cmd, arg in bad[:6]:
            codes.append(c.docmd(cmd, arg)[0])
        assert all(500 <= code < 600 for code in codes), codes
        c.sock.sendall(b"MAIL FROM:<" + b"a" * 5000 + b"@x.test>\r\n")
        assert c.getreply()[0] == 500
    assert "Traceback" not in relay.log_text()


def test_auth_without_tls_only_when_the_administrator_says_so(relay_factory: StartRelay) -> None:
    relay = relay_factory({**UNTRUSTED, "auth": {"require_tls": False}})
    assert relay.run_cli("user", "add", "printer", input_text="legacy printer pw\n").returncode == 0
    with smtplib.SMTP("127.0.0.1", relay.submission) as c:
        features = c.ehlo("printer.test")[1].decode()
        assert "AUTH" in features
        c.login("printer", "legacy printer pw")
        assert c.mail("printer@local.test")[0] == 553  # authenticated, but not granted this sender
    warned = relay.run_cli("check-config")
    assert "auth.require_tls" in warned.stderr


def test_postmaster_without_domain_is_accepted(relay_factory: StartRelay) -> None:
    relay = relay_factory(UNTRUSTED)
    with smtplib.SMTP("127.0.0.1", relay.inbound) as c:
        c.ehlo("client.test")
        c.mail("someone@example.org")
        assert c.rcpt("<Postmaster>")[0] == 250
        assert c.data(b"Subject: to postmaster\r\n\r\nhello\r\n")[0] == 250
    assert wait_for(lambda: len(relay.maildir_messages("postmaster")) == 1)


def test_null_path_is_only_a_sender(relay_factory: StartRelay) -> None:
    relay = relay_factory(UNTRUSTED)
    with smtplib.SMTP("127.0.0.1", relay.inbound) as c:
        c.ehlo("client.test")
        assert c.docmd("MAIL", "FROM:<>")[0] == 250
        assert c.docmd("RCPT", "TO:<>")[0] in (501, 553)
        assert c.docmd("HELP", "MAIL")[0] == 250


def _tls_conversation(port: int, source: str) -> ssl.SSLSocket:
    raw = socket.create_connection(("127.0.0.1", port), timeout=10, source_address=(source, 0))
    tls = client_tls().wrap_socket(raw)
    assert tls.recv(1024).startswith(b"220")
    tls.sendall(b"EHLO client.test\r\n")
    data = b""
    while b"250 " not in data:
        data += tls.recv(4096)
    return tls


def _say(sock: ssl.SSLSocket, line: bytes) -> bytes:
    sock.sendall(line + b"\r\n")
    return sock.recv(1024)


def test_auth_login_mechanism(relay_factory: StartRelay) -> None:
    relay = relay_factory(UNTRUSTED)
    assert relay.run_cli("user", "add", "gina", input_text="gina's password\n").returncode == 0
    s = _tls_conversation(relay.submissions, "127.0.0.1")
    assert _say(s, b"AUTH LOGIN") == b"334 " + base64.b64encode(b"Username:") + b"\r\n"
    assert _say(s, base64.b64encode(b"gina")) == b"334 " + base64.b64encode(b"Password:") + b"\r\n"
    assert _say(s, base64.b64encode(b"gina's password")).startswith(b"235 2.7.0")
    s.close()
    s = _tls_conversation(relay.submissions, "127.0.0.1")
    assert _say(s, b"AUTH LOGIN " + base64.b64encode(b"gina")).startswith(b"334 ")
    assert _say(s, base64.b64encode(b"wrong")).startswith(b"535 5.7.8")
    assert _say(s, b"AUTH LOGIN").startswith(b"334 ")
    assert _say(s, b"*").startswith(b"501")  # the client may cancel (RFC 4954)
    assert _say(s, b"AUTH PLAIN !!notbase64").startswith(b"501")
    s.close()


def test_user_lockout_holds_across_client_addresses(relay_factory: StartRelay) -> None:
    relay = relay_factory({**UNTRUSTED, "auth": {"lockout": {"max_failures": 3, "window_seconds": 60,
                                                              "initial_seconds": 30}}})
    assert relay.run_cli("user", "add", "hank", input_text="hank's password\n").returncode == 0
    bad = b"AUTH PLAIN " + base64.b64encode(b"\x00hank\x00guess")
    # Three guesses from three addresses: no address is locked out, but the user is.
    for source in ("127.0.0.2", "127.0.0.3", "127.0.0.4"):
        s = _tls_conversation(relay.submissions, source)
        assert _say(s, bad).startswith(b"535")
        s.close()
    s = _tls_conversation(relay.submissions, "127.0.0.5")
    good = b"AUTH PLAIN " + base64.b64encode(b"\x00hank\x00hank's password")
    assert _say(s, good).startswith(b"454 4.7.0")
    s.close()
    assert "user locked out" in relay.log_text()
