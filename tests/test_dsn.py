"""Bounces: parsed back with the email package, as a receiving mail client would."""

from __future__ import annotations

import email
import email.policy
from datetime import UTC, datetime
from email.message import Message

import pytest

from relaywarden.deliver.dsn import build_bounce, should_bounce
from relaywarden.deliver.results import RecipientResult

ARRIVAL = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
NOW = datetime(2026, 3, 6, 9, 30, tzinfo=UTC)
ORIGINAL = (
    b"From: Alice <alice@example.org>\r\n"
    b"To: bob@example.net\r\n"
    b"Subject: quarterly numbers\r\n"
    b"Message-ID: <orig-1@example.org>\r\n"
    b"\r\n"
    b"SECRET BODY LINE that must not come back\r\n"
)
FAILED = [
    RecipientResult("bob@example.net", 550, "5.1.1", "5.1.1 <bob@example.net>: user unknown",
                    "mx1.example.net:25"),
    RecipientResult.local("carol@example.net", "5.3.4", "message size 9 exceeds size limit 1 of mx:25",
                          "mx:25"),
]


def bounce(**overrides: object) -> bytes:
    args: dict[str, object] = {
        "reporting_mta": "relay.example.org",
        "original_envelope_id": "ENV-42",
        "sender": "alice@example.org",
        "failed": FAILED,
        "original": ORIGINAL,
        "arrival": ARRIVAL,
        "now": NOW,
        "queue_id": "Q1A2B3",
    }
    args.update(overrides)
    return build_bounce(**args)  # type: ignore[arg-type]


def parse(raw: bytes) -> Message:
    return email.message_from_bytes(raw, policy=email.policy.compat32)


def parts(msg: Message) -> list[Message]:
    """Sub-messages: the MIME parts, or the field blocks of a message/delivery-status."""
    payload = msg.get_payload()
    assert isinstance(payload, list)
    return [p for p in payload if isinstance(p, Message)]


def text(msg: Message) -> str:
    payload = msg.get_payload()
    assert isinstance(payload, str)
    return payload


def field(msg: Message, name: str) -> str:
    value = msg[name]
    assert isinstance(value, str), name
    return value


def test_is_a_multipart_report_with_three_parts_in_order() -> None:
    msg = parse(bounce())
    assert msg.get_content_type() == "multipart/report"
    assert msg.get_param("report-type") == "delivery-status"
    assert [p.get_content_type() for p in parts(msg)] == [
        "text/plain", "message/delivery-status", "text/rfc822-headers"]
    assert msg.defects == [] and all(p.defects == [] for p in parts(msg))


def test_top_level_headers() -> None:
    msg = parse(bounce())
    assert msg["From"] == "Mail Delivery System <MAILER-DAEMON@relay.example.org>"
    assert msg["To"] == "<alice@example.org>"
    assert msg["Auto-Submitted"] == "auto-replied"
    assert msg["MIME-Version"] == "1.0"
    assert field(msg, "Message-ID").endswith("@relay.example.org>")
    assert email.utils.parsedate_to_datetime(field(msg, "Date")) == NOW
    assert "Undelivered" in field(msg, "Subject")


def test_message_ids_are_unique() -> None:
    assert parse(bounce())["Message-ID"] != parse(bounce())["Message-ID"]


def test_delivery_status_fields() -> None:
    # The email package parses each field block of a delivery-status as a Message.
    per_message, bob, carol = parts(parts(parse(bounce()))[1])
    assert per_message["Reporting-MTA"] == "dns; relay.example.org"
    assert per_message["Original-Envelope-Id"] == "ENV-42"
    assert per_message["X-RelayWarden-Queue-ID"] == "Q1A2B3"
    assert email.utils.parsedate_to_datetime(field(per_message, "Arrival-Date")) == ARRIVAL

    assert bob["Final-Recipient"] == "rfc822; bob@example.net"
    assert bob["Action"] == "failed"
    assert bob["Status"] == "5.1.1"
    assert bob["Remote-MTA"] == "dns; mx1.example.net"
    assert bob["Diagnostic-Code"] == "smtp; 550 5.1.1 <bob@example.net>: user unknown"

    # Decided locally (no SMTP reply): no Remote-MTA, a private diagnostic type.
    assert carol["Final-Recipient"] == "rfc822; carol@example.net"
    assert carol["Status"] == "5.3.4"
    assert carol["Remote-MTA"] is None
    assert field(carol, "Diagnostic-Code").startswith("X-RelayWarden; message size 9")


def test_no_envelope_id_means_no_field() -> None:
    per_message = parts(parts(parse(bounce(original_envelope_id=None)))[1])[0]
    assert per_message["Original-Envelope-Id"] is None


def test_only_original_headers_come_back() -> None:
    raw = bounce()
    returned = text(parts(parse(raw))[2])
    assert "Subject: quarterly numbers" in returned
    assert "Message-ID: <orig-1@example.org>" in returned
    assert b"SECRET BODY" not in raw


def test_human_part_explains_and_advises() -> None:
    wrapped = text(parts(parse(bounce(reason="Delivery gave up after 5 days.")))[0])
    assert all(len(line) <= 78 for line in wrapped.split("\r\n"))
    words = " ".join(wrapped.split())
    assert words.index("Delivery gave up after 5 days.") < words.index("<bob@example.net>")
    assert "Q1A2B3" in words
    assert "550 5.1.1 <bob@example.net>: user unknown" in words
    assert "check it for typing mistakes" in words
    assert "Send a smaller message" in words


def test_seven_bit_and_crlf_throughout() -> None:
    raw = bounce(failed=[RecipientResult("dave@example.net", 554, "5.7.1",
                                         "5.7.1 rejected: spam score 12 \u2013 go away\r\nsecond line",
                                         "mx:25")])
    assert all(b < 0x80 for b in raw)
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert b"\r" not in raw.replace(b"\r\n", b"")
    assert all(len(line) <= 998 for line in raw.split(b"\r\n"))


def test_eight_bit_original_headers_are_quoted_printable() -> None:
    original = "Subject: Grüße\r\nFrom: jörg@example.org\r\n\r\nbody\r\n".encode()
    raw = bounce(original=original)
    assert all(b < 0x80 for b in raw)
    headers_part = parts(parse(raw))[2]
    assert headers_part["Content-Transfer-Encoding"] == "quoted-printable"
    decoded = headers_part.get_payload(decode=True)
    assert decoded == "Subject: Grüße\r\nFrom: jörg@example.org\r\n".encode()


def test_non_ascii_recipient_uses_utf8_address_type() -> None:
    raw = bounce(failed=[RecipientResult("jörg@exämple.net", 550, "5.1.1", "5.1.1 unknown", "mx:25")])
    block = parts(parts(parse(raw))[1])[1]
    assert block["Final-Recipient"] == "utf-8; j\\x{F6}rg@ex\\x{E4}mple.net"


def test_long_diagnostic_is_folded_and_unfolds_intact() -> None:
    long_text = "5.7.1 " + " ".join(f"word{i}" for i in range(60))
    raw = bounce(failed=[RecipientResult("e@example.net", 550, "5.7.1", long_text, "mx:25")])
    block = parts(parts(parse(raw))[1])[1]
    unfolded = " ".join(field(block, "Diagnostic-Code").split())
    assert unfolded == f"smtp; 550 {long_text}"


def test_naive_datetimes_are_utc() -> None:
    raw = bounce(arrival=datetime(2026, 3, 1, 9, 30), now=datetime(2026, 3, 6, 9, 30))
    msg = parse(raw)
    assert email.utils.parsedate_to_datetime(field(msg, "Date")) == NOW


def test_needs_a_failed_recipient() -> None:
    with pytest.raises(ValueError):
        bounce(failed=[])


@pytest.mark.parametrize(
    ("sender", "expected"),
    [
        ("alice@example.org", True),
        ("postmaster@example.org", True),
        ("list-bounces+x=y@lists.example.org", True),
        ("", False),
        ("<>", False),
        ("  ", False),
        ("MAILER-DAEMON@example.org", False),
        ("mailer-daemon@example.org", False),
        ("root", False),
        ("@example.org", False),
    ],
)
def test_should_bounce(sender: str, expected: bool) -> None:
    assert should_bounce(sender) is expected
