"""Acceptance: nmap's smtp-open-relay script finds no open relay on any listener."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable

import pytest

from tests.support.relay import Relay

StartRelay = Callable[..., Relay]

pytestmark = pytest.mark.skipif(shutil.which("nmap") is None, reason="nmap is not installed (make test installs it)")


def _nmap_open_relay(port: int) -> str:
    # "+" runs the script whatever port it is on; it tries all 16 relay variants.
    res = subprocess.run(["nmap", "-n", "-Pn", "-p", str(port), "--script", "+smtp-open-relay",
                          "--script-timeout", "90s", "127.0.0.1"],
                         capture_output=True, text=True, timeout=150)
    assert res.returncode == 0, res.stderr
    line = [x for x in res.stdout.splitlines() if "smtp-open-relay" in x]
    assert line, res.stdout
    return line[0]


def test_no_listener_is_an_open_relay(relay_factory: StartRelay) -> None:
    relay = relay_factory({"relay": {"trusted_networks": ["192.0.2.0/24", "2001:db8::/32"]}})
    inbound = _nmap_open_relay(relay.inbound)
    assert "Server doesn't seem to be an open relay" in inbound, inbound
    for port in (relay.submission, relay.submissions):
        verdict = _nmap_open_relay(port)
        assert "open relay" in verdict and "is an open relay" not in verdict, verdict
        assert "isn't an open relay" in verdict or "doesn't seem to be an open relay" in verdict, verdict
    assert "Traceback" not in relay.log_text()


def test_nmap_does_detect_a_relay_that_trusts_it(relay_factory: StartRelay) -> None:
    # The control: the same probe from a trusted address must find the relay open, or the
    # test above proves nothing.
    relay = relay_factory({"relay": {"trusted_networks": ["127.0.0.0/8"]}})
    verdict = _nmap_open_relay(relay.inbound)
    assert "Server is an open relay" in verdict, verdict
