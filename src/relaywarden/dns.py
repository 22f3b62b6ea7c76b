"""The one asynchronous, caching DNS resolver: every lookup the relay makes goes through here.

Built on dnspython's asyncio resolver, so no lookup ever blocks the event loop; truncated UDP
answers are retried over TCP by dnspython. On top of that this module adds what a mail gateway
needs: a bounded, TTL-aware cache with RFC 2308 negative caching, one shared lookup for
concurrent identical queries (a burst of messages from one domain costs one query), a strict
split between "does not exist" (DNSNotFound, a permanent answer) and "could not find out"
(DNSTempError, retry later), and the mail-specific lookups (MX with null MX and implicit MX).

Names come from the network (HELO, MAIL FROM, headers) and are hostile: a malformed name is
reported as DNSNotFound before any packet is sent.
"""

from __future__ import annotations

import asyncio
import ipaddress
import random
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar, cast

import dns.asyncresolver
import dns.exception
import dns.message
import dns.name
import dns.nameserver
import dns.rdata
import dns.rdatatype
import dns.rdtypes.ANY.MX
import dns.rdtypes.ANY.PTR
import dns.rdtypes.ANY.SOA
import dns.rdtypes.txtbase
import dns.resolver
import dns.reversename

if TYPE_CHECKING:
    from relaywarden.config import DNSConfig

__all__ = ["DNSError", "DNSNotFound", "DNSTempError", "NullMX", "Resolver"]

MAX_CNAME_HOPS = 8
"""CNAMEs this resolver follows itself when a server returns a chain that ends in another zone."""

DEFAULT_MAX_TTL = 86_400.0
DEFAULT_MAX_NEGATIVE_TTL = 900.0
"""RFC 2308 allows hours; 15 minutes lets a newly published record take effect the same day."""

EDNS_PAYLOAD = 1232
"""The DNS Flag Day 2020 size: large enough for DKIM keys, small enough to avoid fragmentation."""

_PER_TRY_TIMEOUT = 2.0
_T = TypeVar("_T")
_DEFAULT_PORT = 53


class DNSError(Exception):
    """A lookup that produced no usable answer. `name` and `rdtype` say which one."""

    def __init__(self, message: str, *, name: str = "", rdtype: str = "") -> None:
        super().__init__(message)
        self.name = name
        self.rdtype = rdtype


class DNSTempError(DNSError):
    """The answer could not be obtained (timeout, SERVFAIL, network, garbage): try again later."""


class DNSNotFound(DNSError):
    """The DNS answered authoritatively that there is nothing.

    nxdomain is True when the name does not exist at all (or is malformed), False when it exists
    but has no records of the asked type (NOERROR, no data).
    """

    def __init__(self, message: str, *, name: str = "", rdtype: str = "", nxdomain: bool) -> None:
        super().__init__(message, name=name, rdtype=rdtype)
        self.nxdomain = nxdomain


class NullMX(DNSNotFound):
    """The domain publishes a null MX (RFC 7505): it accepts no mail at all."""

    def __init__(self, domain: str) -> None:
        super().__init__(
            f"{domain}: publishes a null MX (RFC 7505), it accepts no mail",
            name=domain,
            rdtype="MX",
            nxdomain=False,
        )


@dataclass(frozen=True, slots=True)
class _Entry:
    """A cached result: records, or a negative answer when records is None."""

    expires: float
    records: tuple[dns.rdata.Rdata, ...] | None
    nxdomain: bool = False


# The rdtype slot of a cache key: None stands for "every type" (a name-wide NXDOMAIN).
_Key = tuple[str, int | None]


class _Cache:
    """A bounded LRU map of lookups to results, each valid until its own expiry time."""

    def __init__(self, size: int, clock: Callable[[], float]) -> None:
        self._size = size
        self._clock = clock
        self._entries: OrderedDict[_Key, _Entry] = OrderedDict()

    def get(self, key: _Key) -> _Entry | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        if entry.expires <= self._clock():
            del self._entries[key]
            return None
        self._entries.move_to_end(key)
        return entry

    def put(self, key: _Key, ttl: float, records: tuple[dns.rdata.Rdata, ...] | None, nxdomain: bool) -> None:
        if self._size <= 0 or ttl <= 0:
            return
        self._entries[key] = _Entry(self._clock() + ttl, records, nxdomain)
        self._entries.move_to_end(key)
        while len(self._entries) > self._size:
            self._entries.popitem(last=False)

    def clear(self) -> None:
        self._entries.clear()


def parse_nameserver(text: str) -> dns.nameserver.Do53Nameserver:
    """Turn "IP", "IP:PORT", "IPv6" or "[IPv6]:PORT" into a nameserver; ValueError if malformed."""
    spec = text.strip()
    if spec.startswith("["):
        host, sep, rest = spec[1:].partition("]")
        if not sep or (rest and not rest.startswith(":")):
            raise ValueError(f"nameserver {text!r}: expected [IPv6]:PORT")
        port_text = rest[1:] if rest else str(_DEFAULT_PORT)
    elif spec.count(":") == 1:
        host, _, port_text = spec.partition(":")
    else:
        host, port_text = spec, str(_DEFAULT_PORT)
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        raise ValueError(f"nameserver {text!r}: {host!r} is not an IP address") from None
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise ValueError(f"nameserver {text!r}: {port_text!r} is not a port number")
    return dns.nameserver.Do53Nameserver(str(address), int(port_text))


def _parse_name(name: str, rdtype: str) -> dns.name.Name:
    """Validate a name from the network; malformed names simply do not exist."""
    stripped = name.strip()
    if stripped in ("", ".") or any(c.isspace() or c == "\\" or ord(c) < 32 for c in name):
        raise DNSNotFound(f"{name!r}: not a valid domain name", name=name, rdtype=rdtype, nxdomain=True)
    try:
        return dns.name.from_text(stripped)
    except (dns.exception.DNSException, UnicodeError) as exc:
        raise DNSNotFound(
            f"{name!r}: not a valid domain name ({exc})", name=name, rdtype=rdtype, nxdomain=True
        ) from None


def _parse_rdtype(rdtype: str) -> dns.rdatatype.RdataType:
    try:
        return dns.rdatatype.RdataType.make(rdtype.upper())
    except (dns.exception.DNSException, ValueError):
        raise ValueError(f"{rdtype!r} is not a DNS record type") from None


def _host_text(name: dns.name.Name) -> str:
    """A host name as mail code compares it: lower-case, no trailing dot; the root is "."."""
    if name == dns.name.root:
        return "."
    return name.to_text(omit_final_dot=True).lower()


def _rdata_text(rd: dns.rdata.Rdata) -> str:
    # SPF and DKIM records are split into 255-byte strings that must be rejoined without spaces.
    if isinstance(rd, dns.rdtypes.txtbase.TXTBase):
        return b"".join(rd.strings).decode("utf-8", errors="replace")
    return rd.to_text()


def _negative_ttl(response: dns.message.Message) -> float:
    """RFC 2308: a negative answer lives min(SOA TTL, SOA minimum); without an SOA, not at all."""
    for rrset in response.authority:
        if rrset.rdtype == dns.rdatatype.SOA and len(rrset) > 0:
            soa = cast(dns.rdtypes.ANY.SOA.SOA, rrset[0])
            return float(min(rrset.ttl, soa.minimum))
    return 0.0


def _chain_ttl(answer: dns.resolver.Answer) -> float:
    """The smallest TTL among the CNAMEs that led to this answer (infinite when there were none)."""
    ttls = [rrset.ttl for rrset in answer.chaining_result.cnames]
    return float(min(ttls)) if ttls else float("inf")


def _group_by_preference(records: list[tuple[int, str]], rng: random.Random) -> list[str]:
    """MX hosts in preference order, equal preferences shuffled (RFC 5321 5.1), duplicates once."""
    groups: dict[int, list[str]] = {}
    for preference, host in records:
        groups.setdefault(preference, []).append(host)
    ordered: list[str] = []
    for preference in sorted(groups):
        hosts = groups[preference]
        rng.shuffle(hosts)
        for host in hosts:
            if host not in ordered:
                ordered.append(host)
    return ordered


class Resolver:
    """Asynchronous caching stub resolver. One per process; pass it to whoever needs DNS.

    nameservers: "IP", "IP:PORT" or "[IPv6]:PORT"; empty means /etc/resolv.conf. timeout bounds
    a whole lookup (all retries and the TCP fallback). cache_size 0 disables caching, but
    concurrent identical lookups are still shared. clock is injectable so tests can age the
    cache without sleeping.
    """

    def __init__(
        self,
        nameservers: Sequence[str] = (),
        *,
        timeout: float = 5.0,
        cache_size: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
        max_ttl: float = DEFAULT_MAX_TTL,
        max_negative_ttl: float = DEFAULT_MAX_NEGATIVE_TTL,
        rng: random.Random | None = None,
    ) -> None:
        if timeout <= 0:
            raise ValueError("timeout must be positive")
        self._timeout = timeout
        self._max_ttl = max_ttl
        self._max_negative_ttl = max_negative_ttl
        self._rng = rng or random.Random()
        self._cache = _Cache(cache_size, clock)
        self._inflight: dict[_Key, asyncio.Task[tuple[dns.rdata.Rdata, ...]]] = {}
        self._resolver = self._make_resolver(nameservers)

    @classmethod
    def from_config(cls, cfg: DNSConfig) -> Resolver:
        return cls(cfg.nameservers, timeout=cfg.timeout, cache_size=cfg.cache_size)

    def _make_resolver(self, nameservers: Sequence[str]) -> dns.asyncresolver.Resolver:
        servers = [parse_nameserver(ns) for ns in nameservers]
        try:
            resolver = dns.asyncresolver.Resolver(configure=not servers)
        except dns.exception.DNSException as exc:
            raise DNSError(f"system resolver configuration unusable: {exc}") from None
        if servers:
            resolver.nameservers = servers
        # Names are always absolute: a search list would turn a typo into someone else's domain.
        resolver.search = []
        resolver.use_search_by_default = False
        resolver.lifetime = self._timeout
        resolver.timeout = min(self._timeout, _PER_TRY_TIMEOUT)
        resolver.use_edns(0, 0, EDNS_PAYLOAD)
        resolver.cache = None
        return resolver

    def clear_cache(self) -> None:
        self._cache.clear()

    @property
    def timeout(self) -> float:
        """The time limit of one whole lookup, in seconds."""
        return self._timeout

    @property
    def nameservers(self) -> list[tuple[str, int]]:
        """The (address, port) pairs queries go to (for checks that must ask directly, e.g.
        DNSSEC validation, which needs the raw RRSIGs this resolver does not return)."""
        out: list[tuple[str, int]] = []
        for ns in self._resolver.nameservers:
            if isinstance(ns, dns.nameserver.Do53Nameserver):
                out.append((ns.address, ns.port))
            elif isinstance(ns, str):
                out.append((ns, self._resolver.port))
        return out

    # -- generic lookups ------------------------------------------------------------------

    async def query(self, name: str, rdtype: str) -> list[str]:
        """Records of one type as text, CNAMEs followed; TXT strings of a record concatenated."""
        return [_rdata_text(rd) for rd in await self._records(name, rdtype)]

    async def txt(self, name: str) -> list[str]:
        return await self.query(name, "TXT")

    async def mx(self, domain: str) -> list[tuple[int, str]]:
        """(preference, host) sorted; a null MX shows as (0, ".")."""
        records = await self._records(domain, "MX")
        pairs = [(rd.preference, _host_text(rd.exchange)) for rd in _typed(records, dns.rdtypes.ANY.MX.MX)]
        return sorted(pairs)

    async def addresses(self, host: str) -> list[str]:
        """IPv4 then IPv6 addresses of host, looked up in parallel.

        IPv4 first: it is what most receiving MTAs reach with a clean reputation. When one
        family fails temporarily but the other answers, the answer is returned; only when
        nothing was found is the temporary error raised.
        """
        results = await asyncio.gather(
            self._records(host, "A"), self._records(host, "AAAA"), return_exceptions=True
        )
        found: list[str] = []
        errors: list[DNSError] = []
        for result in results:
            if isinstance(result, DNSError):
                errors.append(result)
            elif isinstance(result, BaseException):
                raise result
            else:
                found.extend(_rdata_text(rd) for rd in result)
        if found:
            return found
        return _raise_address_error(host, errors)

    async def ptr(self, ip: str) -> list[str]:
        """Host names of an IP address (lower-case, no trailing dot); ValueError if ip is not one."""
        reverse = dns.reversename.from_address(str(ipaddress.ip_address(ip)))
        records = await self._records(reverse.to_text(), "PTR")
        return [_host_text(rd.target) for rd in _typed(records, dns.rdtypes.ANY.PTR.PTR)]

    async def mail_exchangers(self, domain: str) -> list[str]:
        """Hosts to deliver mail for domain to, best first (RFC 5321 5.1).

        Equal preferences are shuffled to spread load. With no MX, the domain itself when it has
        an address (the implicit MX). Raises NullMX when the domain refuses mail, DNSNotFound
        when it does not exist or has neither MX nor address, DNSTempError when unsure.
        """
        try:
            records = await self.mx(domain)
        except DNSNotFound as exc:
            if exc.nxdomain:
                raise
            return await self._implicit_mx(domain)
        # RFC 7505 forbids mixing a null MX with real ones; if a domain does, use the real ones.
        usable = [(pref, host) for pref, host in records if host != "."]
        if not usable:
            raise NullMX(domain)
        return _group_by_preference(usable, self._rng)

    async def _implicit_mx(self, domain: str) -> list[str]:
        try:
            await self.addresses(domain)
        except DNSNotFound as exc:
            raise DNSNotFound(
                f"{domain}: no MX and no address records", name=domain, rdtype="MX", nxdomain=exc.nxdomain
            ) from None
        return [_host_text(_parse_name(domain, "MX"))]

    # -- cache and shared lookups ----------------------------------------------------------

    async def _records(self, name: str, rdtype: str) -> tuple[dns.rdata.Rdata, ...]:
        qname = _parse_name(name, rdtype)
        rdt = _parse_rdtype(rdtype)
        key: _Key = (qname.canonicalize().to_text(), int(rdt))
        cached = self._cache.get(key) or self._cache.get((key[0], None))
        if cached is not None:
            return _cached_result(cached, name, rdtype)
        task = self._inflight.get(key)
        if task is None or task.get_loop() is not asyncio.get_running_loop():
            task = asyncio.get_running_loop().create_task(self._resolve(qname, rdt, key, name))
            self._inflight[key] = task
            task.add_done_callback(lambda t: self._lookup_done(key, t))
        # Shielded: one caller giving up must not cancel the lookup the others are waiting for.
        return await asyncio.shield(task)

    def _lookup_done(self, key: _Key, task: asyncio.Task[tuple[dns.rdata.Rdata, ...]]) -> None:
        if self._inflight.get(key) is task:
            del self._inflight[key]
        if not task.cancelled():
            # Mark the exception retrieved: when every waiter was cancelled nobody else will.
            task.exception()

    async def _resolve(
        self, qname: dns.name.Name, rdt: dns.rdatatype.RdataType, key: _Key, shown: str
    ) -> tuple[dns.rdata.Rdata, ...]:
        rdtype = dns.rdatatype.to_text(rdt)
        deadline = time.monotonic() + self._timeout
        current = qname
        chain_ttl = float("inf")
        seen = {qname}
        for _ in range(MAX_CNAME_HOPS + 1):
            answer = await self._ask(current, rdt, deadline, key, shown, chain_ttl)
            chain_ttl = min(chain_ttl, _chain_ttl(answer))
            if answer.rrset is not None:
                records = tuple(answer.rrset)
                ttl = min(chain_ttl, answer.rrset.ttl, self._max_ttl)
                self._cache.put(key, ttl, records, nxdomain=False)
                return records
            target = answer.canonical_name
            if target == current or rdt == dns.rdatatype.CNAME:
                ttl = min(chain_ttl, _negative_ttl(answer.response), self._max_negative_ttl)
                self._cache.put(key, ttl, None, nxdomain=False)
                raise DNSNotFound(f"{shown}: no {rdtype} records", name=shown, rdtype=rdtype, nxdomain=False)
            # The server stopped at a CNAME into a zone it does not serve: follow it ourselves.
            if target in seen:
                raise DNSNotFound(f"{shown}: CNAME loop", name=shown, rdtype=rdtype, nxdomain=False)
            seen.add(target)
            current = target
        raise DNSNotFound(f"{shown}: CNAME chain too long", name=shown, rdtype=rdtype, nxdomain=False)

    async def _ask(
        self,
        qname: dns.name.Name,
        rdt: dns.rdatatype.RdataType,
        deadline: float,
        key: _Key,
        shown: str,
        chain_ttl: float,
    ) -> dns.resolver.Answer:
        """One resolution through dnspython, its failures translated into our two outcomes."""
        rdtype = dns.rdatatype.to_text(rdt)
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise DNSTempError(self._timeout_message(shown, rdtype), name=shown, rdtype=rdtype)
        try:
            return await self._resolver.resolve(
                qname, rdt, raise_on_no_answer=False, search=False, lifetime=remaining
            )
        except dns.resolver.NXDOMAIN as exc:
            self._cache_nxdomain(exc, qname, key, chain_ttl)
            raise DNSNotFound(
                f"{shown}: no such domain (NXDOMAIN)", name=shown, rdtype=rdtype, nxdomain=True
            ) from None
        except dns.resolver.YXDOMAIN:
            raise DNSNotFound(
                f"{shown}: name too long after DNAME substitution", name=shown, rdtype=rdtype, nxdomain=True
            ) from None
        except dns.exception.Timeout:
            raise DNSTempError(self._timeout_message(shown, rdtype), name=shown, rdtype=rdtype) from None
        except (dns.exception.DNSException, OSError) as exc:
            raise DNSTempError(f"{shown}/{rdtype}: {exc}", name=shown, rdtype=rdtype) from None

    def _timeout_message(self, shown: str, rdtype: str) -> str:
        return f"{shown}/{rdtype}: no answer within {self._timeout:g}s"

    def _cache_nxdomain(
        self, exc: dns.resolver.NXDOMAIN, qname: dns.name.Name, key: _Key, chain_ttl: float
    ) -> None:
        responses = cast(dict[dns.name.Name, dns.message.Message], exc.kwargs.get("responses", {}))
        response = responses.get(qname)
        if not isinstance(response, dns.message.QueryMessage):
            return
        ttl = min(chain_ttl, _negative_ttl(response), self._max_negative_ttl)
        had_cname = response.canonical_name() != qname or chain_ttl != float("inf")
        # RFC 8020: NXDOMAIN means nothing of any type exists there, unless a CNAME led to the
        # missing name: then the alias itself exists and only this type's answer is negative.
        self._cache.put(key if had_cname else (key[0], None), ttl, None, nxdomain=True)


def _typed(records: tuple[dns.rdata.Rdata, ...], cls: type[_T]) -> list[_T]:
    return [rd for rd in records if isinstance(rd, cls)]


def _cached_result(entry: _Entry, name: str, rdtype: str) -> tuple[dns.rdata.Rdata, ...]:
    if entry.records is not None:
        return entry.records
    if entry.nxdomain:
        raise DNSNotFound(f"{name}: no such domain (NXDOMAIN)", name=name, rdtype=rdtype, nxdomain=True)
    raise DNSNotFound(f"{name}: no {rdtype} records", name=name, rdtype=rdtype, nxdomain=False)


def _raise_address_error(host: str, errors: list[DNSError]) -> list[str]:
    for err in errors:
        if isinstance(err, DNSTempError):
            raise err
    nxdomain = any(isinstance(e, DNSNotFound) and e.nxdomain for e in errors)
    reason = "no such domain (NXDOMAIN)" if nxdomain else "no A or AAAA records"
    raise DNSNotFound(f"{host}: {reason}", name=host, rdtype="A/AAAA", nxdomain=nxdomain)
