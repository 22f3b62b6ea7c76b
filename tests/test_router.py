"""Routing: the static decision from config, MX hosts from a real DNS server, failures as statuses."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from relaywarden.config import Config, parse_config
from relaywarden.deliver.results import RecipientResult
from relaywarden.deliver.router import (
    MAX_MX_HOSTS,
    Route,
    RouteConfigError,
    resolve_hosts,
    route_failure,
    static_route,
)
from relaywarden.dns import DNSNotFound, DNSTempError, NullMX, Resolver
from tests.support.dnsserver import DNSServer, serve

ZONE = f"""
@        3600 IN SOA ns hostmaster 1 3600 600 86400 60
@             IN NS  ns
ns            IN A   127.0.0.1
@             IN MX  20 backup.example.test.
@             IN MX  10 mx1
mx1           IN A   127.0.0.1
backup        IN A   127.0.0.1
implicit      IN A   127.0.0.1
nullmx        IN MX  0 .
many          IN MX  10 mx1
{"".join(f"many          IN MX  {20 + i} h{i}{chr(10)}" for i in range(15))}
"""


def config(data: dict[str, object]) -> Config:
    return parse_config(data)


@pytest.fixture
def dns_server() -> Iterator[DNSServer]:
    yield from serve({"example.test": ZONE})


@pytest.fixture
def resolver(dns_server: DNSServer) -> Resolver:
    return Resolver([dns_server.nameserver], timeout=2.0)


# -- static_route --------------------------------------------------------------------------------


def test_local_domains_go_to_maildir() -> None:
    cfg = config({"relay": {"local_domains": ["example.org"]}})
    assert static_route("example.org", cfg) == Route("maildir")
    assert static_route("EXAMPLE.org.", cfg) == Route("maildir")


def test_other_domains_go_to_mx_without_smarthost() -> None:
    assert static_route("example.net", config({})) == Route("mx")


def test_transport_map_comes_first() -> None:
    cfg = config({
        "relay": {"local_domains": ["example.org", "legacy.example.org"]},
        "delivery": {
            "transport": {"legacy.example.org": "smtp:[10.0.0.5]:2525", "v6.example": "smtp:[2001:db8::1]:25",
                          "example.org": "mx", "boxes.example": "maildir"},
            "smarthost": {"host": "smtp.provider.test"},
        },
    })
    assert static_route("legacy.example.org", cfg) == Route("smtp", (("10.0.0.5", 2525),))
    assert static_route("v6.example", cfg) == Route("smtp", (("2001:db8::1", 25),))
    assert static_route("example.org", cfg) == Route("mx")  # beats local_domains
    assert static_route("boxes.example", cfg) == Route("maildir")  # beats the smarthost


def test_smarthost_takes_everything_else(tmp_path: Path) -> None:
    secret = tmp_path / "smarthost.pw"
    secret.write_text(" pass with spaces \n")
    cfg = config({"delivery": {"smarthost": {"host": "smtp.provider.test", "port": 587, "username": "relay",
                                             "password_file": str(secret), "tls": "required"}}})
    route = static_route("anywhere.example", cfg)
    assert route == Route("smtp", (("smtp.provider.test", 587),), ("relay", " pass with spaces "), "required")


def test_smarthost_without_credentials() -> None:
    cfg = config({"delivery": {"smarthost": {"host": "10.1.1.1", "port": 25, "tls": "opportunistic"}}})
    assert static_route("x.example", cfg) == Route("smtp", (("10.1.1.1", 25),), None, "opportunistic")


def test_password_never_in_repr(tmp_path: Path) -> None:
    secret = tmp_path / "pw"
    secret.write_text("hunter2\r\n")
    smarthost = {"host": "h.test", "username": "u", "password_file": str(secret)}
    cfg = config({"delivery": {"smarthost": smarthost}})
    route = static_route("x.example", cfg)
    assert route.auth == ("u", "hunter2")
    assert "hunter2" not in repr(route)


def test_unreadable_password_file_is_a_route_config_error(tmp_path: Path) -> None:
    cfg = config({"delivery": {"smarthost": {"host": "h.test", "username": "u",
                                             "password_file": str(tmp_path / "missing")}}})
    with pytest.raises(RouteConfigError) as exc:
        static_route("x.example", cfg)
    assert str(tmp_path / "missing") in str(exc.value)
    assert route_failure(exc.value) == ("4.3.5", f"relay configuration problem: {exc.value}")


# -- resolve_hosts -------------------------------------------------------------------------------


async def test_mx_hosts_in_preference_order(resolver: Resolver) -> None:
    hosts = await resolve_hosts(Route("mx"), "example.test", resolver, 2525)
    assert hosts == [("mx1.example.test", 2525), ("backup.example.test", 2525)]


async def test_implicit_mx(resolver: Resolver) -> None:
    assert await resolve_hosts(Route("mx"), "implicit.example.test", resolver, 25) == [
        ("implicit.example.test", 25)]


async def test_mx_list_is_capped(resolver: Resolver) -> None:
    hosts = await resolve_hosts(Route("mx"), "many.example.test", resolver, 25)
    assert len(hosts) == MAX_MX_HOSTS
    assert hosts[0] == ("mx1.example.test", 25)


async def test_smtp_and_maildir_routes_need_no_dns(dns_server: DNSServer, resolver: Resolver) -> None:
    route = Route("smtp", (("10.0.0.5", 2525),))
    assert await resolve_hosts(route, "example.test", resolver, 25) == [("10.0.0.5", 2525)]
    assert await resolve_hosts(Route("maildir"), "example.test", resolver, 25) == []
    assert await resolve_hosts(Route("mx"), "[192.0.2.7]", resolver, 25) == [("192.0.2.7", 25)]
    assert await resolve_hosts(Route("mx"), "[IPv6:2001:db8::7]", resolver, 25) == [("2001:db8::7", 25)]
    assert dns_server.queries == []


async def test_null_mx_is_permanent(resolver: Resolver) -> None:
    with pytest.raises(NullMX) as exc:
        await resolve_hosts(Route("mx"), "nullmx.example.test", resolver, 25)
    failure = route_failure(exc.value)
    assert failure is not None and failure[0] == "5.1.10"
    assert RecipientResult.local("a@nullmx.example.test", *failure).outcome == "failed"


async def test_nonexistent_domain_is_permanent(resolver: Resolver) -> None:
    with pytest.raises(DNSNotFound) as exc:
        await resolve_hosts(Route("mx"), "nope.example.test", resolver, 25)
    failure = route_failure(exc.value)
    assert failure is not None and failure[0] == "5.1.2"
    assert RecipientResult.local("a@nope.example.test", *failure).outcome == "failed"


async def test_dns_trouble_is_a_deferral() -> None:
    with DNSServer({"example.test": ZONE}, servfail_names=["example.test"]) as server:
        resolver = Resolver([server.nameserver], timeout=2.0)
        with pytest.raises(DNSTempError) as exc:
            await resolve_hosts(Route("mx"), "example.test", resolver, 25)
    failure = route_failure(exc.value)
    assert failure is not None and failure[0] == "4.4.3"
    assert RecipientResult.local("a@example.test", *failure).outcome == "deferred"


def test_route_failure_maps_only_routing_errors() -> None:
    no_address = DNSNotFound("x: no MX and no address records", nxdomain=False)
    assert route_failure(no_address) == ("5.4.4", "x: no MX and no address records")
    assert route_failure(ValueError("unrelated")) is None


class _StaticResolver:
    """The MXResolver protocol with fixed answers: shows what routing needs from a resolver."""

    async def mail_exchangers(self, domain: str) -> list[str]:
        return ["Mx1.Example.TEST.", "mx1.example.test", "mx2.example.test."]


async def test_any_mx_resolver_will_do_and_duplicates_are_dropped() -> None:
    hosts = await resolve_hosts(Route("mx"), "example.test", _StaticResolver(), 25)
    assert hosts == [("mx1.example.test", 25), ("mx2.example.test", 25)]
