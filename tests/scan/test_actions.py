"""What a verdict changes in a delivered message: headers, subject tag, warning banner.

Every message here is crafted raw bytes with CRLF line endings (as the spool stores them),
rewritten by apply_verdict and parsed back with the email package."""

from __future__ import annotations

import base64
import email
import email.policy
import quopri
from email.message import EmailMessage, Message

import pytest
from pydantic import ValidationError

from relaywarden.authn.dkim import generate_key, sign_message, verify_message
from relaywarden.authn.dnsview import StaticDNS
from relaywarden.scan.actions import ActionsConfig, apply_verdict, symbols_header
from relaywarden.scan.verdict import Action, Symbol, Verdict

CFG = ActionsConfig()
TITLE = CFG.banner_title
LOOKALIKE = "The sender's address is paypa1-secure.com, which imitates paypal.com."
REPLY_TO = "Replies would go to collect@freemail.example, not to the sender."
SHORTENER = "A link hides its destination behind a URL shortener."
FOURTH = "This fourth reason is beyond the default limit of three."


def verdict(action: Action = "banner", reasons: tuple[str, ...] = (LOOKALIKE, REPLY_TO, SHORTENER, FOURTH),
            extra: tuple[Symbol, ...] = ()) -> Verdict:
    symbols = [Symbol(f"CHECK_{i}", 4.0 - i * 0.5, f"admin text {i}", banner=r) for i, r in enumerate(reasons)]
    symbols += [Symbol("DMARC_PASS", -1.0, "DMARC passed"), *extra]
    return Verdict(score=round(sum(s.score for s in symbols), 3), action=action, symbols=symbols,
                   reference="RW-0A1B2C3D4E")


def parse(raw: bytes) -> EmailMessage:
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(msg, EmailMessage)
    return msg


def leaves(msg: Message) -> list[Message]:
    return [p for p in msg.walk() if not p.is_multipart()]


def text_of(part: Message) -> str:
    payload = part.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode(part.get_content_charset() or "us-ascii").replace("\r\n", "\n")


def assert_crlf_only(raw: bytes) -> None:
    assert b"\n" not in raw.replace(b"\r\n", b""), "a bare LF in a CRLF message"


def assert_text_banner(text: str) -> None:
    assert text.startswith("=" * 70 + "\n" + TITLE + "\n")
    flat = " ".join(text.split())
    assert LOOKALIKE in flat and REPLY_TO in flat and SHORTENER in flat
    assert FOURTH not in flat  # banner_max_reasons = 3
    assert "Reference: RW-0A1B2C3D4E." in flat


def assert_html_banner(markup: str, after: str) -> None:
    at = markup.index(after) + len(after)
    assert markup[at:].startswith('<div dir="ltr" style="display:block')
    assert TITLE in markup and "paypa1-secure.com, which imitates paypal.com." in markup
    assert "Reference: RW-0A1B2C3D4E." in markup and FOURTH not in markup


PLAIN = (b"Received: from mx.example.net by relay; Sat, 28 Nov 2026 03:00:00 +0000\r\n"
         b"From: PayPal Security <service@paypa1-secure.com>\r\n"
         b"To: alice@example.org\r\n"
         b"Subject: Your account is limited\r\n"
         b"Date: Sat, 28 Nov 2026 03:00:00 +0000\r\n"
         b"Message-ID: <1@paypa1-secure.com>\r\n"
         b"MIME-Version: 1.0\r\n"
         b"Content-Type: text/plain; charset=us-ascii\r\n"
         b"Content-Transfer-Encoding: 7bit\r\n"
         b"\r\n"
         b"Dear customer,\r\nPlease confirm your details at the link below.\r\n")


# ------------------------------------------------------------------------------ headers


def test_accept_prepends_the_headers_and_keeps_every_other_byte() -> None:
    out = apply_verdict(PLAIN, verdict("accept"), CFG)
    assert out.endswith(PLAIN)
    added = out[:-len(PLAIN)]
    assert added.startswith(b"X-Relaywarden-Score: 12.00\r\nX-Relaywarden-Action: accept\r\n"
                            b"X-Relaywarden-Reference: RW-0A1B2C3D4E\r\nX-Relaywarden-Symbols: CHECK_0(4.00),")
    msg = parse(out)
    assert msg["X-Relaywarden-Symbols"] == ("CHECK_0(4.00), CHECK_1(3.50), CHECK_2(3.00), CHECK_3(2.50), "
                                            "DMARC_PASS(-1.00)")
    assert msg["Subject"] == "Your account is limited"
    assert_crlf_only(out)


def test_forged_relaywarden_headers_are_removed_and_nothing_else() -> None:
    forged = (b"X-Relaywarden-Score: -100\r\n"
              + PLAIN.replace(b"To: alice", b"x-relaywarden-action: accept\r\nX-RELAYWARDEN-Symbols: ALLOWED(-50),"
                              b"\r\n\tWHITELIST(-50)\r\nTo: alice")
              + b"X-Relaywarden-Score: this line is body text and stays\r\n")
    out = apply_verdict(forged, verdict("tag"), CFG)
    msg = parse(out)
    assert msg.get_all("X-Relaywarden-Score") == ["12.00"]
    assert msg.get_all("X-Relaywarden-Action") == ["tag"]
    assert len(msg.get_all("X-Relaywarden-Symbols") or []) == 1 and "WHITELIST" not in out.decode()
    assert out.endswith(b"X-Relaywarden-Score: this line is body text and stays\r\n")
    for line in (b"Received: from mx.example.net", b"From: PayPal Security", b"Message-ID: <1@paypa1"):
        assert line in out


def test_symbols_header_is_folded_bounded_and_cannot_inject_headers() -> None:
    many = tuple(Symbol(f"A_RATHER_LONG_SYMBOL_NAME_NUMBER_{i:03d}", 0.5, "x") for i in range(300))
    hostile = Symbol("EVIL\r\nBcc: victim@example.org", 9.0, "x")
    out = apply_verdict(PLAIN, verdict("accept", reasons=(), extra=(hostile, *many)), CFG)
    head = out.split(b"\r\n\r\n", 1)[0]
    assert all(len(line) <= 78 for line in head.split(b"\r\n")[:40])
    msg = parse(out)
    assert msg["Bcc"] is None
    value = str(msg["X-Relaywarden-Symbols"])
    assert value.startswith("EVILBccvictimexample.org(9.00), ")
    assert len(value) <= CFG.symbols_header_max and value.endswith(" more")
    shown = value.count("(")
    assert value.endswith(f"+{302 - shown} more")  # 300, the hostile one and DMARC_PASS
    assert "X-Relaywarden-Symbols: none" == symbols_header([])


def test_header_symbols_can_be_turned_off() -> None:
    out = apply_verdict(PLAIN, verdict("accept"), ActionsConfig(header_symbols=False))
    msg = parse(out)
    assert msg["X-Relaywarden-Symbols"] is None and msg["X-Relaywarden-Score"] == "12.00"


def test_lf_only_message_gets_lf_headers_and_banner() -> None:
    lf = PLAIN.replace(b"\r\n", b"\n")
    out = apply_verdict(lf, verdict("banner"), CFG)
    assert b"\r" not in out
    msg = parse(out)
    assert msg["X-Relaywarden-Action"] == "banner"
    assert_text_banner(text_of(msg))


# ------------------------------------------------------------------------------ subject


def test_subject_is_tagged_once_only_for_tagging_actions() -> None:
    once = apply_verdict(PLAIN, verdict("tag"), CFG)
    twice = apply_verdict(once, verdict("tag"), CFG)
    assert parse(once)["Subject"] == parse(twice)["Subject"] == "[SUSPICIOUS] Your account is limited"
    assert twice.count(b"[SUSPICIOUS]") == 1
    assert parse(apply_verdict(PLAIN, verdict("accept"), CFG))["Subject"] == "Your account is limited"
    assert parse(apply_verdict(PLAIN, verdict("quarantine"), CFG))["Subject"] == "Your account is limited"
    # A prefix buried after "Re:" would not show in a message list: tag the start anyway.
    reply = PLAIN.replace(b"Subject: Your", b"Subject: Re: [SUSPICIOUS] Your")
    assert parse(apply_verdict(reply, verdict("tag"), CFG))["Subject"].startswith("[SUSPICIOUS] Re: ")


def test_subject_tag_with_encoded_missing_and_non_ascii_subjects() -> None:
    encoded = PLAIN.replace(b"Subject: Your account is limited", b"Subject: =?utf-8?q?R=C3=A9sum=C3=A9_re=C3=A7u?=")
    assert parse(apply_verdict(encoded, verdict("tag"), CFG))["Subject"] == "[SUSPICIOUS] Résumé reçu"
    missing = PLAIN.replace(b"Subject: Your account is limited\r\n", b"")
    assert parse(apply_verdict(missing, verdict("tag"), CFG))["Subject"] == "[SUSPICIOUS]"
    german = ActionsConfig(subject_prefix="[VERDÄCHTIG]")
    tagged = apply_verdict(encoded, verdict("tag"), german)
    assert tagged.isascii()
    assert parse(tagged)["Subject"] == "[VERDÄCHTIG] Résumé reçu"
    assert parse(apply_verdict(tagged, verdict("tag"), german))["Subject"] == "[VERDÄCHTIG] Résumé reçu"
    folded = PLAIN.replace(b"Subject: Your account is limited", b"Subject:\r\n Your account\r\n is limited")
    assert parse(apply_verdict(folded, verdict("tag"), CFG))["Subject"] == "[SUSPICIOUS] Your account is limited"
    assert parse(apply_verdict(PLAIN, verdict("tag"), ActionsConfig(subject_prefix="")))["Subject"] == \
        "Your account is limited"


# ------------------------------------------------------------------------------- banner


def test_single_part_text_gets_the_banner_on_top() -> None:
    out = apply_verdict(PLAIN, verdict("banner"), CFG)
    assert_crlf_only(out)
    msg = parse(out)
    text = text_of(msg)
    assert_text_banner(text)
    assert text.endswith("\n\nDear customer,\nPlease confirm your details at the link below.\n")
    assert msg["Subject"] == "[SUSPICIOUS] Your account is limited"
    assert msg["Content-Transfer-Encoding"] == "7bit"  # an ASCII banner keeps the encoding


def alternative(boundary: bytes, html: bytes = b"<html><head><title>x</title></head>"
                b"<body bgcolor=\"#ffffff\" onload=\"a>b\"><p>Log in <a href=\"https://paypa1-secure.com/\">here</a>"
                b"</p></body></html>") -> bytes:
    text_qp = quopri.encodestring(b"Caf\xc3\xa9 receipt: log in here https://paypa1-secure.com/ =\r\nthanks\r\n")
    html_b64 = base64.encodebytes(html).replace(b"\n", b"\r\n")
    return (b"Content-Type: multipart/alternative; boundary=\"" + boundary + b"\"\r\n\r\n"
            b"--" + boundary + b"\r\n"
            b"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
            + text_qp.replace(b"\n", b"\r\n").replace(b"\r\r\n", b"\r\n") + b"\r\n"
            b"--" + boundary + b"\r\n"
            b"Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + html_b64 + b"\r\n"
            b"--" + boundary + b"--\r\n")


HEAD = (b"From: PayPal <service@paypa1-secure.com>\r\nTo: alice@example.org\r\nSubject: Receipt\r\n"
        b"MIME-Version: 1.0\r\n")


def test_multipart_alternative_both_parts_get_the_banner_structure_unchanged() -> None:
    body = alternative(b"alt-1")
    raw = HEAD + body.replace(b"\r\n\r\n", b"\r\n\r\nThis is a MIME preamble.\r\n", 1) + b"an epilogue\r\n"
    out = apply_verdict(raw, verdict("banner"), CFG)
    assert_crlf_only(out)
    assert out.count(b"--alt-1\r\n") == 2 and out.count(b"--alt-1--\r\n") == 1
    assert b"This is a MIME preamble.\r\n" in out and out.endswith(b"--alt-1--\r\nan epilogue\r\n")
    msg = parse(out)
    text, markup = leaves(msg)
    assert len(leaves(parse(raw))) == 2
    assert text["Content-Transfer-Encoding"] == "quoted-printable"
    assert markup["Content-Transfer-Encoding"] == "base64"
    plain = text_of(text)
    assert_text_banner(plain)
    assert plain.endswith("\n\nCafé receipt: log in here https://paypa1-secure.com/ =\nthanks\n")
    html = text_of(markup)
    assert_html_banner(html, '<body bgcolor="#ffffff" onload="a>b">')
    assert html.endswith("<p>Log in <a href=\"https://paypa1-secure.com/\">here</a></p></body></html>")
    for line in out.split(b"\r\n"):
        assert len(line) <= 78


PDF = base64.encodebytes(b"%PDF-1.4\n" + bytes(range(256)) * 8).replace(b"\n", b"\r\n")
ATTACHED_PDF = (b"Content-Type: application/pdf; name=\"invoice.pdf\"\r\n"
                b"Content-Disposition: attachment; filename=\"invoice.pdf\"\r\n"
                b"Content-Transfer-Encoding: base64\r\n\r\n" + PDF)
ATTACHED_TEXT = (b"Content-Type: text/plain; charset=us-ascii; name=\"notes.txt\"\r\n"
                 b"Content-Disposition: attachment; filename=\"notes.txt\"\r\n\r\n"
                 b"Attached notes, not a body part.\r\n")
FORWARDED = (b"Content-Type: message/rfc822\r\n\r\n"
             b"From: bob@example.net\r\nSubject: original\r\nContent-Type: text/plain\r\n\r\n"
             b"The forwarded original, left alone.\r\n")


def test_mixed_with_nested_alternative_keeps_attachments_byte_identical() -> None:
    raw = (HEAD + b"Content-Type: multipart/mixed; boundary=\"mix\"\r\n\r\n"
           b"--mix\r\n" + alternative(b"alt") + b"\r\n"
           b"--mix\r\n" + ATTACHED_PDF + b"\r\n"
           b"--mix\r\n" + ATTACHED_TEXT + b"\r\n"
           b"--mix\r\n" + FORWARDED + b"\r\n"
           b"--mix--\r\n")
    out = apply_verdict(raw, verdict("banner"), CFG)
    assert_crlf_only(out)
    for part in (ATTACHED_PDF, ATTACHED_TEXT, FORWARDED):
        assert b"\r\n--mix\r\n" + part + b"\r\n--mix" in out
    before, after = parse(raw), parse(out)
    assert [p.get_content_type() for p in after.walk()] == [p.get_content_type() for p in before.walk()]
    body_text, body_html, pdf, notes, forwarded = (p for p in after.iter_parts() for p in
                                                   (p.iter_parts() if p.get_content_type() ==
                                                    "multipart/alternative" else [p]))
    assert_text_banner(text_of(body_text))
    assert_html_banner(text_of(body_html), 'onload="a>b">')
    assert pdf.get_payload(decode=True) == base64.decodebytes(PDF)
    assert text_of(notes) == "Attached notes, not a body part.\n"
    inner = forwarded.get_payload(0)
    assert isinstance(inner, Message) and TITLE not in str(inner.get_payload())


def test_html_only_message_banner_after_body_or_at_the_start() -> None:
    def html_message(markup: bytes) -> bytes:
        return (HEAD + b"Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
                + markup + b"\r\n")

    tricky = (b"<!DOCTYPE html><html><head><!-- <body class=fake> --><title><body></title>"
              b"<script>var s = '<body>';</script></head><BODY\r\n class=\"real\"><p>Caf\xc3\xa9</p></BODY></html>")
    msg = parse(apply_verdict(html_message(tricky), verdict("banner"), CFG))
    assert_html_banner(text_of(msg), '<BODY\n class="real">')
    assert "Café" in text_of(msg)

    bare = b"<p>Please <b>log in</b> now</p>"
    out = apply_verdict(html_message(bare), verdict("banner"), CFG)
    html = text_of(parse(out))
    assert html.startswith('<div dir="ltr"') and html.endswith("<p>Please <b>log in</b> now</p>\n")

    no_body = b"<html><head><title>t</title></head><p>x</p></html>"
    assert_html_banner(text_of(parse(apply_verdict(html_message(no_body), verdict("banner"), CFG))), "</head>")


def test_hostile_reasons_are_escaped_in_html_and_cleaned_in_text() -> None:
    hostile = ('The sender calls itself "<script>alert(1)</script><img src=x onerror=alert(2)>" '
               "but writes from evil.example\u202egpj.exe.")
    injection = "Name: x\r\n--b1--\r\nContent-Type: text/html\r\n\r\n<script>steal()</script>"
    raw = HEAD + alternative(b"b1")
    out = apply_verdict(raw, verdict("banner", reasons=(hostile, injection)), CFG)
    assert out.count(b"\r\n--b1--") == 1  # the closing delimiter is still the original one
    text, markup = leaves(parse(out))
    html = text_of(markup)
    assert "<script>" not in html and "<img" not in html
    assert "&quot;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;&quot;" in html
    assert "\u202e" not in html and "\u202e" not in text_of(text)
    assert "evil.example gpj.exe" in " ".join(text_of(text).split())
    assert "Name: x --b1-- Content-Type: text/html &lt;script&gt;steal()&lt;/script&gt;" in html


def test_charsets_utf8_8bit_latin1_and_a_banner_the_charset_cannot_hold() -> None:
    utf8_body = "Grüße aus Köln — bis bald.\r\n".encode()
    utf8 = (HEAD + b"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
            + utf8_body)
    out = apply_verdict(utf8, verdict("banner"), CFG)
    assert out.endswith(b"\r\n\r\n" + utf8_body)  # the original bytes follow the banner as they were
    assert_text_banner(text_of(parse(out)))

    latin1 = (HEAD + b"Content-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
              + "Grüße aus Köln.\r\n".encode("latin-1"))
    out = apply_verdict(latin1, verdict("banner"), CFG)
    assert out.endswith("\r\n\r\nGrüße aus Köln.\r\n".encode("latin-1"))
    assert parse(out).get_content_charset() == "iso-8859-1"

    cyrillic = "The sender's address is pаypal.com (with a Cyrillic а), which imitates paypal.com."
    out = apply_verdict(latin1, verdict("banner", reasons=(cyrillic,)), CFG)
    msg = parse(out)
    assert msg.get_content_charset() == "utf-8"
    assert text_of(msg).endswith("Grüße aus Köln.\n") and "pаypal.com (with a Cyrillic а)" in text_of(msg)

    ascii_7bit = apply_verdict(PLAIN, verdict("banner", reasons=(cyrillic,)), CFG)
    msg = parse(ascii_7bit)
    assert msg["Content-Transfer-Encoding"] == "quoted-printable" and msg.get_content_charset() == "utf-8"
    assert ascii_7bit.isascii() and "pаypal.com" in text_of(msg)
    assert text_of(msg).endswith("\n\nDear customer,\nPlease confirm your details at the link below.\n")

    folded = PLAIN.replace(b"Content-Type: text/plain; charset=us-ascii",
                           b'Content-Type: text/plain;\r\n\tformat=flowed; CHARSET="us-ascii"; x-note="\xc3\xa9"')
    out = apply_verdict(folded, verdict("banner", reasons=(cyrillic,)), CFG)
    assert b'Content-Type: text/plain;\r\n\tformat=flowed; charset=utf-8; x-note="\xc3\xa9"\r\n' in out
    assert "pаypal.com" in text_of(parse(out)) and parse(out).get_param("format") == "flowed"


def test_html_in_a_charset_without_the_reasons_characters_uses_character_references() -> None:
    markup = "<html><body><p>Grüße</p></body></html>\r\n".encode("latin-1")
    raw = (HEAD + b"Content-Type: text/html; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n"
           b"\r\n" + quopri.encodestring(markup).replace(b"\n", b"\r\n").replace(b"\r\r\n", b"\r\n"))
    cyrillic = "The sender's address is pаypal.com, which imitates paypal.com."
    out = apply_verdict(raw, verdict("banner", reasons=(cyrillic,)), CFG)
    assert_crlf_only(out)
    msg = parse(out)
    assert msg.get_content_charset() == "iso-8859-1" and msg["Content-Transfer-Encoding"] == "quoted-printable"
    html = text_of(msg)
    assert "p&#1072;ypal.com, which imitates paypal.com." in html and html.endswith("<p>Grüße</p></body></html>\n")


def test_non_mime_message_gets_mime_version_when_its_encoding_changes() -> None:
    raw = b"From: a@example.net\r\nSubject: hi\r\n\r\nplain old mail\r\n"
    out = apply_verdict(raw, verdict("banner", reasons=("Sender pаypal.com imitates paypal.com.",)), CFG)
    msg = parse(out)
    assert msg["MIME-Version"] == "1.0" and msg["Content-Transfer-Encoding"] == "quoted-printable"
    assert text_of(msg).endswith("plain old mail\n")
    ascii_only = apply_verdict(raw, verdict("banner"), CFG)
    assert b"MIME-Version" not in ascii_only and text_of(parse(ascii_only)).endswith("\n\nplain old mail\n")


SIGNED = (HEAD + b"Content-Type: multipart/signed; protocol=\"application/pkcs7-signature\"; micalg=sha-256;"
          b" boundary=\"sig\"\r\n\r\n"
          b"--sig\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nSigned text.\r\n"
          b"--sig\r\nContent-Type: application/pkcs7-signature; name=smime.p7s\r\n"
          b"Content-Transfer-Encoding: base64\r\n\r\nMIAGCSqGSIb3DQEHAqCAMIACAQEx\r\n--sig--\r\n")
ENCRYPTED = (HEAD + b"Content-Type: application/pkcs7-mime; smime-type=enveloped-data; name=smime.p7m\r\n"
             b"Content-Transfer-Encoding: base64\r\n\r\nMIAGCSqGSIb3DQEHA6CAMIACAQAx\r\n")


@pytest.mark.parametrize("raw", [SIGNED, ENCRYPTED], ids=["multipart-signed", "pkcs7-mime"])
def test_signed_and_encrypted_bodies_are_never_modified(raw: bytes) -> None:
    out = apply_verdict(raw, verdict("banner"), CFG)
    assert out.split(b"\r\n\r\n", 1)[1] == raw.split(b"\r\n\r\n", 1)[1]
    msg = parse(out)
    assert msg["X-Relaywarden-Action"] == "banner" and msg["Subject"] == "[SUSPICIOUS] Receipt"


def nested(depth: int) -> bytes:
    inner = b"Content-Type: text/plain\r\n\r\ndeep text\r\n"
    for i in range(depth):
        b = b"n%d" % i
        inner = b"Content-Type: multipart/mixed; boundary=" + b + b"\r\n\r\n--" + b + b"\r\n" + inner + \
            b"\r\n--" + b + b"--\r\n"
    return inner


MALFORMED_UNCHANGED = {
    "headers-only": b"From: a@example.net\r\nSubject: no body",
    "empty": b"",
    "garbage": bytes(range(256)) * 4,
    "broken-base64": HEAD + b"Content-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!x\r\n",
    "unknown-charset": HEAD + b"Content-Type: text/plain; charset=x-no-such-charset\r\n\r\ntext\r\n",
    "utf-16": HEAD + b"Content-Type: text/plain; charset=utf-16\r\nContent-Transfer-Encoding: base64\r\n\r\n"
              + base64.b64encode("hello".encode("utf-16")) + b"\r\n",
    "unknown-encoding": HEAD + b"Content-Type: text/plain\r\nContent-Transfer-Encoding: x-uuencode\r\n\r\nbegin\r\n",
    "no-boundary": HEAD + b"Content-Type: multipart/mixed\r\n\r\n--x\r\n\r\ntext\r\n--x--\r\n",
    "boundary-absent": HEAD + b"Content-Type: multipart/mixed; boundary=zz\r\n\r\njust text\r\n",
    "too-deep": HEAD + nested(40),
}


@pytest.mark.parametrize("name", sorted(MALFORMED_UNCHANGED))
def test_malformed_messages_keep_their_body_and_get_the_headers(name: str) -> None:
    raw = MALFORMED_UNCHANGED[name]
    out = apply_verdict(raw, verdict("banner"), CFG)
    eol = b"\n" if name == "garbage" else b"\r\n"  # the garbage's first line ends in a bare LF
    assert out.startswith(b"X-Relaywarden-Score: 12.00" + eol + b"X-Relaywarden-Action: banner" + eol)
    assert TITLE.encode() not in out
    if name == "headers-only":
        assert out.endswith(b"\r\nFrom: a@example.net\r\nSubject: [SUSPICIOUS] no body")
    else:
        assert out.endswith(raw if name in ("garbage", "empty") else raw[raw.index(b"\r\n\r\n"):])
    assert parse(out)["X-Relaywarden-Action"] == "banner"


def test_hostile_structures_still_get_a_banner_where_one_is_safe() -> None:
    unterminated = HEAD + b"Content-Type: multipart/mixed; boundary=u\r\n\r\n--u\r\n\r\nfirst part\r\n--u\r\n" \
        b"Content-Type: text/plain\r\n\r\nsecond, never closed\r\n"
    parts = leaves(parse(apply_verdict(unterminated, verdict("banner"), CFG)))
    assert len(parts) == 2 and all(text_of(p).startswith("=" * 70 + "\n" + TITLE) for p in parts)
    assert text_of(parts[1]).rstrip("\n").endswith("\n\nsecond, never closed")
    deep = leaves(parse(apply_verdict(HEAD + nested(10), verdict("banner"), CFG)))
    assert len(deep) == 1 and text_of(deep[0]).endswith("\n\ndeep text\n")
    assert_text_banner(text_of(deep[0]))


# --------------------------------------------------------------------------------- DKIM


@pytest.fixture(scope="module")
def dkim_key() -> tuple[bytes, str]:
    return generate_key("rsa", 2048)


async def test_dkim_survives_headers_but_not_a_subject_tag_or_a_banner(dkim_key: tuple[bytes, str]) -> None:
    """Prepending X-Relaywarden-* headers keeps the sender's DKIM signature valid; a subject tag
    (Subject is signed) and a banner (the body hash) break it, which is why the relay records
    the authentication results before it applies the verdict."""
    pem, record = dkim_key
    raw = HEAD + alternative(b"dk")
    signed = sign_message(raw, domain="paypa1-secure.com", selector="s1", private_key_pem=pem) + raw
    dns = StaticDNS({"s1._domainkey.paypa1-secure.com": {"TXT": [record]}})

    async def result(action: Action, cfg: ActionsConfig = CFG) -> str:
        [r] = await verify_message(apply_verdict(signed, verdict(action), cfg), dns=dns)
        return r.result

    assert (await verify_message(signed, dns=dns))[0].result == "pass"
    assert await result("accept") == "pass"
    assert await result("quarantine") == "pass"
    assert await result("tag") == "fail"
    assert await result("tag", ActionsConfig(subject_prefix="")) == "pass"
    assert await result("banner") == "fail"
    banner_only = ActionsConfig(subject_actions=())
    [r] = await verify_message(apply_verdict(signed, verdict("banner"), banner_only), dns=dns)
    assert r.result == "fail" and "body" in r.reason


# ------------------------------------------------------------------------------- config


def test_config_refuses_what_would_corrupt_the_message() -> None:
    with pytest.raises(ValidationError):
        ActionsConfig(subject_prefix="[X]\r\nBcc: someone@example.org")
    with pytest.raises(ValidationError):
        ActionsConfig(banner_color="red;background:url(https://tracker.example/)")
    with pytest.raises(ValidationError):
        ActionsConfig(banner_max_reasons=50)
    with pytest.raises(ValidationError):
        ActionsConfig(banner_titel="typo")  # type: ignore[call-arg]
    cfg = ActionsConfig(banner_max_reasons=1, banner_contact="Questions? Call the IT desk on 1234.",
                        banner_advice="")
    text = text_of(parse(apply_verdict(PLAIN, verdict("banner"), cfg)))
    assert LOOKALIKE in " ".join(text.split()) and REPLY_TO not in " ".join(text.split())
    assert "Reference: RW-0A1B2C3D4E. Questions? Call the IT desk on 1234." in text
    assert "Do not click" not in text
