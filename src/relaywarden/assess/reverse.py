"""Reverse DNS of a domain's mail servers, for `relaywarden audit DOMAIN`.

Receivers look up the PTR of the connecting address and check that the name resolves back to
that address (forward-confirmed reverse DNS, FCrDNS); many refuse or score down mail from an
address without it, and a generic name ("dsl-203-0-113-5.dyn.example.net") looks like a
home connection. The MX hosts are the usual senders too, so each of their addresses is checked.
Only the PTR record's owner (the address holder, usually the hosting provider) can fix it, so
the fixes say what to ask for.

Lookups run in parallel with at most LOOKUP_CONCURRENCY in flight, over at most MAX_MX_HOSTS
hosts, MAX_ADDRESSES addresses each and MAX_PTR_NAMES names per address.
"""

from __future__ import annotations

import asyncio
import ipaddress
import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TypeVar

import dns.reversename

from relaywarden.assess.dkim import domain_name, invalid_domain
from relaywarden.assess.domain import MAX_MX_HOSTS, mx_hosts, normalise_domain, tempfail_finding
from relaywarden.assess.findings import Finding
from relaywarden.dns import DNSError, DNSNotFound, DNSTempError, Resolver

__all__ = ["check_reverse_dns", "looks_generic"]

LOOKUP_CONCURRENCY = 10
MAX_ADDRESSES = 8
"""Addresses checked per MX host: round-robin pools beyond this add nothing to the verdict."""
MAX_PTR_NAMES = 4
"""PTR names per address whose forward lookup is tried (several PTRs are legal but unusual)."""

# Words access providers put in the names of dynamic and residential addresses.
_GENERIC_WORDS = re.compile(
    r"(^|[.\-_0-9])(dyn|dynamic|dynip|dhcp|pool|ppp|pppoe|dsl|adsl|vdsl|xdsl|cable|dialup|dial|"
    r"broadband|customer|cust|client|clients|residential|ip|unassigned|static|fttx|ftth)($|[.\-_0-9])")
_T = TypeVar("_T")


@dataclass(frozen=True)
class _Address:
    host: str
    ip: str


def looks_generic(name: str, ip: str) -> bool:
    """True when a PTR name is the kind providers generate for any address (it embeds the
    address, or words like dyn/pool/dsl), rather than the name of a mail server."""
    lowered = name.lower()
    if _embeds_address(lowered, ip):
        return True
    first_labels = ".".join(lowered.split(".")[:-2])  # the provider's own domain does not count
    return bool(_GENERIC_WORDS.search(first_labels))


def _embeds_address(name: str, ip: str) -> bool:
    addr = ipaddress.ip_address(ip)
    if addr.version == 6:
        compact = addr.exploded.replace(":", "")
        return compact[-8:] in name.replace("-", "").replace(".", "").replace(":", "")
    octets = str(addr).split(".")
    digits = re.findall(r"\d+", name)
    # "203-0-113-5", "5.113.0.203", "ip203000113005": the four octets in a row, either order.
    runs = ["-".join(digits[i:i + 4]) for i in range(len(digits) - 3)]
    if "-".join(octets) in runs or "-".join(reversed(octets)) in runs:
        return True
    return "".join(o.zfill(3) for o in octets) in name


async def check_reverse_dns(domain: str, resolver: Resolver, hosts: Sequence[str] | None = None) -> list[Finding]:
    """PTR and FCrDNS findings for each address of each MX host of domain (or of hosts)."""
    valid = domain_name(domain)
    if valid is None:
        return [invalid_domain(domain, "mx")]
    domain = valid
    semaphore = asyncio.Semaphore(LOOKUP_CONCURRENCY)
    if hosts is None:
        try:
            hosts = await mx_hosts(domain, resolver, implicit=True, raise_tempfail=True)
        except DNSTempError as exc:
            return [tempfail_finding("mx", exc, domain)]
    findings, addresses = await _resolve_hosts(hosts, resolver, semaphore)
    for found in await asyncio.gather(*(_check_address(a, resolver, semaphore) for a in addresses)):
        findings += found
    return findings


async def _resolve_hosts(hosts: Sequence[str], resolver: Resolver,
                         semaphore: asyncio.Semaphore) -> tuple[list[Finding], list[_Address]]:
    """The addresses to check, and a finding for each host whose lookup failed temporarily."""
    names = (normalise_domain(h) for h in hosts)
    unique = list(dict.fromkeys(n for n in names if n not in ("", ".")))[:MAX_MX_HOSTS]
    resolved = await asyncio.gather(*(_bounded(semaphore, partial(_host_addresses, resolver, h)) for h in unique),
                                    return_exceptions=True)
    findings: list[Finding] = []
    addresses: list[_Address] = []
    for host, result in zip(unique, resolved, strict=True):
        if isinstance(result, DNSTempError):
            findings.append(tempfail_finding("mx", result, host))
        elif isinstance(result, DNSError):
            continue  # an MX without an address is the MX check's finding (MX_HOST_UNRESOLVABLE)
        elif isinstance(result, BaseException):
            raise result
        else:
            addresses += [_Address(host, ip) for ip in dict.fromkeys(result)][:MAX_ADDRESSES]
    return findings, addresses


async def _host_addresses(resolver: Resolver, host: str) -> list[str]:
    """A host's addresses; a host given as an IP address literal ("[192.0.2.1]" too) is its own."""
    literal = _parse_ip(host.strip("[]"))
    if literal is not None:
        return [str(literal)]
    return await resolver.addresses(host)


async def _bounded(semaphore: asyncio.Semaphore, job: Callable[[], Awaitable[_T]]) -> _T:
    # The lookup is started only once a slot is free (and never, if the caller gave up first).
    async with semaphore:
        return await job()


def _ptr_name(ip: str) -> str:
    return dns.reversename.from_address(ip).to_text(omit_final_dot=True)


async def _check_address(addr: _Address, resolver: Resolver, semaphore: asyncio.Semaphore) -> list[Finding]:
    reverse = _ptr_name(addr.ip)
    try:
        names = await _bounded(semaphore, partial(resolver.ptr, addr.ip))
    except DNSTempError as exc:
        return [tempfail_finding("mx", exc, addr.host)]
    except (DNSNotFound, ValueError) as exc:
        return [_ptr_missing(addr, reverse, str(exc))]
    names = [n for n in dict.fromkeys(names) if n != "."][:MAX_PTR_NAMES]
    if not names:
        return [_ptr_missing(addr, reverse, f"{reverse}: PTR points to the root")]
    evidence = f"{reverse} PTR {', '.join(names)}"
    forward = await asyncio.gather(*(_bounded(semaphore, partial(resolver.addresses, n)) for n in names),
                                   return_exceptions=True)
    findings: list[Finding] = []
    confirmed = [n for n, result in zip(names, forward, strict=True)
                 if isinstance(result, list) and _same_address(addr.ip, result)]
    errors = [r for r in forward if isinstance(r, DNSTempError)]
    if confirmed:
        findings.append(Finding("MX_FCRDNS_OK", "info", "mx", f"{addr.ip} of {addr.host} has reverse DNS "
                                f"{confirmed[0]}, which resolves back to it", evidence=evidence, passed=True,
                                target=addr.host, details={"address": addr.ip}))
    elif errors:
        findings.append(tempfail_finding("mx", errors[0], addr.host))
    else:
        findings.append(_mismatch(addr, names, forward, evidence))
    findings += [_generic(addr, n, evidence) for n in names[:1] if looks_generic(n, addr.ip)]
    return findings


def _same_address(ip: str, found: list[str]) -> bool:
    wanted = ipaddress.ip_address(ip)
    return any(_parse_ip(f) == wanted for f in found)


def _parse_ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _ptr_missing(addr: _Address, reverse: str, why: str) -> Finding:
    return Finding("MX_PTR_MISSING", "medium", "mx",
                   f"{addr.ip} of mail server {addr.host} has no reverse DNS (PTR): many receivers refuse or "
                   "distrust mail from it", evidence=why, target=addr.host, details={"address": addr.ip},
                   fix=f"Ask the owner of {addr.ip} (the hosting or access provider) to publish "
                       f"'{reverse}. IN PTR {addr.host}.'")


def _mismatch(addr: _Address, names: list[str], forward: list[list[str] | BaseException], evidence: str) -> Finding:
    seen = "; ".join(f"{n} -> {', '.join(r) if isinstance(r, list) else r}"
                     for n, r in zip(names, forward, strict=True))
    return Finding("MX_FCRDNS_MISMATCH", "medium", "mx",
                   f"The reverse DNS name of {addr.ip} ({names[0]}) does not resolve back to {addr.ip}: "
                   "receivers see the reverse DNS as unconfirmed", evidence=f"{evidence}; forward: {seen}",
                   target=addr.host, details={"address": addr.ip},
                   fix=f"Either publish '{names[0]}. IN {_rtype(addr.ip)} {addr.ip}', or ask the owner of "
                       f"{addr.ip} to set its PTR to {addr.host} (which resolves to it)")


def _generic(addr: _Address, name: str, evidence: str) -> Finding:
    return Finding("MX_PTR_GENERIC", "info", "mx",
                   f"The reverse DNS name of {addr.ip} ({name}) looks generic or dynamic, which some receivers "
                   "score as a home connection", evidence=evidence, target=addr.host, details={"address": addr.ip},
                   fix=f"Ask the owner of {addr.ip} to set its PTR to the mail server's name: "
                       f"'{_ptr_name(addr.ip)}. IN PTR {addr.host}.'")


def _rtype(ip: str) -> str:
    return "AAAA" if ipaddress.ip_address(ip).version == 6 else "A"
