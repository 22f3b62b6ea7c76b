"""ARC (RFC 8617): chain validation, sealing, and the trusted-sealer override.

Validation keeps dkimpy's ARC parsing, canonicalisation and chain walk (`dkim.ARC.verify`),
behind an async interface: the ARC-Seal and ARC-Message-Signature keys are fetched first with
our `DNSLookup`, then dkimpy runs against a dict of those answers, so nothing blocks the event
loop on DNS. dkimpy's chain result is mapped onto RFC 8617 §5.2 (a chain whose newest seal
says cv=fail is `fail`; dkimpy reports it as "terminated", None).

Sealing is ours (dkimpy's `arc_sign` needs the `authres` package and pure-Python RSA): it uses
dkimpy's relaxed canonicalisation and header selection, and `cryptography` for the signature.

dkimpy's ARC accepts only a=rsa-sha256 (its ARC_HASH_ALGORITHMS), so an ed25519-sha256 seal
validates as `fail` with the reason "unknown signature algorithm", and `seal_message` signs
with RSA keys only.
"""

from __future__ import annotations

import asyncio
import base64
import functools
import hashlib
import logging
import re
import time
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Literal

import dkim  # type: ignore[import-untyped]
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from dkim.canonicalization import Relaxed  # type: ignore[import-untyped]
from dkim.util import InvalidTagValueList, parse_tag_value  # type: ignore[import-untyped]

from relaywarden.authn.dnsview import DNSLookup, DNSTempError

__all__ = ["MAX_INSTANCES", "ARCResult", "seal_message", "trusted_override", "validate_chain"]

#: RFC 8617 §4.2.1: i= is 1..50; a longer chain is invalid (and bounds our DNS work).
MAX_INSTANCES = 50
#: A DKIM key record is well under 1 KB even for RSA-4096; larger TXT answers are hostile.
_MAX_KEY_RECORD = 4096
#: Larger RSA keys are refused (RFC 8301 asks verifiers to handle up to 4096 bits).
_MAX_RSA_BITS = 8192
#: Clock leeway for t= in the future, as dkimpy allows (10 hours).
_CLOCK_SLOP = 36000
_ARC_NAMES = (b"arc-seal", b"arc-message-signature", b"arc-authentication-results")
_LABEL = re.compile(r"^[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$")

# dkimpy logs every failed signature at ERROR; on hostile input that is noise, and the
# reason travels in ARCResult.reason. Lower this logger's level to see dkimpy's detail.
_DKIMPY_LOG = logging.getLogger(f"{__name__}.dkimpy")
_DKIMPY_LOG.setLevel(logging.CRITICAL)

CV = Literal["none", "pass", "fail"]


@dataclass(frozen=True)
class ARCResult:
    """The outcome of RFC 8617 §5.2 chain validation.

    `sealers` are the d= of each ARC-Seal, oldest (i=1) first. `oldest_pass` is RFC 8617
    §5.2 step 5's "oldest-pass": 0 when every ARC-Message-Signature validates, else the lowest
    instance from which all newer AMSs validate (0 too when the chain does not pass).
    `temperror` is True when the chain failed because a key could not be fetched (a DNS
    timeout or SERVFAIL): the failure may go away on retry, so callers should not treat it
    as proof of tampering."""

    cv: CV
    instances: int
    sealers: tuple[str, ...]
    oldest_pass: int
    reason: str
    temperror: bool = False


# --- validation -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _ArcHeaders:
    instances: int
    seals: dict[int, dict[bytes, bytes]]
    signatures: dict[int, dict[bytes, bytes]]


def _instance_number(digits: bytes) -> int:
    """i= as a number; any absurd value just needs to exceed MAX_INSTANCES (no bignums)."""
    significant = digits.lstrip(b"0") or b"0"
    return int(significant) if len(significant) <= 6 else 10**6


def _parse_arc_headers(headers: Sequence[tuple[bytes, bytes]]) -> _ArcHeaders:
    """Tag lists of the ARC-Seal and ARC-Message-Signature fields by instance (unparsable
    ones are skipped here: dkimpy's chain walk reports them)."""
    seals: dict[int, dict[bytes, bytes]] = {}
    signatures: dict[int, dict[bytes, bytes]] = {}
    top = 0
    for name, value in Relaxed.canonicalize_headers(headers):
        lname = name.lower()
        if lname not in _ARC_NAMES:
            continue
        match = dkim.ARC.INSTANCE_RE.search(value)
        if match is None:
            continue
        instance = _instance_number(match.group(1))
        top = max(top, instance)
        if lname == b"arc-authentication-results":
            continue
        try:
            tags = parse_tag_value(value)
        except InvalidTagValueList:
            continue
        (seals if lname == b"arc-seal" else signatures).setdefault(instance, tags)
    return _ArcHeaders(top, seals, signatures)


def _key_name(tags: dict[bytes, bytes]) -> str | None:
    """The selector._domainkey.domain name for a signature, or None if it is not a sane DNS
    name (dkimpy then finds no key and fails that signature)."""
    try:
        selector = tags[b"s"].decode("ascii").strip()
        domain = tags[b"d"].decode("ascii").strip().rstrip(".")
    except (KeyError, UnicodeDecodeError):
        return None
    name = f"{selector}._domainkey.{domain}".lower()
    if len(name) > 253 or not all(_LABEL.match(label) for label in name.split(".")):
        return None
    return name


def _sane_key_record(record: str) -> bool:
    """dkimpy verifies RSA in Python (pow(s, e, n)): a hostile key with a huge modulus or
    exponent would make each of up to 100 verifications cost up to seconds. Such records
    are dropped, which fails that signature like a missing key."""
    try:
        tags = parse_tag_value(record.encode("ascii"))
        key = base64.b64decode(tags.get(b"p", b""))
    except (InvalidTagValueList, UnicodeEncodeError, ValueError):
        return False
    if not key or tags.get(b"k", b"rsa") != b"rsa":
        return True  # revoked or non-RSA: dkimpy gives the precise reason
    try:
        public = serialization.load_der_public_key(key)
    except (ValueError, TypeError):
        return False
    return (isinstance(public, rsa.RSAPublicKey) and public.key_size <= _MAX_RSA_BITS
            and public.public_numbers().e < 2**32)


async def _fetch_key(dns: DNSLookup, name: str) -> str | DNSTempError | None:
    try:
        answers = await dns.lookup(name, "TXT")
    except DNSTempError as exc:
        return exc
    usable = [a for a in answers if len(a) <= _MAX_KEY_RECORD and _sane_key_record(a)]
    return usable[0] if usable else None


class _PrefetchedKeys:
    """dkimpy's dnsfunc, answering from the keys fetched beforehand."""

    def __init__(self, answers: dict[str, str | DNSTempError | None]) -> None:
        self._answers = answers
        self.temperrors: list[str] = []

    def __call__(self, name: bytes, timeout: float = 5) -> bytes | None:
        key = name.decode("ascii", "replace").lower().rstrip(".")
        answer = self._answers.get(key)
        if isinstance(answer, DNSTempError):
            self.temperrors.append(key)
            raise dkim.DnsTimeoutError(str(answer))
        return answer.encode("ascii", "replace") if answer is not None else None


def _future_timestamp(arc: _ArcHeaders, now: float) -> str | None:
    for kind, sets in (("ARC-Seal", arc.seals), ("ARC-Message-Signature", arc.signatures)):
        for instance, tags in sets.items():
            stamp = tags.get(b"t", b"")
            if stamp.isdigit() and len(stamp) < 20 and int(stamp) > now + _CLOCK_SLOP:
                return f"{kind}[{instance}] t= is in the future"
    return None


def _oldest_pass(results: list[dict[str, object]]) -> int:
    """RFC 8617 §5.2 step 5, over dkimpy's per-instance results (newest first)."""
    for result in results[1:]:
        if not result.get("ams-valid"):
            instance = result["instance"]
            return instance + 1 if isinstance(instance, int) else 0
    return 0


def _fail(instances: int, sealers: tuple[str, ...], reason: str, temperror: bool = False) -> ARCResult:
    return ARCResult("fail", instances, sealers, 0, reason, temperror)


def _run_dkimpy(message: bytes, arc: _ArcHeaders, sealers: tuple[str, ...],
                keys: _PrefetchedKeys) -> ARCResult:
    try:
        verifier = dkim.ARC(message, minkey=1024, logger=_DKIMPY_LOG)
        cv, results, reason = verifier.verify(dnsfunc=keys)
    except Exception as exc:  # hostile headers can trip any dkimpy parser path
        return _fail(arc.instances, sealers, f"malformed ARC header: {exc}")
    reason = str(reason)
    if cv is None:
        # dkimpy says "terminated"; RFC 8617 §5.2 step 2: a seal with cv=fail fails the chain,
        # whatever DNS said.
        return _fail(arc.instances, sealers, reason)
    if keys.temperrors and cv != dkim.CV_Pass:
        return _fail(arc.instances, sealers,
                     f"temperror: key lookup failed for {', '.join(sorted(set(keys.temperrors)))}", True)
    if cv == dkim.CV_Pass:
        return ARCResult("pass", arc.instances, sealers, _oldest_pass(results), "chain validates")
    if cv == dkim.CV_None:
        return ARCResult("none", 0, (), 0, reason)
    return _fail(arc.instances, sealers, reason)


def _has_arc_field(message: bytes) -> bool:
    return re.search(rb"(?im)^arc-(seal|message-signature|authentication-results)\s*:", message) is not None


async def validate_chain(message: bytes, *, dns: DNSLookup, now: float | None = None) -> ARCResult:
    """Validate the ARC chain of `message` (RFC 8617 §5.2). Never raises on hostile input:
    malformed fields give `fail` with a reason, an unreachable key `fail` with temperror.

    `now` is the time for our t= sanity check (a seal more than 10 hours in the future
    fails); dkimpy also applies that check against the wall clock."""
    try:
        headers, _body = dkim.rfc822_parse(message)
    except dkim.MessageFormatError as exc:
        if _has_arc_field(message):
            return _fail(0, (), f"malformed message header: {exc}")
        return ARCResult("none", 0, (), 0, "no ARC sets (message header unparsable)")
    arc = _parse_arc_headers([(bytes(n), bytes(v)) for n, v in headers])
    if arc.instances == 0:
        return ARCResult("none", 0, (), 0, "no ARC sets")
    sealers = tuple(arc.seals[i].get(b"d", b"").decode("ascii", "replace").lower()
                    for i in sorted(arc.seals))
    if arc.instances > MAX_INSTANCES:
        return _fail(arc.instances, sealers, f"i={arc.instances} exceeds the limit of {MAX_INSTANCES}")
    future = _future_timestamp(arc, time.time() if now is None else now)
    if future is not None:
        return _fail(arc.instances, sealers, future)
    names = {name for tags in (*arc.seals.values(), *arc.signatures.values())
             if (name := _key_name(tags)) is not None}
    fetched = await asyncio.gather(*(_fetch_key(dns, name) for name in sorted(names)))
    keys = _PrefetchedKeys(dict(zip(sorted(names), fetched, strict=True)))
    # dkimpy canonicalises the body once per AMS and verifies RSA in Python: off the loop.
    return await asyncio.to_thread(_run_dkimpy, message, arc, sealers, keys)


# --- sealing --------------------------------------------------------------------------------


def _tag_header(fields: Sequence[tuple[str, str]]) -> bytes:
    """Tags in alphabetical order, "; " separated: the suite's standard form (whitespace is
    immaterial to relaxed canonicalisation, so folding it later keeps the signature)."""
    return "; ".join(f"{k}={v}" for k, v in sorted(fields)).encode("ascii")


def _signed_header(key: rsa.RSAPrivateKey, covered: Sequence[tuple[bytes, bytes]], name: bytes,
                   fields: Sequence[tuple[str, str]]) -> bytes:
    """The header value with b= filled in. `covered` are relaxed-canonical fields in hash
    order; the header itself is hashed last, with b= empty and no trailing CRLF (RFC 6376
    §3.7, which RFC 8617 §5.1 follows)."""
    unsigned = _tag_header([*fields, ("b", "")])
    data = bytearray()
    for field_name, value in [*covered, *Relaxed.canonicalize_headers([(name, b" " + unsigned)])]:
        data += field_name + b":" + value
    signature = key.sign(bytes(data).rstrip(b"\r\n"), padding.PKCS1v15(), hashes.SHA256())
    return _tag_header([*fields, ("b", base64.b64encode(signature).decode("ascii"))])


def _fold(name: bytes, value: bytes) -> bytes:
    """Fold only where the value already has a space: a fold inside a tag (b= included)
    would add a space under relaxed canonicalisation, and the next ARC-Seal covers this
    field with its b= value, as the suite's generator left it."""
    lines = [name + b":"]
    words_on_line = 0
    for word in value.split(b" "):
        if words_on_line and len(lines[-1]) + 1 + len(word) > 78:
            lines.append(b"")
            words_on_line = 0
        lines[-1] += b" " + word
        words_on_line += 1
    return b"\r\n".join(lines) + b"\r\n"


def _one_line(text: str, what: str) -> str:
    """Caller-supplied header text: whitespace (CR/LF included) collapsed, so nothing can be
    injected as a separate header field."""
    clean = " ".join(text.split())
    if not clean.isascii() or any(ord(c) < 32 for c in clean):
        raise ValueError(f"{what} must be printable ASCII")
    return clean


def _default_sign_headers(headers: Sequence[tuple[bytes, bytes]]) -> list[bytes]:
    present = [n.lower() for n, _ in headers if n.lower() in dkim.DKIM.SHOULD]
    return [*present, b"from"]  # From over-signed: no second From can be added unnoticed


@functools.lru_cache(maxsize=64)
def _load_rsa_key(private_key_pem: bytes) -> rsa.RSAPrivateKey:
    """Loaded once per key: OpenSSL's RSA consistency check costs ~100 ms, signing ~1 ms."""
    key = serialization.load_pem_private_key(private_key_pem, password=None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ValueError("ARC sealing supports rsa-sha256 keys only (RFC 8617 via dkimpy)")
    return key


def _newest_cv(arc: _ArcHeaders) -> bytes:
    return arc.seals.get(arc.instances, {}).get(b"cv", b"").lower()


def _arc_sets(headers: Sequence[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """Existing ARC set fields, relaxed, in seal-hash order: instance 1..N, each AAR, AMS,
    AS (RFC 8617 §5.1.1)."""
    order = {name: rank for rank, name in enumerate(_ARC_NAMES[::-1])}
    keyed: list[tuple[int, int, tuple[bytes, bytes]]] = []
    for name, value in Relaxed.canonicalize_headers(headers):
        match = dkim.ARC.INSTANCE_RE.search(value)
        if name.lower() in order and match is not None:
            keyed.append((_instance_number(match.group(1)), order[name.lower()], (name, value)))
    return [field for _, _, field in sorted(keyed, key=lambda k: (k[0], k[1]))]


def seal_message(message: bytes, *, domain: str, selector: str, private_key_pem: bytes,
                 authserv_id: str, auth_results: str, chain: ARCResult,
                 timestamp: int | None = None, sign_headers: Sequence[str] | None = None) -> list[bytes]:
    """The next ARC set for `message`, as three CRLF-terminated header lines to prepend:
    ARC-Seal, ARC-Message-Signature, ARC-Authentication-Results (RFC 8617 §5.1).

    `chain` is our validation of the message as received; its cv goes into the seal, and an
    `arc=` result is added to the AAR if `auth_results` has none. Returns [] when RFC 8617
    says not to seal: the newest seal already says cv=fail (§5.1), the chain would exceed
    i=50, or the message has ARC sets but `chain` says none (nothing validated them); also
    when the message header cannot be parsed (hostile input never raises).
    `sign_headers` are the fields the AMS covers (default: RFC 6376's list, From over-signed).
    Raises ValueError for a bad key or header text (our configuration, not network input)."""
    if _key_name({b"s": selector.encode(), b"d": domain.encode()}) is None:
        raise ValueError(f"not a usable selector/domain for a key record: {selector!r}, {domain!r}")
    try:
        parsed, body = dkim.rfc822_parse(message)
    except dkim.MessageFormatError:
        return []  # a header we cannot parse is not one we can vouch for
    headers = [(bytes(n), bytes(v)) for n, v in parsed]
    arc = _parse_arc_headers(headers)
    instance = arc.instances + 1
    if instance > MAX_INSTANCES or _newest_cv(arc) == b"fail":
        return []
    if (chain.cv == "none") != (arc.instances == 0):
        if chain.cv == "none":
            return []
        raise ValueError(f"chain says cv={chain.cv} but the message has no ARC sets")
    key = _load_rsa_key(private_key_pem)
    results = _one_line(auth_results, "auth_results").strip("; ")
    if not re.search(r"(?:^|;)\s*arc\s*=", results):
        results = f"arc={chain.cv}; {results}" if results else f"arc={chain.cv}"
    aar = f"i={instance}; {_one_line(authserv_id, 'authserv_id')}; {results}".encode("ascii")
    timestamp_text = str(int(time.time()) if timestamp is None else timestamp)
    base = [("a", "rsa-sha256"), ("d", domain.lower()), ("i", str(instance)), ("s", selector.lower()),
            ("t", timestamp_text)]

    include = [h.lower().encode("ascii") for h in sign_headers] if sign_headers else \
        _default_sign_headers(headers)
    if b"arc-seal" in include or b"from" not in include:
        raise ValueError("the AMS must sign From and must not sign ARC-Seal (RFC 8617 §4.1.2)")
    aar_field = (b"ARC-Authentication-Results", b" " + aar)
    signed = Relaxed.canonicalize_headers([aar_field, *headers])
    body_hash = base64.b64encode(hashlib.sha256(Relaxed.canonicalize_body(body)).digest()).decode()
    covered = dkim.select_headers(signed, include)
    ams = _signed_header(key, covered, b"ARC-Message-Signature",
                         [*base, ("bh", body_hash), ("c", "relaxed/relaxed"),
                          ("h", ":".join(h.decode() for h in include))])

    # cv=fail seals only its own set (RFC 8617 §5.1.2): the broken chain is not vouched for.
    previous = [] if chain.cv == "fail" else _arc_sets(headers)
    own = Relaxed.canonicalize_headers([aar_field, (b"ARC-Message-Signature", b" " + ams)])
    sealed = [*previous, *own]
    seal = _signed_header(key, sealed, b"ARC-Seal", [*base, ("cv", chain.cv)])
    return [_fold(b"ARC-Seal", seal), _fold(b"ARC-Message-Signature", ams),
            _fold(b"ARC-Authentication-Results", aar)]


# --- policy ---------------------------------------------------------------------------------


def trusted_override(result: ARCResult, trusted_sealers: Collection[str]) -> bool:
    """True when the chain passes and its newest sealer (the highest instance, the hop that
    handed the message to us) is a configured trusted sealer.

    RFC 8617 §7.2 leaves the choice to the receiver. We require the newest sealer: it is the
    party whose AMS covers the message as we received it; a trusted sealer further back only
    vouches for the message as it saw it, and the hops after it (untrusted) could have added
    anything their own signatures cover. Domains compare exactly (case-insensitive), no
    subdomain matching: trust is configured per sealing domain."""
    if result.cv != "pass" or not result.sealers or result.instances != len(result.sealers):
        return False
    trusted = {s.lower().rstrip(".") for s in trusted_sealers}
    return result.sealers[-1].lower().rstrip(".") in trusted
