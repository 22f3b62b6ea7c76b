"""TLS for the listeners: certificate from config or a generated self-signed one; TLS 1.2+."""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import ssl
from pathlib import Path

from relaywarden.config import Config

_VERSIONS = {
    "1.0": ssl.TLSVersion.TLSv1,
    "1.1": ssl.TLSVersion.TLSv1_1,
    "1.2": ssl.TLSVersion.TLSv1_2,
    "1.3": ssl.TLSVersion.TLSv1_3,
}


def self_signed_pem(hostname: str, *, days: int = 730, ca: bool = False) -> tuple[bytes, bytes]:
    """A P-256 self-signed certificate for hostname, localhost and the loopback addresses, as
    (certificate PEM, private key PEM). ca=True lets a client use it directly as a trust anchor."""
    # Imported here: only the first start needs it, and workers should not carry it in memory.
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, hostname)])
    now = dt.datetime.now(dt.UTC)
    san = x509.SubjectAlternativeName([
        x509.DNSName(hostname),
        x509.DNSName("localhost"),
        x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
        x509.IPAddress(ipaddress.ip_address("::1")),
    ])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=days))
        .add_extension(san, critical=False)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    return cert.public_bytes(serialization.Encoding.PEM), key_pem


def generate_self_signed(cert_path: Path, key_path: Path, hostname: str) -> None:
    """Write a self-signed certificate for hostname (valid 2 years); the key with mode 0600."""
    cert_pem, key_pem = self_signed_pem(hostname)
    key_path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(key_pem)
    cert_path.write_bytes(cert_pem)


def certificate_paths(cfg: Config) -> tuple[Path, Path]:
    """The configured certificate, or the generated one (created on first use)."""
    if cfg.tls.cert_file and cfg.tls.key_file:
        return cfg.tls.cert_file, cfg.tls.key_file
    tls_dir = cfg.data_dir / "tls"
    cert, key = tls_dir / "selfsigned.crt", tls_dir / "selfsigned.key"
    if not (cert.exists() and key.exists()):
        generate_self_signed(cert, key, cfg.server.hostname)
    return cert, key


def server_context(cfg: Config) -> ssl.SSLContext:
    cert, key = certificate_paths(cfg)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.minimum_version = _VERSIONS[cfg.tls.min_version]
    if cfg.tls.min_version in ("1.0", "1.1"):
        # OpenSSL's default security level refuses TLS < 1.2 even when asked to allow it.
        ctx.set_ciphers(cfg.tls.ciphers + ":@SECLEVEL=0")
    else:
        ctx.set_ciphers(cfg.tls.ciphers)
    ctx.options |= ssl.OP_NO_COMPRESSION | ssl.OP_CIPHER_SERVER_PREFERENCE | ssl.OP_NO_RENEGOTIATION
    try:
        ctx.load_cert_chain(cert, key)
    except (OSError, ssl.SSLError) as exc:
        raise ValueError(f"cannot load TLS certificate {cert} / key {key}: {exc}") from exc
    return ctx
