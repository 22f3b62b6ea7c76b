"""SMTP-time authentication end to end: the relay asks a DNS server on loopback, refuses what
DMARC says to refuse before the 250, quarantines, marks, and signs what it sends."""

from __future__ import annotations

import re
import smtplib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from relaywarden.authn.dkim import generate_key, sign_message, verify_message
from relaywarden.authn.dnsview import StaticDNS
from relaywarden.store.db import open_database
from relaywarden.store.quarantine import Quarantine
from tests.support.dnsserver import DNSServer
from tests.support.relay import Relay, wait_for
from tests.support.smtppeer import SMTPPeer

StartRelay = Callable[..., Relay]
KEY_PEM, KEY_TXT = generate_key("rsa", 2048)


def _zones() -> dict[str, object]:
    strict = "v=spf1 ip4:192.0.2.1 -all"
    return {
        "test": {},
        "reject.test": {"@": {"TXT": strict, "A": "192.0.2.1"}, "_dmarc": {"TXT": "v=DMARC1; p=reject"}},
        "quar.test": {"@": {"TXT": strict, "A": "192.0.2.1"}, "_dmarc": {"TXT": "v=DMARC1; p=quarantine"}},
        "good.test": {"@": {"TXT": "v=spf1 ip4:127.0.0.0/8 -all", "A": "192.0.2.1"},
                      "s1._domainkey": {"TXT": KEY_TXT}, "_dmarc": {"TXT": "v=DMARC1; p=reject"}},
        "slow.test": {"@": {"TXT": strict, "A": "192.0.2.1"}, "_dmarc": {"TXT": "v=DMARC1; p=reject"}},
    }


@pytest.fixture(scope="module")
def dns_server() -> Iterator[DNSServer]:
    with DNSServer(zones=_zones(), drop_names=["_dmarc.slow.test"]) as server:  # type: ignore[arg-type]
        yield server


def _inbound(dns_server: DNSServer, **authn: object) -> dict[str, object]:
    return {"relay": {"trusted_networks": ["192.0.2.0/24"]},
            "dns": {"nameservers": [dns_server.nameserver], "timeout": 1.0},
            "authentication": {"enabled": True, "authserv_id": "relay.test", **authn}}


def _msg(domain: str, extra: bytes = b"") -> bytes:
    return extra + (f"From: Boss <boss@{domain}>\r\nTo: staff@local.test\r\nSubject: from {domain}\r\n"
                    f"Date: Sat, 28 Nov 2026 10:00:00 +0000\r\nMessage-ID: <x@{domain}>\r\n\r\nbody\r\n").encode()


def _send(relay: Relay, sender: str, data: bytes) -> tuple[int, bytes]:
    with smtplib.SMTP("127.0.0.1", relay.inbound) as c:
        c.ehlo("mail.client.test")
        assert c.mail(sender)[0] == 250
        code, text = c.rcpt("staff@local.test")
        if code != 250:
            return code, text
        return c.data(data)


def test_dmarc_reject_is_refused_at_data_and_valid_mail_is_marked(relay_factory: StartRelay,
                                                                   dns_server: DNSServer) -> None:
    relay = relay_factory(_inbound(dns_server))
    code, text = _send(relay, "boss@reject.test", _msg("reject.test"))
    assert code == 550 and text.startswith(b"5.7.1") and b"reject.test" in text
    forged = b"Authentication-Results: relay.test; dkim=pass header.d=bank.test; dmarc=pass\r\n"
    unsigned = _msg("good.test", extra=forged)
    signature = sign_message(unsigned[len(forged):], domain="good.test", selector="s1", private_key_pem=KEY_PEM)
    code, _ = _send(relay, "boss@good.test", forged + signature + unsigned[len(forged):])
    assert code == 250
    assert wait_for(lambda: len(relay.maildir_messages("staff")) == 1)
    delivered = relay.maildir_messages("staff")[0]
    assert b"bank.test" not in delivered  # the forged result claiming our name is gone
    ours = re.search(rb"Authentication-Results: relay\.test;\r\n(\t.*\r\n)+", delivered)
    assert ours is not None
    header = ours.group(0)
    assert b"spf=pass smtp.mailfrom=boss@good.test" in header
    assert b"dkim=pass header.d=good.test" in header and b"dmarc=pass" in header
    assert "DMARC" in relay.log_text() or "authentication: reject" in relay.log_text()


def test_dmarc_quarantine_holds_the_message(relay_factory: StartRelay, dns_server: DNSServer) -> None:
    relay = relay_factory(_inbound(dns_server))
    code, text = _send(relay, "boss@quar.test", _msg("quar.test"))
    assert code == 250 and b"queued as" in text
    q = Quarantine(open_database(f"sqlite:///{relay.data_dir / 'state.db'}"), relay.data_dir / "quarantine")
    assert wait_for(lambda: len(q.list()) == 1)
    [item] = q.list()
    assert item.recipients == ["staff@local.test"] and "quar.test fails DMARC" in item.reason
    assert relay.maildir_messages("staff") == []
    shown = relay.run_cli("quarantine", "show", item.id)
    assert "Authentication-Results: relay.test;" in shown.stdout and "dmarc=fail" in shown.stdout


def test_overrides_monitor_and_temperror(relay_factory: StartRelay, dns_server: DNSServer) -> None:
    relay = relay_factory(_inbound(dns_server, dmarc_overrides={"reject.test": "none"}))
    assert _send(relay, "boss@reject.test", _msg("reject.test"))[0] == 250
    code, text = _send(relay, "boss@slow.test", _msg("slow.test"))
    assert code == 451 and text.startswith(b"4.7.5")
    monitor = relay_factory(_inbound(dns_server, dmarc_enforcement="monitor"))
    assert _send(monitor, "boss@reject.test", _msg("reject.test"))[0] == 250
    assert wait_for(lambda: len(monitor.maildir_messages("staff")) == 1)
    assert b"dmarc=fail" in monitor.maildir_messages("staff")[0]


def test_spf_fail_can_be_refused_at_rcpt(relay_factory: StartRelay, dns_server: DNSServer) -> None:
    relay = relay_factory(_inbound(dns_server, spf_fail="reject"))
    code, text = _send(relay, "boss@reject.test", _msg("reject.test"))
    assert code == 550 and text.startswith(b"5.7.23")
    assert _send(relay, "boss@good.test", _msg("good.test"))[0] == 250


def test_trusted_clients_are_signed_not_checked(relay_factory: StartRelay, dns_server: DNSServer,
                                                sink: SMTPPeer, tmp_path: Path) -> None:
    key_file = tmp_path / "s1.key"
    key_file.write_bytes(KEY_PEM)
    key_file.chmod(0o600)
    relay = relay_factory({"dns": {"nameservers": [dns_server.nameserver], "timeout": 1.0},
                           "dkim": {"keys": [{"domain": "good.test", "selector": "s1", "key_file": str(key_file)}]},
                           "delivery": {"transport": {"remote.test": f"smtp:127.0.0.1:{sink.port}"}}})
    with smtplib.SMTP("127.0.0.1", relay.inbound) as c:  # 127.0.0.1 is trusted here
        c.sendmail("app@good.test", ["x@remote.test"], _msg("good.test").replace(b"staff@local.test", b"x@remote.test"))
    received = sink.wait_for_messages(1)[0].data
    assert b"DKIM-Signature:" in received and b"Authentication-Results" not in received
    import asyncio

    results = asyncio.run(verify_message(received, dns=StaticDNS({"s1._domainkey.good.test": {"TXT": [KEY_TXT]}})))
    assert [r.result for r in results] == ["pass"]


def test_forwarded_mail_is_arc_sealed_with_our_verdict(relay_factory: StartRelay, dns_server: DNSServer,
                                                       sink: SMTPPeer, tmp_path: Path) -> None:
    import asyncio

    from relaywarden.authn.arc import validate_chain

    key_file = tmp_path / "arc.key"
    key_file.write_bytes(KEY_PEM)
    relay = relay_factory({**_inbound(dns_server, arc_seal={"domain": "relay.test", "selector": "arc1",
                                                            "key_file": str(key_file),
                                                            "recipient_domains": ["lists.test"]}),
                           "relay": {"trusted_networks": ["192.0.2.0/24"], "relay_domains": ["lists.test"]},
                           "delivery": {"transport": {"lists.test": f"smtp:127.0.0.1:{sink.port}"}}})
    data = _msg("good.test").replace(b"staff@local.test", b"team@lists.test")
    signature = sign_message(data, domain="good.test", selector="s1", private_key_pem=KEY_PEM)
    with smtplib.SMTP("127.0.0.1", relay.inbound) as c:
        c.ehlo("mail.client.test")
        c.mail("boss@good.test")
        assert c.rcpt("team@lists.test")[0] == 250
        assert c.data(signature + data)[0] == 250
    forwarded = sink.wait_for_messages(1)[0].data
    assert forwarded.startswith(b"ARC-Seal: ")
    assert re.search(rb"ARC-Seal: [^\r]*\bi=1;", forwarded.replace(b"\r\n ", b" "))
    assert b"ARC-Authentication-Results: i=1; relay.test;" in forwarded and b"dmarc=pass" in forwarded
    zone = StaticDNS({"arc1._domainkey.relay.test": {"TXT": [KEY_TXT]}, "s1._domainkey.good.test": {"TXT": [KEY_TXT]}})
    chain = asyncio.run(validate_chain(forwarded, dns=zone))
    assert chain.cv == "pass" and chain.sealers == ("relay.test",)
