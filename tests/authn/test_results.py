from __future__ import annotations

from email import message_from_bytes

from relaywarden.authn.results import MethodResult, build_header, strip_forged


def test_header_lists_every_method_with_quoted_values() -> None:
    header = build_header("relay.example.org", [
        MethodResult("spf", "pass", properties={"smtp.mailfrom": "example.com"}),
        MethodResult("dkim", "fail", reason="body hash did not verify",
                     properties={"header.d": "example.com", "header.s": "sel1"}),
        MethodResult("dmarc", "fail", comment="p=reject dis=reject", properties={"header.from": "example.com"}),
    ])
    assert header.startswith(b"Authentication-Results: relay.example.org;\r\n\tspf=pass smtp.mailfrom=example.com;")
    assert b'reason="body hash did not verify"' in header
    assert b"(p=reject dis=reject)" in header and header.endswith(b"header.from=example.com\r\n")
    parsed = message_from_bytes(header + b"\r\nbody")
    assert "dkim=fail" in str(parsed["Authentication-Results"])


def test_no_results_is_none_and_hostile_values_cannot_inject_headers() -> None:
    assert build_header("relay.test", []) == b"Authentication-Results: relay.test;\r\n\tnone\r\n"
    header = build_header("relay.test", [MethodResult("spf", "fail", properties={
        "smtp.mailfrom": 'evil.test\r\nX-Injected: yes'}, comment="a (nested) \\ comment")])
    assert b"\r\nX-Injected" not in header
    assert header.count(b"\r\n") == 2


def test_forged_results_claiming_our_id_are_removed_and_others_kept() -> None:
    msg = (b"Received: from x\r\n"
           b"Authentication-Results: relay.test; dkim=pass header.d=bank.test\r\n"
           b"Authentication-Results: other.example;\r\n\tspf=pass smtp.mailfrom=a.test\r\n"
           b"Subject: hi\r\n"
           b"Authentication-Results: (comment) RELAY.TEST;\r\n\tdmarc=pass\r\n"
           b"\r\n"
           b"Authentication-Results: relay.test; body text is not a header\r\n")
    out, removed = strip_forged(msg, "relay.test")
    assert removed == 2
    assert b"other.example" in out and b"bank.test" not in out and b"dmarc=pass" not in out
    assert out.endswith(b"\r\n\r\nAuthentication-Results: relay.test; body text is not a header\r\n")
    assert out.startswith(b"Received: from x\r\nAuthentication-Results: other.example;\r\n\tspf=pass")
