"""A real SMTP server for tests: records what it receives, fails when told to.

Built on aiosmtpd's threaded Controller, so it runs its own event loop in a thread and
works from synchronous and asynchronous tests alike. It listens on 127.0.0.1 on a port
the kernel picks (no race with other tests).

    with SMTPPeer(rejections={"nobody@example.com": "550 5.1.1 no such user"}) as peer:
        ...send to ("127.0.0.1", peer.port)...
        assert peer.messages[0].rcpt_tos == ("alice@example.com",)

Options:
  tls_context        server SSLContext: STARTTLS is offered (see self_signed_context()).
  require_starttls   refuse everything but EHLO/STARTTLS/QUIT before TLS.
  users              {"login": "password"}: AUTH PLAIN/LOGIN offered, checked against these.
  auth_require_tls   offer AUTH only after STARTTLS (default True, as any sane server).
  rejections         {"recipient": "550 5.1.1 no such user"}: per-recipient RCPT replies
                     (keys compared lower-cased); reject()/accept() change it at runtime.
  data_size_limit    advertised SIZE and enforced limit (default 32 MiB; 0: SIZE not offered).
  smtputf8           offer SMTPUTF8 (default True).
  auth_exclude_mechanism   e.g. ["PLAIN"] to leave only LOGIN.
  session_timeout    seconds of client silence before the peer closes the session.
  pipelining         advertise PIPELINING (RFC 2920; aiosmtpd reads pipelined commands
                     either way, it only does not say so).

Runtime failure mode: fail_temporarily(stage, reply) makes every new connection
("connect": the greeting), MAIL, RCPT or DATA ("data": end of data) get `reply` until
fail_temporarily(None). Counters: `connections` counts accepted TCP connections (the
controller's own start-up probe is not counted); every message records the serial
number of the connection it came on, so reuse is visible. reads(connection) returns the
chunks the peer read from that connection, in order: one chunk is what one recv()
returned, so commands a client sent in one write arrive as one chunk.

Thread safety: handlers run on the peer's thread; all shared state sits behind one lock,
and the accessors return copies.
"""

from __future__ import annotations

import asyncio
import ssl
import tempfile
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

from relaywarden.tlsutil import self_signed_pem

Stage = Literal["connect", "mail", "rcpt", "data"]


@dataclass(frozen=True)
class ReceivedMessage:
    mail_from: str
    rcpt_tos: tuple[str, ...]
    data: bytes
    """The message as the client meant it: CRLF line endings, dot-stuffing removed."""
    connection: int
    """Serial number (1, 2, ...) of the connection it arrived on."""
    tls: bool
    auth_login: str | None
    mail_options: tuple[str, ...]
    helo: str | None


class SMTPPeer:
    host = "127.0.0.1"

    def __init__(
        self,
        *,
        hostname: str = "peer.test",
        tls_context: ssl.SSLContext | None = None,
        require_starttls: bool = False,
        users: Mapping[str, str] | None = None,
        auth_require_tls: bool = True,
        rejections: Mapping[str, str] | None = None,
        data_size_limit: int = 32 * 1024 * 1024,
        smtputf8: bool = True,
        auth_exclude_mechanism: Iterable[str] = (),
        session_timeout: float = 300.0,
        pipelining: bool = False,
    ) -> None:
        self._lock = threading.Condition()
        self._messages: list[ReceivedMessage] = []
        self._reads: dict[int, list[bytes]] = {}
        self._connections = 0
        self._rejections = {k.lower(): v for k, v in (rejections or {}).items()}
        self._failure: tuple[Stage, str] | None = None
        self._users = dict(users or {})
        self._sessions: set[_PeerSMTP] = set()  # touched on the server thread only
        # Only this peer gets an EHLO hook: with one, aiosmtpd builds the EHLO reply differently.
        handler = _PipeliningHandler(self) if pipelining else _Handler(self)
        kwargs: dict[str, Any] = {
            "server_hostname": hostname,
            "data_size_limit": data_size_limit,
            "tls_context": tls_context,
            "require_starttls": require_starttls,
            "auth_require_tls": auth_require_tls,
            "enable_SMTPUTF8": smtputf8,
            "auth_exclude_mechanism": list(auth_exclude_mechanism),
            "timeout": session_timeout,
        }
        if users is not None:
            kwargs["authenticator"] = self._authenticate
        self._controller = _PeerController(self, handler, hostname=self.host, port=0, **kwargs)
        self.port = 0

    # -- life cycle --------------------------------------------------------------------

    def start(self) -> SMTPPeer:
        self._controller.start()
        self.port = self._controller.port
        with self._lock:
            # The controller's start-up probe opened one connection; it is not a client's.
            self._connections = 0
            self._reads.clear()
        return self

    def stop(self) -> None:
        # Hang up on clients still connected (a pool's idle connections) and wait for it,
        # or their sockets outlive the peer's event loop.
        self._controller.loop.call_soon_threadsafe(self._hang_up)
        deadline = time.monotonic() + 5.0
        while self._sessions and time.monotonic() < deadline:
            time.sleep(0.005)
        self._controller.stop()

    def _hang_up(self) -> None:
        # abort(), not close(): a TLS close waits for the client's close_notify.
        for session in list(self._sessions):
            for transport in (session.transport, session._original_transport):
                if isinstance(transport, asyncio.WriteTransport):
                    transport.abort()

    def __enter__(self) -> SMTPPeer:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    @property
    def address(self) -> tuple[str, int]:
        return (self.host, self.port)

    # -- what was received -------------------------------------------------------------

    @property
    def messages(self) -> list[ReceivedMessage]:
        with self._lock:
            return list(self._messages)

    @property
    def connections(self) -> int:
        with self._lock:
            return self._connections

    def wait_for_messages(self, count: int, timeout: float = 10.0) -> list[ReceivedMessage]:
        """Block until at least count messages arrived; raise TimeoutError otherwise."""
        with self._lock:
            if not self._lock.wait_for(lambda: len(self._messages) >= count, timeout):
                raise TimeoutError(f"{len(self._messages)} of {count} messages arrived in {timeout}s")
            return list(self._messages)

    def reads(self, connection: int) -> list[bytes]:
        with self._lock:
            return list(self._reads.get(connection, []))

    def clear(self) -> None:
        with self._lock:
            self._messages.clear()
            self._reads.clear()
            self._connections = 0

    # -- behaviour at runtime ----------------------------------------------------------

    def reject(self, recipient: str, reply: str) -> None:
        with self._lock:
            self._rejections[recipient.lower()] = reply

    def accept(self, recipient: str) -> None:
        with self._lock:
            self._rejections.pop(recipient.lower(), None)

    def fail_temporarily(self, stage: Stage | None, reply: str = "451 4.3.0 try again later") -> None:
        with self._lock:
            self._failure = None if stage is None else (stage, reply)

    # -- used by the server thread -----------------------------------------------------

    def _next_connection(self) -> int:
        with self._lock:
            self._connections += 1
            return self._connections

    def _failure_at(self, stage: Stage) -> str | None:
        with self._lock:
            if self._failure is not None and self._failure[0] == stage:
                return self._failure[1]
            return None

    def _rejection(self, recipient: str) -> str | None:
        with self._lock:
            return self._rejections.get(recipient.lower())

    def _record_read(self, connection: int, data: bytes) -> None:
        with self._lock:
            self._reads.setdefault(connection, []).append(data)

    def _record(self, message: ReceivedMessage) -> None:
        with self._lock:
            self._messages.append(message)
            self._lock.notify_all()

    def _authenticate(
        self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, auth_data: Any
    ) -> AuthResult:
        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        login = auth_data.login.decode("utf-8", "replace")
        password = auth_data.password.decode("utf-8", "replace")
        ok = login in self._users and self._users[login] == password
        return AuthResult(success=ok, handled=False, auth_data=login if ok else None)


class _PeerSMTP(SMTP):
    """One connection: numbered, and able to refuse at the greeting."""

    def __init__(self, peer: SMTPPeer, handler: Any, **kwargs: Any) -> None:
        super().__init__(handler, **kwargs)
        self.peer = peer
        self.serial = peer._next_connection()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)
        self.peer._sessions.add(self)

    def connection_lost(self, exc: Exception | None) -> None:
        self.peer._sessions.discard(self)
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        # Plain text also after STARTTLS: aiosmtpd's TLS layer hands decrypted data here.
        self.peer._record_read(self.serial, data)
        super().data_received(data)

    async def _handle_client(self) -> None:
        reply = self.peer._failure_at("connect")
        if reply is None:
            await super()._handle_client()
            return
        await self.push(reply)
        if self.transport is not None:
            self.transport.close()


class _PeerController(Controller):
    def __init__(self, peer: SMTPPeer, handler: Any, **kwargs: Any) -> None:
        super().__init__(handler, **kwargs)
        self.peer = peer

    def factory(self) -> _PeerSMTP:
        return _PeerSMTP(self.peer, self.handler, **self.SMTP_kwargs)

    def _trigger_server(self) -> None:
        # Bound to port 0: learn the real port before the controller probes it.
        assert isinstance(self.server, asyncio.Server)
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()  # type: ignore[no-untyped-call]


class _Handler:
    def __init__(self, peer: SMTPPeer) -> None:
        self.peer = peer

    async def handle_MAIL(
        self, server: _PeerSMTP, session: Session, envelope: Envelope, address: str, mail_options: list[str]
    ) -> str:
        failure = self.peer._failure_at("mail")
        if failure is not None:
            return failure
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 2.1.0 OK"

    async def handle_RCPT(
        self, server: _PeerSMTP, session: Session, envelope: Envelope, address: str, rcpt_options: list[str]
    ) -> str:
        reply = self.peer._rejection(address) or self.peer._failure_at("rcpt")
        if reply is not None:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server: _PeerSMTP, session: Session, envelope: Envelope) -> str:
        failure = self.peer._failure_at("data")
        if failure is not None:
            return failure
        message = ReceivedMessage(
            mail_from=envelope.mail_from or "",
            rcpt_tos=tuple(envelope.rcpt_tos),
            data=envelope.original_content or b"",
            connection=server.serial,
            tls=session.ssl is not None,
            auth_login=session.auth_data if session.authenticated else None,
            mail_options=tuple(envelope.mail_options),
            helo=session.host_name,
        )
        self.peer._record(message)
        return f"250 2.0.0 OK queued as {server.serial}.{len(self.peer.messages)}"


class _PipeliningHandler(_Handler):
    async def handle_EHLO(
        self, server: _PeerSMTP, session: Session, envelope: Envelope, hostname: str, responses: list[str]
    ) -> list[str]:
        session.host_name = hostname  # aiosmtpd leaves this to the hook once there is one
        return [*responses[:-1], "250-PIPELINING", responses[-1]]


def self_signed_context(hostname: str = "localhost") -> ssl.SSLContext:
    """A server SSLContext with a throwaway P-256 certificate for hostname and 127.0.0.1.

    Valid one day; the files live in a temporary directory only while the context loads
    them. The certificate's PEM is kept on the context as `.certificate_pem` (str) so a
    client test can trust it with cadata=.
    """
    cert_pem, key_pem = self_signed_pem(hostname, days=1, ca=True)
    ctx = _PeerSSLContext(ssl.PROTOCOL_TLS_SERVER)
    with tempfile.TemporaryDirectory() as tmp:
        cert_file, key_file = Path(tmp) / "cert.pem", Path(tmp) / "key.pem"
        cert_file.write_bytes(cert_pem)
        key_file.write_bytes(key_pem)
        ctx.load_cert_chain(cert_file, key_file)
    ctx.certificate_pem = cert_pem.decode("ascii")
    return ctx


class _PeerSSLContext(ssl.SSLContext):
    certificate_pem: str = ""
