# ruff: noqa: E501
"""Helpers for the blind4 set: headers as MTAs write them, MIME by the standard library, and
deterministic binary parts (hand-written PDFs, ZIPs with fixed timestamps, ZipCrypto, stubs)."""

from __future__ import annotations

import hashlib
import struct
import sys
import zipfile
import zlib
from email import policy
from email.message import EmailMessage
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "modern" / "generator"))
from common import dkim, qr_png

OUT = Path(__file__).resolve().parent.parent
ORG = "nordlys-health.example"
TO = f"Ingrid Solberg <ingrid.solberg@{ORG}>"
MX = f"mx1.{ORG}"


def rcv(helo: str, ip: str, when: str, seed: str) -> str:
    """One Received line as our MX writes it."""
    qid = hashlib.sha256(seed.encode()).hexdigest()[:12].upper()
    return (f"from {helo} ({helo} [{ip}])\r\n\tby {MX} (Postfix) with ESMTPS id {qid}\r\n"
            f"\tfor <ingrid.solberg@{ORG}>; {when}")


def build(name: str, *, frm: str, subject: str, date: str, msgid: str, to: str = TO,
          helo: str = "", ip: str = "192.0.2.10", dkim_domain: str | None = None,
          extra: list[tuple[str, str]] | None = None, text: str | None = None, html: str | None = None,
          attachments: list[tuple[bytes, str, str, str]] | None = None,
          related: list[tuple[bytes, str, str]] | None = None) -> None:
    """Write OUT/name. attachments: (data, maintype, subtype, filename); related: (png, cid, mime)."""
    head = []
    if helo:
        head.append(f"Received: {rcv(helo, ip, date, name)}\r\n")
    if dkim_domain:
        head.append(f"DKIM-Signature: {dkim(dkim_domain, 's1', name)}\r\n")
    fold = policy.SMTP.clone(max_line_length=998)
    for k, v in [("From", frm), ("To", to), ("Subject", subject), ("Date", date), ("Message-ID", msgid), *(extra or [])]:
        head.append(fold.fold(k, v))
    msg = EmailMessage(policy=policy.SMTP)
    if text is not None:
        msg.set_content(text, cte="quoted-printable")
        if html is not None:
            msg.add_alternative(html, subtype="html", cte="quoted-printable")
    elif html is not None:
        msg.set_content(html, subtype="html", cte="quoted-printable")
    for data, cid, mime in related or []:
        body = msg.get_body(("html",))
        assert body is not None
        main, sub = mime.split("/")
        body.add_related(data, main, sub, cid=f"<{cid}>", disposition="inline", filename=cid.split("@")[0])
    for data, main, sub, filename in attachments or []:
        if main == "text":
            msg.add_attachment(data.decode(), subtype=sub, filename=filename)
        else:
            msg.add_attachment(data, maintype=main, subtype=sub, filename=filename)
    tag = hashlib.sha256(name.encode()).hexdigest()[:20]
    for i, part in enumerate(p for p in msg.walk() if p.is_multipart()):
        part.set_boundary(f"b4_{i}_{tag}")
    path = OUT / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes("".join(head).encode() + msg.as_bytes())


def page(brand: str, color: str, heading: str, paras: list[str], *, button: tuple[str, str] | None = None,
         footer: str = "", pixel: str = "", lang: str = "en", preheader: str = "") -> str:
    """A table-based HTML mail as ESP templates render it."""
    ps = "".join(f'<p style="margin:0 0 16px 0;font-size:15px;line-height:22px;color:#333333;">{p}</p>' for p in paras)
    btn = ""
    if button:
        btn = (f'<table role="presentation" cellpadding="0" cellspacing="0" border="0"><tr><td bgcolor="{color}" '
               f'style="border-radius:4px;"><a href="{button[1]}" target="_blank" style="display:inline-block;padding:12px 28px;'
               f'font-size:15px;color:#ffffff;text-decoration:none;font-weight:bold;">{button[0]}</a></td></tr></table>')
    pix = f'<img src="{pixel}" width="1" height="1" alt="" style="display:block;border:0;">' if pixel else ""
    pre = f'<div style="display:none;max-height:0;overflow:hidden;">{preheader}</div>' if preheader else ""
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{heading}</title></head><body style="margin:0;padding:0;background:#f4f4f4;">{pre}'
            '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" bgcolor="#f4f4f4"><tr><td align="center">'
            '<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" bgcolor="#ffffff">'
            f'<tr><td style="padding:20px 32px;background:{color};color:#ffffff;font-family:Arial,Helvetica,sans-serif;font-size:20px;font-weight:bold;">{brand}</td></tr>'
            f'<tr><td style="padding:32px;font-family:Arial,Helvetica,sans-serif;"><h1 style="font-size:22px;margin:0 0 20px 0;color:#111111;">{heading}</h1>{ps}{btn}</td></tr>'
            f'<tr><td style="padding:20px 32px;font-family:Arial,Helvetica,sans-serif;font-size:11px;line-height:16px;color:#888888;">{footer}</td></tr>'
            f'</table></td></tr></table>{pix}</body></html>')


def _pdf_text(s: str) -> str:
    return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("latin-1", "replace").decode("latin-1")


def pdf(lines: list[str], *, link: tuple[str, int] | None = None, image: bytes | None = None,
        title: str = "Document", producer: str = "Microsoft® Word for Microsoft 365") -> bytes:
    """A one-page PDF with Helvetica text. link=(uri, line index) puts a URI annotation over that
    line; image is a PNG (grey) drawn under the text. Fixed dates: deterministic."""
    from io import BytesIO

    from PIL import Image
    content = "BT /F1 11 Tf 50 790 Td 15 TL\n" + "".join(f"({_pdf_text(x)}) '\n" for x in lines) + "ET\n"
    objs: list[bytes] = []
    img_obj = b""
    if image is not None:
        im = Image.open(BytesIO(image)).convert("L")
        w, h = im.size
        raw = zlib.compress(im.tobytes(), 9)
        img_obj = (f"<< /Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace /DeviceGray "
                   f"/BitsPerComponent 8 /Filter /FlateDecode /Length {len(raw)} >>\nstream\n").encode() + raw + b"\nendstream"
        y = 790 - 15 * (len(lines) + 1) - 180
        content += f"q 180 0 0 180 50 {y} cm /Im1 Do Q\n"
    stream = zlib.compress(content.encode("latin-1"), 9)
    annots = ""
    if link:
        uri, idx = link
        y = 790 - 15 * (idx + 1)
        annots = f" /Annots [<< /Type /Annot /Subtype /Link /Rect [45 {y - 4} 400 {y + 12}] /Border [0 0 0] /A << /S /URI /URI ({_pdf_text(uri)}) >> >>]"
    res = "/Font << /F1 4 0 R >>" + (" /XObject << /Im1 6 0 R >>" if image is not None else "")
    objs.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objs.append(b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
    objs.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << {res} >> /Contents 5 0 R{annots} >>".encode())
    objs.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    objs.append(f"<< /Length {len(stream)} /Filter /FlateDecode >>\nstream\n".encode() + stream + b"\nendstream")
    if image is not None:
        objs.append(img_obj)
    objs.append(f"<< /Title ({_pdf_text(title)}) /Producer ({_pdf_text(producer)}) /CreationDate (D:20261101090000+01'00') >>".encode("latin-1"))
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offs = []
    for i, o in enumerate(objs, 1):
        offs.append(len(out))
        out += f"{i} 0 obj\n".encode() + o + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offs).encode()
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R /Info {len(objs)} 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def zip_of(members: list[tuple[str, bytes]]) -> bytes:
    from io import BytesIO
    buf = BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=(2026, 11, 3, 8, 14, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return buf.getvalue()


class _ZipCrypto:
    """Traditional PKWARE encryption, as 7-Zip/WinZip write "ZipCrypto" archives."""

    def __init__(self, password: bytes) -> None:
        self.k = [0x12345678, 0x23456789, 0x34567890]
        for c in password:
            self._update(c)

    def _crc(self, crc: int, b: int) -> int:
        return zlib.crc32(bytes([b]), crc ^ 0xFFFFFFFF) ^ 0xFFFFFFFF

    def _update(self, c: int) -> None:
        k0, k1, k2 = self.k
        k0 = self._crc(k0, c)
        k1 = ((k1 + (k0 & 0xFF)) * 134775813 + 1) & 0xFFFFFFFF
        k2 = self._crc(k2, (k1 >> 24) & 0xFF)
        self.k = [k0, k1, k2]

    def encrypt(self, data: bytes) -> bytes:
        out = bytearray()
        for c in data:
            t = (self.k[2] | 2) & 0xFFFF
            out.append(c ^ (((t * (t ^ 1)) >> 8) & 0xFF))
            self._update(c)
        return bytes(out)


def zip_encrypted(members: list[tuple[str, bytes]], password: str) -> bytes:
    """A ZipCrypto-encrypted, stored archive (deterministic 'random' header)."""
    out = bytearray()
    central = bytearray()
    dostime, dosdate = (8 << 11) | (14 << 5), ((2026 - 1980) << 9) | (11 << 5) | 3
    for name, data in members:
        crc = zlib.crc32(data) & 0xFFFFFFFF
        header = hashlib.sha256(name.encode()).digest()[:11] + bytes([crc >> 24])
        enc = _ZipCrypto(password.encode()).encrypt(header + data)
        fn = name.encode()
        off = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 1, 0, dostime, dosdate, crc, len(enc), len(data), len(fn), 0) + fn + enc
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 1, 0, dostime, dosdate, crc, len(enc), len(data),
                               len(fn), 0, 0, 0, 0, 0x20, off) + fn
    cd_off = len(out)
    out += central
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), cd_off, 0)
    return bytes(out)


def iso_bytes(volume: str, payload_name: str) -> bytes:
    """An ISO 9660 image stub: primary volume descriptor and a file name; no code."""
    data = bytearray(38912)
    data[32768:32774] = b"\x01CD001"
    data[32774] = 1
    data[32808:32808 + len(volume)] = volume.encode()
    data[34816:34816 + len(payload_name)] = payload_name.encode()
    data[36864:36866] = b"MZ"
    return bytes(data)


def lnk_bytes(target: str, args: str) -> bytes:
    """A Windows shortcut header (ShellLinkHeader, CLSID 00021401-...) with the command line as
    StringData. Not a working shortcut: no LinkTargetIDList."""
    clsid = bytes.fromhex("0114020000000000c000000000000046")
    flags = 0x00000020 | 0x00000080 | 0x00000004 | 0x00000010  # HasArguments, IsUnicode, HasName, HasRelativePath
    header = struct.pack("<I16sII", 0x4C, clsid, flags, 0x20) + bytes(24) + struct.pack("<IIIII", 0, 0, 7, 0, 0) + bytes(8)
    header = header[:0x4C].ljust(0x4C, b"\0")

    def sd(s: str) -> bytes:
        return struct.pack("<H", len(s)) + s.encode("utf-16-le")
    return header + sd("Invoice") + sd(target) + sd(args)


def qr(text: str) -> bytes:
    data: bytes = qr_png(text, scale=4)
    return data
