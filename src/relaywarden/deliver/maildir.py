"""Local delivery into Maildir (https://cr.yp.to/proto/maildir.html), durably.

Our 250 was a promise, so a message counts as delivered only once its file and the
directory entry that names it are on disk: write into tmp/, fsync the file, rename into
new/, fsync new/.
"""

from __future__ import annotations

import asyncio
import errno
import itertools
import os
import time
from pathlib import Path

from relaywarden.deliver.results import RecipientResult
from relaywarden.fsutil import fsync_dir, write_all

_SAFE = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-_+=.")
# RFC 5321 allows 64 octets in a local part; every octet may grow to 3 characters when
# encoded, and 255 is the usual file name limit.
_MAX_NAME = 255
_counter = itertools.count(1)


class InvalidMailbox(ValueError):
    """The local part cannot name a mailbox (empty, or too long once encoded): permanent."""


def mailbox_name(local_part: str) -> str:
    """The directory name for a local part: lower-cased, then made safe by encoding.

    Encoding rather than refusing, because every one of these characters is legal in a
    quoted local part and refusing would bounce mail a sender had every right to send.
    Letters, digits and "-_+=." are kept; every other octet of the UTF-8 form (including
    "/", NUL, "%" itself and non-ASCII) becomes "%XX", so the mapping is one-to-one and
    the name is plain ASCII. A leading "." is encoded as "%2E": that rules out "." and
    ".." (path traversal) and Maildir++ folder names and hidden files. "a..b" stays as it
    is: without a "/" it is only a name. Raises InvalidMailbox for an empty local part or
    one longer than a file name can be.
    """
    lowered = local_part.lower()
    if not lowered:
        raise InvalidMailbox("empty local part")
    encoded = "".join(_encode_char(c) for c in lowered)
    if encoded.startswith("."):
        encoded = "%2E" + encoded[1:]
    if len(encoded) > _MAX_NAME:
        raise InvalidMailbox(f"local part too long for a mailbox name ({len(lowered)} characters)")
    return encoded


def _encode_char(char: str) -> str:
    if char in _SAFE:
        return char
    return "".join(f"%{octet:02X}" for octet in char.encode("utf-8", "surrogatepass"))


def unique_name(hostname: str) -> str:
    """time.pid_counter.hostname, per the Maildir spec, with "/" and ":" escaped in the host."""
    now = time.time()
    seconds = int(now)
    micros = int((now - seconds) * 1_000_000)
    host = hostname.replace("/", r"\057").replace(":", r"\072")
    return f"{seconds}.P{os.getpid()}Q{next(_counter)}M{micros}.{host}"


def deliver_maildir(root: Path, local_part: str, data: bytes, *, hostname: str) -> Path:
    """Deliver data into root/<mailbox_name(local_part)>/new and return the new file's path.

    Directories are created on demand with mode 0700 and the file with mode 0600. When this
    returns, file and name are on disk (both fsynced). Synchronous and blocking: run it in a
    thread. Raises InvalidMailbox (a ValueError: permanent) or OSError (usually temporary:
    disk full, permissions); on error no file is left in new/ or tmp/.
    """
    mailbox = root / mailbox_name(local_part)
    _ensure_maildir(root, mailbox)
    tmp_path = _write_tmp(mailbox / "tmp", data, hostname)
    final = mailbox / "new" / tmp_path.name
    try:
        os.rename(tmp_path, final)
    except OSError:
        _unlink_quietly(tmp_path)
        raise
    fsync_dir(mailbox / "new")
    return final


async def deliver_to_maildir(root: Path, recipient: str, data: bytes, *, hostname: str) -> RecipientResult:
    """deliver_maildir for a full address, in a thread, as a RecipientResult (never raises OSError).

    The local part is everything before the last "@". An invalid mailbox is a permanent
    failure (5.1.3); disk full is 4.3.1; other I/O errors are 4.3.0, retried later.
    """
    local_part = recipient.rpartition("@")[0] if "@" in recipient else recipient
    try:
        path = await asyncio.to_thread(deliver_maildir, root, local_part, data, hostname=hostname)
    except InvalidMailbox as exc:
        return RecipientResult.local(recipient, "5.1.3", f"invalid mailbox: {exc}", "maildir")
    except OSError as exc:
        status = "4.3.1" if exc.errno in (errno.ENOSPC, errno.EDQUOT) else "4.3.0"
        text = f"maildir write failed: {exc.strerror or exc}"
        return RecipientResult.local(recipient, status, text, "maildir")
    return RecipientResult.local(recipient, "2.0.0", f"delivered to maildir as {path.name}", "maildir")


def _ensure_maildir(root: Path, mailbox: Path) -> None:
    if not root.is_dir():
        root.parent.mkdir(parents=True, exist_ok=True)
        if _mkdir(root):
            fsync_dir(root.parent)
    created_box = _mkdir(mailbox)
    if created_box:
        fsync_dir(root)
    for sub in ("tmp", "new", "cur"):
        if _mkdir(mailbox / sub):
            created_box = True
    if created_box:
        fsync_dir(mailbox)


def _mkdir(path: Path) -> bool:
    """Create one directory with mode 0700; False if it already exists."""
    try:
        os.mkdir(path, 0o700)
    except FileExistsError:
        if not path.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, "exists and is not a directory", str(path)) from None
        return False
    # mkdir's mode is filtered by the umask; the mailbox must be private whatever it is.
    os.chmod(path, 0o700)
    return True


def _write_tmp(tmp_dir: Path, data: bytes, hostname: str) -> Path:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    for _attempt in range(5):
        path = tmp_dir / unique_name(hostname)
        try:
            fd = os.open(path, flags, 0o600)
        except FileExistsError:
            # Another process with a recycled pid in the same microsecond: take another name.
            continue
        try:
            write_all(fd, data)
            os.fsync(fd)
        except OSError:
            os.close(fd)
            _unlink_quietly(path)
            raise
        os.close(fd)
        return path
    raise FileExistsError(errno.EEXIST, "no unique file name found", str(tmp_dir))






def _unlink_quietly(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
