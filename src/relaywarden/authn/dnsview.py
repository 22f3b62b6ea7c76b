"""The one DNS interface the authentication checks use.

SPF, DKIM, DMARC and ARC take a `TXTLookup`/`DNSLookup` argument rather than a resolver, so the
conformance suites can run against an in-memory zone (`StaticDNS`) and the relay against the
project's caching resolver (`ResolverDNS`, wrapping relaywarden.dns.Resolver), with the same
code and the same error semantics:

- a name that does not exist (NXDOMAIN) or has no record of that type: an empty list
  (`DNSNotFound` is raised only when a caller needs to tell NXDOMAIN from no-data, via
  `exists()`);
- a timeout, SERVFAIL or unparsable answer: `DNSTempError`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from relaywarden.dns import DNSNotFound, DNSTempError, Resolver

__all__ = ["DNSLookup", "DNSNotFound", "DNSTempError", "ResolverDNS", "StaticDNS"]


class DNSLookup(Protocol):
    async def lookup(self, name: str, rdtype: str) -> list[str]:
        """Answers as text (TXT strings of one record joined without spaces; MX as
        "PREF HOST"; A/AAAA as addresses; PTR/CNAME as names without the trailing dot).
        [] for NXDOMAIN or no data; DNSTempError for a temporary failure."""
        ...

    async def nxdomain(self, name: str) -> bool:
        """True when the name does not exist at all (RFC 7208 void lookups, DMARC np=)."""
        ...


class ResolverDNS:
    """DNSLookup over the project's async caching resolver."""

    def __init__(self, resolver: Resolver) -> None:
        self._resolver = resolver

    async def lookup(self, name: str, rdtype: str) -> list[str]:
        try:
            if rdtype.upper() == "MX":
                return [f"{pref} {host}" for pref, host in await self._resolver.mx(name)]
            return await self._resolver.query(name, rdtype.upper())
        except DNSNotFound:
            return []

    async def nxdomain(self, name: str) -> bool:
        try:
            await self._resolver.query(name, "A")
        except DNSNotFound as exc:
            return exc.nxdomain
        return False


class StaticDNS:
    """An in-memory zone for tests and offline tools: {name: {rdtype: [answers]}}.

    A name listed under `temperror` raises DNSTempError for every type (or for the types
    given as "name/TYPE")."""

    def __init__(self, records: Mapping[str, Mapping[str, Sequence[str]]],
                 temperror: Sequence[str] = ()) -> None:
        self._records = {k.lower().rstrip("."): {t.upper(): list(v) for t, v in types.items()}
                         for k, types in records.items()}
        self._temperror = {t.lower().rstrip(".") for t in temperror}
        self.queries: list[tuple[str, str]] = []

    async def lookup(self, name: str, rdtype: str) -> list[str]:
        key = name.lower().rstrip(".")
        self.queries.append((key, rdtype.upper()))
        if key in self._temperror or f"{key}/{rdtype.lower()}" in self._temperror:
            raise DNSTempError(f"timeout looking up {name} {rdtype}", name=name, rdtype=rdtype)
        return list(self._records.get(key, {}).get(rdtype.upper(), []))

    async def nxdomain(self, name: str) -> bool:
        return name.lower().rstrip(".") not in self._records
