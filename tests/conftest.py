from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.relay import Relay
from tests.support.smtppeer import SMTPPeer


@pytest.fixture
def sink() -> Iterator[SMTPPeer]:
    with SMTPPeer() as peer:
        yield peer


@pytest.fixture
def relay_factory(tmp_path: Path) -> Iterator[object]:
    """Start relays with config overrides; all are stopped at the end of the test."""
    started: list[Relay] = []

    def start(overrides: dict[str, object] | None = None, name: str = "r") -> Relay:
        d = tmp_path / f"{name}{len(started)}"
        d.mkdir()
        relay = Relay(d, overrides).start()
        started.append(relay)
        return relay

    yield start
    for r in started:
        r.stop()
