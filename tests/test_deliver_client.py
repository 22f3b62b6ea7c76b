"""The outbound SMTP client against real servers on loopback: aiosmtpd peers, Postfix's smtp-sink,
and a few hand-scripted misbehaving servers.

Most behaviour is checked twice through the `pipelining` fixture: against peers that do not
advertise PIPELINING (one command per round trip, through aiosmtplib) and against peers that
do (RFC 2920: the envelope and DATA in one write, the message in a second)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import pwd
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import IO

import pytest
from aiosmtplib.protocol import PERIOD_REGEX, normalize_message_line_endings
from hypothesis import given
from hypothesis import strategies as st

from relaywarden.deliver.client import OutboundPool, TLSPolicy, _dot_stuffed
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


@pytest.fixture(params=[False, True], ids=["lockstep", "pipelining"])
def pipelining(request: pytest.FixtureRequest) -> bool:
    """Whether the peers of a test advertise PIPELINING."""
    return bool(request.param)


@pytest.fixture
def peer(pipelining: bool) -> Iterator[SMTPPeer]:
    with SMTPPeer(pipelining=pipelining) as p:
        yield p


@pytest.fixture
def tls_peer(pipelining: bool) -> Iterator[SMTPPeer]:
    with SMTPPeer(tls_context=self_signed_context(), pipelining=pipelining) as p:
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


async def test_non_ascii_address_to_peer_without_smtputf8_fails_5_6_7(pool: OutboundPool, pipelining: bool
                                                                      ) -> None:
    with SMTPPeer(smtputf8=False, pipelining=pipelining) as peer:
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


async def test_mixed_recipient_results(pool: OutboundPool, pipelining: bool) -> None:
    rejections = {"nobody@rcpt.test": "550 5.1.1 no such user", "later@rcpt.test": "450 4.2.1 try later"}
    with SMTPPeer(rejections=rejections, pipelining=pipelining) as peer:
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
    pool: OutboundPool, reply: str, outcome: str, status: str, pipelining: bool
) -> None:
    with SMTPPeer(rejections={"nobody@rcpt.test": "550 5.1.1 no such user"}, pipelining=pipelining) as peer:
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


async def test_message_over_peer_size_limit_fails_without_sending(pool: OutboundPool, pipelining: bool) -> None:
    with SMTPPeer(data_size_limit=50, pipelining=pipelining) as peer:
        results = await pool.send(peer.host, peer.port, "a@sender.test", ["b@rcpt.test"], MESSAGE)
        assert outcomes(results) == [("b@rcpt.test", "failed", "5.3.4")]
        assert "exceeds size limit 50" in results[0].text
        assert peer.messages == []


# -- pipelining (RFC 2920) ------------------------------------------------------------------------


def envelope(sender: str, rcpts: list[str], data: bytes) -> bytes:
    """[MAIL, RCPT..., DATA] as one pipelined write to an SMTPPeer (it offers SIZE, ASCII data)."""
    lines = [f"MAIL FROM:<{sender}> SIZE={len(data)}", *(f"RCPT TO:<{r}>" for r in rcpts), "DATA"]
    return "".join(line + "\r\n" for line in lines).encode()


async def test_pipelining_sends_envelope_and_message_in_one_write_each(pool: OutboundPool) -> None:
    dotted = b"Subject: dots\r\n\r\n.\r\n..x\r\nend\r\n"
    with SMTPPeer(pipelining=True) as peer:
        for i, data in enumerate([MESSAGE, dotted, MESSAGE]):
            results = await pool.send(peer.host, peer.port, "a@sender.test", [f"r{i}@rcpt.test", "x@rcpt.test"],
                                      data)
            assert [r.outcome for r in results] == ["delivered", "delivered"]
        # One recv() per write: the peer never had to wait for a command of a group.
        assert peer.reads(1) == [
            b"EHLO relay.test\r\n",
            envelope("a@sender.test", ["r0@rcpt.test", "x@rcpt.test"], MESSAGE), MESSAGE + b".\r\n",
            envelope("a@sender.test", ["r1@rcpt.test", "x@rcpt.test"], dotted),
            b"Subject: dots\r\n\r\n..\r\n...x\r\nend\r\n.\r\n",
            envelope("a@sender.test", ["r2@rcpt.test", "x@rcpt.test"], MESSAGE), MESSAGE + b".\r\n",
        ]
        assert [(m.connection, m.rcpt_tos, m.data) for m in peer.messages] == [
            (1, ("r0@rcpt.test", "x@rcpt.test"), MESSAGE),
            (1, ("r1@rcpt.test", "x@rcpt.test"), dotted),
            (1, ("r2@rcpt.test", "x@rcpt.test"), MESSAGE),
        ]


async def test_without_pipelining_commands_go_one_at_a_time(pool: OutboundPool) -> None:
    with SMTPPeer() as peer:
        await pool.send(peer.host, peer.port, "a@sender.test", ["b@rcpt.test", "c@rcpt.test"], MESSAGE)
        assert peer.reads(1)[1:5] == [f"MAIL FROM:<a@sender.test> SIZE={len(MESSAGE)}\r\n".encode(),
                                      b"RCPT TO:<b@rcpt.test>\r\n", b"RCPT TO:<c@rcpt.test>\r\n", b"DATA\r\n"]


@pytest.mark.parametrize(("reply", "outcome", "status"),
                         [("451 4.7.1 greylisted", "deferred", "4.7.1"),
                          ("550 5.7.1 sender blocked", "failed", "5.7.1")])
async def test_pipelined_mail_refused_reads_every_reply_and_sends_no_message(
    pool: OutboundPool, reply: str, outcome: str, status: str
) -> None:
    with SMTPPeer(pipelining=True) as peer:
        peer.fail_temporarily("mail", reply)
        results = await pool.send(peer.host, peer.port, "a@sender.test", ["b@rcpt.test", "c@rcpt.test"], MESSAGE)
        assert outcomes(results) == [("b@rcpt.test", outcome, status), ("c@rcpt.test", outcome, status)]
        assert results[0].text == reply[4:]
        # The RCPT and DATA replies (503s) were read, so QUIT was taken as a command.
        await wait_until(lambda: peer.reads(1)[-1:] == [b"QUIT\r\n"])
        assert peer.reads(1)[1:] == [envelope("a@sender.test", ["b@rcpt.test", "c@rcpt.test"], MESSAGE),
                                     b"QUIT\r\n"]
        assert peer.messages == []
        peer.fail_temporarily(None)
        again = await pool.send(peer.host, peer.port, "a@sender.test", ["b@rcpt.test"], MESSAGE)
        assert again[0].outcome == "delivered" and peer.messages[0].connection == 2


async def test_pipelined_all_recipients_refused_sends_no_message_and_rset_goes_with_next_mail(
    pool: OutboundPool
) -> None:
    rejections = {"nobody@rcpt.test": "550 5.1.1 no such user", "gone@rcpt.test": "551 5.1.6 moved away"}
    with SMTPPeer(pipelining=True, rejections=rejections) as peer:
        first = await pool.send(peer.host, peer.port, "a@sender.test", ["nobody@rcpt.test", "gone@rcpt.test"],
                                MESSAGE)
        assert outcomes(first) == [("nobody@rcpt.test", "failed", "5.1.1"), ("gone@rcpt.test", "failed", "5.1.6")]
        second = await pool.send(peer.host, peer.port, "x@sender.test", ["b@rcpt.test"], MESSAGE)
        assert outcomes(second) == [("b@rcpt.test", "delivered", "2.0.0")]
        assert peer.reads(1) == [
            b"EHLO relay.test\r\n",
            envelope("a@sender.test", ["nobody@rcpt.test", "gone@rcpt.test"], MESSAGE),
            b"RSET\r\n" + envelope("x@sender.test", ["b@rcpt.test"], MESSAGE),
            MESSAGE + b".\r\n",
        ]
        assert [(m.mail_from, m.rcpt_tos) for m in peer.messages] == [("x@sender.test", ("b@rcpt.test",))]


async def test_pipelined_replies_in_one_segment_are_all_read(pool: OutboundPool) -> None:
    # This server answers a whole group in one write, as Postfix does.
    replies = {"nobody@rcpt.test": "550 5.1.1 no such user", "later@rcpt.test": "450 4.2.1 mailbox busy"}
    async with ScriptedServer(pipelining=True, rcpt_replies=replies) as server:
        rcpts = ["ok1@rcpt.test", "nobody@rcpt.test", "later@rcpt.test", "ok2@rcpt.test"]
        for _ in range(2):
            results = await pool.send("127.0.0.1", server.port, "a@sender.test", rcpts, MESSAGE)
            assert outcomes(results) == [("ok1@rcpt.test", "delivered", "2.0.0"),
                                         ("nobody@rcpt.test", "failed", "5.1.1"),
                                         ("later@rcpt.test", "deferred", "4.2.1"),
                                         ("ok2@rcpt.test", "delivered", "2.0.0")]
            assert results[2].text == "4.2.1 mailbox busy"
        assert (server.connections, server.messages, server.bodies) == (1, 2, [MESSAGE, MESSAGE])


@pytest.mark.parametrize(("reply", "outcome", "status"),
                         [("451 4.3.0 try again", "deferred", "4.3.0"), ("554 5.7.1 not from you", "failed", "5.7.1")])
async def test_pipelined_data_command_refused_sends_no_message(
    pool: OutboundPool, reply: str, outcome: str, status: str
) -> None:
    async with ScriptedServer(pipelining=True, data_reply=reply,
                              rcpt_replies={"nobody@rcpt.test": "550 5.1.1 no such user"}) as server:
        results = await pool.send("127.0.0.1", server.port, "a@sender.test", ["b@rcpt.test", "nobody@rcpt.test"],
                                  MESSAGE)
        assert outcomes(results) == [("b@rcpt.test", outcome, status), ("nobody@rcpt.test", "failed", "5.1.1")]
        assert server.bodies == [] and server.unterminated == 0
        assert pool.idle_connections == 0


async def test_pipelined_354_without_accepted_recipient_gets_a_lone_dot(pool: OutboundPool) -> None:
    # RFC 2920 3.1: a server may accept DATA although it refused every recipient.
    async with ScriptedServer(pipelining=True, data_reply="354 go ahead",
                              rcpt_replies={"nobody@rcpt.test": "550 5.1.1 no such user"}) as server:
        results = await pool.send("127.0.0.1", server.port, "a@sender.test", ["nobody@rcpt.test"], MESSAGE)
        assert outcomes(results) == [("nobody@rcpt.test", "failed", "5.1.1")]
        assert server.bodies == [b""]
        assert server.messages == 0


async def test_pipelined_mail_refused_then_354_gets_a_lone_dot_before_quit(pool: OutboundPool) -> None:
    # Every reply of the group is read even after MAIL failed; had the 354 gone unnoticed,
    # QUIT would have become message text.
    async with ScriptedServer(pipelining=True, mail_reply="451 4.7.1 greylisted", data_reply="354 go ahead",
                              rcpt_replies={"b@rcpt.test": "503 5.5.1 sender first"}) as server:
        results = await pool.send("127.0.0.1", server.port, "a@sender.test", ["b@rcpt.test"], MESSAGE)
        assert outcomes(results) == [("b@rcpt.test", "deferred", "4.7.1")]
        await wait_until(lambda: server.commands[-1:] == [b"QUIT\r\n"])
        assert (server.bodies, server.unterminated, server.messages) == ([b""], 0, 0)


async def test_pipelined_354_after_refused_mail_never_ends_a_message(pool: OutboundPool) -> None:
    # A broken server: refuses the sender, takes the recipient, accepts DATA. A lone dot could
    # deliver an empty message, so the client hangs up mid-DATA instead.
    async with ScriptedServer(pipelining=True, mail_reply="550 5.7.1 sender refused",
                              data_reply="354 go ahead") as server:
        results = await pool.send("127.0.0.1", server.port, "a@sender.test", ["b@rcpt.test"], MESSAGE)
        assert outcomes(results) == [("b@rcpt.test", "failed", "5.7.1")]
        await wait_until(lambda: server.unterminated == 1)
        assert server.bodies == []


async def test_pipelined_refused_rset_gets_a_fresh_connection(pool: OutboundPool) -> None:
    async with ScriptedServer(pipelining=True, rset_reply="502 5.5.1 no RSET here",
                              rcpt_replies={"nobody@rcpt.test": "550 5.1.1 no such user"}) as server:
        first = await pool.send("127.0.0.1", server.port, "a@sender.test", ["nobody@rcpt.test"], MESSAGE)
        second = await pool.send("127.0.0.1", server.port, "a@sender.test", ["b@rcpt.test"], MESSAGE)
        assert outcomes(first + second) == [("nobody@rcpt.test", "failed", "5.1.1"),
                                            ("b@rcpt.test", "delivered", "2.0.0")]
        assert (server.connections, server.messages) == (2, 1)


@pytest.mark.parametrize(("mute_at", "stage"), [("MAIL", "MAIL at"), ("DATA", "DATA with")])
async def test_pipelined_silent_server_is_a_deferral(mute_at: str, stage: str) -> None:
    pool = make_pool(command_timeout=0.3)
    try:
        async with ScriptedServer(pipelining=True, mute_at=mute_at) as server:
            results = await pool.send("127.0.0.1", server.port, "a@sender.test", ["b@rcpt.test"], MESSAGE)
    finally:
        await pool.close()
    assert outcomes(results) == [("b@rcpt.test", "deferred", "4.4.2")]
    assert stage in results[0].text and "Timed out" in results[0].text
    assert server.bodies == []


@given(st.lists(st.sampled_from([b"\r", b"\n", b"\r\n", b".", b"..", b"x", b" "]), max_size=40).map(b"".join))
def test_dot_stuffing_is_aiosmtplibs(data: bytes) -> None:
    # The pipelined path encodes DATA itself; it must be byte for byte what aiosmtplib sends.
    expected = PERIOD_REGEX.sub(b"..", normalize_message_line_endings(data)) + b".\r\n"
    assert _dot_stuffed(data) == expected


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


async def test_connection_lost_after_data_is_deferred_as_maybe_delivered(pool: OutboundPool, pipelining: bool
                                                                          ) -> None:
    async with ScriptedServer(drop_after_data=True, pipelining=pipelining) as server:
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


async def test_reuse_after_all_recipients_refused_uses_rset(pool: OutboundPool, pipelining: bool) -> None:
    with SMTPPeer(rejections={"nobody@rcpt.test": "550 5.1.1 no such user"}, pipelining=pipelining) as peer:
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


async def test_idle_connection_closed_by_peer_is_replaced(pool: OutboundPool, pipelining: bool) -> None:
    with SMTPPeer(session_timeout=0.5, pipelining=pipelining) as peer:
        await pool.send(peer.host, peer.port, "a@sender.test", ["b@rcpt.test"], MESSAGE)
        await wait_until(lambda: pool.idle_connections == 0 or _idle_dead(pool))
        results = await pool.send(peer.host, peer.port, "a@sender.test", ["c@rcpt.test"], MESSAGE)
        assert results[0].outcome == "delivered"
        assert [m.connection for m in peer.messages] == [1, 2]


async def test_peer_hanging_up_between_messages_costs_nothing(pool: OutboundPool, pipelining: bool) -> None:
    # Whether the client notices the hang-up before reusing the connection or only when
    # MAIL fails on it, the next message must go out on a fresh connection.
    async with ScriptedServer(hang_up_after_reply=True, pipelining=pipelining) as server:
        for _ in range(3):
            results = await pool.send("127.0.0.1", server.port, "a@sender.test", ["b@rcpt.test"], MESSAGE)
            assert outcomes(results) == [("b@rcpt.test", "delivered", "2.0.0")]
    assert (server.messages, server.connections) == (3, 3)


async def test_reused_connection_dead_at_mail_is_replaced(pool: OutboundPool, pipelining: bool) -> None:
    async with ScriptedServer(hang_up_at_second_mail=True, pipelining=pipelining) as server:
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
async def test_auth_over_tls(pool: OutboundPool, exclude: tuple[str, ...], pipelining: bool) -> None:
    with SMTPPeer(tls_context=self_signed_context(), users={"relay": "s3cret pass"},
                  auth_exclude_mechanism=exclude, pipelining=pipelining) as smarthost:
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


async def test_send_to_any_tries_next_host_after_4xx_to_mail(pool: OutboundPool, pipelining: bool) -> None:
    with SMTPPeer(pipelining=pipelining) as greylisting, SMTPPeer() as good:
        greylisting.fail_temporarily("mail", "451 4.7.1 greylisted")
        hosts = [greylisting.address, good.address]
        results = await pool.send_to_any(hosts, "a@sender.test", ["b@rcpt.test"], MESSAGE)
        assert results[0].outcome == "delivered" and len(good.messages) == 1


async def test_send_to_any_stops_at_first_definitive_answer(pool: OutboundPool, pipelining: bool) -> None:
    with (SMTPPeer(rejections={"nobody@rcpt.test": "550 5.1.1 no such user"}, pipelining=pipelining) as first,
          SMTPPeer() as second):
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


needs_smtp_sink = pytest.mark.skipif(SMTP_SINK is None,
                                     reason="Postfix's smtp-sink is not installed (apt-get install postfix)")


@contextlib.asynccontextmanager
async def smtp_sink(*options: str, stdout: IO[bytes] | int = subprocess.PIPE) -> AsyncIterator[int]:
    """smtp-sink on a free loopback port; yields the port, stops the process (by pid) after."""
    assert SMTP_SINK is not None
    port = free_port()
    command = [SMTP_SINK, *options]
    if os.geteuid() == 0:
        command += ["-u", _unprivileged_user()]
    command += [f"127.0.0.1:{port}", "100"]
    with subprocess.Popen(command, stdout=stdout, stderr=subprocess.PIPE) as sink:
        try:
            await wait_for_port(port, sink)
            yield port
        finally:
            sink.terminate()
            sink.wait(timeout=10)


@needs_smtp_sink
@pytest.mark.parametrize("options", [["-p"], []], ids=["lockstep", "pipelining"])
async def test_delivers_to_postfix_smtp_sink(pool: OutboundPool, options: list[str]) -> None:
    async with smtp_sink("-c", *options) as port:
        batches = [await pool.send("127.0.0.1", port, "a@sender.test", [f"r{i}@rcpt.test", "x@rcpt.test"],
                                   MESSAGE) for i in range(3)]
    assert [r.outcome for batch in batches for r in batch] == ["delivered"] * 6
    assert all(r.code == 250 for batch in batches for r in batch)


@needs_smtp_sink
async def test_pipelined_session_with_postfix_smtp_sink(pool: OutboundPool) -> None:
    """smtp-sink offers PIPELINING; -d dumps every message as it arrived, -c counts sessions."""
    body = b"Subject: dots\r\n\r\n.\r\n..\r\n.leading dot\r\nlast line\r\n."
    work = Path(tempfile.mkdtemp(prefix="relaywarden-test-sink-"))
    try:
        dumps, counters = work / "dumps", work / "counters"
        dumps.mkdir()
        work.chmod(0o711)  # mkdtemp's 0700 would keep smtp-sink's user out of dumps/
        if os.geteuid() == 0:
            user = pwd.getpwnam(_unprivileged_user())
            os.chown(dumps, user.pw_uid, user.pw_gid)  # smtp-sink writes as that user
        with counters.open("wb") as out:
            async with smtp_sink("-c", "-d", f"{dumps}/%H%M%S.", stdout=out) as port:
                for i in range(3):
                    results = await pool.send("127.0.0.1", port, f"s{i}@sender.test",
                                              [f"r{i}@rcpt.test", "x@rcpt.test"], body)
                    assert [(r.outcome, r.code) for r in results] == [("delivered", 250)] * 2
                [[conn]] = pool._idle.values()
                assert conn.smtp.supports_extension("pipelining")
                await pool.close()
                await wait_until(lambda: b"quit=1" in counters.read_bytes())
        # Two sessions: wait_for_port's probe, then ours, which carried all three messages and
        # ended with our QUIT.
        assert counters.read_bytes().split(b"\r")[-2:] == [b"sess=2 quit=1 mesg=3", b""]
        envelopes = []
        for dump in dumps.iterdir():
            text = dump.read_bytes()
            # The message as the client meant it (smtp-sink writes LF line ends), then an empty line.
            assert text.endswith(b"\n" + body.replace(b"\r\n", b"\n") + b"\n\n")
            args = [line.split(b": ", 1) for line in text.split(b"\n") if line.startswith(b"X-")]
            envelopes.append(([v.split()[0] for k, v in args if k == b"X-Mail-Args"],
                              [v for k, v in args if k == b"X-Rcpt-Args"]))
        assert sorted(envelopes) == [([f"<s{i}@sender.test>".encode()], [f"<r{i}@rcpt.test>".encode(),
                                                                         b"<x@rcpt.test>"]) for i in range(3)]
    finally:
        shutil.rmtree(work)


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
    pipelining: advertise PIPELINING and, like Postfix, hold the replies to RSET, MAIL and
        RCPT back until the next reply that needs a flush (DATA's), so a pipelined group
        gets all its replies in one write.
    mail_reply, rcpt_replies ({address: reply}, others "250 2.1.5 OK"), rset_reply: replies.
    data_reply: the reply to the DATA command; default 354 when a recipient was accepted,
        else 554 no valid recipients. Any 354 is followed by reading the message.
    mute_at: a verb ("DATA", ...) from which on the server sends nothing more.

    Records: commands (every command line, all connections), bodies (each message as sent:
    dot-stuffed, without the terminating ".\r\n"), unterminated (messages cut off by the
    client hanging up before the "."), messages (ended by "." with a recipient accepted).
    """

    def __init__(self, *, greeting: str | None = "220 scripted ESMTP", drop_after_data: bool = False,
                 hang_up_after_reply: bool = False, hang_up_at_second_mail: bool = False,
                 pipelining: bool = False, mail_reply: str = "250 2.1.0 OK",
                 rcpt_replies: dict[str, str] | None = None, rset_reply: str = "250 2.0.0 OK",
                 data_reply: str | None = None, mute_at: str | None = None) -> None:
        self.greeting = greeting
        self.drop_after_data = drop_after_data
        self.hang_up_after_reply = hang_up_after_reply
        self.hang_up_at_second_mail = hang_up_at_second_mail
        self.pipelining = pipelining
        self.mail_reply = mail_reply
        self.rcpt_replies = rcpt_replies or {}
        self.rset_reply = rset_reply
        self.data_reply = data_reply
        self.mute_at = mute_at
        self.port = 0
        self.connections = 0
        self.messages = 0
        self.unterminated = 0
        self.commands: list[bytes] = []
        self.bodies: list[bytes] = []
        self._server: asyncio.Server | None = None
        self._writers: list[asyncio.StreamWriter] = []
        self._sessions: list[asyncio.Task[None]] = []

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
        # Let sessions see the hang-up and end, or the loop's teardown cancels them mid-read.
        if self._sessions:
            await asyncio.wait(self._sessions, timeout=5)

    async def _session(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._writers.append(writer)
        task = asyncio.current_task()
        assert task is not None
        self._sessions.append(task)
        self.connections += 1
        if self.greeting is None:
            await reader.read()
            return
        reply = _Replier(writer, batch=self.pipelining)
        await reply(self.greeting)
        mails = accepted = 0
        while line := await reader.readline():
            self.commands.append(line)
            verb = line[:4].upper().decode("ascii", "replace")
            if verb == self.mute_at:
                await reply.flush()
                await reader.read()
                return
            if verb == "MAIL":
                mails += 1
                accepted = 0
                if self.hang_up_at_second_mail and mails == 2:
                    writer.close()
                    return
                await reply(self.mail_reply, hold=True)
            elif verb == "RCPT":
                address = line.partition(b"<")[2].partition(b">")[0].decode()
                answer = self.rcpt_replies.get(address, "250 2.1.5 OK")
                accepted += answer.startswith("25")
                await reply(answer, hold=True)
            elif verb == "RSET":
                accepted = 0
                await reply(self.rset_reply, hold=True)
            elif verb == "EHLO":
                await reply("250-scripted\r\n" + ("250-PIPELINING\r\n" if self.pipelining else "")
                            + "250 SIZE 1000000")
            elif verb == "DATA":
                answer = self.data_reply or ("354 go ahead" if accepted else "554 5.5.1 no valid recipients")
                await reply(answer)
                if not answer.startswith("354"):
                    continue
                body = await _read_message(reader)
                if body is None:
                    self.unterminated += 1
                    return
                self.bodies.append(body)
                if self.drop_after_data:
                    writer.close()
                    return
                if accepted:
                    self.messages += 1
                await reply("250 2.0.0 queued")
                if self.hang_up_after_reply:
                    writer.close()
                    return
            elif verb == "QUIT":
                await reply("221 bye")
                writer.close()
                return
            else:
                await reply("250 OK")


async def _read_message(reader: asyncio.StreamReader) -> bytes | None:
    """DATA content up to the line ".", as sent; None if the client hung up before it."""
    lines: list[bytes] = []
    while (line := await reader.readline()) != b".\r\n":
        if not line.endswith(b"\n"):
            return None
        lines.append(line)
    return b"".join(lines)


class _Replier:
    """Writes replies; with batch, replies sent with hold=True wait for the next flush."""

    def __init__(self, writer: asyncio.StreamWriter, batch: bool) -> None:
        self._writer = writer
        self._batch = batch
        self._held: list[bytes] = []

    async def __call__(self, text: str, *, hold: bool = False) -> None:
        self._held.append(text.encode() + b"\r\n")
        if not (hold and self._batch):
            await self.flush()

    async def flush(self) -> None:
        if self._held:
            self._writer.write(b"".join(self._held))
            self._held.clear()
            await self._writer.drain()
