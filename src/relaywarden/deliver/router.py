"""Where mail for a recipient domain goes next: a maildir, a fixed SMTP host, or the MX hosts.

The decision is in two steps so the first stays pure and testable: static_route() reads
the configuration only; resolve_hosts() asks DNS when the route says "mx". A failure of
either step becomes a delivery status through route_failure().

Order of precedence in static_route:
  1. delivery.transport[domain]: "maildir", "smtp:HOST:PORT" or "mx";
  2. a domain in relay.local_domains: "maildir";
  3. delivery.smarthost, when configured: every other domain goes through it;
  4. otherwise "mx".
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Protocol

from relaywarden.config import Config, SmarthostConfig
from relaywarden.dns import DNSNotFound, DNSTempError, NullMX

TLSPolicy = Literal["opportunistic", "required", "none"]
Host = tuple[str, int]

MAX_MX_HOSTS = 10
"""MX hosts tried per delivery at most, so a hostile zone cannot make us dial hundreds."""


class MXResolver(Protocol):
    """What routing needs from the resolver (relaywarden.dns.Resolver has it)."""

    async def mail_exchangers(self, domain: str) -> list[str]: ...


class RouteConfigError(Exception):
    """The configuration cannot produce a usable route (e.g. unreadable smarthost password)."""


@dataclass(frozen=True)
class Route:
    kind: Literal["maildir", "smtp", "mx"]
    hosts: tuple[Host, ...] = ()
    """For "smtp": the host(s) to use, in order. Empty for the other kinds."""
    auth: tuple[str, str] | None = field(default=None, repr=False)
    """(username, password) for AUTH; kept out of repr so a logged route leaks no secret."""
    tls: TLSPolicy | None = None
    """TLS policy for this route; None means the delivery default (delivery.tls)."""


def static_route(domain: str, cfg: Config) -> Route:
    """The route for domain from the configuration alone (see module doc for the order).

    Raises RouteConfigError when the smarthost needs a password that cannot be read; the
    file is read on every call, so a corrected or rotated password needs no restart.
    """
    name = domain.lower().rstrip(".")
    target = cfg.delivery.transport.get(name)
    if target is not None:
        return _transport_route(target)
    if name in cfg.relay.local_domains:
        return Route("maildir")
    smarthost = cfg.delivery.smarthost
    if smarthost is not None:
        return Route("smtp", ((_unbracket(smarthost.host), smarthost.port),), _smarthost_auth(smarthost),
                     smarthost.tls)
    return Route("mx")


async def resolve_hosts(route: Route, domain: str, resolver: MXResolver, mx_port: int) -> list[Host]:
    """The hosts to try, in order: the route's own, or the domain's MX hosts on mx_port.

    An address literal ("[192.0.2.1]", RFC 5321 4.1.3) is its own host, no DNS asked. DNS
    errors (DNSNotFound, NullMX, DNSTempError) propagate; route_failure() turns them into a
    status. For "maildir" the list is empty.
    """
    if route.kind == "smtp":
        return list(route.hosts)
    if route.kind == "maildir":
        return []
    literal = _address_literal(domain)
    if literal is not None:
        return [(literal, mx_port)]
    exchangers = await resolver.mail_exchangers(domain.lower().rstrip("."))
    hosts: list[Host] = []
    for host in exchangers:
        entry = (host.rstrip(".").lower(), mx_port)
        if entry not in hosts:
            hosts.append(entry)
    return hosts[:MAX_MX_HOSTS]


def route_failure(exc: BaseException) -> tuple[str, str] | None:
    """(enhanced status, text) for a routing exception, or None if it is not one.

    NullMX: 5.1.10, the code RFC 7505 assigns ("recipient address has null MX").
    DNSNotFound: 5.1.2 when the domain does not exist (NXDOMAIN), 5.4.4 when it exists but
    has neither MX nor address ("unable to route"), both permanent.
    DNSTempError: 4.4.3 (directory server failure), retried later.
    RouteConfigError: 4.3.5 (system incorrectly configured): an administrator fixes it, the
    mail waits in the queue rather than bouncing.
    """
    if isinstance(exc, NullMX):
        return "5.1.10", str(exc)
    if isinstance(exc, DNSNotFound):
        return ("5.1.2" if exc.nxdomain else "5.4.4"), str(exc)
    if isinstance(exc, DNSTempError):
        return "4.4.3", f"DNS lookup failed, will retry: {exc}"
    if isinstance(exc, RouteConfigError):
        return "4.3.5", f"relay configuration problem: {exc}"
    return None


def _transport_route(target: str) -> Route:
    if target == "maildir":
        return Route("maildir")
    if target == "mx":
        return Route("mx")
    # config.py validated the shape "smtp:HOST:PORT"; HOST may be a bracketed IPv6 literal.
    hostport = target.partition(":")[2]
    host, _, port = hostport.rpartition(":")
    return Route("smtp", ((_unbracket(host), int(port)),))


def _smarthost_auth(smarthost: SmarthostConfig) -> tuple[str, str] | None:
    if not smarthost.username:
        return None
    if smarthost.password_file is None:
        raise RouteConfigError("delivery.smarthost.username is set but password_file is not")
    return smarthost.username, _read_secret(smarthost.password_file)


def _read_secret(path: Path) -> str:
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8"
        raise RouteConfigError(f"cannot read smarthost password file {path}: {reason}") from None
    # Only the line ending an editor adds: spaces may be part of a password.
    return raw.removesuffix("\n").removesuffix("\r")


def _unbracket(host: str) -> str:
    return host[1:-1] if host.startswith("[") and host.endswith("]") else host


def _address_literal(domain: str) -> str | None:
    if not (domain.startswith("[") and domain.endswith("]")):
        return None
    inner = domain[1:-1]
    if inner.lower().startswith("ipv6:"):
        inner = inner[5:]
    try:
        return str(ipaddress.ip_address(inner))
    except ValueError:
        return None
