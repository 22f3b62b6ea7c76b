"""Start the real relaywarden in a subprocess with a generated configuration, for tests."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _toml_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int | float):
        return repr(v)
    if isinstance(v, str | Path):
        s = str(v).replace("\\", "\\\\").replace('"', '\\"')
        return f'"{s}"'
    if isinstance(v, list):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{_toml_key(k)} = {_toml_value(x)}" for k, x in v.items()) + "}"
    raise TypeError(v)


def _toml_key(k: str) -> str:
    return k if k.replace("_", "").replace("-", "").isalnum() else _toml_value(k)


def to_toml(data: Mapping[str, Any]) -> str:
    """Enough TOML for our config: tables of scalars, lists and inline tables."""
    lines: list[str] = []
    for section, body in data.items():
        if isinstance(body, list) and body and isinstance(body[0], dict):
            for item in body:
                lines.append(f"[[{section}]]")
                lines += [f"{_toml_key(k)} = {_toml_value(v)}" for k, v in item.items()]
            continue
        lines.append(f"[{section}]")
        for k, v in body.items():
            lines.append(f"{_toml_key(k)} = {_toml_value(v)}")
    return "\n".join(lines) + "\n"


def deep_merge(base: dict[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for k, v in extra.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = deep_merge(out[k], v)
        else:
            out[k] = v
    return out


class Relay:
    """One relaywarden process on loopback with its own data directory and free ports."""

    def __init__(self, tmp: Path, overrides: Mapping[str, Any] | None = None) -> None:
        self.tmp = tmp
        self.data_dir = tmp / "data"
        self.inbound = free_port()
        self.submission = free_port()
        self.submissions = free_port()
        base: dict[str, Any] = {
            "server": {"hostname": "relay.test", "data_dir": str(self.data_dir)},
            "listeners": [
                {"name": "inbound", "role": "inbound", "address": "127.0.0.1", "port": self.inbound},
                {"name": "submission", "role": "submission", "address": "127.0.0.1", "port": self.submission},
                {"name": "submissions", "role": "submissions", "address": "127.0.0.1",
                 "port": self.submissions},
            ],
            "relay": {"local_domains": ["local.test"], "trusted_networks": ["127.0.0.0/8"]},
            "queue": {"retry_initial": 1.0, "retry_max": 2.0, "scan_interval": 0.2},
            "dns": {"nameservers": ["127.0.0.1:9"], "timeout": 1.0},
            # No DNS is served to these relays unless a test brings its own server: the tests of
            # SMTP-time authentication (tests/test_authn_smtp.py) turn it on with one.
            "authentication": {"enabled": False},
            # Threat scanning loads the classifier and keeps a behaviour memory: the tests of
            # scanning in the SMTP path (tests/scan/test_relay_scan.py) turn it on.
            "scan": {"enabled": False},
        }
        self.config_data = deep_merge(base, overrides or {})
        self.config = tmp / "relaywarden.toml"
        self.config.write_text(to_toml(self.config_data))
        self.log = tmp / "relay.log"
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def cli(self) -> list[str]:
        return [sys.executable, "-m", "relaywarden"]

    def start(self, timeout: float = 20.0) -> Relay:
        logf = open(self.log, "ab")
        self.proc = subprocess.Popen([*self.cli, "serve", "--config", str(self.config), "--log-level", "info"],
                                     stdout=logf, stderr=subprocess.STDOUT, start_new_session=True)
        logf.close()
        deadline = time.monotonic() + timeout
        ports = [lst["port"] for lst in self.config_data["listeners"]]
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self.proc = None
                raise RuntimeError(f"relay exited:\n{self.log_text()}")
            if "ready" in self.log_text() and all(_port_open(p) for p in ports):
                return self
            time.sleep(0.05)
        self.stop()  # never leave a half-started relay behind
        raise RuntimeError(f"relay did not start:\n{self.log_text()}")

    def stop(self) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.proc = None

    def kill9(self) -> None:
        assert self.proc is not None
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()
        self.proc = None

    def log_text(self) -> str:
        try:
            return self.log.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def run_cli(self, *args: str, input_text: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*self.cli, *args, "--config", str(self.config)] if args and args[0] != "--help"
                              else [*self.cli, *args], input=input_text, capture_output=True, text=True,
                              timeout=60)

    def maildir_messages(self, local: str) -> list[bytes]:
        new = self.data_dir / "maildir" / local / "new"
        if not new.is_dir():
            return []
        return [p.read_bytes() for p in sorted(new.iterdir())]

    def spool_files(self) -> list[Path]:
        root = self.data_dir / "spool"
        return [p for p in root.glob("p*/active/*") if not p.name.endswith(".log")]


def _port_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


def wait_for(predicate: Any, timeout: float = 15.0, interval: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return bool(predicate())


@contextlib.contextmanager
def running_relay(tmp: Path, overrides: Mapping[str, Any] | None = None) -> Iterator[Relay]:
    relay = Relay(tmp, overrides).start()
    try:
        yield relay
    finally:
        relay.stop()


def client_tls() -> ssl.SSLContext:
    """A client context for the relay's generated test certificate: no verification (the tests
    check the relay's SMTP behaviour, not the certificate chain)."""
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    return ctx
