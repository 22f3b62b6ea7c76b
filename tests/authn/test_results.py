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


def test_results_are_parsed_back_from_our_own_header() -> None:
    from relaywarden.authn.results import parse_results

    header = build_header("relay.example.org", [
        MethodResult("spf", "pass", properties={"smtp.mailfrom": "example.com"}),
        MethodResult("dkim", "fail", reason="body hash; did not verify",
                     properties={"header.d": "example.com", "header.s": "sel1"}),
        MethodResult("dmarc", "pass", comment="p=reject (nested) dis=none", properties={"header.from": "example.com"}),
    ])
    value = str(message_from_bytes(header + b"\r\nbody")["Authentication-Results"])
    authserv, results = parse_results(value)
    assert authserv == "relay.example.org"
    assert [(r.method, r.result) for r in results] == [("spf", "pass"), ("dkim", "fail"), ("dmarc", "pass")]
    assert results[1].reason == "body hash; did not verify"  # the ';' inside quotes is no separator
    assert results[1].properties == {"header.d": "example.com", "header.s": "sel1"}
    assert results[2].properties == {"header.from": "example.com"}


def test_malformed_results_are_skipped_not_guessed() -> None:
    from relaywarden.authn.results import MAX_RESULTS, parse_results

    assert parse_results("") == ("", [])
    assert parse_results("relay.test; none") == ("relay.test", [])
    authserv, results = parse_results('relay.test; garbage; =pass; dkim=; spf=pass ("unclosed; dmarc=fail')
    assert authserv == "relay.test" and [(r.method, r.result) for r in results] == [("spf", "pass")]
    assert parse_results("relay.test 1 (version); dkim/1=pass header.d=a.example")[1][0].method == "dkim"
    many = "relay.test; " + "; ".join(f"dkim=pass header.d=d{i}.example" for i in range(1000))
    assert len(parse_results(many)[1]) == MAX_RESULTS


def test_only_the_topmost_header_of_a_trusted_id_is_read() -> None:
    from relaywarden.authn.results import trusted_results

    headers = ["attacker.example; dmarc=pass header.from=paypal.com",
               "relay.test; dmarc=fail header.from=paypal.com",
               "relay.test; dmarc=pass header.from=paypal.com"]
    found = trusted_results(headers, ["Relay.Test"])
    assert found is not None and [(r.method, r.result) for r in found] == [("dmarc", "fail")]
    assert trusted_results(headers[:1], ["relay.test"]) is None
    assert trusted_results(headers, []) is None
