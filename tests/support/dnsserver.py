"""A real authoritative DNS server on loopback, for tests that need DNS answers.

It listens on UDP and TCP on the same ephemeral port, in one background thread, and serves
zones given as zone-file text or as a small dict. It answers like an authoritative server:
NXDOMAIN and NOERROR/no data with the SOA in the authority section (so negative caching can
be tested), CNAME chains followed within the served zones, simple wildcards, and UDP answers
larger than the client's buffer (512 bytes without EDNS) truncated with TC, so clients must
retry over TCP. Failure modes are switched per name at any time:

    servfail_names  answer SERVFAIL
    drop_names      never answer (the client times out)
    garbage_names   answer with bytes that do not parse as a DNS message

An entry is a name ("mx.example.test") or a name and type ("mx.example.test/AAAA").

    with DNSServer(zones={"example.test": ZONE_TEXT}) as server:
        resolver = Resolver([server.nameserver], timeout=1.0)
        ...
        assert server.count("example.test", "MX") == 1

For a pytest fixture: `yield from serve({"example.test": ZONE_TEXT})`.

DNSSEC: zones may carry DNSKEY, RRSIG and DS records (signed with dns.dnssec.sign_zone). A
query with the DO bit gets the RRSIGs covering each answer and authority RRset; a DS query
for a zone apex is answered from the parent zone when it is served too (RFC 4035 3.1.4.1).
No NSEC/NSEC3 proofs are added to negative answers.
"""

from __future__ import annotations

import contextlib
import selectors
import socket
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from types import TracebackType

import dns.exception
import dns.flags
import dns.message
import dns.name
import dns.node
import dns.opcode
import dns.rcode
import dns.rdataclass
import dns.rdataset
import dns.rdatatype
import dns.rdtypes.ANY.CNAME
import dns.rrset
import dns.zone
from dns.rdatatype import RdataType

__all__ = ["DNSServer", "ZoneRecords", "ZoneSource", "serve", "zone_text"]

ZoneRecords = Mapping[str, Mapping[str, str | Sequence[str]]]
"""owner ("@", relative, or absolute with a dot) -> record type -> rdata text or list of them.
TXT values may be given unquoted; they are quoted and split into 255-byte strings."""

ZoneSource = str | ZoneRecords

MAX_CHASE = 16
_UDP_DEFAULT_LIMIT = 512
_TCP_LIMIT = 65535
# A response header claiming one question and one answer, followed by a cut-off name.
_GARBAGE_BODY = b"\x81\x80\x00\x01\x00\x01\x00\x00\x00\x00\x07garbage\xc0"


def _norm(name: str) -> str:
    return name.strip().lower().rstrip(".")


def _norm_switch(entry: str) -> str:
    """A failure-switch entry: "name" or "name/TYPE" (the type stays upper-case)."""
    name, sep, rdtype = entry.partition("/")
    return f"{_norm(name)}/{rdtype.strip().upper()}" if sep else _norm(name)


def _quote_txt(value: str) -> str:
    if value.startswith('"'):
        return value
    raw = value.encode()
    chunks = [raw[i : i + 255] for i in range(0, len(raw), 255)] or [b""]
    quoted = []
    for chunk in chunks:
        text = chunk.decode("utf-8", errors="surrogateescape")
        quoted.append('"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"')
    return " ".join(quoted)


def zone_text(records: ZoneRecords) -> str:
    """Render the dict form of a zone as zone-file lines (without $ORIGIN or $TTL)."""
    lines: list[str] = []
    for owner, rdatasets in records.items():
        for rdtype, values in rdatasets.items():
            for value in [values] if isinstance(values, str) else values:
                text = _quote_txt(value) if rdtype.upper() == "TXT" else value
                lines.append(f"{owner} IN {rdtype.upper()} {text}")
    return "\n".join(lines) + "\n"


def _has_soa(zone: dns.zone.Zone) -> bool:
    assert zone.origin is not None
    return zone.get_rdataset(zone.origin, dns.rdatatype.SOA) is not None


def build_zone(
    origin: str, source: ZoneSource, *, default_ttl: int = 300, negative_ttl: int = 300
) -> dns.zone.Zone:
    """Parse a zone; an SOA (minimum = negative_ttl) and NS are added when the source has none."""
    body = source if isinstance(source, str) else zone_text(source)
    apex = dns.name.from_text(origin)
    header = f"$ORIGIN {apex}\n$TTL {default_ttl}\n"
    zone = dns.zone.from_text(header + body, origin=apex, relativize=False, check_origin=False)
    if _has_soa(zone):
        return zone
    defaults = (
        f"@ {negative_ttl} IN SOA ns.{apex} hostmaster.{apex} 1 3600 600 86400 {negative_ttl}\n"
        f"@ IN NS ns.{apex}\n"
    )
    return dns.zone.from_text(header + defaults + body, origin=apex, relativize=False, check_origin=False)


class DNSServer:
    """Authoritative DNS over UDP and TCP on address:port, served from a background thread."""

    def __init__(
        self,
        zones: Mapping[str, ZoneSource] | None = None,
        *,
        servfail_names: Iterable[str] = (),
        drop_names: Iterable[str] = (),
        garbage_names: Iterable[str] = (),
        default_ttl: int = 300,
        negative_ttl: int = 300,
        chase_cnames: bool = True,
        address: str = "127.0.0.1",
    ) -> None:
        self.address = address
        self.port = 0
        self.default_ttl = default_ttl
        self.negative_ttl = negative_ttl
        self.chase_cnames = chase_cnames
        self.servfail_names = {_norm_switch(n) for n in servfail_names}
        self.drop_names = {_norm_switch(n) for n in drop_names}
        self.garbage_names = {_norm_switch(n) for n in garbage_names}
        self.queries: list[tuple[str, str]] = []
        """Every question received, as (name lower-case without dot, type), in order."""
        self.tcp_queries: list[tuple[str, str]] = []
        """The subset of queries that came over TCP."""
        self.errors: list[BaseException] = []
        """Exceptions raised while answering (answered SERVFAIL); a test may assert it is empty."""
        self._zones: dict[dns.name.Name, dns.zone.Zone] = {}
        for origin, source in (zones or {}).items():
            self.set_zone(origin, source)
        self._thread: threading.Thread | None = None
        self._selector: selectors.BaseSelector | None = None
        self._wake_r: socket.socket | None = None
        self._wake_w: socket.socket | None = None
        self._stopping = False

    # -- configuration ------------------------------------------------------------------

    def set_zone(self, origin: str, source: ZoneSource) -> None:
        """Serve (or replace) a zone; safe while running, the next query sees it."""
        zone = build_zone(origin, source, default_ttl=self.default_ttl, negative_ttl=self.negative_ttl)
        assert zone.origin is not None
        zones = dict(self._zones)
        zones[zone.origin] = zone
        self._zones = zones  # replaced whole: the server thread never sees a half-updated dict

    def remove_zone(self, origin: str) -> None:
        zones = dict(self._zones)
        zones.pop(dns.name.from_text(origin), None)
        self._zones = zones

    @property
    def nameserver(self) -> str:
        """The server as Resolver expects it: "127.0.0.1:PORT" or "[::1]:PORT"."""
        host = f"[{self.address}]" if ":" in self.address else self.address
        return f"{host}:{self.port}"

    def count(self, name: str, rdtype: str | None = None) -> int:
        """How many queries for name (and type, if given) arrived, over any transport."""
        wanted = _norm(name)
        return sum(1 for n, t in self.queries if n == wanted and (rdtype is None or t == rdtype.upper()))

    # -- lifecycle ----------------------------------------------------------------------

    def start(self) -> DNSServer:
        udp, tcp = self._bind_pair()
        self.port = udp.getsockname()[1]
        self._wake_r, self._wake_w = socket.socketpair()
        selector = selectors.DefaultSelector()
        selector.register(udp, selectors.EVENT_READ, "udp")
        selector.register(tcp, selectors.EVENT_READ, "listen")
        selector.register(self._wake_r, selectors.EVENT_READ, "wake")
        self._selector = selector
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name=f"dnsserver-{self.port}", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread is None or self._wake_w is None:
            return
        self._stopping = True
        self._wake_w.send(b"x")
        self._thread.join(timeout=10)
        self._thread = None
        self._close_all()

    def __enter__(self) -> DNSServer:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def _bind_pair(self) -> tuple[socket.socket, socket.socket]:
        family = socket.AF_INET6 if ":" in self.address else socket.AF_INET
        for _ in range(100):
            udp = socket.socket(family, socket.SOCK_DGRAM)
            udp.bind((self.address, 0))
            tcp = socket.socket(family, socket.SOCK_STREAM)
            tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                tcp.bind((self.address, udp.getsockname()[1]))
            except OSError:
                # The TCP port of that number is taken; try another UDP port.
                udp.close()
                tcp.close()
                continue
            tcp.listen(64)
            udp.setblocking(False)
            tcp.setblocking(False)
            return udp, tcp
        raise OSError("no port free for both UDP and TCP")

    def _close_all(self) -> None:
        if self._selector is not None:
            for key in list(self._selector.get_map().values()):
                self._selector.unregister(key.fileobj)
                key.fileobj.close()  # type: ignore[union-attr]
            self._selector.close()
            self._selector = None
        if self._wake_w is not None:
            self._wake_w.close()
            self._wake_w = None
        self._wake_r = None

    # -- network loop -------------------------------------------------------------------

    def _run(self) -> None:
        assert self._selector is not None
        buffers: dict[socket.socket, bytearray] = {}
        while not self._stopping:
            for key, _ in self._selector.select():
                sock = key.fileobj
                assert isinstance(sock, socket.socket)
                if key.data == "udp":
                    self._on_udp(sock)
                elif key.data == "listen":
                    self._on_accept(sock, buffers)
                elif key.data == "tcp":
                    self._on_tcp(sock, buffers)

    def _on_udp(self, sock: socket.socket) -> None:
        try:
            wire, peer = sock.recvfrom(65535)
        except OSError:
            return
        reply = self._handle(wire, tcp=False)
        if reply is not None:
            with contextlib.suppress(OSError):
                sock.sendto(reply, peer)

    def _on_accept(self, listener: socket.socket, buffers: dict[socket.socket, bytearray]) -> None:
        assert self._selector is not None
        try:
            conn, _ = listener.accept()
        except OSError:
            return
        conn.setblocking(False)
        buffers[conn] = bytearray()
        self._selector.register(conn, selectors.EVENT_READ, "tcp")

    def _on_tcp(self, conn: socket.socket, buffers: dict[socket.socket, bytearray]) -> None:
        assert self._selector is not None
        try:
            data = conn.recv(65535)
        except OSError:
            data = b""
        if not data:
            self._selector.unregister(conn)
            buffers.pop(conn, None)
            conn.close()
            return
        buf = buffers[conn]
        buf.extend(data)
        # DNS over TCP: each message is preceded by its 2-byte length (RFC 1035 4.2.2).
        while len(buf) >= 2 and len(buf) >= 2 + int.from_bytes(buf[:2], "big"):
            size = int.from_bytes(buf[:2], "big")
            wire = bytes(buf[2 : 2 + size])
            del buf[: 2 + size]
            reply = self._handle(wire, tcp=True)
            if reply is not None:
                self._send_tcp(conn, reply)

    @staticmethod
    def _send_tcp(conn: socket.socket, reply: bytes) -> None:
        conn.settimeout(5)
        with contextlib.suppress(OSError):
            conn.sendall(len(reply).to_bytes(2, "big") + reply)
        conn.setblocking(False)

    # -- answering ----------------------------------------------------------------------

    def _handle(self, wire: bytes, *, tcp: bool) -> bytes | None:
        try:
            query = dns.message.from_wire(wire)
        except dns.exception.DNSException:
            return None  # not DNS: a real server would drop it too
        if query.opcode() != dns.opcode.QUERY or len(query.question) != 1:
            response = dns.message.make_response(query)
            response.set_rcode(dns.rcode.NOTIMP if query.opcode() != dns.opcode.QUERY else dns.rcode.FORMERR)
            return response.to_wire()
        question = query.question[0]
        name = _norm(question.name.to_text())
        rdtype = dns.rdatatype.to_text(question.rdtype)
        self.queries.append((name, rdtype))
        if tcp:
            self.tcp_queries.append((name, rdtype))
        return self._reply(query, name, rdtype, tcp=tcp)

    def _switched(self, names: set[str], name: str, rdtype: str) -> bool:
        return name in names or f"{name}/{rdtype}" in names

    def _reply(self, query: dns.message.Message, name: str, rdtype: str, *, tcp: bool) -> bytes | None:
        if self._switched(self.drop_names, name, rdtype):
            return None
        if self._switched(self.garbage_names, name, rdtype):
            return _wire_id(query) + _GARBAGE_BODY
        response = dns.message.make_response(query)
        if self._switched(self.servfail_names, name, rdtype):
            response.set_rcode(dns.rcode.SERVFAIL)
            return response.to_wire()
        try:
            self._answer(response, query.question[0].name, query.question[0].rdtype)
            if query.ednsflags & dns.flags.DO:
                self._add_signatures(response)
        except Exception as exc:  # a bug here must show in the test, not kill the thread
            self.errors.append(exc)
            response = dns.message.make_response(query)
            response.set_rcode(dns.rcode.SERVFAIL)
            return response.to_wire()
        limit = _TCP_LIMIT if tcp else _udp_limit(query)
        return response.to_wire(max_size=limit, prefer_truncation=True)

    def _add_signatures(self, response: dns.message.Message) -> None:
        """DO bit: the RRSIGs covering each RRset of the answer and authority sections."""
        response.ednsflags |= dns.flags.DO
        for section in (response.answer, response.authority):
            for rrset in list(section):
                zone = self._zone_for(rrset.name, ds=rrset.rdtype == dns.rdatatype.DS)
                node = zone.get_node(rrset.name) if zone is not None else None
                sigs = node.get_rdataset(dns.rdataclass.IN, dns.rdatatype.RRSIG, rrset.rdtype) if node else None
                if sigs is not None:
                    section.append(dns.rrset.from_rdata_list(rrset.name, sigs.ttl, list(sigs)))

    def _answer(self, response: dns.message.Message, qname: dns.name.Name, qtype: RdataType) -> None:
        response.flags |= dns.flags.AA
        current = qname
        for _ in range(MAX_CHASE):
            zone = self._zone_for(current, ds=qtype == dns.rdatatype.DS)
            if zone is None:
                if current == qname:
                    response.flags &= ~dns.flags.AA
                    response.set_rcode(dns.rcode.REFUSED)
                return
            target = self._answer_in_zone(response, zone, current, qtype)
            if target is None or not self.chase_cnames:
                return
            current = target

    def _answer_in_zone(
        self, response: dns.message.Message, zone: dns.zone.Zone, name: dns.name.Name, qtype: RdataType
    ) -> dns.name.Name | None:
        """Add what the zone holds for name to response; return a CNAME target to follow."""
        node = zone.get_node(name)
        if node is None and not _has_descendants(zone, name):
            node = _wildcard_node(zone, name)
            if node is None:
                response.set_rcode(dns.rcode.NXDOMAIN)
                _add_soa(response, zone)
                return None
        if node is None:  # an empty non-terminal: the name exists, with no data
            _add_soa(response, zone)
            return None
        if qtype == dns.rdatatype.ANY:
            for rdataset in node.rdatasets:
                response.answer.append(_rrset(name, rdataset))
            return None
        rdataset = node.get_rdataset(dns.rdataclass.IN, qtype)
        if rdataset is not None:
            response.answer.append(_rrset(name, rdataset))
            return None
        cname = node.get_rdataset(dns.rdataclass.IN, dns.rdatatype.CNAME)
        if cname is not None and qtype != dns.rdatatype.CNAME:
            response.answer.append(_rrset(name, cname))
            first = next(iter(cname))
            assert isinstance(first, dns.rdtypes.ANY.CNAME.CNAME)
            return first.target
        _add_soa(response, zone)
        return None

    def _zone_for(self, name: dns.name.Name, *, ds: bool = False) -> dns.zone.Zone | None:
        # The DS of a zone apex belongs to the parent zone; without a served parent, to the apex.
        best: dns.zone.Zone | None = None
        for origin, zone in self._zones.items():
            if ds and origin == name and name != dns.name.root:
                continue
            if name.is_subdomain(origin) and (best is None or len(origin) > len(best.origin or ())):
                best = zone
        if ds and best is None and name in self._zones:
            return self._zones[name]
        return best


def _wire_id(query: dns.message.Message) -> bytes:
    return query.id.to_bytes(2, "big")


def _udp_limit(query: dns.message.Message) -> int:
    # Without EDNS a UDP answer may not exceed 512 bytes (RFC 1035); with it, the client's size.
    if query.edns < 0:
        return _UDP_DEFAULT_LIMIT
    return max(_UDP_DEFAULT_LIMIT, query.payload)


def _rrset(name: dns.name.Name, rdataset: dns.rdataset.Rdataset) -> dns.rrset.RRset:
    return dns.rrset.from_rdata_list(name, rdataset.ttl, list(rdataset))


def _add_soa(response: dns.message.Message, zone: dns.zone.Zone) -> None:
    assert zone.origin is not None
    soa = zone.get_rdataset(zone.origin, dns.rdatatype.SOA)
    if soa is not None:
        response.authority.append(_rrset(zone.origin, soa))


def _has_descendants(zone: dns.zone.Zone, name: dns.name.Name) -> bool:
    return any(owner != name and owner.is_subdomain(name) for owner in zone.nodes)


def _exists(zone: dns.zone.Zone, name: dns.name.Name) -> bool:
    return zone.get_node(name) is not None or _has_descendants(zone, name)


def _wildcard_node(zone: dns.zone.Zone, name: dns.name.Name) -> dns.node.Node | None:
    """RFC 4592: the "*" child of the closest existing ancestor, if there is one."""
    assert zone.origin is not None
    encloser = name.parent()
    while encloser != zone.origin and not _exists(zone, encloser):
        encloser = encloser.parent()
    return zone.get_node(dns.name.Name((b"*", *encloser.labels)))


def serve(
    zones: Mapping[str, ZoneSource] | None = None,
    *,
    servfail_names: Iterable[str] = (),
    drop_names: Iterable[str] = (),
    garbage_names: Iterable[str] = (),
    default_ttl: int = 300,
    negative_ttl: int = 300,
    chase_cnames: bool = True,
    address: str = "127.0.0.1",
) -> Iterator[DNSServer]:
    """For fixtures: `yield from serve(zones, drop_names=[...])`; stopped when the test ends."""
    server = DNSServer(
        zones,
        servfail_names=servfail_names,
        drop_names=drop_names,
        garbage_names=garbage_names,
        default_ttl=default_ttl,
        negative_ttl=negative_ttl,
        chase_cnames=chase_cnames,
        address=address,
    )
    with server:
        yield server
