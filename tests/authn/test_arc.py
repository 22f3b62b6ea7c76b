"""ARC (RFC 8617): the ValiMail validation and signing suites, and our own cases.

Suite data: tests/data/arc (ValiMail arc_test_suite, MIT, see LICENSE.txt there). Messages use
LF line ends and are converted to CRLF; signing results are compared as sets of tags with
whitespace removed (the suite's own comparison, tests/data/arc/UPSTREAM-SCHEMA-README.md)."""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml  # type: ignore[import-untyped, unused-ignore]
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa
from hypothesis import given, settings
from hypothesis import strategies as st

from relaywarden.authn.arc import ARCResult, seal_message, trusted_override, validate_chain
from relaywarden.authn.dnsview import ResolverDNS, StaticDNS
from relaywarden.dns import Resolver
from tests.support.dnsserver import DNSServer

DATA = Path(__file__).parent.parent / "data" / "arc"

# The suite records one implementation's output ("") for chains whose seal carries cv=fail;
# RFC 8617 §5.2 step 2 says such a chain's validation result is "fail". We follow the RFC;
# test_empty_cv_cases_fail_per_rfc asserts that explicitly.
EMPTY_CV_REASON = "suite expects an empty cv; RFC 8617 §5.2 says fail (see test_empty_cv_cases_fail_per_rfc)"
SUITE_DISAGREES_WITH_RFC = {"cv_fail_i1_as_cv_fail", "cv_fail_i2_as2_fail", "cv_fail_i2_as1_fail"}


def _crlf(text: str) -> bytes:
    return text.replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-8")


def _txt(value: str) -> str:
    return "".join(value.split("\n")).strip()


def _load(name: str) -> list[dict[str, Any]]:
    with (DATA / name).open(encoding="utf-8") as handle:
        return [doc for doc in yaml.safe_load_all(handle) if doc]


def _zone(doc: dict[str, Any]) -> StaticDNS:
    records = doc.get("txt-records") or doc.get("txt_records") or {}
    return StaticDNS({name: {"TXT": [_txt(value)]} for name, value in records.items()})


def _validation_cases() -> Iterator[Any]:
    for doc in _load("arc-draft-validation-tests.yml"):
        for name, test in doc["tests"].items():
            marks = []
            if name in SUITE_DISAGREES_WITH_RFC:
                marks.append(pytest.mark.xfail(strict=True, reason=EMPTY_CV_REASON))
            yield pytest.param(doc, test, id=name, marks=marks)


def _signing_cases() -> Iterator[Any]:
    for doc in _load("arc-draft-sign-tests.yml"):
        for name, test in doc["tests"].items():
            yield pytest.param(doc, test, id=name)


VALIDATION = list(_validation_cases())
SIGNING = list(_signing_cases())


def test_suite_sizes() -> None:
    assert len(VALIDATION) == 171
    assert len(SIGNING) == 17


@pytest.mark.parametrize(("doc", "test"), VALIDATION)
async def test_validation_suite(doc: dict[str, Any], test: dict[str, Any]) -> None:
    result = await validate_chain(_crlf(test["message"]), dns=_zone(doc))
    assert result.cv == str(test["cv"]).strip().lower(), result.reason


async def test_empty_cv_cases_fail_per_rfc() -> None:
    found = 0
    for doc in _load("arc-draft-validation-tests.yml"):
        for name, test in doc["tests"].items():
            if name in SUITE_DISAGREES_WITH_RFC:
                found += 1
                assert str(test["cv"]).strip() == ""
                result = await validate_chain(_crlf(test["message"]), dns=_zone(doc))
                assert result.cv == "fail"
                assert "cv=fail" in result.reason or "reported failure" in result.reason
    assert found == 3


def _consolidated(message: bytes, srv_id: str) -> tuple[str, str]:
    """The suite's AR consolidation: results of every Authentication-Results with our
    authserv-id, in order; the chain status is their arc= result."""
    results: list[str] = []
    header_part = message.split(b"\r\n\r\n", 1)[0].decode()
    for field in re.split(r"\r\n(?![ \t])", header_part):
        name, _, value = field.partition(":")
        if name.strip().lower() != "authentication-results":
            continue
        authserv, _, rest = " ".join(value.split()).partition(";")
        if authserv.strip() == srv_id:
            results += [r.strip() for r in rest.split(";") if r.strip()]
    arc = [r.split("=", 1)[1].strip().lower() for r in results if r.lower().startswith("arc=")]
    cv = "none" if not arc else arc[0] if len(arc) == 1 else "fail"
    return "; ".join(results), cv


def _tags(value: str) -> set[str]:
    return {t for t in re.sub(r"\s+", "", value).split(";") if t}


def _field(lines: list[bytes], name: str) -> str:
    prefix = name.encode() + b":"
    return next(line[len(prefix):].decode() for line in lines if line.startswith(prefix))


@pytest.mark.parametrize(("doc", "test"), SIGNING)
def test_signing_suite(doc: dict[str, Any], test: dict[str, Any]) -> None:
    message = _crlf(test["message"])
    results, cv = _consolidated(message, test["srv-id"])
    chain = ARCResult(cv=cv, instances=0, sealers=(), oldest_pass=0, reason="from the suite's AR")  # type: ignore[arg-type]
    lines = seal_message(message, domain=doc["domain"], selector=doc["sel"],
                         private_key_pem=doc["privatekey"].encode(), authserv_id=test["srv-id"],
                         auth_results=results, chain=chain, timestamp=int(test["t"]),
                         sign_headers=test["sig-headers"].split(":"))
    if not (test["AS"] or "").strip():
        assert lines == []
        return
    assert len(lines) == 3 and all(line.endswith(b"\r\n") for line in lines)
    assert [line.split(b":")[0] for line in lines] == [b"ARC-Seal", b"ARC-Message-Signature",
                                                     b"ARC-Authentication-Results"]
    assert _tags(_field(lines, "ARC-Seal")) == _tags(test["AS"])
    assert _tags(_field(lines, "ARC-Message-Signature")) == _tags(test["AMS"])
    assert _tags(_field(lines, "ARC-Authentication-Results")) == _tags(test["AAR"])


# --- our own cases ---------------------------------------------------------------------------

MESSAGE = (b"From: Alice <alice@origin.example>\r\nTo: list@lists.example\r\n"
           b"Subject: hello\r\nDate: Sat, 28 Nov 2026 02:00:00 +0000\r\n"
           b"Message-ID: <1@origin.example>\r\n\r\nHello, list.\r\n")


def _rsa_key() -> tuple[bytes, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    der = key.public_key().public_bytes(serialization.Encoding.DER,
                                        serialization.PublicFormat.SubjectPublicKeyInfo)
    return pem, f"v=DKIM1; k=rsa; p={base64.b64encode(der).decode()}"


KEY1, RECORD1 = _rsa_key()
KEY2, RECORD2 = _rsa_key()
ZONE = {"s1._domainkey.lists.example": {"TXT": [RECORD1]},
        "s2._domainkey.forwarder.example": {"TXT": [RECORD2]}}
NONE = ARCResult("none", 0, (), 0, "no ARC sets")


def _seal(message: bytes, chain: ARCResult, hop: int) -> bytes:
    domain, selector, key = (("lists.example", "s1", KEY1) if hop == 1 else ("forwarder.example", "s2", KEY2))
    lines = seal_message(message, domain=domain, selector=selector, private_key_pem=key,
                         authserv_id=f"mx.{domain}", auth_results="spf=pass smtp.mailfrom=origin.example",
                         chain=chain)
    assert len(lines) == 3
    return b"".join(lines) + message


async def _two_hops(tamper_between: bool = False) -> tuple[bytes, ARCResult]:
    dns = StaticDNS(ZONE)
    once = _seal(MESSAGE, NONE, 1)
    first = await validate_chain(once, dns=dns)
    assert (first.cv, first.instances, first.sealers) == ("pass", 1, ("lists.example",))
    if tamper_between:
        once = once.replace(b"Hello, list.", b"Hello, list. [footer]")
    twice = _seal(once, first, 2)
    return twice, await validate_chain(twice, dns=dns)


async def test_round_trip_two_sealers() -> None:
    _, result = await _two_hops()
    assert result == ARCResult("pass", 2, ("lists.example", "forwarder.example"), 0, "chain validates")
    assert trusted_override(result, ["Forwarder.Example."])
    assert not trusted_override(result, ["lists.example"])  # only the newest sealer counts


async def test_modified_between_hops_still_passes_with_oldest_pass() -> None:
    _, result = await _two_hops(tamper_between=True)
    assert result.cv == "pass"
    assert result.oldest_pass == 2


async def test_modified_after_last_seal_fails() -> None:
    twice, _ = await _two_hops()
    result = await validate_chain(twice.replace(b"Hello, list.", b"Hello, victim."), dns=StaticDNS(ZONE))
    assert result.cv == "fail"
    assert "ARC-Message-Signature" in result.reason
    assert not trusted_override(result, ["forwarder.example"])


async def test_seal_key_temperror_is_a_clear_result() -> None:
    twice, _ = await _two_hops()
    dns = StaticDNS(ZONE, temperror=["s2._domainkey.forwarder.example"])
    result = await validate_chain(twice, dns=dns)
    assert result.cv == "fail"
    assert result.temperror
    assert result.reason.startswith("temperror:") and "s2._domainkey.forwarder.example" in result.reason
    assert not trusted_override(result, ["forwarder.example"])


async def test_missing_seal_key_is_fail_not_temperror() -> None:
    twice, _ = await _two_hops()
    result = await validate_chain(twice, dns=StaticDNS({"s1._domainkey.lists.example": {"TXT": [RECORD1]}}))
    assert result.cv == "fail" and not result.temperror


async def test_real_dns_server_round_trip() -> None:
    twice, _ = await _two_hops()
    zones = {"lists.example": {"s1._domainkey": {"TXT": RECORD1}},
             "forwarder.example": {"s2._domainkey": {"TXT": RECORD2}}}
    with DNSServer(zones=zones) as server:
        dns = ResolverDNS(Resolver([server.nameserver], timeout=1.0))
        result = await validate_chain(twice, dns=dns)
        assert result.cv == "pass", result.reason
        server.drop_names.add("s2._domainkey.forwarder.example")
        dns = ResolverDNS(Resolver([server.nameserver], timeout=0.3))
        result = await validate_chain(twice, dns=dns)
        assert (result.cv, result.temperror) == ("fail", True)


async def test_ed25519_seal_is_not_supported_by_dkimpy_arc() -> None:
    """dkimpy's ARC accepts a=rsa-sha256 only (ARC_HASH_ALGORITHMS), so no ed25519 round
    trip: an ed25519 key is refused for sealing and an ed25519 seal fails validation."""
    key = ed25519.Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    with pytest.raises(ValueError, match="rsa-sha256"):
        seal_message(MESSAGE, domain="lists.example", selector="s1", private_key_pem=key,
                     authserv_id="mx.lists.example", auth_results="spf=pass", chain=NONE)
    once = _seal(MESSAGE, NONE, 1).replace(b"ARC-Seal: a=rsa-sha256", b"ARC-Seal: a=ed25519-sha256", 1)
    result = await validate_chain(once, dns=StaticDNS(ZONE))
    assert result.cv == "fail"
    assert "algorithm" in result.reason


async def test_too_many_instances_fail_without_dns() -> None:
    dns = StaticDNS(ZONE)
    message = b"ARC-Seal: i=51; a=rsa-sha256; cv=pass; d=x.example; s=s; b=AAAA\r\n" + MESSAGE
    result = await validate_chain(message, dns=dns)
    assert result.cv == "fail" and "limit" in result.reason
    assert dns.queries == []


async def test_no_arc_headers_is_none() -> None:
    assert (await validate_chain(MESSAGE, dns=StaticDNS({}))).cv == "none"
    assert (await validate_chain(b"not a header\r\n\r\nbody", dns=StaticDNS({}))).cv == "none"


def test_no_seal_on_top_of_a_failed_chain() -> None:
    message = b"ARC-Seal: i=1; a=rsa-sha256; cv=fail; d=x.example; s=s; b=AAAA\r\n" + MESSAGE
    failed = ARCResult("fail", 1, ("x.example",), 0, "cv=fail")
    assert seal_message(message, domain="lists.example", selector="s1", private_key_pem=KEY1,
                        authserv_id="mx.lists.example", auth_results="spf=pass", chain=failed) == []


async def test_header_injection_in_auth_results_is_neutralised() -> None:
    lines = seal_message(MESSAGE, domain="lists.example", selector="s1", private_key_pem=KEY1,
                         authserv_id="mx.lists.example", auth_results="spf=pass\r\nBcc: evil@example",
                         chain=NONE)
    aar = lines[2]
    assert aar.count(b"\r\n") == aar.count(b"\r\n ") + 1  # only folds, one terminator
    assert b"arc=none; spf=pass Bcc: evil@example" in aar.replace(b"\r\n ", b" ")
    assert (await validate_chain(b"".join(lines) + MESSAGE, dns=StaticDNS(ZONE))).cv == "pass"


def test_trusted_override_requires_pass() -> None:
    passing = ARCResult("pass", 1, ("lists.example",), 0, "chain validates")
    assert trusted_override(passing, {"lists.example"})
    assert not trusted_override(passing, set())
    assert not trusted_override(ARCResult("fail", 1, ("lists.example",), 0, "x"), {"lists.example"})
    assert not trusted_override(NONE, {"lists.example"})


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=200), st.sampled_from([b"ARC-Seal", b"ARC-Message-Signature",
                                                 b"ARC-Authentication-Results"]))
async def test_hostile_arc_fields_never_raise(junk: bytes, name: bytes) -> None:
    message = _seal(MESSAGE, NONE, 1)
    hostile = name + b": i=1; " + junk.replace(b"\r", b"").replace(b"\n", b" ") + b"\r\n" + message
    result = await validate_chain(hostile, dns=StaticDNS(ZONE))
    assert result.cv in ("none", "pass", "fail")



def _der_int(value: int) -> bytes:
    body = value.to_bytes(value.bit_length() // 8 + 1, "big")
    return b"\x02" + _der_len(len(body)) + body


def _der_len(length: int) -> bytes:
    return bytes([length]) if length < 128 else bytes([0x82]) + length.to_bytes(2, "big")


async def test_hostile_huge_exponent_key_is_refused() -> None:
    """dkimpy verifies RSA with Python's pow(): a published key with a 4096-bit exponent
    would cost much CPU per signature, times up to 100 signatures. Such a key is dropped."""
    body = _der_int((1 << 2047) + 12345) + _der_int((1 << 4095) + 1)
    hostile = base64.b64encode(b"\x30" + _der_len(len(body)) + body).decode()
    once = _seal(MESSAGE, NONE, 1)
    zone = {"s1._domainkey.lists.example": {"TXT": [f"v=DKIM1; k=rsa; p={hostile}"]}}
    result = await validate_chain(once, dns=StaticDNS(zone))
    assert result.cv == "fail" and not result.temperror


async def test_leading_zero_instance_is_still_an_arc_set() -> None:
    message = b"ARC-Seal: i=0000001; a=rsa-sha256; cv=none; d=x.example; s=s; b=AAAA\r\n" + MESSAGE
    assert (await validate_chain(message, dns=StaticDNS({}))).cv == "fail"


def test_seal_of_unparsable_message_is_empty_not_an_exception() -> None:
    assert seal_message(b"no colon here\r\n\r\nbody", domain="lists.example", selector="s1",
                        private_key_pem=KEY1, authserv_id="mx.lists.example", auth_results="spf=pass",
                        chain=NONE) == []
    with pytest.raises(ValueError):
        seal_message(MESSAGE, domain="lists.example; x=1", selector="s1", private_key_pem=KEY1,
                     authserv_id="mx.lists.example", auth_results="spf=pass", chain=NONE)
