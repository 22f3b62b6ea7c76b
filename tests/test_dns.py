"""The resolver against a real authoritative DNS server on loopback (tests/support/dnsserver.py)."""

from __future__ import annotations

import asyncio
import random
import socket
from collections.abc import Iterator

import dns.flags
import dns.message
import dns.query
import dns.rcode
import dns.rdatatype
import pytest

from relaywarden.config import DNSConfig
from relaywarden.dns import DNSNotFound, DNSTempError, NullMX, Resolver, parse_nameserver
from tests.support.dnsserver import DNSServer, serve

BIG_TXT_PARTS = [chr(ord("a") + i) * 250 for i in range(8)]  # 2000 bytes: beyond any UDP size used

ZONE = f"""
@               3600 IN SOA ns hostmaster 1 3600 600 86400 60
@                    IN NS   ns
ns                   IN A    192.0.2.53
@                    IN A    192.0.2.1
@                    IN AAAA 2001:db8::1
@                    IN MX   20 MX2.Example.TEST.
@                    IN MX   10 mx1
@                    IN TXT  "v=spf1 ip4:192.0.2.0/24 -all"
mx1                  IN A    192.0.2.10
mx2                  IN A    192.0.2.20
www             5    IN CNAME @
short           30   IN A    192.0.2.30
sel._domainkey       IN TXT  "v=DKIM1; k=rsa; " "p=MIIBIjAN"
two                  IN TXT  "first"
two                  IN TXT  "second"
big                  IN TXT  {" ".join(f'"{p}"' for p in BIG_TXT_PARTS)}
v6only               IN AAAA 2001:db8::40
nullmx               IN MX   0 .
nullmx               IN A    192.0.2.50
nomx                 IN A    192.0.2.60
nothing              IN TXT  "no mail here"
equal                IN MX   10 a.equal
equal                IN MX   10 b.equal
equal                IN MX   20 c.equal
equal                IN MX   5 d.equal
deep.ent             IN A    192.0.2.70
*.wild               IN A    192.0.2.80
"""

REVERSE_V4 = {
    "@": {"SOA": "ns.example.test. hostmaster.example.test. 1 3600 600 86400 60"},
    "10": {"PTR": "Mail.Example.TEST."},
}


class FakeClock:
    """The cache's clock, moved by hand: TTL expiry without sleeping."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def server() -> Iterator[DNSServer]:
    yield from serve({"example.test": ZONE, "2.0.192.in-addr.arpa": REVERSE_V4})


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def resolver(server: DNSServer, clock: FakeClock) -> Resolver:
    return Resolver([server.nameserver], timeout=2.0, clock=clock)


# -- answers ------------------------------------------------------------------------------


async def test_a_aaaa_and_addresses_ipv4_first(resolver: Resolver) -> None:
    assert await resolver.query("example.test", "A") == ["192.0.2.1"]
    assert await resolver.query("example.test", "AAAA") == ["2001:db8::1"]
    assert await resolver.addresses("example.test") == ["192.0.2.1", "2001:db8::1"]
    assert await resolver.addresses("v6only.example.test") == ["2001:db8::40"]


async def test_mx_sorted_lower_case_without_dot(resolver: Resolver) -> None:
    assert await resolver.mx("example.test") == [(10, "mx1.example.test"), (20, "mx2.example.test")]
    # query() gives presentation format; DNS does not promise to preserve case.
    records = await resolver.query("example.test", "MX")
    assert sorted(r.lower() for r in records) == ["10 mx1.example.test.", "20 mx2.example.test."]


async def test_txt_strings_of_one_record_are_joined_without_spaces(resolver: Resolver) -> None:
    assert await resolver.txt("sel._domainkey.example.test") == ["v=DKIM1; k=rsa; p=MIIBIjAN"]
    assert sorted(await resolver.txt("two.example.test")) == ["first", "second"]
    assert await resolver.txt("example.test") == ["v=spf1 ip4:192.0.2.0/24 -all"]


async def test_large_answer_is_truncated_over_udp_and_fetched_over_tcp(
    server: DNSServer, resolver: Resolver
) -> None:
    assert await resolver.txt("big.example.test") == ["".join(BIG_TXT_PARTS)]
    assert server.count("big.example.test", "TXT") == 2  # UDP, truncated, then TCP
    assert server.tcp_queries == [("big.example.test", "TXT")]


async def test_cname_is_followed(resolver: Resolver) -> None:
    assert await resolver.query("www.example.test", "A") == ["192.0.2.1"]
    assert await resolver.mx("www.example.test") == [(10, "mx1.example.test"), (20, "mx2.example.test")]
    assert await resolver.query("www.example.test", "CNAME") == ["example.test."]


async def test_cname_into_a_zone_the_server_does_not_chase_is_followed_by_the_resolver() -> None:
    zones = {
        "example.test": {"alias": {"CNAME": "host.other.test."}},
        "other.test": {"host": {"A": "192.0.2.9"}},
    }
    with DNSServer(zones, chase_cnames=False) as srv:
        resolver = Resolver([srv.nameserver], timeout=2.0)
        assert await resolver.query("alias.example.test", "A") == ["192.0.2.9"]
        assert srv.queries == [("alias.example.test", "A"), ("host.other.test", "A")]


async def test_cname_loop_is_not_found_not_a_hang() -> None:
    zones = {"a.test": {"x": {"CNAME": "y.b.test."}}, "b.test": {"y": {"CNAME": "x.a.test."}}}
    with DNSServer(zones, chase_cnames=False) as srv:
        resolver = Resolver([srv.nameserver], timeout=2.0)
        with pytest.raises(DNSNotFound):
            await resolver.query("x.a.test", "A")


async def test_ptr(resolver: Resolver) -> None:
    assert await resolver.ptr("192.0.2.10") == ["mail.example.test"]
    with pytest.raises(DNSNotFound) as exc:
        await resolver.ptr("192.0.2.11")
    assert exc.value.nxdomain
    with pytest.raises(ValueError):
        await resolver.ptr("192.0.2.300")


async def test_wildcard_and_empty_non_terminal(resolver: Resolver) -> None:
    assert await resolver.query("anything.wild.example.test", "A") == ["192.0.2.80"]
    with pytest.raises(DNSNotFound) as exc:
        await resolver.query("ent.example.test", "A")
    assert not exc.value.nxdomain  # exists: it has a child, deep.ent


# -- not found ----------------------------------------------------------------------------


async def test_nxdomain_and_nodata_are_told_apart(resolver: Resolver) -> None:
    with pytest.raises(DNSNotFound) as nx:
        await resolver.query("missing.example.test", "A")
    assert nx.value.nxdomain
    assert nx.value.name == "missing.example.test"
    with pytest.raises(DNSNotFound) as nodata:
        await resolver.query("mx1.example.test", "TXT")
    assert not nodata.value.nxdomain
    assert nodata.value.rdtype == "TXT"


@pytest.mark.parametrize(
    "name",
    ["", ".", "a..example.test", ".example.test", "x" * 64 + ".test", "a." * 130 + "test", "sp ace.test"],
)
async def test_malformed_names_are_not_found_without_a_query(
    server: DNSServer, resolver: Resolver, name: str
) -> None:
    with pytest.raises(DNSNotFound) as exc:
        await resolver.query(name, "A")
    assert exc.value.nxdomain
    assert server.queries == []


async def test_unknown_record_type_is_a_programming_error(resolver: Resolver) -> None:
    with pytest.raises(ValueError):
        await resolver.query("example.test", "NOSUCHTYPE")


# -- caching ------------------------------------------------------------------------------


async def test_positive_answers_are_cached_until_their_ttl(
    server: DNSServer, resolver: Resolver, clock: FakeClock
) -> None:
    for _ in range(3):
        assert await resolver.query("short.example.test", "A") == ["192.0.2.30"]
    assert server.count("short.example.test") == 1
    clock.advance(29)
    await resolver.query("short.example.test", "A")
    assert server.count("short.example.test") == 1
    clock.advance(2)
    await resolver.query("short.example.test", "A")
    assert server.count("short.example.test") == 2


async def test_cache_lifetime_is_the_shortest_ttl_in_the_cname_chain(
    server: DNSServer, resolver: Resolver, clock: FakeClock
) -> None:
    await resolver.query("www.example.test", "A")  # CNAME TTL 5, target TTL 300
    clock.advance(4)
    await resolver.query("www.example.test", "A")
    assert server.count("www.example.test", "A") == 1
    clock.advance(2)
    await resolver.query("www.example.test", "A")
    assert server.count("www.example.test", "A") == 2


async def test_cache_key_ignores_case_and_trailing_dot(server: DNSServer, resolver: Resolver) -> None:
    await resolver.query("EXAMPLE.test", "a")
    await resolver.query("example.TEST.", "A")
    assert server.count("example.test", "A") == 1


async def test_nxdomain_is_cached_for_the_soa_minimum_and_for_every_type(
    server: DNSServer, resolver: Resolver, clock: FakeClock
) -> None:
    for rdtype in ("A", "A", "MX", "TXT"):
        with pytest.raises(DNSNotFound) as exc:
            await resolver.query("missing.example.test", rdtype)
        assert exc.value.nxdomain
    assert server.queries == [("missing.example.test", "A")]  # RFC 8020: nothing exists below
    clock.advance(61)  # SOA minimum is 60 (SOA TTL 3600): the smaller one counts
    with pytest.raises(DNSNotFound):
        await resolver.query("missing.example.test", "MX")
    assert server.count("missing.example.test") == 2


async def test_nodata_is_cached_for_its_type_only(
    server: DNSServer, resolver: Resolver, clock: FakeClock
) -> None:
    for _ in range(2):
        with pytest.raises(DNSNotFound) as exc:
            await resolver.query("mx1.example.test", "TXT")
        assert not exc.value.nxdomain
    assert server.count("mx1.example.test", "TXT") == 1
    assert await resolver.query("mx1.example.test", "A") == ["192.0.2.10"]
    clock.advance(61)
    with pytest.raises(DNSNotFound):
        await resolver.query("mx1.example.test", "TXT")
    assert server.count("mx1.example.test", "TXT") == 2


async def test_cache_is_bounded_and_evicts_the_least_recently_used(
    server: DNSServer, clock: FakeClock
) -> None:
    resolver = Resolver([server.nameserver], timeout=2.0, cache_size=2, clock=clock)
    await resolver.query("mx1.example.test", "A")
    await resolver.query("mx2.example.test", "A")
    await resolver.query("mx1.example.test", "A")  # mx1 is now the most recently used
    await resolver.query("ns.example.test", "A")  # evicts mx2
    await resolver.query("mx1.example.test", "A")
    await resolver.query("mx2.example.test", "A")
    assert server.count("mx1.example.test") == 1
    assert server.count("mx2.example.test") == 2


async def test_cache_size_zero_disables_the_cache(server: DNSServer) -> None:
    resolver = Resolver([server.nameserver], timeout=2.0, cache_size=0)
    await resolver.query("mx1.example.test", "A")
    await resolver.query("mx1.example.test", "A")
    assert server.count("mx1.example.test") == 2


async def test_clear_cache(server: DNSServer, resolver: Resolver) -> None:
    await resolver.query("mx1.example.test", "A")
    resolver.clear_cache()
    await resolver.query("mx1.example.test", "A")
    assert server.count("mx1.example.test") == 2


async def test_concurrent_identical_queries_share_one_lookup(server: DNSServer) -> None:
    resolver = Resolver([server.nameserver], timeout=2.0, cache_size=0)  # sharing, not caching
    results = await asyncio.gather(*(resolver.query("example.test", "MX") for _ in range(20)))
    assert all(
        sorted(r.lower() for r in rs) == ["10 mx1.example.test.", "20 mx2.example.test."] for rs in results
    )
    assert server.count("example.test", "MX") == 1


async def test_one_waiter_cancelled_does_not_cancel_the_shared_lookup(server: DNSServer) -> None:
    server.drop_names.add("slow.example.test")
    resolver = Resolver([server.nameserver], timeout=0.5)
    first = asyncio.ensure_future(resolver.query("slow.example.test", "A"))
    second = asyncio.ensure_future(resolver.query("slow.example.test", "A"))
    await asyncio.sleep(0)
    first.cancel()
    with pytest.raises(DNSTempError):
        await second
    assert first.cancelled()
    assert server.count("slow.example.test", "A") == 1


# -- failures -----------------------------------------------------------------------------


async def test_servfail_is_a_temporary_error_and_not_cached(server: DNSServer, resolver: Resolver) -> None:
    server.servfail_names.add("mx1.example.test")
    for _ in range(2):
        with pytest.raises(DNSTempError) as exc:
            await resolver.query("mx1.example.test", "A")
        assert "SERVFAIL" in str(exc.value)
    assert server.count("mx1.example.test") == 2
    server.servfail_names.clear()
    assert await resolver.query("mx1.example.test", "A") == ["192.0.2.10"]


@pytest.mark.timeout(10)
async def test_unanswered_query_times_out_as_temporary_error(server: DNSServer) -> None:
    server.drop_names.add("mx1.example.test")
    resolver = Resolver([server.nameserver], timeout=0.3)
    with pytest.raises(DNSTempError) as exc:
        await resolver.query("mx1.example.test", "A")
    assert "no answer within 0.3s" in str(exc.value)


@pytest.mark.timeout(10)
async def test_garbage_reply_is_a_temporary_error(server: DNSServer) -> None:
    server.garbage_names.add("mx1.example.test")
    resolver = Resolver([server.nameserver], timeout=0.3)
    with pytest.raises(DNSTempError):
        await resolver.query("mx1.example.test", "A")
    assert server.count("mx1.example.test", "A") >= 1


async def test_unreachable_nameserver_is_a_temporary_error() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    resolver = Resolver([f"127.0.0.1:{port}"], timeout=0.5)
    with pytest.raises(DNSTempError):
        await resolver.query("example.test", "A")


async def test_addresses_partial_failure_returns_what_was_found(
    server: DNSServer, resolver: Resolver
) -> None:
    server.servfail_names.add("example.test/AAAA")
    assert await resolver.addresses("example.test") == ["192.0.2.1"]
    server.servfail_names.add("mx1.example.test/AAAA")
    server.servfail_names.add("mx1.example.test/A")
    with pytest.raises(DNSTempError):
        await resolver.addresses("mx1.example.test")


async def test_addresses_not_found(resolver: Resolver) -> None:
    with pytest.raises(DNSNotFound) as nx:
        await resolver.addresses("missing.example.test")
    assert nx.value.nxdomain
    with pytest.raises(DNSNotFound) as nodata:
        await resolver.addresses("nothing.example.test")
    assert not nodata.value.nxdomain


# -- mail exchangers ----------------------------------------------------------------------


async def test_mail_exchangers_in_preference_order(resolver: Resolver) -> None:
    assert await resolver.mail_exchangers("example.test") == ["mx1.example.test", "mx2.example.test"]


async def test_equal_preferences_are_shuffled(server: DNSServer) -> None:
    orders = set()
    for seed in range(20):
        resolver = Resolver([server.nameserver], timeout=2.0, rng=random.Random(seed))
        hosts = await resolver.mail_exchangers("equal.example.test")
        assert hosts[0] == "d.equal.example.test"
        assert set(hosts[1:3]) == {"a.equal.example.test", "b.equal.example.test"}
        assert hosts[3] == "c.equal.example.test"
        orders.add(tuple(hosts))
    assert len(orders) == 2


async def test_null_mx_refuses_mail_even_with_an_address(resolver: Resolver) -> None:
    assert await resolver.mx("nullmx.example.test") == [(0, ".")]
    with pytest.raises(NullMX) as exc:
        await resolver.mail_exchangers("nullmx.example.test")
    assert isinstance(exc.value, DNSNotFound)
    assert not exc.value.nxdomain


async def test_implicit_mx_is_the_domain_itself(resolver: Resolver) -> None:
    assert await resolver.mail_exchangers("NoMX.example.test.") == ["nomx.example.test"]


async def test_no_mx_and_no_address_is_not_found(resolver: Resolver) -> None:
    with pytest.raises(DNSNotFound) as exc:
        await resolver.mail_exchangers("nothing.example.test")
    assert not exc.value.nxdomain
    assert not isinstance(exc.value, NullMX)


async def test_mail_exchangers_of_a_missing_domain(resolver: Resolver) -> None:
    with pytest.raises(DNSNotFound) as exc:
        await resolver.mail_exchangers("missing.example.test")
    assert exc.value.nxdomain


async def test_mail_exchangers_temporary_failure(server: DNSServer, resolver: Resolver) -> None:
    server.servfail_names.add("example.test/MX")
    with pytest.raises(DNSTempError):
        await resolver.mail_exchangers("example.test")


# -- configuration ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "address", "port"),
    [
        ("192.0.2.1", "192.0.2.1", 53),
        ("192.0.2.1:5353", "192.0.2.1", 5353),
        ("2001:db8::1", "2001:db8::1", 53),
        ("[2001:db8::1]:5353", "2001:db8::1", 5353),
        ("[2001:db8::1]", "2001:db8::1", 53),
    ],
)
def test_parse_nameserver(text: str, address: str, port: int) -> None:
    ns = parse_nameserver(text)
    assert (ns.address, ns.port) == (address, port)


@pytest.mark.parametrize(
    "text", ["", "dns.example", "192.0.2.1:0", "192.0.2.1:70000", "[2001:db8::1]53", "1.2.3:53"]
)
def test_parse_nameserver_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_nameserver(text)


async def test_from_config(server: DNSServer) -> None:
    resolver = Resolver.from_config(DNSConfig(nameservers=[server.nameserver], timeout=2.0))
    assert await resolver.query("mx1.example.test", "A") == ["192.0.2.10"]


def _ipv6_loopback() -> bool:
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_DGRAM) as sock:
            sock.bind(("::1", 0))
    except OSError:
        return False
    return True


@pytest.mark.skipif(not _ipv6_loopback(), reason="no IPv6 loopback")
async def test_ipv6_nameserver() -> None:
    with DNSServer({"example.test": ZONE}, address="::1") as srv:
        assert srv.nameserver == f"[::1]:{srv.port}"
        resolver = Resolver([srv.nameserver], timeout=2.0)
        assert await resolver.query("mx1.example.test", "A") == ["192.0.2.10"]


# -- the test server itself (other test files rely on it) ----------------------------------


def _ask(
    server: DNSServer, name: str, rdtype: str, *, edns: bool = False, tcp: bool = False
) -> dns.message.Message:
    if edns:
        query = dns.message.make_query(name, rdtype, use_edns=0, payload=1232)
    else:
        query = dns.message.make_query(name, rdtype, use_edns=False)
    if tcp:
        return dns.query.tcp(query, server.address, port=server.port, timeout=2)
    return dns.query.udp(query, server.address, port=server.port, timeout=2, raise_on_truncation=False)


def test_server_truncates_udp_to_512_without_edns_and_to_the_client_size_with_it(server: DNSServer) -> None:
    server.set_zone("size.test", {"mid": {"TXT": "m" * 700}})
    plain = _ask(server, "mid.size.test", "TXT")
    assert plain.flags & dns.flags.TC
    with_edns = _ask(server, "mid.size.test", "TXT", edns=True)
    assert not with_edns.flags & dns.flags.TC
    assert not _ask(server, "mid.size.test", "TXT", tcp=True).flags & dns.flags.TC


def test_server_negative_answers_carry_the_soa(server: DNSServer) -> None:
    for name, rdtype, rcode in [
        ("missing.example.test", "A", dns.rcode.NXDOMAIN),
        ("mx1.example.test", "TXT", 0),
    ]:
        response = _ask(server, name, rdtype)
        assert response.rcode() == rcode
        assert response.flags & dns.flags.AA
        assert not response.answer
        assert [rrset.rdtype for rrset in response.authority] == [dns.rdatatype.SOA]


def test_server_refuses_names_outside_its_zones(server: DNSServer) -> None:
    assert _ask(server, "example.org", "A").rcode() == dns.rcode.REFUSED


def test_server_adds_soa_and_ns_to_dict_zones_and_quotes_txt() -> None:
    with DNSServer({"dict.test": {"@": {"TXT": 'v=spf1 "quoted" -all', "MX": ["10 mx", "20 mx2"]}}}) as srv:
        assert _ask(srv, "dict.test", "SOA").answer
        assert _ask(srv, "dict.test", "NS").answer
        txt = _ask(srv, "dict.test", "TXT").answer[0]
        assert b"".join(next(iter(txt)).strings) == b'v=spf1 "quoted" -all'
        assert len(_ask(srv, "dict.test", "MX").answer[0]) == 2
        assert not srv.errors


def test_server_stops_cleanly() -> None:
    srv = DNSServer({"example.test": ZONE}).start()
    port = srv.port
    srv.stop()
    # Both ports are free again: the sockets were closed, not leaked.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as tcp:
        tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        tcp.bind(("127.0.0.1", port))
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
        udp.bind(("127.0.0.1", port))
