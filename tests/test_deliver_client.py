"""The outbound SMTP client against real servers on loopback: aiosmtpd peers, Postfix's smtp-sink,
and a few hand-scripted misbehaving servers."""

from __future__ import annotations

import asyncio
import os
import pwd
import shutil
import socket
import ssl
import subprocess
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path

import pytest

from relaywarden.deliver.client import OutboundPool, TLSPolicy
from relaywarden.deliver.results import RecipientResult
from relaywarden.dns import Resolver
from tests.support.dnsserver import DNSServer
from tests.support.smtppeer import SMTPPeer, self_signed_context

MESSAGE = b"From: a@sender.test\r\nTo: b@rcpt.test\r\nSubject: hello\r\n\r\nHello there.\r\n"


def make_pool(**overrides: object) -> OutboundPool:
    args: dict[str, object] = {
        "helo_name": "relay.test",
        "tls": "opportunistic",
        "verify_certificates": False,
        "connect_timeout": 5.0,
        "command_timeout": 5.0,
        "max_messages_per_connection": 100,
        "per_destination": 5,
    }
    args.update(overrides)
    return OutboundPool(**args)  # type: ignore[arg-type]


@pytest.fixture
async def pool() -> AsyncIterator[OutboundPool]:
    p = make_pool()
    yield p
    await p.close()


@pytest.fixture
def peer() -> Iterator[SMTPPeer]:
    with SMTPPeer() as p:
        yield p


@pytest.fixture
def tls_peer() -> Iterator[SMTPPeer]:
    with SMTPPeer(tls_context=self_signed_context()) as p:
        yield p


def free_port() -> int:
    """A port nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def outcomes(results: list[RecipientResult]) -> list[tuple[str, str, str]]:
    return [(r.recipient, r.outcome, r.status) for r in results]


# -- plain delivery --------------------------------------------------------------------------


async def test_delivers_message_and_envelope_intact(pool: OutboundPool, peer: SMTPPeer) -> None:
    results = await pool.send(peer.host, peer.port, "a@sender.test", ["b@rcpt.test", "c@rcpt.test"], MESSAGE)

    assert outcomes(results) == [("b@rcpt.test", "delivered", "2.0.0"), ("c@rcpt.test", "delivered", "2.0.0")]
    assert all(r.code == 250 and r.remote == f"127.0.0.1:{peer.port}" for r in results)
    [got] = peer.messages
    assert (got.mail_from, got.rcpt_tos) == ("a@sender.test", ("b@rcpt.test", "c@rcpt.test"))
    assert got.data == MESSAGE
    assert got.helo == "relay.test"
    assert f"SIZE={len(MESSAGE)}" in got.mail_options


async def test_null_sender(pool: OutboundPool, peer: SMTPPeer) -> None:
    results = await pool.send(peer.host, peer.port, "", ["b@rcpt.test"], MESSAGE)
    assert results[0].outcome == "delivered"
    assert peer.messages[0].mail_from == "<>"


async def test_dot_stuffing_keeps_dot_lines_and_cannot_end_message_early(
    pool: OutboundPool, peer: SMTPPeer
) -> None:
    body = (b"Subject: dots\r\n\r\n"
            b"line one\r\n"
            b".\r\n"
            b"..\r\n"
            b".leading dot\r\n"
            b"...three\r\n"
            b"still the same message\r\n"
            b".")
    data = body + b"\r\n"
    results = await pool.send(peer.host, peer.port, "a@sender.test", ["b@rcpt.test"], data)

    assert results[0].outcome == "delivered"
    assert [m.data for m in peer.messages] == [data]


async def test_eight_bit_body_is_declared(pool: OutboundPool, peer: SMTPPeer) -> None:
    data = "Subject: Grüße\r\n\r\nÄpfel\r\n".encode()
    await pool.send(peer.host, peer.port, "a@sender.test", ["b@rcpt.test"], data)
    [got] = peer.messages
    assert got.data == data
    assert "BODY=8BITMIME" in got.mail_options


async def test_smtputf8_addresses(pool: OutboundPool, peer: SMTPPeer) -> None:
    results = await pool.send(peer.host, peer.port, "jörg@sender.test", ["zoë@rcpt.test"], MESSAGE)
    assert results[0].outcome == "delivered"
    [got] = peer.messages
    assert (got.mail_from, got.rcpt_tos) == ("jörg@sender.test", ("zoë@rcpt.test",))
    assert "SMTPUTF8" in got.mail_options


async def test_non_ascii_address_to_peer_without_smtputf8_fails_5_6_7(pool: OutboundPool) -> None:
    with SMTPPeer(smtputf8=False) as peer:
        results = await pool.send(peer.host, peer.port, "a@sender.test", ["zoë@rcpt.test", "b@rcpt.test"],
                                  MESSAGE)
        assert outcomes(results) == [("zoë@rcpt.test", "failed", "5.6.7"),
                                     ("b@rcpt.test", "delivered", "2.0.0")]
        assert peer.messages[0].rcpt_tos == ("b@rcpt.test",)


async def test_address_that_would_inject_a_command_is_never_sent(pool: OutboundPool, peer: SMTPPeer) -> None:
    evil = "x@rcpt.test>\r\nRCPT TO:<victim@elsewhere.test"
    results = await pool.send(peer.host, peer.port, "a@sender.test", [evil, "b@rcpt.test"], MESSAGE)
    assert outcomes(results) == [(evil, "failed", "5.1.3"), ("b@rcpt.test", "delivered", "2.0.0")]
    assert peer.messages[0].rcpt_tos == ("b@rcpt.test",)


# -- per-recipient results ---------------------------------------------------------------------


async def test_mixed_recipient_results(pool: OutboundPool) -> None:
    rejections = {"nobody@rcpt.test": "550 5.1.1 no such user", "later@rcpt.test": "450 4.2.1 try later"}
    with SMTPPeer(rejections=rejections) as peer:
        rcpts = ["ok1@rcpt.test", "nobody@rcpt.test", "later@rcpt.test", "ok2@rcpt.test"]
        results = await pool.send(peer.host, peer.port, "a@sender.test", rcpts, MESSAGE)

        assert outcomes(results) == [
            ("ok1@rcpt.test", "delivered", "2.0.0"),
            ("nobody@rcpt.test", "failed", "5.1.1"),
            ("later@rcpt.test", "deferred", "4.2.1"),
            ("ok2@rcpt.test", "delivered", "2.0.0"),
        ]
        assert (results[1].code, results[1].text) == (550, "5.1.1 no such user")
        assert peer.messages[0].rcpt_tos == ("ok1@rcpt.test", "ok2@rcpt.test")


@pytest.mark.parametrize(("reply", "outcome", "status"),
                         [("452 4.3.1 out of storage", "deferred", "4.3.1"),
                          ("554 5.6.0 content rejected", "failed", "5.6.0")])
async def test_data_reply_applies_to_every_accepted_recipient(
    pool: OutboundPool, reply: str, outcome: str, status: str
) -> None:
    with SMTPPeer(rejections={"nobody@rcpt.test": "550 5.1.1 no such user"}) as peer:
        peer.fail_temporarily("data", reply)
        results = await pool.send(peer.host, peer.port, "a@sender.test",
                                  ["ok1@rcpt.test", "nobody@rcpt.test", "ok2@rcpt.test"], MESSAGE)
        assert outcomes(results) == [("ok1@rcpt.test", outcome, status),
                                     ("nobody@rcpt.test", "failed", "5.1.1"),
                                     ("ok2@rcpt.test", outcome, status)]
        assert peer.messages == []


async def test_sender_refused_applies_to_all(pool: OutboundPool, peer: SMTPPeer) -> None:
    peer.fail_temporarily("mail", "451 4.7.1 greylisted")
    results = await pool.send(peer.host, peer.port, "a@sender.test", ["b@rcpt.test", "c@rcpt.test"], MESSAGE)
    assert [(r.code, r.status, r.outcome) for r in results] == [(451, "4.7.1", "deferred")] * 2


async def test_message_over_peer_size_limit_fails_without_sending(pool: OutboundPool) -> None:
    with SMTPPeer(data_size_limit=50) as peer:
        results = await pool.send(peer.host, peer.port, "a@sender.test", ["b@rcpt.test"], MESSAGE)
        assert outcomes(results) == [("b@rcpt.test", "failed", "5.3.4")]
        assert "exceeds size limit 50" in results[0].text
        assert peer.messages == []


# -- network trouble never raises ----------------------------------------------------------------


async def test_dead_port_is_a_deferral_not_an_exception(pool: OutboundPool) -> None:
    port = free_port()
    results = await pool.send("127.0.0.1", port, "a@sender.test", ["b@rcpt.test", "c@rcpt.test"], MESSAGE)
    assert outcomes(results) == [("b@rcpt.test", "deferred", "4.4.1"), ("c@rcpt.test", "deferred", "4.4.1")]
    assert results[0].code == 0 and results[0].remote == f"127.0.0.1:{port}"
    assert results[0].text == f"connect to 127.0.0.1:{port}: Connection refused"


async def test_silent_server_times_out_as_deferral() -> None:
    pool = make_pool(connect_timeout=0.3)
    try:
        async with ScriptedServer(greeting=None) as server:
            results = await pool.send("127.0.0.1", server.port, "a@sender.test", ["b@rcpt.test"], MESSAGE)
    finally:
        await pool.close()
    assert outcomes(results) == [("b@rcpt.test", "deferred", "4.4.1")]
    assert "timed out" in results[0].text


async def test_connection_lost_after_data_is_deferred_as_maybe_delivered(pool: OutboundPool) -> None:
    async with ScriptedServer(drop_after_data=True) as server:
        results = await pool.send("127.0.0.1", server.port, "a@sender.test", ["b@rcpt.test"], MESSAGE)
    assert outcomes(results) == [("b@rcpt.test", "deferred", "4.4.2")]
    assert "may have been delivered" in results[0].text
    assert pool.idle_connections == 0


async def test_greeting_refusal_is_a_deferral(pool: OutboundPool, peer: SMTPPeer) -> None:
    peer.fail_temporarily("connect", "421 4.3.2 too busy")
    results = await pool.send(peer.host, peer.port, "a@sender.test", ["b@rcpt.test"], MESSAGE)
    assert outcomes(results) == [("b@rcpt.test", "deferred", "4.3.2")]
    assert "421 4.3.2 too busy" in results[0].text


# -- connection reuse and limits ----------------------------------------------------------------


async def test_connection_is_reused_for_following_messages(pool: OutboundPool, peer: SMTPPeer) -> None:
    for i in range(3):
        results = await pool.send(peer.host, peer.port, "a@sender.test", [f"r{i}@rcpt.test"], MESSAGE)
        assert results[0].outcome == "delivered"
    assert peer.connections == 1
    assert [m.connection for m in peer.messages] == [1, 1, 1]
    assert pool.idle_connections == 1


async def test_reuse_after_all_recipients_refused_uses_rset(pool: OutboundPool) -> None:
    with SMTPPeer(rejections={"nobody@rcpt.test": "550 5.1.1 no such user"}) as peer:
        first = await pool.send(peer.host, peer.port, "a@sender.test", ["nobody@rcpt.test"], MESSAGE)
        second = await pool.send(peer.host, peer.port, "x@sender.test", ["b@rcpt.test"], MESSAGE)
        assert (first[0].outcome, second[0].outcome) == ("failed", "delivered")
        assert peer.connections == 1
        # RSET cleared the first envelope: the second carries only its own sender.
        assert [(m.mail_from, m.rcpt_tos) for m in peer.messages] == [("x@sender.test", ("b@rcpt.test",))]


async def test_connection_retired_after_max_messages(peer: SMTPPeer) -> None:
    pool = make_pool(max_messages_per_connection=2)
    try:
        for i in range(5):
            await pool.send(peer.host, peer.port, "a@sender.test", [f"r{i}@rcpt.test"], MESSAGE)
    finally:
        await pool.close()
    assert [m.connection for m in peer.messages] == [1, 1, 2, 2, 3]


async def test_connection_closed_after_peer_error(pool: OutboundPool, peer: SMTPPeer) -> None:
    peer.fail_temporarily("data", "451 4.3.0 spool trouble")
    await pool.send(peer.host, peer.port, "a@sender.test", ["b@rcpt.test"], MESSAGE)
    peer.fail_temporarily(None)
    results = await pool.send(peer.host, peer.port, "a@sender.test", ["b@rcpt.test"], MESSAGE)
    assert results[0].outcome == "delivered"
    assert peer.connections == 2


async def test_idle_connection_closed_by_peer_is_replaced(pool: OutboundPool) -> None:
    with SMTPPeer(session_timeout=0.5) as peer:
        await pool.send(peer.host, peer.port, "a@sender.test", ["b@rcpt.test"], MESSAGE)
        await wait_until(lambda: pool.idle_connections == 0 or _idle_dead(pool))
        results = await pool.send(peer.host, peer.port, "a@sender.test", ["c@rcpt.test"], MESSAGE)
        assert results[0].outcome == "delivered"
        assert [m.connection for m in peer.messages] == [1, 2]


async def test_peer_hanging_up_between_messages_costs_nothing(pool: OutboundPool) -> None:
    # Whether the client notices the hang-up before reusing the connection or only when
    # MAIL fails on it, the next message must go out on a fresh connection.
    async with ScriptedServer(hang_up_after_reply=True) as server:
        for _ in range(3):
            results = await pool.send("127.0.0.1", server.port, "a@sender.test", ["b@rcpt.test"], MESSAGE)
            assert outcomes(results) == [("b@rcpt.test", "delivered", "2.0.0")]
    assert (server.messages, server.connections) == (3, 3)


async def test_reused_connection_dead_at_mail_is_replaced(pool: OutboundPool) -> None:
    async with ScriptedServer(hang_up_at_second_mail=True) as server:
        for _ in range(3):
            results = await pool.send("127.0.0.1", server.port, "a@sender.test", ["b@rcpt.test"], MESSAGE)
            assert outcomes(results) == [("b@rcpt.test", "delivered", "2.0.0")]
    # Each reuse found the session dead at MAIL; nothing had been accepted, so a fresh
    # connection took the message.
    assert (server.messages, server.connections) == (3, 3)


async def test_expired_idle_connections_are_not_reused(peer: SMTPPeer) -> None:
    pool = make_pool(max_idle_seconds=0)
    try:
        await pool.send(peer.host, peer.port, "a@sender.test", ["b@rcpt.test"], MESSAGE)
        await pool.prune()
        assert pool.idle_connections == 0
        await pool.send(peer.host, peer.port, "a@sender.test", ["b@rcpt.test"], MESSAGE)
    finally:
        await pool.close()
    assert peer.connections == 2


async def test_per_destination_limit_bounds_parallel_connections(peer: SMTPPeer) -> None:
    pool = make_pool(per_destination=2)
    try:
        batches = await asyncio.gather(*(
            pool.send(peer.host, peer.port, "a@sender.test", [f"r{i}@rcpt.test"], MESSAGE) for i in range(8)))
    finally:
        await pool.close()
    assert all(b[0].outcome == "delivered" for b in batches)
    assert len(peer.messages) == 8
    # Without the limit, eight simultaneous sends would have opened eight connections.
    assert peer.connections == 2


async def test_close_quits_idle_connections(peer: SMTPPeer) -> None:
    pool = make_pool()
    await pool.send(peer.host, peer.port, "a@sender.test", ["b@rcpt.test"], MESSAGE)
    assert pool.idle_connections == 1
    await pool.close()
    assert pool.idle_connections == 0
    with pytest.raises(RuntimeError):
        await pool.send(peer.host, peer.port, "a@sender.test", ["b@rcpt.test"], MESSAGE)


# -- TLS --------------------------------------------------------------------------------------


async def test_opportunistic_starttls_is_used_when_offered(pool: OutboundPool, tls_peer: SMTPPeer) -> None:
    results = await pool.send(tls_peer.host, tls_peer.port, "a@sender.test", ["b@rcpt.test"], MESSAGE)
    assert results[0].outcome == "delivered"
    assert tls_peer.messages[0].tls is True


async def test_tls_none_never_uses_starttls(pool: OutboundPool, tls_peer: SMTPPeer) -> None:
    await pool.send(tls_peer.host, tls_peer.port, "a@sender.test", ["b@rcpt.test"], MESSAGE, tls="none")
    assert tls_peer.messages[0].tls is False


async def test_required_tls_without_starttls_defers(pool: OutboundPool, peer: SMTPPeer) -> None:
    results = await pool.send(peer.host, peer.port, "a@sender.test", ["b@rcpt.test"], MESSAGE, tls="required")
    assert outcomes(results) == [("b@rcpt.test", "deferred", "4.7.4")]
    assert peer.messages == []


@pytest.mark.parametrize(("policy", "expected"), [("opportunistic", "delivered"), ("required", "deferred")])
async def test_failed_handshake_falls_back_only_when_opportunistic(policy: TLSPolicy, expected: str) -> None:
    server_ctx = self_signed_context()
    server_ctx.minimum_version = ssl.TLSVersion.TLSv1_3
    client_ctx = ssl.create_default_context()
    client_ctx.check_hostname, client_ctx.verify_mode = False, ssl.CERT_NONE
    client_ctx.maximum_version = ssl.TLSVersion.TLSv1_2  # no common protocol version
    pool = make_pool(tls_context=client_ctx)
    try:
        with SMTPPeer(tls_context=server_ctx) as peer:
            results = await pool.send(peer.host, peer.port, "a@sender.test", ["b@rcpt.test"], MESSAGE,
                                      tls=policy)
            assert results[0].outcome == expected
            if expected == "delivered":
                assert [m.tls for m in peer.messages] == [False]
            else:
                assert results[0].status == "4.7.5" and peer.messages == []
    finally:
        await pool.close()


async def test_unverifiable_certificate_is_never_downgraded(tls_peer: SMTPPeer) -> None:
    pool = make_pool(verify_certificates=True)
    try:
        results = await pool.send(tls_peer.host, tls_peer.port, "a@sender.test", ["b@rcpt.test"], MESSAGE)
    finally:
        await pool.close()
    assert outcomes(results) == [("b@rcpt.test", "deferred", "4.7.5")]
    assert "certificate verification failed" in results[0].text
    assert tls_peer.messages == []


async def test_verified_certificate_from_trusted_ca() -> None:
    server_ctx = self_signed_context("mx.rcpt.test")
    client_ctx = ssl.create_default_context(cadata=server_ctx.certificate_pem)  # type: ignore[attr-defined]
    pool = make_pool(verify_certificates=True, tls_context=client_ctx)
    try:
        with SMTPPeer(tls_context=server_ctx) as peer:
            results = await pool.send(peer.host, peer.port, "a@sender.test", ["b@rcpt.test"], MESSAGE,
                                      tls="required")
            assert results[0].outcome == "delivered"
            assert peer.messages[0].tls is True
    finally:
        await pool.close()


# -- AUTH to a smarthost -------------------------------------------------------------------------


@pytest.mark.parametrize("exclude", [(), ("PLAIN",)], ids=["plain", "login"])
async def test_auth_over_tls(pool: OutboundPool, exclude: tuple[str, ...]) -> None:
    with SMTPPeer(tls_context=self_signed_context(), users={"relay": "s3cret pass"},
                  auth_exclude_mechanism=exclude) as smarthost:
        results = await pool.send(smarthost.host, smarthost.port, "a@sender.test", ["b@rcpt.test"], MESSAGE,
                                  auth=("relay", "s3cret pass"), tls="required")
        assert results[0].outcome == "delivered"
        [got] = smarthost.messages
        assert (got.tls, got.auth_login) == (True, "relay")


async def test_wrong_password_defers_and_sends_nothing(pool: OutboundPool) -> None:
    with SMTPPeer(tls_context=self_signed_context(), users={"relay": "right"}) as smarthost:
        results = await pool.send(smarthost.host, smarthost.port, "a@sender.test", ["b@rcpt.test"], MESSAGE,
                                  auth=("relay", "wrong"))
        assert outcomes(results) == [("b@rcpt.test", "deferred", "4.7.8")]
        assert "535" in results[0].text and "wrong" not in results[0].text
        assert smarthost.messages == []


async def test_credentials_never_sent_without_tls(pool: OutboundPool) -> None:
    with SMTPPeer(users={"relay": "s3cret"}, auth_require_tls=False) as smarthost:
        results = await pool.send(smarthost.host, smarthost.port, "a@sender.test", ["b@rcpt.test"], MESSAGE,
                                  auth=("relay", "s3cret"))
        assert outcomes(results) == [("b@rcpt.test", "deferred", "4.7.4")]
        assert smarthost.messages == []


async def test_authenticated_and_anonymous_connections_are_not_mixed(pool: OutboundPool) -> None:
    with SMTPPeer(tls_context=self_signed_context(), users={"relay": "s3cret"}) as smarthost:
        await pool.send(smarthost.host, smarthost.port, "a@sender.test", ["b@rcpt.test"], MESSAGE,
                        auth=("relay", "s3cret"))
        await pool.send(smarthost.host, smarthost.port, "a@sender.test", ["c@rcpt.test"], MESSAGE)
        assert [(m.connection, m.auth_login) for m in smarthost.messages] == [(1, "relay"), (2, None)]


# -- several hosts ------------------------------------------------------------------------------


async def test_send_to_any_skips_unreachable_and_refusing_hosts(pool: OutboundPool) -> None:
    with SMTPPeer() as busy, SMTPPeer() as good:
        busy.fail_temporarily("connect", "421 4.3.2 too busy")
        hosts = [("127.0.0.1", free_port()), busy.address, good.address]
        results = await pool.send_to_any(hosts, "a@sender.test", ["b@rcpt.test"], MESSAGE)
        assert results[0].outcome == "delivered"
        assert results[0].remote == f"127.0.0.1:{good.port}"
        assert busy.messages == [] and len(good.messages) == 1


async def test_send_to_any_tries_next_host_after_4xx_to_mail(pool: OutboundPool) -> None:
    with SMTPPeer() as greylisting, SMTPPeer() as good:
        greylisting.fail_temporarily("mail", "451 4.7.1 greylisted")
        hosts = [greylisting.address, good.address]
        results = await pool.send_to_any(hosts, "a@sender.test", ["b@rcpt.test"], MESSAGE)
        assert results[0].outcome == "delivered" and len(good.messages) == 1


async def test_send_to_any_stops_at_first_definitive_answer(pool: OutboundPool) -> None:
    with SMTPPeer(rejections={"nobody@rcpt.test": "550 5.1.1 no such user"}) as first, SMTPPeer() as second:
        results = await pool.send_to_any([first.address, second.address], "a@sender.test",
                                          ["nobody@rcpt.test", "b@rcpt.test"], MESSAGE)
        assert outcomes(results) == [("nobody@rcpt.test", "failed", "5.1.1"),
                                     ("b@rcpt.test", "delivered", "2.0.0")]
        assert second.connections == 0


async def test_send_to_any_when_all_hosts_fail_returns_the_last_reason(pool: OutboundPool) -> None:
    dead1, dead2 = free_port(), free_port()
    results = await pool.send_to_any([("127.0.0.1", dead1), ("127.0.0.1", dead2)], "a@sender.test",
                                     ["b@rcpt.test"], MESSAGE)
    assert outcomes(results) == [("b@rcpt.test", "deferred", "4.4.1")]
    assert results[0].remote == f"127.0.0.1:{dead2}"
    assert outcomes(await pool.send_to_any([], "a@sender.test", ["b@rcpt.test"], MESSAGE)) == [
        ("b@rcpt.test", "deferred", "4.4.4")]


async def test_host_names_resolved_with_our_resolver(peer: SMTPPeer) -> None:
    zone: dict[str, dict[str, str | list[str]]] = {"@": {"SOA": "ns hostmaster 1 3600 600 86400 60", "NS": "ns"},
            "ns": {"A": "127.0.0.1"},
            "mx": {"A": ["127.0.0.1"]},
            "nowhere": {"TXT": "no address"}}
    with DNSServer({"mail.test": zone}) as dns_server:
        pool = make_pool(resolver=Resolver([dns_server.nameserver], timeout=2.0))
        try:
            ok = await pool.send("mx.mail.test", peer.port, "a@sender.test", ["b@rcpt.test"], MESSAGE)
            missing = await pool.send("nowhere.mail.test", peer.port, "a@sender.test", ["b@rcpt.test"],
                                      MESSAGE)
        finally:
            await pool.close()
        assert ok[0].outcome == "delivered" and ok[0].remote == f"mx.mail.test:{peer.port}"
        assert outcomes(missing) == [("b@rcpt.test", "deferred", "4.4.4")]
        assert dns_server.count("mx.mail.test", "A") >= 1


# -- a real MTA's sink ---------------------------------------------------------------------------


SMTP_SINK = shutil.which("smtp-sink") or next(
    (p for p in ("/usr/sbin/smtp-sink",) if Path(p).exists()), None)


@pytest.mark.skipif(SMTP_SINK is None,
                    reason="Postfix's smtp-sink is not installed (apt-get install postfix)")
async def test_delivers_to_postfix_smtp_sink(pool: OutboundPool) -> None:
    assert SMTP_SINK is not None
    port = free_port()
    command = [SMTP_SINK, "-c"]
    if os.geteuid() == 0:
        command += ["-u", _unprivileged_user()]
    command += [f"127.0.0.1:{port}", "100"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as sink:
        try:
            await wait_for_port(port, sink)
            batches = [await pool.send("127.0.0.1", port, "a@sender.test", [f"r{i}@rcpt.test", "x@rcpt.test"],
                                       MESSAGE) for i in range(3)]
        finally:
            sink.terminate()
            sink.wait(timeout=10)
    assert [r.outcome for batch in batches for r in batch] == ["delivered"] * 6
    assert all(r.code == 250 for batch in batches for r in batch)


def _unprivileged_user() -> str:
    for name in ("postfix", "nobody"):
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        return name
    pytest.skip("no unprivileged user for smtp-sink to switch to")


async def wait_for_port(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"smtp-sink exited: {process.stderr.read() if process.stderr else b''!r}")
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            await asyncio.sleep(0.05)
            continue
        writer.close()
        await writer.wait_closed()
        return
    raise TimeoutError("smtp-sink did not start listening")


# -- helpers -------------------------------------------------------------------------------------


async def wait_until(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not reached")
        await asyncio.sleep(0.02)


def _idle_dead(pool: OutboundPool) -> bool:
    """True once every pooled idle connection has seen the peer hang up."""
    return all(not c.smtp.is_connected for conns in pool._idle.values() for c in conns)


class ScriptedServer:
    """A minimal SMTP server on loopback that misbehaves on purpose.

    greeting=None: accept the connection and never say a word.
    drop_after_data: take the whole message, then hang up without the final reply.
    hang_up_after_reply: accept the message, then hang up (no 221, no warning).
    hang_up_at_second_mail: on a connection's second MAIL, hang up without a reply (what a
        client sees when the server timed out the idle session just as it was reused).
    """

    def __init__(self, *, greeting: str | None = "220 scripted ESMTP", drop_after_data: bool = False,
                 hang_up_after_reply: bool = False, hang_up_at_second_mail: bool = False) -> None:
        self.greeting = greeting
        self.drop_after_data = drop_after_data
        self.hang_up_after_reply = hang_up_after_reply
        self.hang_up_at_second_mail = hang_up_at_second_mail
        self.port = 0
        self.connections = 0
        self.messages = 0
        self._server: asyncio.Server | None = None
        self._writers: list[asyncio.StreamWriter] = []

    async def __aenter__(self) -> ScriptedServer:
        self._server = await asyncio.start_server(self._session, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.close()
        for writer in self._writers:
            writer.close()
        await self._server.wait_closed()

    async def _session(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._writers.append(writer)
        self.connections += 1
        if self.greeting is None:
            await reader.read()
            return
        reply = _replier(writer)
        await reply(self.greeting)
        mails = 0
        while line := await reader.readline():
            verb = line[:4].upper()
            if verb == b"MAIL":
                mails += 1
                if self.hang_up_at_second_mail and mails == 2:
                    writer.close()
                    return
            if verb == b"EHLO":
                await reply("250-scripted\r\n250 SIZE 1000000")
            elif verb == b"DATA":
                await reply("354 go ahead")
                await reader.readuntil(b"\r\n.\r\n")
                if self.drop_after_data:
                    writer.close()
                    return
                self.messages += 1
                await reply("250 2.0.0 queued")
                if self.hang_up_after_reply:
                    writer.close()
                    return
            elif verb == b"QUIT":
                await reply("221 bye")
                writer.close()
                return
            else:
                await reply("250 OK")


def _replier(writer: asyncio.StreamWriter) -> Callable[[str], Awaitable[None]]:
    async def reply(text: str) -> None:
        writer.write(text.encode() + b"\r\n")
        await writer.drain()
    return reply
