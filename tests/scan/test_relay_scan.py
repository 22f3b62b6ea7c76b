"""Threat scanning inside the SMTP path of the real relay: inbound verdicts (headers, banner,
quarantine, reject with a reference), block lists from the CLI, outbound data-loss policies and
a compromised account being throttled."""

from __future__ import annotations

import email
import email.policy
import json
import smtplib
from email.message import EmailMessage
from typing import Any

import pytest

from tests.support.relay import Relay, wait_for
from tests.support.smtppeer import SMTPPeer

PHISH_HTML = """<html><body><p>Dear customer,</p>
<p>We noticed an unusual sign-in. Verify your account within 24 hours or it will be suspended.</p>
<p><a href="http://203.0.113.77/paypal/login.php">https://www.paypal.com/signin</a></p>
<form action="http://203.0.113.77/collect.php"><input type="password" name="pw"></form>
</body></html>"""


def phish() -> bytes:
    msg = mail("PayPal Security <service@paypa1-secure.com>", "Your account is limited",
               "Verify your account: http://203.0.113.77/paypal/login.php")
    msg.add_alternative(PHISH_HTML, subtype="html")
    return wire(msg)


def mail(frm: str, subject: str, body: str, to: str = "alice@local.test") -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = frm
    msg["To"] = to
    msg["Subject"] = subject
    msg.set_content(body)
    return msg


def wire(msg: EmailMessage) -> bytes:
    return msg.as_bytes().replace(b"\n", b"\r\n")


def plain(body: str = "Lunch at noon?\n", subject: str = "lunch") -> bytes:
    return wire(mail("Bob <bob@partner.example>", subject, body))


# 127.0.0.1 is not trusted here, so the test client is a stranger: its mail is inbound.
INBOUND: dict[str, Any] = {"relay": {"trusted_networks": ["192.0.2.0/24"]},
                           "scan": {"enabled": True, "classifier": {"enabled": False}}}


def send(relay: Relay, data: bytes, rcpt: str = "alice@local.test", sender: str = "bob@partner.example") -> None:
    with smtplib.SMTP("127.0.0.1", relay.inbound, timeout=30) as c:
        c.sendmail(sender, [rcpt], data)


def delivered(relay: Relay, local: str = "alice", count: int = 1) -> list[Any]:
    assert wait_for(lambda: len(relay.maildir_messages(local)) >= count, timeout=30), relay.log_text()[-3000:]
    return [email.message_from_bytes(m, policy=email.policy.default) for m in relay.maildir_messages(local)]


def test_inbound_phish_gets_headers_tag_and_banner(relay_factory: Any) -> None:
    # Thresholds raised so the phish is delivered with a banner instead of being stopped.
    relay = relay_factory({**INBOUND, "scan": {**INBOUND["scan"],
                                               "thresholds": {"quarantine": 90.0, "reject": 99.0}}})
    send(relay, phish())
    send(relay, plain())
    msgs = {m["Subject"]: m for m in delivered(relay, count=2)}
    bad = msgs["[SUSPICIOUS] Your account is limited"]
    assert bad["X-Relaywarden-Action"] == "banner", bad["X-Relaywarden-Symbols"]
    assert float(bad["X-Relaywarden-Score"]) >= 6
    assert "LINK_TEXT_MISMATCH" in bad["X-Relaywarden-Symbols"]
    bodies = [p.get_content() for p in bad.walk() if p.get_content_type() in ("text/plain", "text/html")]
    assert len(bodies) == 2 and all("Caution" in b for b in bodies)
    assert all(bad["X-Relaywarden-Reference"] in b for b in bodies)
    good = msgs["lunch"]
    assert good["X-Relaywarden-Action"] == "accept"
    assert "Caution" not in good.get_content()


def test_inbound_reject_carries_a_reference_and_quarantine_keeps_the_verdict(relay_factory: Any) -> None:
    low = {"tag": 1.0, "banner": 2.0, "quarantine": 5.0, "reject": 6.0}
    strict = relay_factory({**INBOUND, "scan": {**INBOUND["scan"], "thresholds": low}})
    with pytest.raises(smtplib.SMTPDataError) as refused:
        send(strict, phish())
    assert refused.value.smtp_code == 550
    reply = refused.value.smtp_error.decode()
    assert "5.7.1" in reply and "RW-" in reply
    # Strangers learn the reference, not which checks fired.
    assert "LINK" not in reply and "paypa1" not in reply
    assert "RW-" in strict.log_text()

    held = relay_factory({**INBOUND, "scan": {**INBOUND["scan"], "thresholds": {"quarantine": 6.0, "reject": 99.0}}})
    send(held, phish())
    listed = held.run_cli("quarantine", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert len(rows) == 1 and rows[0]["subject"] == "Your account is limited"
    assert "scan score" in rows[0]["reason"] and "RW-" in rows[0]["reason"]
    assert "LINK_TEXT_MISMATCH" in {s["name"] for s in rows[0]["symbols"]}
    show = held.run_cli("quarantine", "show", rows[0]["id"])
    assert show.returncode == 0 and "LINK_TEXT_MISMATCH" in show.stdout
    assert held.maildir_messages("alice") == []
    # Releasing is the administrator saying "this was fine": the classifier learns it as ham.
    released = held.run_cli("quarantine", "release", rows[0]["id"])
    assert released.returncode == 0, released.stderr
    assert len(list((held.data_dir / "feedback" / "ham").glob("*.eml"))) == 1
    assert wait_for(lambda: len(held.maildir_messages("alice")) == 1, timeout=30)


def test_block_list_entry_from_the_cli_rejects_the_sender(relay_factory: Any) -> None:
    relay = relay_factory(INBOUND)
    added = relay.run_cli("lists", "add", "block", "domain", "partner.example", "--note", "test")
    assert added.returncode == 0, added.stderr
    assert "partner.example" in relay.run_cli("lists", "show").stdout
    with pytest.raises(smtplib.SMTPDataError) as refused:
        send(relay, plain())
    assert refused.value.smtp_code == 550
    bad = relay.run_cli("lists", "add", "block", "ip", "not-an-ip")
    assert bad.returncode == 1 and "not an IP" in bad.stderr


def card_message() -> bytes:
    return plain(body="Here is the card for the hotel: 4539 5260 1815 9083, exp 12/29\n", subject="card")


def test_outbound_data_loss_block_names_the_reason_to_our_own_user(relay_factory: Any, sink: SMTPPeer) -> None:
    relay = relay_factory({"scan": {"enabled": True, "classifier": {"enabled": False},
                                    "dlp": {"payment_cards": "block"}},
                           "delivery": {"transport": {"remote.example": f"smtp:127.0.0.1:{sink.port}"}}})
    with smtplib.SMTP("127.0.0.1", relay.inbound, timeout=30) as c:
        with pytest.raises(smtplib.SMTPDataError) as refused:
            c.sendmail("alice@local.test", ["carol@remote.example"], card_message())
        c.sendmail("alice@local.test", ["carol@remote.example"], plain(subject="fine"))
    assert refused.value.smtp_code == 550
    reply = refused.value.smtp_error.decode()
    assert "card" in reply.lower() and "4539 5260 1815 9083" not in reply
    assert wait_for(lambda: len(sink.messages) == 1, timeout=30)
    # Outbound mail is not tagged: recipients elsewhere do not see our scores.
    assert b"X-Relaywarden" not in sink.messages[0].data


def test_outbound_require_tls_holds_mail_for_a_peer_without_starttls(relay_factory: Any, sink: SMTPPeer) -> None:
    relay = relay_factory({"scan": {"enabled": True, "classifier": {"enabled": False},
                                    "dlp": {"payment_cards": "require_tls"}},
                           "delivery": {"transport": {"remote.example": f"smtp:127.0.0.1:{sink.port}"}}})
    with smtplib.SMTP("127.0.0.1", relay.inbound, timeout=30) as c:
        c.sendmail("alice@local.test", ["carol@remote.example"], card_message())
        c.sendmail("alice@local.test", ["carol@remote.example"], plain(subject="fine"))
    assert wait_for(lambda: len(sink.messages) == 1, timeout=30)
    assert b"Subject: fine" in sink.messages[0].data
    assert wait_for(lambda: "4.7.4" in relay.log_text() or "STARTTLS" in relay.log_text(), timeout=30)
    listed = relay.run_cli("queue", "list")
    assert "alice@local.test" in listed.stdout


def test_a_compromised_account_is_throttled_with_the_reason(relay_factory: Any, sink: SMTPPeer) -> None:
    relay = relay_factory({"scan": {"enabled": True, "classifier": {"enabled": False},
                                    "anomaly": {"volume_min": 3, "spike_score": 1.0}},
                           "auth": {"require_tls": False},
                           "delivery": {"transport": {"remote.example": f"smtp:127.0.0.1:{sink.port}"}}})
    created = relay.run_cli("user", "add", "mallory@local.test", input_text="correct horse battery\n")
    assert created.returncode == 0, created.stderr
    codes: list[int] = []
    with smtplib.SMTP("127.0.0.1", relay.submission, timeout=30) as c:
        c.ehlo()
        c.login("mallory@local.test", "correct horse battery")
        for i in range(8):
            try:
                c.sendmail("mallory@local.test", [f"victim{i}@remote.example"], plain(subject=f"m{i}"))
                codes.append(250)
            except smtplib.SMTPSenderRefused as exc:
                codes.append(exc.smtp_code)
                assert b"paused" in exc.smtp_error
                break
    assert codes[-1] == 451 and codes.count(250) >= 3, codes
    assert "OUTBOUND_VOLUME_SPIKE" in relay.log_text()
    assert "ALERT account mallory@local.test" in relay.log_text()
    listed = relay.run_cli("throttle", "list")
    assert "mallory@local.test" in listed.stdout and "OUTBOUND_VOLUME_SPIKE" not in listed.stdout
    assert relay.run_cli("throttle", "release", "mallory@local.test").returncode == 0
    assert relay.run_cli("throttle", "release", "mallory@local.test").returncode == 1
    with smtplib.SMTP("127.0.0.1", relay.submission, timeout=30) as c:
        c.ehlo()
        c.login("mallory@local.test", "correct horse battery")
        c.sendmail("mallory@local.test", ["victim@remote.example"], plain(subject="after release"))


def test_scan_command_json_lines(relay_factory: Any, tmp_path: Any) -> None:
    relay = relay_factory(INBOUND)
    folder = tmp_path / "messages"
    folder.mkdir()
    (folder / "p.eml").write_bytes(phish())
    (folder / "h.eml").write_bytes(plain())
    (folder / "garbage.eml").write_bytes(b"\x00\xff" * 100 + b"\r\n\r\n--x--")
    res = relay.run_cli("scan", "--json", str(folder))
    assert res.returncode == 0, res.stderr
    rows = {json.loads(line)["file"].rsplit("/", 1)[-1]: json.loads(line) for line in res.stdout.splitlines()}
    assert set(rows) == {"p.eml", "h.eml", "garbage.eml"}
    assert rows["p.eml"]["action"] in ("banner", "quarantine", "reject")
    assert rows["h.eml"]["action"] == "accept"
    reported = relay.run_cli("report", str(folder / "p.eml"), "--label", "phishing")
    assert reported.returncode == 0, reported.stderr
    assert len(list((relay.data_dir / "feedback" / "phishing").glob("*.eml"))) == 1
    for row in rows.values():
        assert {"file", "action", "score", "symbols"} <= set(row)
        assert all({"name", "score", "description"} == set(s) for s in row["symbols"])


def test_authentication_results_feed_the_scan(relay_factory: Any) -> None:
    from tests.support.dnsserver import DNSServer

    zones: dict[str, Any] = {
        "test": {},
        "good.test": {"@": {"TXT": "v=spf1 ip4:127.0.0.0/8 -all", "A": "192.0.2.1"},
                      "_dmarc": {"TXT": "v=DMARC1; p=reject"}},
        "none.test": {"@": {"TXT": "v=spf1 ip4:192.0.2.1 -all", "A": "192.0.2.1"},
                      "_dmarc": {"TXT": "v=DMARC1; p=none"}},
        "bank.test": {"@": {"TXT": "v=spf1 ip4:127.0.0.0/8 -all", "A": "192.0.2.2"},
                      "_dmarc": {"TXT": "v=DMARC1; p=reject"}},
    }
    with DNSServer(zones=zones) as dns_server:
        relay = relay_factory({**INBOUND, "dns": {"nameservers": [dns_server.nameserver], "timeout": 1.0},
                               "authentication": {"enabled": True, "authserv_id": "relay.test"},
                               "scan": {**INBOUND["scan"], "thresholds": {"quarantine": 90.0, "reject": 99.0},
                                        "phishing": {"brands": ["bank.test"]}}})
        good = plain(subject="from good").replace(b"bob@partner.example", b"bob@good.test")
        send(relay, good, sender="bob@good.test")
        forged = phish().replace(b"service@paypa1-secure.com", b"ceo@none.test")
        send(relay, forged, sender="ceo@none.test")
        brand = plain(subject="from the bank").replace(b"bob@partner.example", b"notices@bank.test")
        send(relay, brand, sender="notices@bank.test")
        msgs = {m["Subject"].removeprefix("[SUSPICIOUS] "): m for m in delivered(relay, count=3)}
    ok, bad, bank = msgs["from good"], msgs["Your account is limited"], msgs["from the bank"]
    assert "dmarc=pass" in str(ok["Authentication-Results"])
    assert "AUTH_PASS(-1" in ok["X-Relaywarden-Symbols"]
    # a protected brand proven by DMARC gets the stronger counterweight to the classifier
    assert "dmarc=pass" in str(bank["Authentication-Results"])
    assert "AUTH_PASS(-3" in bank["X-Relaywarden-Symbols"]
    assert "dmarc=fail" in str(bad["Authentication-Results"])
    assert "DMARC_FAIL" in bad["X-Relaywarden-Symbols"]
    assert bad["X-Relaywarden-Action"] == "banner"
    # Our Authentication-Results sits above the scan headers: it was added after the verdict.
    raw = bad.as_bytes()
    assert raw.index(b"Authentication-Results: relay.test") < raw.index(b"X-Relaywarden-Score")


def test_a_lookalike_link_inside_an_attached_pdf_is_found_over_smtp(relay_factory: Any) -> None:
    from tests.scan.test_pdf import LOOKALIKE, link_pdf

    relay = relay_factory({**INBOUND, "scan": {**INBOUND["scan"],
                                               "thresholds": {"quarantine": 90.0, "reject": 99.0}}})
    msg = mail("Accounts <statements@partner.example>", "Your statement", "Your monthly statement is attached.\n")
    msg.add_attachment(link_pdf(LOOKALIKE), maintype="application", subtype="pdf", filename="Statement.pdf")
    send(relay, wire(msg))
    got = delivered(relay)[0]
    assert "LOOKALIKE_LINK" in got["X-Relaywarden-Symbols"], got["X-Relaywarden-Symbols"]
    assert got["X-Relaywarden-Action"] == "tag"
    # the attachment is delivered untouched
    pdf = next(p for p in got.iter_attachments() if p.get_filename() == "Statement.pdf")
    assert pdf.get_content() == link_pdf(LOOKALIKE)


def test_a_callback_invoice_inside_an_attached_pdf_is_tagged_over_smtp(relay_factory: Any) -> None:
    from tests.scan.test_pdf import INVOICE, text_pdf

    relay = relay_factory(INBOUND)
    msg = mail("Billing Team <gs.billing.desk4471@gmail.com>", "Invoice GS-48213",
               "Hello, your invoice is attached. Thank you.\n")
    msg.add_attachment(text_pdf(*INVOICE), maintype="application", subtype="pdf", filename="Invoice_GS-48213.pdf")
    send(relay, wire(msg), sender="gs.billing.desk4471@gmail.com")
    got = delivered(relay)[0]
    assert "CALLBACK_PHISHING" in got["X-Relaywarden-Symbols"], got["X-Relaywarden-Symbols"]
    assert got["X-Relaywarden-Action"] == "tag" and got["Subject"].startswith("[SUSPICIOUS]")
    # the invoice is delivered untouched
    pdf = next(p for p in got.iter_attachments() if p.get_filename() == "Invoice_GS-48213.pdf")
    assert pdf.get_content() == text_pdf(*INVOICE)


def test_a_hosted_link_carrying_the_envelope_recipient_is_found_over_smtp(relay_factory: Any) -> None:
    import base64

    relay = relay_factory(INBOUND)
    encoded = base64.b64encode(b"alice@local.test").decode()
    msg = mail("Alicia Hollis <ahollis@hollisreed.example>",
               'Alicia Hollis shared "Settlement Statement (FINAL)" with you',
               f"Please review before Friday.\nOpen: https://view-doc.hollis-share.workers.dev/?e={encoded}\n",
               to="undisclosed-recipients:;")
    send(relay, wire(msg), sender="ahollis@hollisreed.example")
    got = delivered(relay)[0]
    # only the envelope names alice: the relay hands its recipients to the checks
    assert "LINK_CARRIES_RECIPIENT(3" in got["X-Relaywarden-Symbols"], got["X-Relaywarden-Symbols"]
    assert got["X-Relaywarden-Action"] == "tag"
