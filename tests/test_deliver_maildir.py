"""Maildir delivery: layout, permissions, safe mailbox names, no leftovers on failure."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from relaywarden.deliver.maildir import (
    InvalidMailbox,
    deliver_maildir,
    deliver_to_maildir,
    mailbox_name,
    unique_name,
)

MESSAGE = b"From: a@example.com\r\nTo: b@example.com\r\nSubject: hi\r\n\r\nhello\r\n"


def test_delivers_into_new_with_maildir_layout(tmp_path: Path) -> None:
    root = tmp_path / "maildir"
    path = deliver_maildir(root, "Alice", MESSAGE, hostname="relay.test")

    box = root / "alice"
    assert path.parent == box / "new"
    assert path.read_bytes() == MESSAGE
    assert sorted(p.name for p in box.iterdir()) == ["cur", "new", "tmp"]
    assert list((box / "tmp").iterdir()) == []
    assert path.name.endswith(".relay.test")


def test_directories_are_private_and_file_is_0600(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        path = deliver_maildir(tmp_path / "root", "bob", MESSAGE, hostname="h")
    finally:
        os.umask(old)
    for d in (tmp_path / "root", tmp_path / "root" / "bob", path.parent, path.parent.parent / "tmp"):
        assert stat.S_IMODE(d.stat().st_mode) == 0o700, d
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_each_delivery_gets_its_own_file(tmp_path: Path) -> None:
    paths = {deliver_maildir(tmp_path, "carol", MESSAGE + bytes([i]), hostname="h") for i in range(20)}
    assert len(paths) == 20
    assert len(list((tmp_path / "carol" / "new").iterdir())) == 20


def test_unique_name_escapes_slash_and_colon_in_hostname() -> None:
    name = unique_name("bad/host:name")
    assert "/" not in name and ":" not in name
    assert name.endswith(r".bad\057host\072name")
    seconds, middle, _ = name.split(".", 2)
    assert seconds.isdigit() and middle.startswith(f"P{os.getpid()}Q")


@pytest.mark.parametrize(
    ("local_part", "expected"),
    [
        ("John.Doe", "john.doe"),
        ("user+tag", "user+tag"),
        ("a/b", "a%2Fb"),
        ("..", "%2E."),
        (".", "%2E"),
        (".hidden", "%2Ehidden"),
        ("../../etc/passwd", "%2E.%2F..%2Fetc%2Fpasswd"),
        ("a..b", "a..b"),
        ("nul\x00byte", "nul%00byte"),
        ("100%", "100%25"),
        ("Jöse", "j%C3%B6se"),
        ('"quoted string"', "%22quoted%20string%22"),
    ],
)
def test_mailbox_names_are_safe_and_one_to_one(local_part: str, expected: str) -> None:
    assert mailbox_name(local_part) == expected


@pytest.mark.parametrize("local_part", ["../../escape", "/abs", "..", ".", "a/../../b", "x\x00y"])
def test_hostile_local_parts_stay_inside_root(tmp_path: Path, local_part: str) -> None:
    root = tmp_path / "root"
    path = deliver_maildir(root, local_part, MESSAGE, hostname="h")
    assert path.resolve().is_relative_to(root.resolve())
    # Exactly one level below root: root/<mailbox>/new/<file>.
    assert path.parent.parent.parent == root
    assert sorted(p.name for p in tmp_path.iterdir()) == ["root"]


def test_distinct_local_parts_never_share_a_mailbox() -> None:
    names = ["a/b", "a%2Fb", "a_b", ".a", "%2Ea", "a"]
    assert len({mailbox_name(n) for n in names}) == len(names)


def test_empty_or_overlong_local_part_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidMailbox):
        deliver_maildir(tmp_path, "", MESSAGE, hostname="h")
    with pytest.raises(InvalidMailbox):
        deliver_maildir(tmp_path, "/" * 100, MESSAGE, hostname="h")
    assert list(tmp_path.iterdir()) == []


def test_mailbox_path_blocked_by_a_file_raises_oserror(tmp_path: Path) -> None:
    (tmp_path / "dave").write_text("not a directory")
    with pytest.raises(OSError):
        deliver_maildir(tmp_path, "dave", MESSAGE, hostname="h")


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores directory permissions")
def test_unwritable_root_raises_oserror_and_leaves_nothing(tmp_path: Path) -> None:
    deliver_maildir(tmp_path, "erin", MESSAGE, hostname="h")
    os.chmod(tmp_path / "erin" / "tmp", 0o500)
    try:
        with pytest.raises(PermissionError):
            deliver_maildir(tmp_path, "erin", MESSAGE, hostname="h")
    finally:
        os.chmod(tmp_path / "erin" / "tmp", 0o700)
    assert len(list((tmp_path / "erin" / "new").iterdir())) == 1


async def test_deliver_to_maildir_reports_results(tmp_path: Path) -> None:
    ok = await deliver_to_maildir(tmp_path, "Frank@Example.COM", MESSAGE, hostname="h")
    assert (ok.outcome, ok.status, ok.remote, ok.code) == ("delivered", "2.0.0", "maildir", 0)
    assert len(list((tmp_path / "frank" / "new").iterdir())) == 1

    bad = await deliver_to_maildir(tmp_path, "@example.com", MESSAGE, hostname="h")
    assert (bad.outcome, bad.status) == ("failed", "5.1.3")

    (tmp_path / "grace").write_text("blocks the mailbox")
    io_error = await deliver_to_maildir(tmp_path, "grace@example.com", MESSAGE, hostname="h")
    assert (io_error.outcome, io_error.status) == ("deferred", "4.3.0")
    assert "maildir write failed" in io_error.text
