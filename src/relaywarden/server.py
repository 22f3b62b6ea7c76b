"""Running the relay: one asyncio event loop per worker process, workers sharing the ports.

With `server.workers = N > 1` the supervisor forks N workers; each binds every listener with
SO_REUSEPORT (the kernel spreads connections across them), owns spool partition i and
delivers the partitions p with p % N == i, so no message is ever handled by two processes.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import os
import pwd
import signal
import socket
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from relaywarden.config import Config, ListenerConfig

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from relaywarden.authn.gate import AuthGate
    from relaywarden.scan.scanner import Scanner
from relaywarden.deliver.client import OutboundPool
from relaywarden.deliver.scheduler import QueueManager
from relaywarden.dns import Resolver
from relaywarden.smtp.handler import RelayContext, RelayHandler
from relaywarden.smtp.protocol import ConnectionCounter, HardenedSMTP, ProtocolLimits, install_introspection_cache
from relaywarden.spool.queue import Spool, spool_partitions
from relaywarden.store.db import open_database
from relaywarden.store.events import EventLog
from relaywarden.store.quarantine import Quarantine
from relaywarden.tlsutil import server_context

log = logging.getLogger("relaywarden")


def protocol_limits(cfg: Config) -> ProtocolLimits:
    lim = cfg.limits
    return ProtocolLimits(
        data_size_limit=lim.max_message_size,
        max_command_line=lim.max_command_line,
        max_line_length=lim.max_line_length,
        command_timeout=lim.command_timeout,
        data_timeout=lim.data_timeout,
        session_timeout=lim.session_timeout,
        max_errors=lim.max_errors,
        bare_newline=cfg.protocol.bare_newline,
    )


def prepare_data_dir(cfg: Config) -> None:
    """Create the data directory and the certificate before any worker starts; when started
    as root with server.user set, hand the data directory to that user (as Postfix does with
    its queue directory), since the workers will run as it."""
    cfg.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    (cfg.data_dir / "spool").mkdir(exist_ok=True, mode=0o700)
    server_context(cfg)  # a certificate that does not load stops the start here, with its reason
    for key in cfg.dkim.keys:
        if key.active and not os.access(key.key_file, os.R_OK):
            raise ValueError(f"dkim.keys: cannot read the key for {key.domain} selector {key.selector}: "
                             f"{key.key_file}")
    # The schema is created once here, not by each worker (they would race to create it).
    open_database(cfg.database_url).dispose()
    if os.getuid() == 0 and cfg.server.user:
        try:
            pw = pwd.getpwnam(cfg.server.user)
        except KeyError:
            raise ValueError(f"server.user: no such account {cfg.server.user!r}") from None
        _chown_tree(cfg.data_dir, pw.pw_uid, pw.pw_gid)


def _chown_tree(root: object, uid: int, gid: int) -> None:
    for dirpath, _dirnames, filenames in os.walk(str(root)):
        os.chown(dirpath, uid, gid)
        for name in filenames:
            os.chown(os.path.join(dirpath, name), uid, gid, follow_symlinks=False)


def drop_privileges(user: str) -> None:
    """Switch to the unprivileged account once the ports are bound (started as root only)."""
    if os.getuid() != 0:
        return
    if not user:
        log.warning("running as root: set server.user to an unprivileged account")
        return
    pw = pwd.getpwnam(user)
    # Modules imported lazily later must be loaded now: after the switch the interpreter's own
    # library may not be readable (a Python installed under /root, for one).
    for module in _LATE_IMPORTS:
        importlib.import_module(module)
    os.setgroups([])
    os.setgid(pw.pw_gid)
    os.setuid(pw.pw_uid)
    log.info("dropped privileges to %s", user)


def bind_listener(lst: ListenerConfig, *, reuse_port: bool) -> socket.socket:
    family = socket.AF_INET6 if ":" in lst.address else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if reuse_port:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        if family == socket.AF_INET6:
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        sock.bind((lst.address, lst.port))
        sock.listen(1024)
        sock.setblocking(False)
    except OSError as exc:
        sock.close()
        raise OSError(exc.errno, f"listeners.{lst.name}: cannot listen on {lst.address}:{lst.port}: "
                                 f"{exc.strerror}") from None
    return sock


_LATE_IMPORTS = ("sqlite3", "sqlalchemy.dialects.sqlite", "sqlalchemy.dialects.sqlite.pysqlite",
                 "email.mime.multipart", "email.mime.text", "email.policy", "email.generator", "uuid",
                 "concurrent.futures.thread", "email.headerregistry", "email.contentmanager", "quopri",
                 "encodings.idna", "encodings.ascii", "encodings.latin_1", "encodings.punycode")


@dataclass
class Worker:
    cfg: Config
    index: int = 0
    count: int = 1
    servers: list[asyncio.Server] = field(default_factory=list)
    queue: QueueManager | None = None
    events: EventLog | None = None
    pool: OutboundPool | None = None

    async def start(self) -> None:
        cfg = self.cfg
        install_introspection_cache()
        # Bind first, then drop privileges, then touch files: everything the worker creates
        # (spool partitions, database, TLS key reads) happens as the unprivileged user.
        sockets = [bind_listener(lst, reuse_port=self.count > 1) for lst in cfg.listeners]
        tls = server_context(cfg)
        drop_privileges(cfg.server.user)
        engine = open_database(cfg.database_url)
        self.events = EventLog(engine)
        root = cfg.data_dir / "spool"
        spool = Spool(root, self.index)
        owned = sorted({self.index, *(p for p in spool_partitions(root) if p % self.count == self.index)})
        partitions = [spool if p == self.index else Spool(root, p) for p in owned]
        d = cfg.delivery
        resolver = Resolver.from_config(cfg.dns)
        self.pool = OutboundPool(resolver=resolver, helo_name=cfg.server.hostname, tls=d.tls,
                                 verify_certificates=d.verify_certificates,
                                 connect_timeout=d.connect_timeout, command_timeout=d.command_timeout,
                                 max_messages_per_connection=d.connection_reuse,
                                 per_destination=cfg.queue.per_destination_concurrency)
        self.queue = QueueManager(cfg, spool=spool, partitions=partitions, events=self.events,
                                  resolver=resolver, pool=self.pool)
        gate_factory = _gate_factory(cfg, resolver) if cfg.authentication.enabled or cfg.dkim.keys else None
        ctx = RelayContext(cfg=cfg, spool=spool, events=self.events, engine=engine, sink=self.queue,
                           gate_factory=gate_factory,
                           scanner_factory=_scanner_factory(cfg, engine) if cfg.scan.enabled else None,
                           quarantine=Quarantine(engine, cfg.data_dir / "quarantine"))
        counter = ConnectionCounter(cfg.server.max_connections, cfg.limits.max_connections_per_ip)
        limits = protocol_limits(cfg)
        loop = asyncio.get_running_loop()
        for lst, sock in zip(cfg.listeners, sockets, strict=True):
            factory = _factory(RelayHandler(ctx, lst), lst, limits, counter, tls, cfg.server.hostname,
                               cfg.auth.require_tls)
            server = await loop.create_server(factory, sock=sock, ssl=tls if lst.role == "submissions" else None,
                                              backlog=1024)
            self.servers.append(server)
            log.info("worker %d: %s listener on %s:%d", self.index, lst.role, lst.address, lst.port)
        await self.queue.start()

    async def stop(self) -> None:
        for s in self.servers:
            s.close()
        if self.queue is not None:
            await self.queue.stop()
        if self.pool is not None:
            await self.pool.close()
        if self.events is not None:
            self.events.close()


def _gate_factory(cfg: Config, resolver: Resolver) -> Callable[[], AuthGate]:
    def make() -> AuthGate:
        # Imported on first use: SPF/DKIM/ARC/DMARC and the Public Suffix List cost memory that
        # a relay for trusted clients only never needs.
        from relaywarden.authn.dnsview import ResolverDNS
        from relaywarden.authn.gate import AuthGate

        return AuthGate.from_config(cfg, ResolverDNS(resolver))
    return make


def _scanner_factory(cfg: Config, engine: Engine) -> Callable[[], Scanner]:
    def make() -> Scanner:
        from relaywarden.scan.scanner import Scanner

        return Scanner.build(cfg.scan, engine, record_behaviour=True, on_model_error=lambda exc: log.error(
            "cannot load the classifier (%s); scanning without it", exc))
    return make


def _factory(handler: RelayHandler, lst: ListenerConfig, limits: ProtocolLimits, counter: ConnectionCounter,
             tls: object, hostname: str, require_tls: bool) -> Callable[[], HardenedSMTP]:
    implicit = lst.role == "submissions"
    # auth.require_tls = false is flagged by check-config; it lets legacy devices AUTH in clear.
    starttls_first = lst.role == "submission" and require_tls

    def make() -> HardenedSMTP:
        return HardenedSMTP(handler, limits=limits, connections=counter,
                            tls_context=None if implicit else tls,  # type: ignore[arg-type]
                            implicit_tls=implicit, require_starttls=starttls_first,
                            auth_required=lst.role != "inbound", hostname=hostname,
                            auth_require_tls=require_tls)
    return make


async def run_worker(cfg: Config, index: int = 0, count: int = 1) -> None:
    worker = Worker(cfg, index, count)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await worker.start()
    if index == 0:
        print(f"relaywarden: ready ({count} worker(s); data in {cfg.data_dir})", file=sys.stderr, flush=True)
    await stop.wait()
    log.info("worker %d stopping", index)
    await worker.stop()


def serve(cfg: Config, config_path: Path | None, log_level: str) -> None:
    """Prepare the data directory, then become the worker (one) or the supervisor (several).

    exec keeps the process id for service managers and sheds the command line's imports."""
    prepare_data_dir(cfg)
    config = [] if config_path is None else ["--config", str(config_path.resolve())]
    sys.stdout.flush()
    sys.stderr.flush()
    if cfg.server.workers == 1:
        argv = [sys.executable, "-m", "relaywarden.worker", "--log-level", log_level, *config]
    else:
        argv = [sys.executable, "-m", "relaywarden.supervisor", "--workers", str(cfg.server.workers),
                "--log-level", log_level, *config]
    os.execv(sys.executable, argv)  # noqa: S606 - our own interpreter, fixed arguments
