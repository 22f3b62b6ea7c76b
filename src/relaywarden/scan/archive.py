"""Attachment content inspection: magic-byte sniffing, Office macro detection and bounded
archive expansion (zip, single-member gzip, tar; rar and 7z are only sniffed).

Archives are hostile input: a few kilobytes can declare gigabytes (zip bombs), nest without
end, or hold a million entries. Nothing here decompresses more than the caller's budget: members
are read through ZipFile.open in chunks with a cap, gzip through zlib's max_length, and every
bomb (declared or measured ratio, member count, nesting) is recorded in plain words.
"""

from __future__ import annotations

import io
import mimetypes
import re
import tarfile
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from relaywarden.scan.message import Attachment

if TYPE_CHECKING:
    from relaywarden.scan.mime import MimeLimits

_CHUNK = 64 * 1024
_ISO_OFFSETS = (0x8001, 0x8801, 0x9001)
_OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")
# OLE directory entry names are UTF-16LE: this stream exists only when VBA macros are present.
_OLE_VBA = "_VBA_PROJECT".encode("utf-16-le")
_HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<script", b"<meta", b"<form", b"<iframe",
                b"<svg", b"<?xml")


_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")


def visible(text: str, limit: int = 200) -> str:
    """A name taken from the message, safe to put in a log line, a header or a banner: control,
    invisible and direction-changing characters shown as [U+XXXX], long names shortened."""
    shown = _UNSAFE.sub(lambda m: f"[U+{ord(m.group(0)):04X}]", text)
    return shown if len(shown) <= limit else shown[:limit] + "…"


def sniff_type(data: bytes) -> str:
    """What the first bytes say the content is; see Attachment.sniffed_type for the values."""
    head = data[:16]
    if head.startswith(b"MZ"):
        return "exe"
    if head.startswith(b"\x7fELF"):
        return "elf"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return "zip"
    if head.startswith(_OLE_MAGIC):
        return "ole"
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head.startswith(b"Rar!\x1a\x07"):
        return "rar"
    if head.startswith(b"7z\xbc\xaf\x27\x1c"):
        return "7z"
    if head.startswith(b"\x1f\x8b"):
        return "gzip"
    if any(data[off:off + 5] == b"CD001" for off in _ISO_OFFSETS):
        return "iso"
    if head.startswith(b"#!"):
        return "script"
    if _looks_like_html(data):
        return "html"
    return ""


def _looks_like_html(data: bytes) -> bool:
    start = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith(b"<?xml"):
        return b"<svg" in data[:2048].lower() or b"<html" in data[:2048].lower()
    return start.startswith(_HTML_STARTS)


def ole_has_macros(data: bytes) -> bool:
    """An OLE (legacy Office) file with a VBA project stream."""
    return data.startswith(_OLE_MAGIC) and _OLE_VBA in data


@dataclass
class Budget:
    """Decoded bytes the whole message may still produce (MimeLimits.max_total_bytes), shared by
    MIME parts and archive members so that many small bombs cannot add up, and archive members
    it may still list (nested archives multiply: 500 zips of 500 files fit in a few MB)."""

    remaining: int
    members: int = 2000

    def take_member(self, path: str, result: Inspection) -> bool:
        """Count one more member; False (and a bomb recorded once) when the budget is spent."""
        self.members -= 1
        if self.members == -1:
            result.bombs.append(f"more archive members in the message than the budget allows ({visible(path)}): "
                                "the rest were not inspected")
        return self.members >= 0


@dataclass
class Inspection:
    """What opening one archive found: its members (nested ones flattened after their parent)
    and what was cut, refused or broken."""

    members: list[Attachment] = field(default_factory=list)
    encrypted: bool = False
    has_macros: bool = False
    limits_hit: list[str] = field(default_factory=list)
    bombs: list[str] = field(default_factory=list)
    defects: list[str] = field(default_factory=list)

    def merge(self, other: Inspection) -> None:
        self.members.extend(other.members)
        self.encrypted = self.encrypted or other.encrypted
        self.limits_hit.extend(other.limits_hit)
        self.bombs.extend(other.bombs)
        self.defects.extend(other.defects)


def archive_kind(data: bytes, sniffed: str) -> str:
    """'zip', 'gzip' or 'tar' when we can open it, else ''. Tar (POSIX/GNU 'ustar' magic) has no
    sniffed_type of its own: it matters as the inside of .tar.gz and as Windows now opens it."""
    if sniffed in ("zip", "gzip"):
        return sniffed
    return "tar" if data[257:262] == b"ustar" else ""


def inspect_archive(data: bytes, path: str, sniffed: str, limits: MimeLimits, budget: Budget,
                    depth: int = 1) -> Inspection:
    """Open the archive `data` (called `path`, e.g. 'a.zip' or 'a.zip/b.zip') at nesting `depth`
    (1 for an attachment) and inspect its members. Never raises for broken archives."""
    result = Inspection()
    if depth > limits.archive_max_depth:
        result.bombs.append(f"archives nested more than {limits.archive_max_depth} levels deep ({visible(path)}):"
                            " the inner archives were not opened")
        return result
    try:
        if sniffed == "zip":
            _inspect_zip(data, path, limits, budget, depth, result)
        elif sniffed == "gzip":
            _inspect_gzip(data, path, limits, budget, depth, result)
        elif sniffed == "tar":
            _inspect_tar(data, path, limits, budget, depth, result)
    except Exception as exc:  # a corrupt archive is a finding, not a crash
        result.defects.append(f"the archive {visible(path)} could not be read completely ({type(exc).__name__})")
    return result


def inspect_if_archive(data: bytes, path: str, sniffed: str, truncated: bool, limits: MimeLimits, budget: Budget,
                       depth: int = 1) -> Inspection:
    """inspect_archive when `data` is an archive we open (`path` '' names it 'unnamed.<kind>'),
    else an empty Inspection. A cut zip or gzip is not opened; a cut tar still lists the members
    it holds."""
    kind = archive_kind(data, sniffed)
    if kind == "tar" or (kind and not truncated):
        return inspect_archive(data, path or f"unnamed.{kind}", kind, limits, budget, depth)
    return Inspection()


def _is_office_container(names: set[str]) -> bool:
    # OOXML and OpenDocument files are zips; their parts are not attachments in their own right.
    return "[Content_Types].xml" in names or "mimetype" in names


def _office_zip_has_macros(names: set[str]) -> bool:
    return any(n.lower().endswith("vbaproject.bin") or n.startswith("Basic/") for n in names)


def _declared_entries(data: bytes) -> int:
    """The entry count in the end-of-central-directory record (-1 if not found), read before
    zipfile parses a directory that may claim hundreds of thousands of entries."""
    pos = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_558))
    if pos < 0 or pos + 22 > len(data):
        return -1
    return int.from_bytes(data[pos + 10:pos + 12], "little")


def _inspect_zip(data: bytes, path: str, limits: MimeLimits, budget: Budget, depth: int,
                 result: Inspection) -> None:
    declared = _declared_entries(data)
    if 20 * limits.archive_max_members < declared < 0xFFFF:  # 0xFFFF: the real count is in the zip64 record
        result.bombs.append(f"the archive {visible(path)} declares {declared} files, more than "
                            f"{limits.archive_max_members}: it was not opened")
        return
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError):
        result.defects.append(f"the archive {visible(path)} is damaged or truncated and could not be opened")
        return
    with zf:
        infos = zf.infolist()
        names = {i.filename for i in infos}
        if _is_office_container(names):
            result.has_macros = _office_zip_has_macros(names)
            return
        files = [i for i in infos if not i.is_dir()]
        if len(files) > limits.archive_max_members:
            result.bombs.append(f"the archive {visible(path)} holds {len(files)} files, more than "
                                f"{limits.archive_max_members}: the rest was not inspected")
            files = files[:limits.archive_max_members]
        for info in files:
            if not budget.take_member(path, result):
                return
            _inspect_zip_member(zf, info, path, limits, budget, depth, result)


def _inspect_zip_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, path: str, limits: MimeLimits,
                        budget: Budget, depth: int, result: Inspection) -> None:
    member_path = f"{path}/{info.filename}"
    encrypted = bool(info.flag_bits & 0x1)
    data = b""
    truncated = False
    if encrypted:
        result.encrypted = True
    elif info.file_size > limits.archive_max_ratio * max(info.compress_size, 1) and info.file_size > _CHUNK:
        result.bombs.append(f"{visible(member_path)} declares {info.file_size} bytes from {info.compress_size} "
                            f"compressed (a ratio above {limits.archive_max_ratio}): an archive bomb; "
                            "it was not decompressed")
        truncated = True
    else:
        cap = min(limits.archive_max_member_bytes, budget.remaining)
        try:
            data, truncated = _read_capped(zf, info, cap)
        except Exception as exc:  # bad CRC, unsupported method, corrupt stream: this member only
            result.defects.append(f"{visible(member_path)} could not be decompressed ({type(exc).__name__})")
        budget.remaining -= len(data)
        if truncated and cap == 0:
            result.limits_hit.append(f"the message's decoded-byte budget was spent before {visible(member_path)}: "
                                     "it was not inspected")
        elif truncated:
            result.limits_hit.append(f"{visible(member_path)} is larger than {cap} bytes: only the start was inspected")
    _add_member(result, info.filename, data, container=path, truncated=truncated,
                encrypted=encrypted, limits=limits, budget=budget, depth=depth)


def _read_capped(zf: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int) -> tuple[bytes, bool]:
    """At most `cap` bytes of a member, read in chunks; True when there was more. zipfile stops
    at the declared size, so a header that lies cannot make the stream inflate further."""
    out = bytearray()
    with zf.open(info) as fh:
        while len(out) < cap:
            chunk = fh.read(min(_CHUNK, cap - len(out)))
            if not chunk:
                return bytes(out), False
            out += chunk
        more = fh.read(1)
    return bytes(out), bool(more)


def _gzip_name(data: bytes) -> str:
    """The original file name stored in a gzip header (FNAME), '' when absent."""
    if len(data) < 10 or not data[3] & 0x08:
        return ""
    pos = 10
    if data[3] & 0x04:  # FEXTRA: two-byte length, then the field
        if len(data) < 12:
            return ""
        pos += 2 + int.from_bytes(data[10:12], "little")
    end = data.find(b"\0", pos, pos + 1024)
    if end < 0:
        return ""
    return data[pos:end].decode("latin-1").rsplit("/", 1)[-1]


def _gunzipped_name(name: str) -> str:
    lower = name.lower()
    if lower.endswith(".tgz"):
        return name[:-4] + ".tar"
    return (name[:-3] if lower.endswith(".gz") else name) or "member"


def _inspect_gzip(data: bytes, path: str, limits: MimeLimits, budget: Budget, depth: int,
                  result: Inspection) -> None:
    name = _gzip_name(data) or _gunzipped_name(path.rsplit("/", 1)[-1])
    cap = min(limits.archive_max_member_bytes, budget.remaining)
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = d.decompress(data, cap + 1)
    except zlib.error:
        result.defects.append(f"the archive {visible(path)} is not valid gzip data")
        return
    consumed = max(len(data) - len(d.unconsumed_tail), 1)
    bomb = len(out) > _CHUNK and len(out) > limits.archive_max_ratio * consumed
    truncated = len(out) > cap or bool(d.unconsumed_tail)
    out = out[:cap]
    budget.remaining -= len(out)
    if bomb:
        result.bombs.append(f"{visible(path)} decompresses more than {limits.archive_max_ratio} times its size: "
                            "an archive bomb")
        out, truncated = b"", True
    elif truncated:
        member_path = visible(f"{path}/{name}")
        result.limits_hit.append(f"{member_path} is larger than {cap} bytes: only the start was inspected")
    _add_member(result, name, out, container=path, truncated=truncated, encrypted=False,
                limits=limits, budget=budget, depth=depth)


def _inspect_tar(data: bytes, path: str, limits: MimeLimits, budget: Budget, depth: int,
                 result: Inspection) -> None:
    try:
        tf = tarfile.open(fileobj=io.BytesIO(data), mode="r:")
    except (tarfile.TarError, EOFError, OSError, ValueError):
        result.defects.append(f"the archive {visible(path)} is damaged or truncated and could not be opened")
        return
    with tf:
        files = entries = 0
        while True:
            try:
                info = tf.next()
            except (tarfile.TarError, EOFError, OSError, ValueError):
                result.defects.append(f"the archive {visible(path)} is damaged or truncated")
                return
            entries += 1
            if info is None or entries > 20 * limits.archive_max_members:
                return
            if not info.isfile():
                continue
            files += 1
            if files > limits.archive_max_members:
                result.bombs.append(f"the archive {visible(path)} holds more than {limits.archive_max_members} "
                                    "files: the rest was not inspected")
                return
            if not budget.take_member(path, result):
                return
            _inspect_tar_member(tf, info, path, limits, budget, depth, result)


def _inspect_tar_member(tf: tarfile.TarFile, info: tarfile.TarInfo, path: str, limits: MimeLimits,
                        budget: Budget, depth: int, result: Inspection) -> None:
    cap = min(limits.archive_max_member_bytes, budget.remaining)
    try:
        fh = tf.extractfile(info)
        data = fh.read(cap) if fh is not None else b""
    except (tarfile.TarError, EOFError, OSError, ValueError):
        result.defects.append(f"{visible(f'{path}/{info.name}')} could not be read")
        data = b""
    budget.remaining -= len(data)
    truncated = info.size > len(data)
    if truncated:
        result.limits_hit.append(f"{visible(f'{path}/{info.name}')} is larger than {cap} bytes: "
                                 "only the start was inspected")
    _add_member(result, info.name, data, container=path, truncated=truncated, encrypted=False,
                limits=limits, budget=budget, depth=depth)


def _add_member(result: Inspection, filename: str, data: bytes, *, container: str, truncated: bool,
                encrypted: bool, limits: MimeLimits, budget: Budget, depth: int) -> None:
    """Add one archive member to `result`, followed by its own members when it is itself an
    archive."""
    sniffed = sniff_type(data)
    content_type = mimetypes.guess_type(filename, strict=False)[0] or "application/octet-stream"
    inner = inspect_if_archive(data, f"{container}/{filename}", sniffed, truncated, limits, budget, depth + 1)
    member = Attachment(filename=filename, content_type=content_type, size=len(data), data=data,
                        truncated=truncated, container=container, encrypted=encrypted or inner.encrypted,
                        sniffed_type=sniffed, has_macros=inner.has_macros or ole_has_macros(data))
    result.members.append(member)
    result.merge(inner)
