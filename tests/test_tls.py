"""TLS on the listeners: 1.2 or newer only, and the certificate from the configuration."""

from __future__ import annotations

import smtplib
import socket
import ssl
from collections.abc import Callable
from pathlib import Path

import pytest

from relaywarden.tlsutil import generate_self_signed
from tests.support.relay import Relay

StartRelay = Callable[..., Relay]


def _context(maximum: ssl.TLSVersion | None = None, minimum: ssl.TLSVersion | None = None) -> ssl.SSLContext:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    if maximum is not None:
        ctx.maximum_version = maximum
    if minimum is not None:
        ctx.minimum_version = minimum
    return ctx


def _old_tls_client() -> ssl.SSLContext:
    ctx = _context(maximum=ssl.TLSVersion.TLSv1_1, minimum=ssl.TLSVersion.TLSv1)
    try:
        ctx.set_ciphers("ALL:@SECLEVEL=0")
    except ssl.SSLError:
        pytest.skip("this OpenSSL cannot offer TLS 1.1 at all")
    return ctx


@pytest.mark.filterwarnings("ignore:ssl.TLSVersion:DeprecationWarning")
def test_tls_below_1_2_is_refused_and_1_2_works(relay_factory: StartRelay) -> None:
    relay = relay_factory()
    with pytest.raises((ssl.SSLError, ConnectionError)):
        with socket.create_connection(("127.0.0.1", relay.submissions), timeout=5) as raw:
            _old_tls_client().wrap_socket(raw).close()
    for version in (ssl.TLSVersion.TLSv1_2, ssl.TLSVersion.TLSv1_3):
        ctx = _context(maximum=version, minimum=version)
        with smtplib.SMTP_SSL("127.0.0.1", relay.submissions, context=ctx) as c:
            assert c.ehlo("client.test")[0] == 250
            assert c.sock.version() == {ssl.TLSVersion.TLSv1_2: "TLSv1.2", ssl.TLSVersion.TLSv1_3: "TLSv1.3"}[version]
    # A failed STARTTLS handshake is logged in one line, never as a traceback.
    with socket.create_connection(("127.0.0.1", relay.inbound), timeout=5) as raw:
        raw.recv(1024)
        raw.sendall(b"EHLO old.test\r\nSTARTTLS\r\n")
        data = b""
        while b"220 Ready" not in data:
            data += raw.recv(1024)
        with pytest.raises((ssl.SSLError, ConnectionError)):
            _old_tls_client().wrap_socket(raw).close()
    with smtplib.SMTP("127.0.0.1", relay.inbound) as c:
        c.starttls(context=_context(maximum=ssl.TLSVersion.TLSv1_2))
        cipher, _, bits = c.sock.cipher()
        assert "GCM" in cipher or "CHACHA20" in cipher
        assert bits >= 128
    assert "TLS handshake failed" in relay.log_text()
    assert "Traceback" not in relay.log_text()


def test_certificate_from_config_is_served(relay_factory: StartRelay, tmp_path: Path) -> None:
    cert, key = tmp_path / "mx.crt", tmp_path / "mx.key"
    generate_self_signed(cert, key, "mx.configured.test")
    relay = relay_factory({"tls": {"cert_file": str(cert), "key_file": str(key)}})
    with socket.create_connection(("127.0.0.1", relay.submissions), timeout=5) as raw:
        with _context().wrap_socket(raw) as tls:
            served = tls.getpeercert(binary_form=True)
    assert served is not None
    assert ssl.DER_cert_to_PEM_cert(served).strip() == cert.read_text().strip()


def test_unreadable_certificate_stops_the_start_with_a_clear_error(tmp_path: Path) -> None:
    relay = Relay(tmp_path, {"tls": {"cert_file": str(tmp_path / "missing.crt"),
                                     "key_file": str(tmp_path / "missing.key")}})
    with pytest.raises(RuntimeError, match="cannot load TLS certificate"):
        relay.start(timeout=20)
    assert "Traceback" not in relay.log_text()
