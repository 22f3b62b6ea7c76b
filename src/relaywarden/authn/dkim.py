"""DKIM verification and signing (RFC 6376, RFC 8301, RFC 8463).

Why dkimpy for parsing and our own code for the cryptography: dkimpy 1.1.8 has no pluggable
crypto backend. `DomainSigner.verify_sig_process` and `gen_header` call the module-level
`RSASSA_PKCS1_v1_5_verify`/`_sign` from `dkim.crypto` (pure-Python RSA, about 12 ms per
2048-bit signature) and PyNaCl for ed25519 (not installed here); swapping them would mean
monkeypatching dkimpy's module globals for the whole process. So we keep dkimpy's battle-tested
pieces that carry the interoperability subtleties -- `rfc822_parse` (header splitting),
`parse_tag_value` (tag=value lists), `CanonicalizationPolicy` (simple/relaxed) and
`hash_headers` (h= header selection bottom-up, b= stripping with `RE_BTAG`) -- and do the
policy checks and the signature arithmetic here with `cryptography` (OpenSSL), well under a
millisecond per signature.

DNS: every key record a message needs is fetched first, concurrently, through the async
`DNSLookup`; the synchronous part (canonicalisation, hashing, RSA/Ed25519) then runs on the
prefetched answers, so nothing blocks the event loop on the network. dkimpy's own verify (and
its `dnsfunc`) is not called at all.

Result mapping (RFC 8601 section 2.7.1): a signature whose arithmetic or body hash fails is
`fail`; a signature that cannot be evaluated (malformed or missing tags, unsupported
algorithm, no key, revoked or unusable key, expired, h= without From) is `permerror`; a DNS
timeout or SERVFAIL is `temperror`. `neutral`, `policy` and `none` are never produced here:
they belong to callers (no signature at all is an empty list). RSA keys under `min_rsa_bits` (RFC 8301 section 3.2:
verifiers "MUST NOT consider signatures using RSA keys of less than 1024 bits as valid") are
`permerror` with "key too short (N bits)": the key record is unacceptable, so the signature is
never evaluated, just as for a revoked key (Mail::DKIM's strict mode also reports these as
invalid). rsa-sha1 still verifies (RFC 8301 lets verifiers accept it) but is marked `weak`.

`l=` is honoured (the hash covers the first l octets of the canonical body) and the octets
after it are reported in `unsigned_body_octets`, so later stages can flag appended content;
an l= longer than the body is a `fail`. When h= names From, every From header is checked
(dkimpy's fix for bug 644046): a second, unsigned From cannot ride on a valid signature.

The key record's g= tag (RFC 4871) was removed by RFC 6376 and is ignored, as RFC 6376
requires for unknown tags.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import functools
import hashlib
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, cast

import dkim  # type: ignore[import-untyped]
import dkim.canonicalization  # type: ignore[import-untyped]
import dkim.util  # type: ignore[import-untyped]
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import Prehashed

from relaywarden.authn.dkimkey import KeyRecordError, parse_key_record, public_key
from relaywarden.authn.dnsview import DNSLookup
from relaywarden.dns import DNSError

__all__ = [
    "DEFAULT_SIGNED_HEADERS",
    "DKIMResult",
    "canonicalize_body",
    "generate_key",
    "sign_message",
    "verify_message",
]

_CANON: Any = dkim.canonicalization
_RELAXED: Any = dkim.canonicalization.Relaxed

Result = Literal["pass", "fail", "neutral", "temperror", "permerror", "policy", "none"]

MAX_SIGNATURES = 10
"""Signatures evaluated per message; more are permerror (each costs a DNS query and a hash)."""
MAX_SIGNED_FIELDS = 200
"""Entries allowed in h=; header selection costs entries x header fields."""
MAX_RSA_BITS = 8192
"""Larger keys are refused: RFC 8301 asks verifiers for 1024 to 4096 bits, and a huge modulus
makes every verification expensive (a cheap denial of service)."""
CLOCK_SKEW = 900
"""Seconds of clock difference tolerated for t= in the future and x= in the past."""

DEFAULT_SIGNED_HEADERS: tuple[str, ...] = (
    "from", "sender", "to", "cc", "subject", "date", "message-id", "reply-to", "in-reply-to",
    "references", "mime-version", "content-type", "content-transfer-encoding", "list-id",
    "list-help", "list-unsubscribe", "list-unsubscribe-post", "list-subscribe", "list-post",
    "list-owner", "list-archive",
)

_REQUIRED_TAGS = (b"v", b"a", b"b", b"bh", b"d", b"h", b"s")
_HASHES: dict[str, Callable[..., Any]] = {"sha1": hashlib.sha1, "sha256": hashlib.sha256}
# rsa-sha1 is still verified (RFC 8301 section 3.1 allows it) and reported as weak.
_CRYPTO_HASHES: dict[str, hashes.HashAlgorithm] = {"sha1": hashes.SHA1(),  # noqa: S303
                                                   "sha256": hashes.SHA256()}
_ALGORITHMS = {"rsa-sha1": ("rsa", "sha1"), "rsa-sha256": ("rsa", "sha256"),
               "ed25519-sha256": ("ed25519", "sha256")}
_B64 = re.compile(rb"[A-Za-z0-9+/\s]*=?\s*=?\s*")
_WSP = re.compile(rb"\s+")
_LABEL = re.compile(r"(?!-)[A-Za-z0-9_-]{1,63}(?<!-)")
_QP = re.compile(rb"=([0-9A-Fa-f]{2})")
_BARE_LF = re.compile(rb"(?<!\r)\n")
_HEADER_END = re.compile(rb"\r?\n\r?\n")
_TRAILING_WSP = re.compile(rb"[\t ]+\r\n")
_WSP_TO_COMPRESS = re.compile(rb"[\t ]{2,}|\t")


@dataclass(frozen=True)
class DKIMResult:
    """The outcome for one DKIM-Signature header; `reason` is one sentence for people."""

    result: Result
    domain: str
    selector: str
    algorithm: str
    reason: str
    weak: bool = False
    body_length_limited: bool = False
    unsigned_body_octets: int = 0
    header_i: str = ""


class _Reject(Exception):
    """A signature that ends here with `result` and `reason` (internal control flow)."""

    def __init__(self, result: Result, reason: str) -> None:
        super().__init__(reason)
        self.result: Result = result
        self.reason = reason


@dataclass(frozen=True)
class _Signature:
    header: tuple[bytes, bytes]
    tags: dict[bytes, bytes]
    domain: str
    selector: str
    algorithm: str
    key_type: str
    hash_name: str
    identity: str
    include_headers: list[bytes]
    canon: Any
    body_length: int | None
    body_hash: bytes
    signature: bytes

    @property
    def key_name(self) -> str:
        return f"{self.selector}._domainkey.{self.domain}"


@dataclass(frozen=True)
class _Key:
    key: rsa.RSAPublicKey | ed25519.Ed25519PublicKey
    bits: int


_Answer = list[str] | DNSError


# ---------------------------------------------------------------- verification


async def verify_message(message: bytes, *, dns: DNSLookup, now: float | None = None,
                         min_rsa_bits: int = 1024) -> list[DKIMResult]:
    """One result per DKIM-Signature header, in header order; [] when there is none."""
    clock = time.time() if now is None else now
    try:
        headers, body = _parse_message(message)
    except _Reject as exc:
        if b"dkim-signature" in _HEADER_END.split(message, maxsplit=1)[0].lower():
            return [DKIMResult(exc.result, "", "", "", exc.reason)]
        return []
    sig_headers = [(n, v) for n, v in headers if n.lower() == b"dkim-signature"]
    parsed = [_parse_or_reject(h, i, clock) for i, h in enumerate(sig_headers)]
    answers = await _fetch_keys(dns, {p.key_name for p in parsed if isinstance(p, _Signature)})
    canon_cache: dict[bytes, bytes] = {}
    return [p if isinstance(p, DKIMResult)
            else _evaluate(p, answers[p.key_name], headers, body, min_rsa_bits, canon_cache)
            for p in parsed]


def _parse_message(message: bytes) -> tuple[list[tuple[bytes, bytes]], bytes]:
    """dkimpy's `rfc822_parse` semantics (lines end in CRLF or LF; the body comes back with
    CRLF), but only the header section goes through its line-by-line parser: splitting a
    large body into lines there cost more than the RSA signature."""
    if message.count(b"\n") != message.count(b"\r\n"):
        message = _BARE_LF.sub(b"\r\n", message)
    if message.startswith(b"\r\n"):
        return [], message[2:]
    end = message.find(b"\r\n\r\n")
    head, body = (message, b"") if end < 0 else (message[:end + 2], message[end + 4:])
    try:
        headers, _ = dkim.rfc822_parse(head)
    except (dkim.MessageFormatError, IndexError):
        # IndexError: dkimpy indexes headers[-1] for a continuation line before any field.
        raise _Reject("permerror", "the message header section could not be parsed") from None
    return [(bytes(n), bytes(v)) for n, v in headers], body


def _parse_or_reject(header: tuple[bytes, bytes], index: int,
                     now: float) -> _Signature | DKIMResult:
    tags: dict[bytes, bytes] = {}
    try:
        if index >= MAX_SIGNATURES:
            raise _Reject("permerror", f"not evaluated: more than {MAX_SIGNATURES} signatures")
        tags = _parse_tags(header[1], "signature header")
        return _parse_signature(header, tags, now)
    except _Reject as exc:
        return DKIMResult(exc.result, _text(tags.get(b"d", b"")).lower(),
                          _text(tags.get(b"s", b"")), _text(tags.get(b"a", b"")).lower(),
                          exc.reason, header_i=_text(tags.get(b"i", b"")))


def _parse_tags(value: bytes, what: str) -> dict[bytes, bytes]:
    try:
        return cast(dict[bytes, bytes], dkim.util.parse_tag_value(value))
    except dkim.util.DuplicateTag as exc:
        raise _Reject("permerror", f"malformed {what}: duplicate tag {_text(exc.args[0])}=")\
            from None
    except dkim.util.InvalidTagValueList:
        raise _Reject("permerror", f"malformed {what}: not a tag=value list") from None


def _parse_signature(header: tuple[bytes, bytes], tags: dict[bytes, bytes],
                     now: float) -> _Signature:
    missing = [t.decode() for t in _REQUIRED_TAGS if t not in tags]
    if missing:
        raise _Reject("permerror", f"missing required tag {'=, '.join(missing)}=")
    if tags[b"v"] != b"1":
        raise _Reject("permerror", f"unsupported signature version v={_text(tags[b'v'])}")
    algorithm = _text(tags[b"a"]).lower()
    if algorithm not in _ALGORITHMS:
        raise _Reject("permerror", f"unsupported signature algorithm a={algorithm}")
    key_type, hash_name = _ALGORITHMS[algorithm]
    domain = _domain_name(tags[b"d"], "d=")
    selector = _selector(tags[b"s"])
    identity = _identity(tags.get(b"i"), domain)
    include_headers = [h.strip().lower() for h in tags[b"h"].split(b":")]
    if len(include_headers) > MAX_SIGNED_FIELDS:
        raise _Reject("permerror", f"h= lists more than {MAX_SIGNED_FIELDS} header fields")
    if b"from" not in include_headers:
        raise _Reject("permerror", "h= does not include the From header")
    _check_query_methods(tags.get(b"q"))
    _check_times(tags, now)
    return _Signature(
        header=header, tags=tags, domain=domain, selector=selector, algorithm=algorithm,
        key_type=key_type, hash_name=hash_name, identity=identity,
        include_headers=include_headers, canon=_canonicalization(tags.get(b"c")),
        body_length=_body_length(tags.get(b"l")),
        body_hash=_base64(tags[b"bh"], "bh="), signature=_base64(tags[b"b"], "b="))


def _text(value: bytes) -> str:
    return value.decode("ascii", "replace")


def _domain_name(value: bytes, what: str) -> str:
    try:
        name = value.decode("ascii").lower().rstrip(".")
    except UnicodeDecodeError:
        raise _Reject("permerror", f"{what} is not an ASCII domain name") from None
    labels = name.split(".")
    if len(name) > 253 or not all(_LABEL.fullmatch(label) for label in labels):
        raise _Reject("permerror", f"{what} is not a valid domain name")
    return name


def _selector(value: bytes) -> str:
    try:
        selector = value.decode("ascii")
    except UnicodeDecodeError:
        raise _Reject("permerror", "s= is not an ASCII selector") from None
    if len(selector) > 200 or not all(_LABEL.fullmatch(part) for part in selector.split(".")):
        raise _Reject("permerror", "s= is not a valid selector")
    return selector


def _identity(value: bytes | None, domain: str) -> str:
    """The i= AUID (dkim-quoted-printable decoded); it must be in d= or a subdomain."""
    if value is None:
        return f"@{domain}"
    decoded = _QP.sub(lambda m: bytes([int(m.group(1), 16)]), _WSP.sub(b"", value))
    _local, at, host = decoded.rpartition(b"@")
    if not at:
        raise _Reject("permerror", "i= has no @")
    i_domain = host.decode("ascii", "replace").lower().rstrip(".")
    if i_domain != domain and not i_domain.endswith("." + domain):
        raise _Reject("permerror", f"i= domain {i_domain} is not within d={domain}")
    return decoded.decode("utf-8", "replace")


def _check_query_methods(value: bytes | None) -> None:
    # "dns" alone is the pre-RFC draft spelling, still found in old signatures.
    methods = [m.strip().lower() for m in (value or b"dns/txt").split(b":")]
    if not any(m in (b"dns/txt", b"dns") for m in methods):
        raise _Reject("permerror", f"unsupported query method q={_text(value or b'')}")


def _check_times(tags: dict[bytes, bytes], now: float) -> None:
    signed = _timestamp(tags.get(b"t"), "t=")
    expires = _timestamp(tags.get(b"x"), "x=")
    if signed is not None and signed > now + CLOCK_SKEW:
        raise _Reject("permerror", "signature timestamp t= is in the future")
    if expires is not None:
        if signed is not None and expires < signed:
            raise _Reject("permerror", "x= is earlier than t=")
        if expires < now - CLOCK_SKEW:
            raise _Reject("permerror", "signature expired")


def _timestamp(value: bytes | None, what: str) -> int | None:
    if value is None:
        return None
    if not re.fullmatch(rb"\d{1,12}", value):
        raise _Reject("permerror", f"{what} is not a timestamp")
    return int(value)


def _body_length(value: bytes | None) -> int | None:
    if value is None:
        return None
    if not re.fullmatch(rb"\d{1,76}", value):
        raise _Reject("permerror", "l= is not a decimal length")
    return int(value)


def _canonicalization(value: bytes | None) -> Any:
    try:
        return dkim.CanonicalizationPolicy.from_c_value(
            value.strip().lower() if value is not None else None)
    except dkim.InvalidCanonicalizationPolicyError:
        raise _Reject("permerror",
                      f"unsupported canonicalization c={_text(value or b'')}") from None


def _base64(value: bytes, what: str) -> bytes:
    compact = _WSP.sub(b"", value)
    if not compact or not _B64.fullmatch(value) or len(compact) % 4:
        raise _Reject("permerror", f"{what} is not valid base64")
    try:
        return base64.b64decode(compact, validate=True)
    except binascii.Error:
        raise _Reject("permerror", f"{what} is not valid base64") from None


async def _fetch_keys(dns: DNSLookup, names: set[str]) -> dict[str, _Answer]:
    ordered = sorted(names)
    answers = await asyncio.gather(*(_fetch_key(dns, n) for n in ordered))
    return dict(zip(ordered, answers, strict=True))


async def _fetch_key(dns: DNSLookup, name: str) -> _Answer:
    try:
        return await dns.lookup(name, "TXT")
    except DNSError as exc:
        return exc


def _evaluate(sig: _Signature, answer: _Answer, headers: list[tuple[bytes, bytes]],
              body: bytes, min_rsa_bits: int,
              canon_cache: dict[bytes, bytes]) -> DKIMResult:
    weak = sig.hash_name == "sha1"
    limited = sig.body_length is not None
    unsigned = 0
    try:
        key = _key_from_answer(sig, answer, min_rsa_bits)
        unsigned = _check_body(sig, body, canon_cache)
        _check_header_signature(sig, key, headers)
    except _Reject as exc:
        return _result(sig, exc.result, exc.reason, weak, limited, unsigned)
    reason = "signature verified"
    if unsigned:
        reason = f"l= leaves {unsigned} octets unsigned"
    elif weak:
        reason = "signature verified, but rsa-sha1 is weak (RFC 8301)"
    return _result(sig, "pass", reason, weak, limited, unsigned)


def _result(sig: _Signature, result: Result, reason: str, weak: bool, limited: bool,
            unsigned: int) -> DKIMResult:
    return DKIMResult(result, sig.domain, sig.selector, sig.algorithm, reason, weak=weak,
                      body_length_limited=limited, unsigned_body_octets=unsigned,
                      header_i=sig.identity)


def _key_from_answer(sig: _Signature, answer: _Answer, min_rsa_bits: int) -> _Key:
    if isinstance(answer, DNSError):
        raise _Reject("temperror", f"key lookup for {sig.key_name} failed temporarily")
    if not answer:
        raise _Reject("permerror", f"no key record at {sig.key_name}")
    try:
        _, tags = parse_key_record(answer[0])
        _check_key_tags(sig, tags)
        key = _Key(*public_key(sig.key_type, tags[b"p"]))
    except KeyRecordError as exc:
        raise _Reject("permerror", _key_record_problem(exc, sig)) from None
    if isinstance(key.key, rsa.RSAPublicKey) and key.bits < min_rsa_bits:
        raise _Reject("permerror", f"key too short ({key.bits} bits)")
    if isinstance(key.key, rsa.RSAPublicKey) and key.bits > MAX_RSA_BITS:
        raise _Reject("permerror", f"key too long ({key.bits} bits)")
    return key


def _check_key_tags(sig: _Signature, tags: dict[bytes, bytes]) -> None:
    if tags.get(b"v", b"DKIM1") != b"DKIM1":
        raise _Reject("permerror", f"unsupported key record version v={_text(tags[b'v'])}")
    if b"p" not in tags:
        raise _Reject("permerror", "key record has no p= tag")
    if not _WSP.sub(b"", tags[b"p"]):
        raise _Reject("permerror", "key revoked (empty p=)")
    key_type = _text(tags.get(b"k", b"rsa")).lower()
    if key_type not in ("rsa", "ed25519"):
        raise _Reject("permerror", f"unsupported key type k={key_type}")
    if key_type != sig.key_type:
        raise _Reject("permerror", f"key type k={key_type} does not match a={sig.algorithm}")
    if b"h" in tags and sig.hash_name.encode() not in _colon_list(tags[b"h"]):
        raise _Reject("permerror", f"key does not allow {sig.hash_name} (h=)")
    services = _colon_list(tags.get(b"s", b"*"))
    if b"*" not in services and b"email" not in services:
        raise _Reject("permerror", "key is not for email (s=)")
    if b"s" in _colon_list(tags.get(b"t", b"")):
        i_domain = sig.identity.rpartition("@")[2].lower().rstrip(".")
        if i_domain != sig.domain:
            raise _Reject("permerror", "key requires i= domain to equal d= (t=s)")


def _colon_list(value: bytes) -> list[bytes]:
    return [v.strip().lower() for v in value.split(b":")]


def _key_record_problem(exc: KeyRecordError, sig: _Signature) -> str:
    """The permerror reason for a key record the shared parser refused."""
    match exc.problem:
        case "too_long":
            return f"key record at {sig.key_name} is too long"
        case "not_ascii":
            return "key record is not ASCII"
        case "duplicate_tag":
            return f"malformed key record: duplicate tag {_text(exc.tag)}="
        case "not_tag_list":
            return "malformed key record: not a tag=value list"
        case "not_base64":
            return "key p= is not valid base64"
        case "ed25519_length":
            return f"ed25519 key has invalid length ({exc.length} octets, not 32)"
        case "key_type":
            return f"unsupported key type k={exc.key_type}"
        case "not_rsa":
            return "key p= is not an RSA key"
        case "rsa_unreadable":
            return "key p= could not be parsed as an RSA public key"




def _check_body(sig: _Signature, body: bytes,
                canon_cache: dict[bytes, bytes]) -> int:
    """Compares bh=; returns the canonical body octets after l= (0 without l=)."""
    name = bytes(sig.canon.body_algorithm.name)
    canonical = canon_cache.get(name)
    if canonical is None:
        canonical = canonicalize_body(sig.canon, body)
        canon_cache[name] = canonical
    unsigned = 0
    if sig.body_length is not None:
        if sig.body_length > len(canonical):
            raise _Reject("fail", f"l={sig.body_length} is longer than the body "
                                  f"({len(canonical)} octets)")
        unsigned = len(canonical) - sig.body_length
        canonical = canonical[:sig.body_length]
    if _HASHES[sig.hash_name](canonical).digest() != sig.body_hash:
        raise _Reject("fail", "body hash did not verify")
    return unsigned


def canonicalize_body(canon: Any, body: bytes) -> bytes:
    """dkimpy's body canonicalisation, with relaxed made cheap: dkimpy's
    `re.sub(b"[\\t ]+", b" ", body)` rewrites every single space of the body (most of the
    cost of signing a message, after the RSA operation); only runs that change are replaced
    here. Same output (a property test compares them)."""
    if canon.body_algorithm is not _RELAXED:
        return bytes(canon.canonicalize_body(body))
    if b" \r\n" in body or b"\t\r\n" in body:
        body = _TRAILING_WSP.sub(b"\r\n", body)
    if b"\t" in body or b"  " in body:
        body = _WSP_TO_COMPRESS.sub(b" ", body)
    return bytes(_CANON.correct_empty_body(_CANON.strip_trailing_lines(body)))


def _header_digest(hash_name: str, canon: Any, headers: list[tuple[bytes, bytes]],
                   include_headers: list[bytes], sig_header: tuple[bytes, bytes]) -> bytes:
    hasher = _HASHES[hash_name]()
    # Canonicalising only the selected fields (not every Received) halves the header cost;
    # hash_headers selects again from them, which picks the same instances bottom-up.
    selected = dkim.select_headers(headers, include_headers)
    dkim.hash_headers(hasher, canon, canon.canonicalize_headers(selected), include_headers,
                      sig_header, None)
    return cast(bytes, hasher.digest())


def _check_header_signature(sig: _Signature, key: _Key,
                            headers: list[tuple[bytes, bytes]]) -> None:
    include = list(sig.include_headers)
    # Also check every further From (dkimpy bug 644046): an added unsigned From must fail.
    include.append(b"from")
    digest = _header_digest(sig.hash_name, sig.canon, headers, include, sig.header)
    try:
        if isinstance(key.key, rsa.RSAPublicKey):
            key.key.verify(sig.signature, digest, padding.PKCS1v15(),
                           Prehashed(_CRYPTO_HASHES[sig.hash_name]))
        else:
            key.key.verify(sig.signature, digest)
    except InvalidSignature:
        raise _Reject("fail", "signature did not verify") from None


# ---------------------------------------------------------------------- signing


def sign_message(message: bytes, *, domain: str, selector: str, private_key_pem: bytes,
                 algorithm: Literal["rsa-sha256", "ed25519-sha256"] = "rsa-sha256",
                 headers: Sequence[str] | None = None, oversign: Sequence[str] = ("from",),
                 timestamp: int | None = None) -> bytes:
    """The DKIM-Signature header (folded, CRLF-terminated) to prepend to `message`.

    relaxed/relaxed; `headers` (default DEFAULT_SIGNED_HEADERS) are signed once per instance
    present, and each name in `oversign` once more, so an added copy breaks the signature.
    Raises ValueError for our own bad input (no From, wrong key type, bad domain)."""
    if algorithm not in ("rsa-sha256", "ed25519-sha256"):
        raise ValueError(f"unsupported signing algorithm {algorithm}")
    key = _load_private_key(private_key_pem)
    if isinstance(key, rsa.RSAPrivateKey) != (algorithm == "rsa-sha256"):
        raise ValueError(f"the private key does not match {algorithm}")
    try:
        msg_headers, body = _parse_message(message)
    except _Reject as exc:
        raise ValueError(exc.reason) from None
    include = _headers_to_sign(msg_headers, headers, oversign)
    canon = dkim.CanonicalizationPolicy.from_c_value(b"relaxed/relaxed")
    body_hash = base64.b64encode(hashlib.sha256(canonicalize_body(canon, body)).digest())
    stamp = int(time.time()) if timestamp is None else timestamp
    unsigned = _unsigned_header_value(domain, selector, algorithm, stamp, include, body_hash)
    digest = _header_digest("sha256", canon, msg_headers, include,
                            (b"DKIM-Signature", unsigned))
    if isinstance(key, rsa.RSAPrivateKey):
        signature = key.sign(digest, padding.PKCS1v15(), Prehashed(hashes.SHA256()))
    else:
        signature = key.sign(digest)
    return b"DKIM-Signature:" + unsigned + _fold_base64(base64.b64encode(signature)) + b"\r\n"


@functools.lru_cache(maxsize=32)
def _load_private_key(pem: bytes) -> rsa.RSAPrivateKey | ed25519.Ed25519PrivateKey:
    """Parsed keys are cached: OpenSSL's RSA key check costs more than the signature."""
    key = serialization.load_pem_private_key(pem, password=None)
    if not isinstance(key, rsa.RSAPrivateKey | ed25519.Ed25519PrivateKey):
        raise ValueError("DKIM signing needs an RSA or Ed25519 private key")
    return key


def _headers_to_sign(msg_headers: list[tuple[bytes, bytes]], wanted: Sequence[str] | None,
                     oversign: Sequence[str]) -> list[bytes]:
    names = {n.lower().encode("ascii") for n in (wanted or DEFAULT_SIGNED_HEADERS)}
    include = [n.lower() for n, _ in msg_headers if n.lower() in names]
    if b"from" not in include:
        raise ValueError("the message has no From header to sign")
    return include + [n.lower().encode("ascii") for n in oversign]


def _unsigned_header_value(domain: str, selector: str, algorithm: str, stamp: int,
                           include: list[bytes], body_hash: bytes) -> bytes:
    d = domain.lower().rstrip(".").encode("ascii")
    s = selector.encode("ascii")
    if b";" in d + s or not d or not s or _WSP.search(d + s):
        raise ValueError("domain and selector must be plain DNS names")
    h_lines = _fold_list(include, first=len(b"\th="))
    return (b" v=1; a=" + algorithm.encode() + b"; c=relaxed/relaxed;\r\n\td=" + d + b"; s=" + s
            + b"; t=" + str(stamp).encode() + b";\r\n\th=" + h_lines + b";\r\n\tbh="
            + body_hash + b";\r\n\tb=")


def _fold_list(names: list[bytes], first: int, width: int = 72) -> bytes:
    lines: list[bytes] = []
    current = b""
    for name in names:
        candidate = current + b":" + name if current else name
        if current and first + len(candidate) > width:
            lines.append(current + b":")
            current, first = name, 1
        else:
            current = candidate
    lines.append(current)
    return b"\r\n\t".join(lines)


def _fold_base64(data: bytes, width: int = 70) -> bytes:
    return b"\r\n\t".join(data[i:i + width] for i in range(0, len(data), width))


# ------------------------------------------------------------------------- keys


def generate_key(algorithm: Literal["rsa", "ed25519"], bits: int = 2048) -> tuple[bytes, str]:
    """A new signing key: (PKCS#8 PEM private key, the TXT record value to publish)."""
    if algorithm == "rsa":
        if bits < 1024:
            raise ValueError("RSA DKIM keys must be at least 1024 bits (RFC 8301); use 2048")
        pem = _pem(rsa.generate_private_key(public_exponent=65537, key_size=bits))
    elif algorithm == "ed25519":
        pem = _pem(ed25519.Ed25519PrivateKey.generate())
    else:
        raise ValueError(f"unsupported key algorithm {algorithm}")
    return pem, public_record(pem)


def public_record(private_key_pem: bytes) -> str:
    """The TXT record value ("v=DKIM1; k=...; p=...") that publishes the public half of a key."""
    key = serialization.load_pem_private_key(private_key_pem, password=None)
    if isinstance(key, rsa.RSAPrivateKey):
        public = key.public_key().public_bytes(serialization.Encoding.DER,
                                               serialization.PublicFormat.SubjectPublicKeyInfo)
        return f"v=DKIM1; k=rsa; p={base64.b64encode(public).decode()}"
    if isinstance(key, ed25519.Ed25519PrivateKey):
        raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        return f"v=DKIM1; k=ed25519; p={base64.b64encode(raw).decode()}"
    raise ValueError("DKIM keys are RSA or Ed25519")


def _pem(key: rsa.RSAPrivateKey | ed25519.Ed25519PrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())
