"""DKIM key records (RFC 6376 section 3.6.1): the parsing the verifier and the assessment share.

The verifier (authn/dkim.py) needs a pass or a permerror with a short reason; the assessment
(assess/dkim.py) needs to tell an administrator what is wrong and how to fix it. So the shared
steps -- the size limit, ASCII, the tag=value list, the base64 of p= and the key in it -- report
a problem as a code with the value its wording needs (KeyRecordError), and each caller words it
in its own voice. What only one of them checks stays with it: the verifier matches the tags
against the signature (k= against a=, h=, s=, t=s); the assessment is stricter about v= (it must
be the first tag) and reads tag names case-insensitively, to warn about records some receivers
would refuse.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable
from typing import Literal, cast

import dkim.util  # type: ignore[import-untyped]
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa

__all__ = ["MAX_KEY_RECORD", "KeyRecordError", "Problem", "PublicKey", "parse_key_record", "public_key"]

MAX_KEY_RECORD = 4096
"""Octets of a key record parsed; a 4096-bit RSA key record is about 740."""

Problem = Literal["too_long", "not_ascii", "duplicate_tag", "not_tag_list", "not_base64", "ed25519_length",
                  "key_type", "not_rsa", "rsa_unreadable"]
PublicKey = rsa.RSAPublicKey | ed25519.Ed25519PublicKey

_B64 = re.compile(rb"[A-Za-z0-9+/]*={0,2}")
_WSP = re.compile(rb"\s+")


class KeyRecordError(ValueError):
    """A key record no receiver can use. `problem` says which step refused it; `length` (the
    record's characters, or the octets of an ed25519 p=), `tag` (a repeated tag, as written) and
    `key_type` (an unknown k=) carry what a message about it names."""

    def __init__(self, problem: Problem, *, length: int = 0, tag: bytes = b"", key_type: str = "") -> None:
        super().__init__(problem)
        self.problem: Problem = problem
        self.length = length
        self.tag = tag
        self.key_type = key_type


def parse_key_record(record: str) -> tuple[bytes, dict[bytes, bytes]]:
    """The record as ASCII, and its tags as dkimpy's parse_tag_value reads them (names as
    written, values stripped); KeyRecordError when it is too long, not ASCII or not a tag list."""
    if len(record) > MAX_KEY_RECORD:
        raise KeyRecordError("too_long", length=len(record))
    try:
        raw = record.encode("ascii")
    except UnicodeEncodeError:
        raise KeyRecordError("not_ascii") from None
    try:
        return raw, cast(dict[bytes, bytes], dkim.util.parse_tag_value(raw))
    except dkim.util.DuplicateTag as exc:
        raise KeyRecordError("duplicate_tag", tag=exc.args[0]) from None
    except (dkim.util.InvalidTagValueList, IndexError, ValueError):
        raise KeyRecordError("not_tag_list") from None


def public_key(key_type: str, p: bytes) -> tuple[PublicKey, int]:
    """The public key in p= (folding white space allowed) for k=key_type, and its size in bits.

    p= is decoded before k= is looked at, so a record with both wrong is reported for its p=."""
    data = _base64(p)
    if key_type == "ed25519":
        if len(data) != 32:
            raise KeyRecordError("ed25519_length", length=len(data))
        return ed25519.Ed25519PublicKey.from_public_bytes(data), 256
    if key_type != "rsa":
        raise KeyRecordError("key_type", key_type=key_type)
    key = _rsa_key(data)
    return key, key.key_size


def _base64(value: bytes) -> bytes:
    compact = _WSP.sub(b"", value)
    if not compact or not _B64.fullmatch(compact) or len(compact) % 4:
        raise KeyRecordError("not_base64")
    try:
        return base64.b64decode(compact, validate=True)
    except binascii.Error:
        raise KeyRecordError("not_base64") from None


def _rsa_key(data: bytes) -> rsa.RSAPublicKey:
    """SubjectPublicKeyInfo, as RFC 6376 specifies, or a bare PKCS#1 RSAPublicKey, which some
    publishers use and most verifiers accept."""
    loaders: list[Callable[[], object]] = [
        lambda: serialization.load_der_public_key(data),
        lambda: serialization.load_pem_public_key(
            b"-----BEGIN RSA PUBLIC KEY-----\n" + base64.encodebytes(data) + b"-----END RSA PUBLIC KEY-----\n"),
    ]
    for load in loaders:
        try:
            key = load()
        except (ValueError, UnsupportedAlgorithm):
            continue
        if isinstance(key, rsa.RSAPublicKey):
            return key
        raise KeyRecordError("not_rsa")
    raise KeyRecordError("rsa_unreadable")
