"""The MAIL FROM / RCPT TO argument parser: what each address becomes, or why it is refused."""

from __future__ import annotations

import importlib.util

import pytest

from relaywarden.policy.address import AddressError, Mailbox, parse_path, quote_local


def rcpt(arg: str) -> Mailbox:
    mailbox, _ = parse_path(arg, null_allowed=False)
    assert mailbox is not None
    return mailbox


def refused(arg: str, *, null_allowed: bool = False) -> AddressError:
    with pytest.raises(AddressError) as info:
        parse_path(arg, null_allowed=null_allowed)
    return info.value


# --- framing: brackets, spaces, parameters ---------------------------------------------------


@pytest.mark.parametrize(
    ("arg", "address", "rest"),
    [
        ("<user@example.com>", "user@example.com", ""),
        ("<user@example.com> SIZE=1000 BODY=8BITMIME", "user@example.com", "SIZE=1000 BODY=8BITMIME"),
        (" <user@example.com>", "user@example.com", ""),  # "MAIL FROM: <...>", common
        ("user@example.com", "user@example.com", ""),  # no angle brackets, common
        ("user@example.com SIZE=5", "user@example.com", "SIZE=5"),
        ("<user@example.com>SIZE=5", "user@example.com", "SIZE=5"),
    ],
)
def test_tolerated_framing(arg: str, address: str, rest: str) -> None:
    mailbox, params = parse_path(arg, null_allowed=True)
    assert mailbox is not None
    assert mailbox.address == address
    assert params == rest


@pytest.mark.parametrize(
    ("arg", "words"),
    [
        ("", "no address"),
        ("   ", "no address"),
        ("<user@example.com", "'<' without '>'"),
        ("user@example.com>", "'>' without '<'"),
        ("<<user@example.com>>", "'<' inside"),
        ("<user @example.com>", "space"),
        ('<"user@example.com>', "unbalanced quote"),
        ("<user@[192.0.2.1>", "inside an address literal"),
        ("<user@192.0.2.1]>", "']' without '['"),
    ],
)
def test_malformed_path_is_501(arg: str, words: str) -> None:
    err = refused(arg)
    assert (err.code, err.status) == (501, "5.1.3")
    assert words in err.text
    assert err.reply == f"501 5.1.3 {err.text}"


@pytest.mark.parametrize(
    "arg", ["<user@example.com\r\nRCPT TO:<x@y>>", "<us\x00er@example.com>", "<a@b>\x7f", "<a\t@b>"]
)
def test_control_characters_are_refused(arg: str) -> None:
    err = refused(arg)
    assert (err.code, err.status) == (501, "5.1.3")
    assert "control character" in err.text


# --- null path and postmaster ----------------------------------------------------------------


def test_null_sender_is_none_with_params() -> None:
    assert parse_path("<> SIZE=10", null_allowed=True) == (None, "SIZE=10")


def test_null_path_refused_where_not_allowed() -> None:
    err = refused("<>", null_allowed=False)
    assert err.code == 501
    assert "only for MAIL FROM" in err.text


@pytest.mark.parametrize("arg", ["<postmaster>", "<Postmaster>", "<POSTMASTER>", "postmaster"])
def test_bare_postmaster_in_rcpt(arg: str) -> None:
    assert rcpt(arg) == Mailbox("postmaster", "")
    assert rcpt(arg).address == "postmaster"


def test_bare_postmaster_is_not_a_sender() -> None:
    assert "no domain" in refused("<postmaster>", null_allowed=True).text


def test_postmaster_with_domain_is_an_ordinary_mailbox() -> None:
    assert rcpt("<Postmaster@Local.Test>") == Mailbox("Postmaster", "local.test")


# --- source routes ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("arg", "address"),
    [
        ("<@local.test:user@remote.test>", "user@remote.test"),
        ("<@remote.test:user@local.test>", "user@local.test"),
        ("<@a.test,@b.test:user@c.test>", "user@c.test"),
    ],
)
def test_source_route_is_stripped(arg: str, address: str) -> None:
    mailbox = rcpt(arg)
    assert mailbox.address == address
    assert mailbox.had_source_route


@pytest.mark.parametrize(
    ("arg", "words"),
    [
        ("<@local.test:>", "source route with no mailbox"),
        ("<@local.test>", "source route with no mailbox"),
        ("<@a.test,b.test:user@c.test>", "malformed source route"),
        ("<@a..test:user@c.test>", "malformed source route"),
    ],
)
def test_bad_source_route_is_501(arg: str, words: str) -> None:
    err = refused(arg)
    assert err.code == 501
    assert words in err.text


# --- local parts: routing characters survive parsing, unquoted ------------------------------


@pytest.mark.parametrize(
    ("arg", "local"),
    [
        ("<user%remote.test@local.test>", "user%remote.test"),  # percent hack: valid atext
        ("<remote.test!user@local.test>", "remote.test!user"),  # bang path: valid atext
        ('<"user@remote.test"@local.test>', "user@remote.test"),  # quoted '@'
        ('<"user%remote.test"@local.test>', "user%remote.test"),
        ('<"remote:user"@local.test>', "remote:user"),
        ('<"a\\"b\\\\c"@local.test>', 'a"b\\c'),  # escapes resolved
        ('<"john"@local.test>', "john"),
    ],
)
def test_local_part_is_unquoted_as_the_router_sees_it(arg: str, local: str) -> None:
    mailbox = rcpt(arg)
    assert mailbox.local == local
    assert mailbox.domain == "local.test"


@pytest.mark.parametrize(
    ("local", "wire"),
    [
        ("john", "john"),
        ("john.smith", "john.smith"),
        ("user@remote", '"user@remote"'),
        ("a b", '"a b"'),
        ('a"b\\c', '"a\\"b\\\\c"'),
        (".john", '".john"'),
        ("a..b", '"a..b"'),
    ],
)
def test_quote_local(local: str, wire: str) -> None:
    assert quote_local(local) == wire


def test_canonical_address_requotes_and_keeps_case() -> None:
    assert rcpt('<"User@Remote"@LOCAL.Test>').address == '"User@Remote"@local.test'


@pytest.mark.parametrize(
    ("arg", "words"),
    [
        ("<user@remote.test@local.test>", "more than one '@'"),
        ("<a@b@c.test>", "more than one '@'"),
        ("<@local.test>", "source route"),  # a lone '@domain' is a route with nothing after
        ("<remote.test!user>", "no domain"),  # bang path without domain
        ("remote.test!user", "no domain"),
        ("<user>", "no domain"),
        ("<@>", "source route"),
        ("<@local.test:@x.test>", "empty local part"),
        ("<user@>", "no domain"),
        ('<""@local.test>', "empty local part"),
        ('<"user"@>', "no domain"),
        ('<"user">', "no domain"),
        ('<"us"er@local.test>', "between the quoted local part and '@'"),
        ("<.user@local.test>", "dot"),
        ("<user.@local.test>", "dot"),
        ("<us..er@local.test>", "dot"),
        ("<us(er@local.test>", "'('"),
        ("<us,er@local.test>", "','"),
    ],
)
def test_bad_mailbox_is_refused(arg: str, words: str) -> None:
    err = refused(arg)
    assert err.status == "5.1.3"
    assert words in err.text


@pytest.mark.parametrize("arg", ['<""@local.test>', "<@remote.test:@local.test>"])
def test_empty_local_part_is_553(arg: str) -> None:
    err = refused(arg)
    assert (err.code, err.status, err.text) == (553, "5.1.3", "empty local part")


# --- domains ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("arg", "domain"),
    [
        ("<user@local.test.>", "local.test"),  # one trailing dot: the root, same domain
        ("<USER@LOCAL.TEST>", "local.test"),
        ("<user@Sub-1.Local.Test>", "sub-1.local.test"),
        ("<user@xn--bcher-kva.test>", "xn--bcher-kva.test"),
    ],
)
def test_domain_is_normalised(arg: str, domain: str) -> None:
    assert rcpt(arg).domain == domain


def test_local_part_case_is_kept() -> None:
    assert rcpt("<USER@LOCAL.TEST>").local == "USER"


@pytest.mark.parametrize(
    ("arg", "words"),
    [
        ("<user@local.test..>", "empty label"),
        ("<user@local..test>", "empty label"),
        ("<user@.local.test>", "empty label"),
        ("<user@.>", "empty label"),
        ("<user@-local.test>", "'-'"),
        ("<user@local-.test>", "'-'"),
        ("<user@loc_al.test>", "letters, digits"),
        ("<user@local.test;evil.test>", "letters, digits"),
        ("<user@192.0.2.1>", "looks like an IP address"),
        ("<user@" + "a" * 64 + ".test>", "label longer than 63"),
    ],
)
def test_bad_domain_is_553(arg: str, words: str) -> None:
    err = refused(arg)
    assert (err.code, err.status) == (553, "5.1.3")
    assert words in err.text


# --- address literals ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("arg", "domain"),
    [
        ("<user@[192.0.2.1]>", "[192.0.2.1]"),
        ("<user@[IPv6:2001:DB8:0:0::1]>", "[ipv6:2001:db8::1]"),
        ("<user@[ipv6:::1]>", "[ipv6:::1]"),
        ("<user@[IPv6:::ffff:192.0.2.1]>", "[ipv6:::ffff:c000:201]"),
    ],
)
def test_valid_literals_are_normalised(arg: str, domain: str) -> None:
    mailbox = rcpt(arg)
    assert mailbox.domain == domain
    assert mailbox.is_literal


@pytest.mark.parametrize(
    ("arg", "words"),
    [
        ("<user@[192.0.2.256]>", "not an IPv4 address"),
        ("<user@[192.0.2]>", "not an IPv4 address"),
        ("<user@[192.000.002.001]>", "not an IPv4 address"),
        ("<user@[]>", "not an IPv4 address"),
        ("<user@[local.test]>", "not an IPv4 address"),
        ("<user@[2001:db8::1]>", "only IPv4 and IPv6"),  # IPv6 needs its tag
        ("<user@[IPv6:2001:db8::g]>", "not an IPv6 address"),
        ("<user@[IPv6:192.0.2.1]>", "not an IPv6 address"),
        ("<user@[IPv6:fe80::1%eth0]>", "not an IPv6 address"),
        ("<user@[x-tag:anything]>", "only IPv4 and IPv6"),
        ("<user@[192.0.2.1]x>", "'[' without ']'"),
    ],
)
def test_bad_literals_are_553(arg: str, words: str) -> None:
    err = refused(arg)
    assert (err.code, err.status) == (553, "5.1.3")
    assert words in err.text


# --- lengths and character set ---------------------------------------------------------------


def test_local_part_length_limit() -> None:
    assert rcpt("<" + "a" * 64 + "@local.test>").local == "a" * 64
    err = refused("<" + "a" * 65 + "@local.test>")
    assert (err.code, err.status) == (553, "5.1.3")
    assert "longer than 64" in err.text


def test_quoted_local_part_length_counts_the_wire_form() -> None:
    # 62 characters plus the two quotes is 64 octets on the wire: the limit exactly.
    assert rcpt('<"' + "a" * 62 + '"@local.test>').local == "a" * 62
    assert "longer than 64" in refused('<"' + "a" * 63 + '"@local.test>').text


def test_domain_length_limit() -> None:
    longest = ".".join(["a" * 63] * 4)
    assert len(longest) == 255
    assert rcpt(f"<u@{longest}>").domain == longest
    too_long = ".".join(["a" * 63] * 3 + ["b" * 62, "c"])
    assert len(too_long) == 256
    err = refused(f"<u@{too_long}>")
    assert (err.code, err.status) == (553, "5.1.3")
    assert "domain longer than 255" in err.text


def test_custom_limits() -> None:
    with pytest.raises(AddressError, match="longer than 8"):
        parse_path("<abcdefghi@local.test>", null_allowed=False, max_local=8)
    with pytest.raises(AddressError, match="domain longer than 10"):
        parse_path("<a@abcdef.test>", null_allowed=False, max_domain=10)


@pytest.mark.parametrize(
    "arg",
    ["<üser@local.test>", "<user@lökal.test>", '<"üser"@local.test>', "<user@local.test> X=é"],
)
def test_non_ascii_is_553_5_6_7(arg: str) -> None:
    err = refused(arg)
    assert (err.code, err.status) == (553, "5.6.7")
    assert "SMTPUTF8" in err.text


# --- properties ------------------------------------------------------------------------------
# hypothesis is not yet in the project's test extras; without it only these tests skip.

if importlib.util.find_spec("hypothesis") is None:

    def test_properties_need_hypothesis() -> None:
        pytest.skip("hypothesis is not installed")

else:
    from hypothesis import given
    from hypothesis import strategies as st

    _SMTP_ALPHABET = st.sampled_from(list('<>@"\\[]:.,%! -_aZ09IPv6fx\x00\r\néü'))

    def _parse_or_refuse(arg: str, null_allowed: bool) -> tuple[Mailbox | None, str] | None:
        try:
            return parse_path(arg, null_allowed=null_allowed)
        except AddressError as err:
            assert err.code in (501, 553)
            assert err.reply.startswith(f"{err.code} {err.status} ")
            return None

    @given(st.text(), st.booleans())
    def test_any_string_parses_or_raises_address_error(arg: str, null_allowed: bool) -> None:
        _parse_or_refuse(arg, null_allowed)

    @given(st.text(_SMTP_ALPHABET, max_size=40), st.booleans())
    def test_address_shaped_strings_parse_or_raise_address_error(arg: str, null_allowed: bool) -> None:
        _parse_or_refuse(arg, null_allowed)

    _PRINTABLE_ASCII = st.characters(min_codepoint=32, max_codepoint=126)
    _DOMAINS = st.sampled_from(["local.test", "x", "[192.0.2.1]", "[ipv6:2001:db8::1]"])

    @given(st.text(_PRINTABLE_ASCII, min_size=1, max_size=30), _DOMAINS)
    def test_any_printable_local_part_round_trips_through_quoting(local: str, domain: str) -> None:
        wire = quote_local(local)
        mailbox = rcpt(f"<{wire}@{domain}>")
        assert (mailbox.local, mailbox.domain) == (local, domain)
        assert mailbox.address == f"{wire}@{domain}"
