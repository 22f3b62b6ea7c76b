"""Lookalike domains and URL parsing: the tricks phishers use, and the honest names next to them."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from relaywarden.scan.lookalike import (
    LookalikeIndex,
    decode_idna,
    default_psl,
    edit_distance,
    lookalike_of,
    organizational_domain,
    scripts_of,
    skeleton,
)
from relaywarden.scan.urls import (
    host_of,
    is_data_url,
    is_file_sharing,
    is_form_hosting,
    is_ip_literal,
    is_redirector,
    is_shortener,
    parse_url,
    registrable_domain,
    shown_host,
    unwrap_redirect,
)

PROTECTED = ("example.com", "paypal.com", "microsoft.com", "office.com", "docusign.net", "dhl.com",
             "apple.com", "google.com", "linkedin.com", "amazon.com")


@pytest.fixture(scope="module")
def index() -> LookalikeIndex:
    return LookalikeIndex(PROTECTED)


# --- skeletons ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "expected"), [
    ("pаypal.com", "paypal.com"),  # Cyrillic а
    ("paypa1.com", "paypal.com"),
    ("micros0ft.com", "microsoft.com"),
    ("rnicrosoft.com", "microsoft.com"),
    ("xn--pypal-4ve.com", "paypal.com"),  # punycode of pаypal
    ("ｐａｙｐａｌ.com", "paypal.com"),  # fullwidth
    ("pàypal.com", "paypal.com"),  # accent
    ("gооgle.com", "google.com"),  # two Cyrillic о
    ("PayPal.COM.", "paypal.com"),
])
def test_skeleton_folds_lookalike_characters(name: str, expected: str) -> None:
    assert skeleton(name) == expected


def test_decode_idna_keeps_invalid_punycode() -> None:
    assert decode_idna("XN--PYPAL-4VE.com.") == "pаypal.com"
    assert decode_idna("xn--zz.com") == "xn--zz.com"


def test_decode_idna_without_punycode_only_normalises() -> None:
    assert decode_idna("  WWW.Example.COM.\t") == "www.example.com"
    assert decode_idna("mail.XN--PYPAL-4VE.com") == "mail.pаypal.com"
    assert decode_idna("") == ""


def test_skeleton_answers_stay_the_same_when_repeated() -> None:
    first = [skeleton(n) for n in ("pаypal.com", "rnicrosoft.com", "xn--pypal-4ve.com")]
    assert first == [skeleton(n) for n in ("pаypal.com", "rnicrosoft.com", "xn--pypal-4ve.com")]
    assert first == ["paypal.com", "microsoft.com", "paypal.com"]


def test_scripts_and_edit_distance() -> None:
    assert scripts_of("pаypal") == {"LATIN", "CYRILLIC"}
    assert scripts_of("paypal-1") == {"LATIN"}
    assert edit_distance("paypal", "paypai", 2) == 1
    assert edit_distance("mircosoft", "microsoft", 2) == 1  # a swap counts once
    assert edit_distance("paypal", "completelydifferent", 2) == 3  # capped at limit + 1


# --- lookalike_of ------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "imitates", "kind"), [
    ("paypa1.com", "paypal.com", "confusable"),
    ("rnicrosoft.com", "microsoft.com", "confusable"),
    ("exarnple.com", "example.com", "confusable"),
    ("pаypal.com", "paypal.com", "punycode"),
    ("xn--pypal-4ve.com", "paypal.com", "punycode"),
    ("login.xn--pypal-4ve.com", "paypal.com", "punycode"),
    ("paypal.com.evil.net", "paypal.com", "subdomain"),
    ("www.paypal.com-secure.xyz", "paypal.com", "subdomain"),
    ("dhl.com.tracking-eu.info", "dhl.com", "subdomain"),
    ("paypal-secure.com", "paypal.com", "added-word"),
    ("paypa1-secure.com", "paypal.com", "added-word"),
    ("securepaypal-login.net", "paypal.com", "added-word"),
    ("microsoft-support.com", "microsoft.com", "added-word"),
    ("dhl-tracking.com", "dhl.com", "added-word"),
    ("apple-id.com", "apple.com", "added-word"),
    # an organisation's own name with a corporate or IT word: the MFA and payroll lures
    ("examplecorp-support.com", "example.com", "added-word"),
    ("example-corp-it.workers.dev", "example.com", "added-word"),
    ("mfa-sync.example-hr-portal.com", "example.com", "added-word"),
    ("paypal.xyz", "paypal.com", "other-tld"),
    ("example.org", "example.com", "other-tld"),
    ("paypai.com", "paypal.com", "edit"),
    ("mircosoft.com", "microsoft.com", "edit"),
    ("docusing.net", "docusign.net", "edit"),
    ("linkedn.com", "linkedin.com", "edit"),
])
def test_lookalikes_are_found(index: LookalikeIndex, name: str, imitates: str, kind: str) -> None:
    found = index.match(name)
    assert found is not None, name
    assert (found.imitates, found.kind) == (imitates, kind)
    assert found.detail


@pytest.mark.parametrize("name", [
    "paypal.com", "www.paypal.com", "PAYPAL.COM.", "mail.example.com", "example.com",
    # honest neighbours
    "amazon.de", "google.co.uk", "amazonaws.com", "googleusercontent.com", "appleinsider.com",
    "microsoftstore.com", "dhlparcel.nl", "evil-paypal.com", "github.com", "paypay.ne.jp",
    "amazon-prime-deals.com", "dhl.de", "www.paypal.com.au", "paypal.com.au",
    # not domains at all
    "", "1.2.3.4", "a..b", ".paypal.com", "x" * 300, "paypal.com/login", "user@paypal.com", "\x00\x01",
])
def test_honest_and_invalid_names_are_not_flagged(index: LookalikeIndex, name: str) -> None:
    assert index.match(name) is None


def test_protected_domains_and_subdomains_are_owned(index: LookalikeIndex) -> None:
    assert index.owns("login.paypal.com")
    assert index.owns("paypal.com")
    assert not index.owns("paypal.com.evil.net")
    assert not index.owns("garbage name")


def test_lookalike_of_uses_the_given_list() -> None:
    assert lookalike_of("acrne.com", ["acme.com"]) is not None
    assert lookalike_of("acrne.com", ["other.org"]) is None
    assert lookalike_of("acrne.com", []) is None
    found = lookalike_of("xn--pypal-4ve.com", ["paypal.com"])
    assert found is not None and "Cyrillic" in found.detail and found.domain == "pаypal.com"


def test_distinctive_labels_count_alone_as_a_subdomain() -> None:
    index = LookalikeIndex(["paypal.com", "office.com", "acme.com"], distinctive=["paypal"])
    found = index.match("paypal.server4566.com")
    assert found is not None and found.kind == "subdomain" and "server4566.com" in found.detail
    assert index.match("secure.paypal.example.net") is not None
    # ordinary words and tenant names are left alone
    assert index.match("office.contoso.com") is None
    assert index.match("acme.sharepoint.com") is None
    assert LookalikeIndex(["paypal.com"]).match("paypal.server4566.com") is None


def test_short_brands_are_not_flagged_by_typo() -> None:
    # dhl/dsl: three letters have too many honest neighbours
    assert lookalike_of("dsl.com", ["dhl.com"]) is None
    assert lookalike_of("dh1.com", ["dhl.com"]) is not None


# --- URLs --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("url", "host", "userinfo", "ip"), [
    ("https://paypal.com@evil.net/x", "evil.net", "paypal.com", False),
    ("https://user:pass@host.example:8443/p?q#f", "host.example", "user:pass", False),
    ("http://3232235777/", "192.168.1.1", "", True),
    ("http://0xC0A80101/a", "192.168.1.1", "", True),
    ("http://0300.0250.1.1/", "192.168.1.1", "", True),
    ("http://127.1/", "127.0.0.1", "", True),
    ("http://[::1]:8080/", "::1", "", True),
    ("https:\\\\evil.net\\x", "evil.net", "", False),
    ("hxxp://evil[.]net/a", "evil.net", "", False),
    ("www.paypa1.com/login", "www.paypa1.com", "", False),
    ("//evil.net/x", "evil.net", "", False),
    ("HTTPS://WWW.Example.COM./", "www.example.com", "", False),
    ("http://xn--pypal-4ve.com/", "pаypal.com", "", False),
    ("  <https://ex\tample.com/>  ", "example.com", "", False),
])
def test_parse_url_finds_the_real_host(url: str, host: str, userinfo: str, ip: bool) -> None:
    info = parse_url(url)
    assert info is not None
    assert (info.host, info.userinfo, info.ip) == (host, userinfo, ip)


def test_hrefs_without_scheme_are_relative_unless_www() -> None:
    assert parse_url("paypal.html") is not None  # link text: reads as a name
    assert parse_url("paypal.html", bare=False) is None  # href: a relative path
    www = parse_url("www.paypa1.com/login", bare=False)
    assert www is not None and www.host == "www.paypa1.com"


def test_obfuscated_ip_notation_is_noted() -> None:
    decimal = parse_url("http://3232235777/")
    assert decimal is not None and decimal.obfuscated_ip
    plain = parse_url("http://192.168.1.1/")
    assert plain is not None and plain.ip and not plain.obfuscated_ip


@pytest.mark.parametrize("url", ["", "   ", "http://", "http://1.2.3.999/", "http://exa mple.com/",
                                 "12:30", "just words", "http://%00/", "http://a.b.c.d.1/",
                                 "http://[zz::1]/", "http://" + "a" * 300 + ".com/"])
def test_garbage_is_not_a_url(url: str) -> None:
    assert parse_url(url) is None
    assert host_of(url) is None


def test_schemes_without_host() -> None:
    for url, scheme in [("mailto:a@b.example", "mailto"), ("data:text/html;base64,AAAA", "data"),
                        ("javascript:alert(1)", "javascript"), ("tel:+4412345", "tel")]:
        info = parse_url(url)
        assert info is not None and info.scheme == scheme and info.host == ""
    assert is_data_url(" DATA:text/html,<b>x</b>")
    assert not is_data_url("https://example.com/data:")


def test_ip_literal_and_registrable_domain() -> None:
    assert is_ip_literal("10.0.0.1") and is_ip_literal("::1") and is_ip_literal("http://0x7f.1/")
    assert not is_ip_literal("example.com") and not is_ip_literal("https://example.com/1.2.3.4")
    assert registrable_domain("www.paypal.co.uk") == "paypal.co.uk"
    assert registrable_domain("a.b.example.com") == "example.com"
    assert registrable_domain("1.2.3.4") is None
    assert registrable_domain("co.uk") is None
    assert registrable_domain("") is None


def test_service_lists() -> None:
    assert is_shortener("https://bit.ly/abc") and is_shortener("tinyurl.com")
    assert not is_shortener("https://notbit.ly/") and not is_shortener("https://example.com/bit.ly")
    assert is_file_sharing("https://www.dropbox.com/s/x") and is_file_sharing("https://we.tl/t-abc")
    assert not is_file_sharing("https://example.com/")
    assert is_form_hosting("https://docs.google.com/forms/d/e/x/viewform")
    assert not is_form_hosting("https://docs.google.com/document/d/x")
    assert is_form_hosting("https://someone.wixsite.com/login")
    assert is_redirector("https://us1.list-manage.com/track/click?u=1")
    assert is_redirector("https://www.google.com/url?q=x") and not is_redirector("https://www.google.com/maps")
    assert not is_shortener("not a url at all")


def test_remembered_organizational_domains_are_the_lists_answers() -> None:
    psl = default_psl()
    names = ["www.example.co.uk", "a.b.example.com", "co.uk", "example..com", "", " x@y.com", "bücher.de.", "com"]
    for _ in range(2):  # the second round is answered from the cache
        assert [organizational_domain(n, psl) for n in names] == [psl.organizational_domain(n) for n in names]
    assert organizational_domain("www.example.co.uk", psl) == "example.co.uk"
    assert registrable_domain("mail.example.co.uk") == "example.co.uk"


def test_service_lists_answer_the_same_for_a_remembered_host() -> None:
    for _ in range(3):  # the second and third answers come from the memo
        assert is_shortener("https://bit.ly/abc") and is_shortener("https://sub.bit.ly/x")
        assert not is_shortener("https://bit.ly.example.net/")
        assert is_form_hosting("https://docs.google.com/forms/x") and not is_form_hosting("https://docs.google.com/a")


@pytest.mark.parametrize(("url", "inner"), [
    ("https://eur01.safelinks.protection.outlook.com/?url=https%3A%2F%2Fpaypa1.com%2Flogin&data=05%7C01",
     "https://paypa1.com/login"),
    ("https://urldefense.com/v3/__https://paypa1.com/login__;!!Abc", "https://paypa1.com/login"),
    ("https://urldefense.proofpoint.com/v2/url?u=https-3A__paypa1.com_login&d=DwMF", "https://paypa1.com/login"),
    ("https://www.google.com/url?q=https://evil.example.net/x&sa=D", "https://evil.example.net/x"),
    ("https://www.google.com/search?q=https://evil.example.net/", None),
    ("https://evil.example.net/?url=https://paypal.com/", None),
    ("https://www.google.com/url?q=not%20a%20url", None),
    ("not a url", None),
])
def test_unwrap_redirect(url: str, inner: str | None) -> None:
    assert unwrap_redirect(url) == inner


@pytest.mark.parametrize(("text", "host"), [
    ("https://www.paypal.com/signin", "www.paypal.com"),
    ("www.paypal.com", "www.paypal.com"),
    ("paypal.com", "paypal.com"),
    ("Log in at https://paypal.com/x now", "paypal.com"),
    ("hxxps://evil[.]net", "evil.net"),
    ("(example.org)", "example.org"),
    ("setup.py", None),
    ("Node.js", None),
    ("Click here", None),
    ("Visit paypal.com today", None),
    ("", None),
])
def test_shown_host(text: str, host: str | None) -> None:
    assert shown_host(text) == host


# --- hostile input -----------------------------------------------------------------------------

_PIECES = st.sampled_from(["http://", "https:", "\\", "/", "@", ".", "%2e", "%00", "[", "]", "::", "0x", "07",
                           "255", "4294967296", "xn--", "xn--pypal-4ve", "paypal", "com", "а", "ο", "1", "-", ":",
                           "?", "#", "\x00", "\t", " ", "hxxp", "[.]", "www."])
_URLISH = st.lists(_PIECES, max_size=12).map("".join)


_FUZZ_INDEX = LookalikeIndex(PROTECTED)


@settings(max_examples=150, deadline=None, derandomize=True)
@given(text=st.one_of(_URLISH, st.text(max_size=60)))
def test_url_and_domain_helpers_never_raise(text: str) -> None:
    info = parse_url(text)
    assert info is None or isinstance(info.host, str)
    shown_host(text)
    is_ip_literal(text)
    is_shortener(text)
    unwrap_redirect(text)
    registrable_domain(text)
    assert isinstance(skeleton(text), str)
    found = _FUZZ_INDEX.match(text)
    assert found is None or found.imitates in PROTECTED
