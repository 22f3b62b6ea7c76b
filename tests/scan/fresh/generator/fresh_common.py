# ruff: noqa: E501
"""Helpers for the blind ("fresh") evaluation set: one message writer with control over the
header order, charsets, transfer encodings and boundary styles that real mailers differ in, plus
the inert binary stubs (encrypted ZIP, .lnk, .one, .vhd) that tests/scan/modern/generator/common.py
does not make. The rest (QR, PNG, PDF, OOXML, ISO) is reused from common.py unchanged."""

from __future__ import annotations

import base64
import hashlib
import io
import struct
import sys
import time
import zipfile
import zlib
from email import policy
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "modern" / "generator"))

import common

OUT = Path(__file__).resolve().parent.parent
TO = common.TO
dkim = common.dkim
qr_png = common.qr_png
png_logo = common.png_logo
ooxml = common.ooxml
iso_bytes = common.iso_bytes
safelink = common.safelink
fake_b64 = common.fake_b64

_FOLD = policy.SMTP.clone(max_line_length=998, refold_source="all")

# What multipart boundaries look like from different mailers; fixed per message for determinism.
_BOUNDARY = {
    "java": "----=_Part_{i}_{tag}",
    "gmail": "000000000000{tag}{i}",
    "outlook": "_00{i}_{tag}EXAMPLEPROD_",
    "esp": "--_NmP-{tag}-Part_{i}",
    "apple": "Apple-Mail=_{tag}-{i}",
}

Att = tuple[bytes, str, str]  # data, "main/sub", filename


def build(name: str, *, frm: str, subject: str, date: str, msgid: str, to: str = TO,
          received: list[str] | None = None, dkim_domain: str | None = None, selector: str = "s1",
          return_path: str | None = None, extra: list[tuple[str, str]] | None = None,
          text: str | None = None, html: str | None = None, text_cte: str = "quoted-printable",
          html_cte: str = "quoted-printable", charset: str = "utf-8",
          related: list[tuple[bytes, str, str]] | None = None, attachments: list[Att] | None = None,
          calendar: str | None = None, bstyle: str = "java") -> None:
    """Write OUT/name. Header values that are already encoded (contain '=?' or a CRLF) are
    written as given; the rest are folded as an MTA would."""
    head: list[str] = []
    if return_path:
        head.append(f"Return-Path: <{return_path}>\r\n")
    for r in received or []:
        head.append(f"Received: {r}\r\n")
    if dkim_domain:
        head.append(f"DKIM-Signature: {dkim(dkim_domain, selector, 'fresh/' + name)}\r\n")
    fields = [("From", frm), ("To", to), ("Subject", subject), ("Date", date), ("Message-ID", msgid), *(extra or [])]
    for k, v in fields:
        if "\r\n" in v or "=?" in v:
            head.append(f"{k}: {v}\r\n")
        else:
            head.append(_FOLD.fold(k, v))
    msg = EmailMessage(policy=policy.SMTP)
    if text is not None:
        msg.set_content(text, charset=charset, cte=text_cte)
        if html is not None:
            msg.add_alternative(html, subtype="html", charset=charset, cte=html_cte)
    elif html is not None:
        msg.set_content(html, subtype="html", charset=charset, cte=html_cte)
    if calendar is not None:
        msg.add_alternative(calendar, subtype="calendar", charset="utf-8", cte="base64", params={"method": "REQUEST"})
    if related:
        html_part = msg.get_body(("html",))
        assert html_part is not None
        for data, cid, mimetype in related:
            main, sub = mimetype.split("/")
            html_part.add_related(data, main, sub, cid=f"<{cid}>", disposition="inline", filename=cid.split("@")[0])
    for data, mimetype, filename in attachments or []:
        main, sub = mimetype.split("/")
        if main == "text":
            msg.add_attachment(data.decode(), subtype=sub, filename=filename, cte="base64")
        else:
            msg.add_attachment(data, maintype=main, subtype=sub, filename=filename)
    tag = hashlib.sha256(name.encode()).hexdigest()[:16]
    pattern = _BOUNDARY[bstyle]
    for i, part in enumerate(p for p in msg.walk() if p.is_multipart()):
        part.set_boundary(pattern.format(i=i, tag=tag))
    path = OUT / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes("".join(head).encode() + msg.as_bytes())


def rcv(frm_host: str, ip: str, by: str, when: str, id_: str, proto: str = "ESMTPS") -> str:
    return f"from {frm_host} ({frm_host} [{ip}])\r\n\tby {by} with {proto} id {id_}\r\n\tfor <alex.morgan@example.com>; {when}"


def mx_in(frm_host: str, ip: str, when: str, id_: str) -> str:
    """The organisation's own MX, the last hop before the mailbox."""
    return rcv(frm_host, ip, "mx1.example.com (Postfix)", when, id_)


def token(seed: str, n: int = 24, alphabet: str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") -> str:
    """A random-looking but fixed identifier (tracking ids, envelope ids)."""
    h = hashlib.sha256(seed.encode()).digest() * 4
    return "".join(alphabet[b % len(alphabet)] for b in h[:n])


def sendgrid(url: str, seed: str, host: str = "u2176543.ct.sendgrid.net") -> str:
    b = base64.urlsafe_b64encode(url.encode()).decode().rstrip("=")
    return f"https://{host}/ls/click?upn=u001.{b[:60]}-2B{token(seed, 40)}-3D-3D{token(seed + 'x', 12)}"


def mailchimp(seed: str, host: str = "riversiderunners.us12.list-manage.com") -> str:
    return f"https://{host}/track/click?u={token(seed + 'u', 25, '0123456789abcdef')}&id={token(seed, 10, '0123456789abcdef')}&e={token(seed + 'e', 10, '0123456789abcdef')}"


def urldefense(url: str, seed: str) -> str:
    """Proofpoint URL Defense v3 rewriting."""
    return f"https://urldefense.com/v3/__{url}__;!!{token(seed, 8)}!{token(seed + 'b', 60)}$"


def pixel(url: str) -> str:
    return f'<img src="{url}" width="1" height="1" alt="" style="display:block;border:0;height:1px;width:1px" />'


def preheader(text: str) -> str:
    return (f'<div style="display:none;font-size:1px;color:#ffffff;line-height:1px;max-height:0px;max-width:0px;opacity:0;overflow:hidden;">'
            f"{text}{'&#847;&zwnj;&nbsp;' * 40}</div>")


def q(url: str) -> str:
    return quote(url, safe="")


# ---------------------------------------------------------------- inert binary stubs

def _zc_crc(c: int, b: int) -> int:
    return zlib.crc32(bytes([b]), c ^ 0xFFFFFFFF) ^ 0xFFFFFFFF


class _ZipCrypto:
    """Traditional PKWARE encryption, the kind a "password: 1234" ZIP lure uses."""

    def __init__(self, pwd: bytes) -> None:
        self.k = [0x12345678, 0x23456789, 0x34567890]
        for b in pwd:
            self._update(b)

    def _update(self, b: int) -> None:
        self.k[0] = _zc_crc(self.k[0], b)
        self.k[1] = (self.k[1] + (self.k[0] & 0xFF)) & 0xFFFFFFFF
        self.k[1] = (self.k[1] * 134775813 + 1) & 0xFFFFFFFF
        self.k[2] = _zc_crc(self.k[2], (self.k[1] >> 24) & 0xFF)

    def encrypt(self, data: bytes) -> bytes:
        out = bytearray()
        for b in data:
            t = (self.k[2] | 2) & 0xFFFF
            out.append(b ^ (((t * (t ^ 1)) >> 8) & 0xFF))
            self._update(b)
        return bytes(out)


def encrypted_zip(members: list[tuple[str, bytes]], password: str) -> bytes:
    """A stored (uncompressed) ZipCrypto archive; zipfile can open it with the password."""
    local = bytearray()
    central = bytearray()
    dostime, dosdate = (10 << 11) | (30 << 5), ((2025 - 1980) << 9) | (11 << 5) | 17
    for name, data in members:
        crc = zlib.crc32(data)
        header12 = hashlib.sha256(name.encode()).digest()[:11] + bytes([(crc >> 24) & 0xFF])
        enc = _ZipCrypto(password.encode()).encrypt(header12 + data)
        fn = name.encode()
        offset = len(local)
        local += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 1, 0, dostime, dosdate, crc, len(enc), len(data), len(fn), 0) + fn + enc
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 1, 0, dostime, dosdate, crc, len(enc), len(data),
                               len(fn), 0, 0, 0, 0, 0x20, offset) + fn
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), len(local), 0)
    return bytes(local + central + end)


def lnk_stub(target: str) -> bytes:
    """A Shell Link header (MS-SHLLINK) with a relative-path string and no working command."""
    head = struct.pack("<I16sIIIQQQIIII", 0x4C, bytes.fromhex("0114020000000000c000000000000046"),
                       0x0000_0089, 0x20, 0, 0, 0, 0, 0, 1, 0, 0)
    head += bytes(76 - len(head))
    s = target.encode("utf-16-le")
    return head + struct.pack("<H", len(target)) + s + bytes(8)


def one_stub(label: str) -> bytes:
    """A OneNote section file: its header GUID and padding, no embedded file."""
    guid = bytes.fromhex("e4525c7b8cd8a74daeb15378d02996d3")
    return guid + bytes(8) + label.encode("utf-16-le") + bytes(2048)


def vhd_stub() -> bytes:
    """A fixed VHD is raw data plus a 512-byte 'conectix' footer."""
    footer = bytearray(512)
    footer[0:8] = b"conectix"
    footer[8:12] = struct.pack(">I", 2)
    footer[12:16] = struct.pack(">I", 0x00010000)
    footer[28:32] = b"win "
    footer[60:64] = struct.pack(">I", 2)
    return bytes(65536) + bytes(footer)


_FIXED = time.gmtime(1763375400)  # 2025-11-17 10:30 UTC


def pdf(lines: list[str], title: str = "Document") -> bytes:
    """A one-page PDF with the lines drawn as text (Pillow), its dates fixed so that a rerun
    writes the same bytes (common.pdf stamps the current time)."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (620, 800), (255, 255, 255))
    d = ImageDraw.Draw(img)
    for i, line in enumerate(lines):
        d.text((40, 40 + 18 * i), line, fill=(0, 0, 0))
    buf = io.BytesIO()
    img.save(buf, "PDF", resolution=72, title=title, producer="Microsoft: Print To PDF", creationDate=_FIXED, modDate=_FIXED)
    return buf.getvalue()


def zip_of(members: list[tuple[str, bytes]]) -> bytes:
    """A deflated ZIP with fixed member dates (common.zip_of stamps the current time)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=(2025, 11, 17, 10, 30, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return buf.getvalue()


def html_qr_table(text: str, cell: int = 4) -> str:
    """A QR code drawn with table cells instead of an image, as 2024 lures do to dodge image scanning."""
    from PIL import Image

    img = Image.open(io.BytesIO(qr_png(text, scale=1))).convert("L")
    px = img.tobytes()
    rows = []
    for y in range(img.height):
        line = px[y * img.width:(y + 1) * img.width]
        cells = "".join(f'<td style="width:{cell}px;height:{cell}px;background:{"#000" if b < 128 else "#fff"}"></td>' for b in line)
        rows.append(f"<tr>{cells}</tr>")
    return f'<table cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse">{"".join(rows)}</table>'
