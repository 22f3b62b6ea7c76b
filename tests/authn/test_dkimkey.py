"""The DKIM key-record parser the verifier and the assessment share (authn/dkimkey.py): each
refusal is a problem code with what its message names, never an exception of another kind."""

from __future__ import annotations

import base64

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

from relaywarden.authn.dkim import generate_key
from relaywarden.authn.dkimkey import MAX_KEY_RECORD, KeyRecordError, parse_key_record, public_key

RSA_PEM, RSA_RECORD = generate_key("rsa", 1024)
_, ED_RECORD = generate_key("ed25519")


def _p(record: str) -> bytes:
    return parse_key_record(record)[1][b"p"]


def test_tags_as_dkimpy_reads_them() -> None:
    raw, tags = parse_key_record("v=DKIM1; K=rsa ;p=AB CD;")
    assert raw == b"v=DKIM1; K=rsa ;p=AB CD;"
    assert tags == {b"v": b"DKIM1", b"K": b"rsa", b"p": b"AB CD"}  # names as written, values stripped


@pytest.mark.parametrize(("record", "problem"), [
    ("v=DKIM1; p=" + "A" * MAX_KEY_RECORD, "too_long"),
    ("v=DKIM1; n=caf\u00e9; p=AAAA", "not_ascii"),
    ("v=DKIM1; p=AAAA; p=AAAA", "duplicate_tag"),
    ("v=DKIM1; k; p=AAAA", "not_tag_list"),
    ("v=DKIM1; 1=2; p=AAAA", "not_tag_list"),
])
def test_records_that_are_not_tag_lists(record: str, problem: str) -> None:
    with pytest.raises(KeyRecordError) as caught:
        parse_key_record(record)
    assert caught.value.problem == problem
    if problem == "too_long":
        assert caught.value.length == len(record)
    if problem == "duplicate_tag":
        assert caught.value.tag == b"p"


def test_rsa_and_ed25519_keys() -> None:
    key, bits = public_key("rsa", _p(RSA_RECORD))
    assert isinstance(key, rsa.RSAPublicKey) and bits == 1024
    key, bits = public_key("ed25519", _p(ED_RECORD))
    assert isinstance(key, ed25519.Ed25519PublicKey) and bits == 256


def test_folded_p_and_bare_pkcs1_rsa_keys_are_read() -> None:
    p = _p(RSA_RECORD)
    assert public_key("rsa", p[:50] + b" \t" + p[50:])[1] == 1024
    private = serialization.load_pem_private_key(RSA_PEM, None)
    assert isinstance(private, rsa.RSAPrivateKey)
    pkcs1 = private.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.PKCS1)
    assert public_key("rsa", base64.b64encode(pkcs1))[1] == 1024


def _ec_p() -> bytes:
    spki = ec.generate_private_key(ec.SECP256R1()).public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return base64.b64encode(spki)


@pytest.mark.parametrize(("key_type", "p", "problem"), [
    ("rsa", b"notbase64!", "not_base64"),
    ("rsa", b"AAA", "not_base64"),
    ("rsa", b"A=A=", "not_base64"),
    ("dsa", b"!!", "not_base64"),  # p= is read before k=
    ("dsa", b"AAAA", "key_type"),
    ("ed25519", base64.b64encode(b"x" * 31), "ed25519_length"),
    ("rsa", b"AAAA", "rsa_unreadable"),
    ("rsa", _ec_p(), "not_rsa"),
])
def test_unusable_keys(key_type: str, p: bytes, problem: str) -> None:
    with pytest.raises(KeyRecordError) as caught:
        public_key(key_type, p)
    assert caught.value.problem == problem
    if problem == "ed25519_length":
        assert caught.value.length == 31
    if problem == "key_type":
        assert caught.value.key_type == "dsa"
