"""Protocol hardening: SMTP smuggling, STARTTLS injection, DATA interrupted, pipelining."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable, Iterator

import pytest

from tests.support.relay import Relay, client_tls, running_relay, wait_for
from tests.support.smtppeer import SMTPPeer

StartRelay = Callable[..., Relay]

# The seven non-standard end-of-data sequences known to smuggle a second message through
# servers that accept them (SEC Consult, 2023).
VARIANTS = [b"\n.\n", b"\n.\r\n", b"\r.\r", b"\r.\r\n", b"\r\n.\r", b"\r\n.\n", b"\n.\r"]


class Conversation:
    """A raw SMTP client: exactly the bytes we choose, replies read one at a time."""

    def __init__(self, port: int) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.buf = b""
        self.reply()  # greeting

    def reply(self) -> tuple[int, str]:
        lines = []
        while True:
            while b"\r\n" not in self.buf:
                chunk = self.sock.recv(65536)
                if not chunk:
                    raise ConnectionError("closed: " + repr(lines))
                self.buf += chunk
            line, self.buf = self.buf.split(b"\r\n", 1)
            lines.append(line.decode())
            if line[3:4] != b"-":
                return int(line[:3]), "\n".join(lines)

    def send(self, data: bytes) -> None:
        self.sock.sendall(data)

    def cmd(self, line: str) -> tuple[int, str]:
        self.send(line.encode() + b"\r\n")
        return self.reply()

    def pending_replies(self, wait: float = 0.5) -> bytes:
        self.sock.settimeout(wait)
        try:
            while True:
                chunk = self.sock.recv(65536)
                if not chunk:
                    break
                self.buf += chunk
        except TimeoutError:
            pass
        return self.buf

    def close(self) -> None:
        self.sock.close()


@pytest.fixture(scope="module")
def strict_relay(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Relay]:
    with running_relay(tmp_path_factory.mktemp("strict")) as relay:
        yield relay


@pytest.fixture(scope="module")
def module_sink() -> Iterator[SMTPPeer]:
    with SMTPPeer() as peer:
        yield peer


@pytest.fixture(scope="module")
def normalizing_relay(tmp_path_factory: pytest.TempPathFactory, module_sink: SMTPPeer) -> Iterator[Relay]:
    overrides = {"protocol": {"bare_newline": "normalize"}, "relay": {"local_domains": ["other.test"]},
                 "delivery": {"transport": {"local.test": f"smtp:127.0.0.1:{module_sink.port}"}}}
    with running_relay(tmp_path_factory.mktemp("normalize"), overrides) as relay:
        yield relay


def _smuggle(port: int, variant: bytes) -> tuple[int, bytes]:
    c = Conversation(port)
    assert c.cmd("EHLO attacker.test")[0] == 250
    assert c.cmd("MAIL FROM:<a@example.org>")[0] == 250
    assert c.cmd("RCPT TO:<victim@local.test>")[0] == 250
    assert c.cmd("DATA")[0] == 354
    c.send(b"Subject: first\r\n\r\nfirst message" + variant
           + b"MAIL FROM:<ceo@local.test>\r\nRCPT TO:<victim@local.test>\r\nDATA\r\n"
           + b"Subject: smuggled\r\n\r\nsmuggled message\r\n.\r\n")
    code, _ = c.reply()
    c.send(b"QUIT\r\n")
    rest = c.pending_replies()
    c.close()
    return code, rest


@pytest.mark.parametrize("variant", VARIANTS, ids=[v.decode().replace("\r", "CR").replace("\n", "LF")
                                                   for v in VARIANTS])
def test_smuggling_variant_is_refused_as_one_message(strict_relay: Relay, variant: bytes) -> None:
    relay = strict_relay
    code, rest = _smuggle(relay.inbound, variant)
    # One transaction, one answer: the whole thing is refused, nothing after it was a command.
    assert code == 550
    assert rest.startswith(b"221"), rest
    time.sleep(0.3)
    assert relay.maildir_messages("victim") == []
    assert relay.spool_files() == []


@pytest.mark.parametrize("variant", VARIANTS, ids=[v.decode().replace("\r", "CR").replace("\n", "LF")
                                                   for v in VARIANTS])
def test_smuggling_variant_normalised_stays_one_message_downstream(normalizing_relay: Relay,
                                                                    module_sink: SMTPPeer,
                                                                    variant: bytes) -> None:
    relay, sink = normalizing_relay, module_sink
    sink.clear()
    code, rest = _smuggle(relay.inbound, variant)
    assert code == 250
    assert rest.startswith(b"221"), rest
    msgs = sink.wait_for_messages(1)
    time.sleep(0.5)
    msgs = sink.messages
    assert len(msgs) == 1
    assert msgs[0].mail_from == "a@example.org"
    body = msgs[0].data
    assert b"smuggled message" in body  # carried as content of the one message, never as a command
    assert b"\r\n" in body and b"\n" not in body.replace(b"\r\n", b"")
    assert b"\r" not in body.replace(b"\r\n", b"")


def test_starttls_injection_is_discarded(strict_relay: Relay) -> None:
    relay = strict_relay
    c = Conversation(relay.inbound)
    assert c.cmd("EHLO attacker.test")[0] == 250
    # Commands pipelined after STARTTLS in the same packet must not survive the handshake.
    c.send(b"STARTTLS\r\nMAIL FROM:<evil@example.org>\r\nRCPT TO:<victim@local.test>\r\n")
    code, _ = c.reply()
    assert code == 220
    tls = client_tls().wrap_socket(c.sock, server_hostname="relay.test")
    tls.sendall(b"EHLO attacker.test\r\n")
    time.sleep(0.3)
    data = b""
    tls.settimeout(2)
    while not data.endswith(b"250 HELP\r\n"):
        data += tls.recv(65536)
    # Had the injected MAIL/RCPT been processed we would see their replies before EHLO's.
    assert data.startswith(b"250-relay.test"), data
    tls.sendall(b"RCPT TO:<victim@local.test>\r\n")
    reply = tls.recv(1024)
    assert reply.startswith(b"503"), reply  # no MAIL transaction exists
    tls.close()


def test_disconnect_mid_data_leaves_nothing(strict_relay: Relay) -> None:
    relay = strict_relay
    c = Conversation(relay.inbound)
    c.cmd("EHLO client.test")
    c.cmd("MAIL FROM:<a@example.org>")
    c.cmd("RCPT TO:<someone@local.test>")
    assert c.cmd("DATA")[0] == 354
    c.send(b"Subject: cut\r\n\r\n" + b"partial line\r\n" * 100)
    c.close()
    time.sleep(0.5)
    assert relay.spool_files() == []
    assert list((relay.data_dir / "spool").glob("p*/tmp/*")) == []
    assert relay.maildir_messages("someone") == []
    assert "Traceback" not in relay.log_text()
    assert relay.maildir_messages("victim") == []


def test_pipelining_whole_transaction_in_one_packet(relay_factory: StartRelay) -> None:
    relay = relay_factory({"relay": {"trusted_networks": ["192.0.2.0/24"]}})
    c = Conversation(relay.inbound)
    assert "PIPELINING" in c.cmd("EHLO client.test")[1]
    c.send(b"MAIL FROM:<a@example.org>\r\nRCPT TO:<p1@local.test>\r\nRCPT TO:<nobody@remote.test>\r\n"
           b"RCPT TO:<p2@local.test>\r\nDATA\r\nSubject: piped\r\n\r\nbody\r\n.\r\n"
           b"MAIL FROM:<b@example.org>\r\nRCPT TO:<p1@local.test>\r\nDATA\r\nSubject: second\r\n\r\nx\r\n.\r\nQUIT\r\n")
    codes = [c.reply()[0] for _ in range(11)]
    assert codes == [250, 250, 554, 250, 354, 250, 250, 250, 354, 250, 221]
    assert wait_for(lambda: len(relay.maildir_messages("p1")) == 2 and len(relay.maildir_messages("p2")) == 1)
