# ruff: noqa: E501
"""Legitimate mail for northwind.example (blind set 2). One function per message."""

from __future__ import annotations

from b2_common import build, pdf_text, png_logo, qr_png, rcv, when, xlsx


def h01_stripe_payout() -> None:
    d = when(11, 23, "06:12:40")
    build("ham/01_stripe_payout.eml", frm="Stripe <notifications@stripe.com>",
          subject="Your payout of €18,442.17 is on the way", date=d,
          msgid="<0101019a4f2c8e11-6b7e1f0a-2c4d-4b8e-9f31-7a2d5c0e8b14-000000@us-west-2.amazonses.com>",
          received=[rcv("a48-92.smtp-out.amazonses.com", "54.240.48.92", d, "4Rk2pL0x7Tz")], dkim_domain="stripe.com",
          extra=[("MIME-Version", "1.0")],
          text="Northwind Trading Ltd\n\nA payout of €18,442.17 EUR is on its way to your bank account.\n\n"
               "Estimated arrival: 24 Nov 2026\nBank account: COMMERZBANK AG •••• 4471\nPayout ID: po_1QmZ8aHk3LrT9vXb2cE4\n\n"
               "View payout in Dashboard:\nhttps://dashboard.stripe.com/payouts/po_1QmZ8aHk3LrT9vXb2cE4\n\n"
               "This payout includes 214 payments and 3 refunds from 19 Nov 2026 to 21 Nov 2026.\n\n"
               "You're receiving this email because you're an administrator of Northwind Trading Ltd on Stripe.\n"
               "Manage notification preferences: https://dashboard.stripe.com/settings/user\n\n"
               "Stripe, 354 Oyster Point Blvd, South San Francisco, CA 94080\n",
          html="<html><body style=\"font-family:-apple-system,Segoe UI,Roboto,sans-serif;color:#414552\">"
               "<p style=\"font-size:13px;color:#687385\">Northwind Trading Ltd</p>"
               "<h1 style=\"font-size:24px\">€18,442.17 is on the way</h1>"
               "<p>A payout of <b>€18,442.17 EUR</b> is on its way to your bank account.</p>"
               "<table><tr><td>Estimated arrival</td><td>24 Nov 2026</td></tr><tr><td>Bank account</td><td>COMMERZBANK AG •••• 4471</td></tr>"
               "<tr><td>Payout ID</td><td>po_1QmZ8aHk3LrT9vXb2cE4</td></tr></table>"
               "<p><a href=\"https://dashboard.stripe.com/payouts/po_1QmZ8aHk3LrT9vXb2cE4\" style=\"background:#635bff;color:#fff;padding:8px 14px;border-radius:4px;text-decoration:none\">View payout</a></p>"
               "<p style=\"font-size:12px;color:#687385\">You're receiving this email because you're an administrator of Northwind Trading Ltd on Stripe. "
               "<a href=\"https://dashboard.stripe.com/settings/user\">Manage notification preferences</a>.<br>Stripe, 354 Oyster Point Blvd, South San Francisco, CA 94080</p></body></html>")


def h02_shopify_order() -> None:
    d = when(11, 24, "14:03:55")
    build("ham/02_shopify_new_order.eml", frm="Northwind Home Goods <mailer@shopify.com>",
          subject="[Northwind Home Goods] Order #4718 placed by Ellen Achterberg", date=d,
          msgid="<6743a1b3e2f4c_2d8a3fe1b6c04e2c91428@shopify-mailer-7c9f8d6b4-xkq2m.mail>",
          received=[rcv("mail104.shopify.com", "23.227.38.104", d, "4Rkq8v1Nc3z")], dkim_domain="shopify.com",
          extra=[("Reply-To", "Ellen Achterberg <ellen.achterberg@ziggo.nl>"), ("MIME-Version", "1.0")],
          text="Northwind Home Goods\n\nOrder #4718 placed by Ellen Achterberg\n\n"
               "View order: https://admin.shopify.com/store/northwind-home-goods/orders/6204417302871\n\n"
               "Order summary\n  Linen throw, sand x 1 — €89.00\n  Stoneware mug set (4) x 2 — €64.00\n"
               "Subtotal €153.00\nShipping (PostNL) €6.95\nTaxes (NL VAT 21% incl.) €27.76\nTotal €159.95\n\n"
               "Payment processing method: Shopify Payments (iDEAL)\nDelivery method: PostNL Standaard\n\n"
               "Shipping address\nEllen Achterberg\nOudegracht 214\n3511 NS Utrecht\nNetherlands\n\n"
               "Customer email: ellen.achterberg@ziggo.nl\n")


def h03_m365_renewal() -> None:
    d = when(11, 12, "17:41:08")
    build("ham/03_microsoft365_renewal.eml", frm="Microsoft <microsoft-noreply@microsoft.com>",
          subject="Your Microsoft 365 Business Standard subscription will renew on December 12, 2026", date=d,
          msgid="<AM6PR03MB5912.eurprd03.prod.outlook.com.20261112174108.9f31c2@microsoft.com>",
          received=[rcv("mail-db8eur05on2071.outbound.protection.outlook.com", "40.107.20.71", d, "4Rf9c0mX1vz")],
          dkim_domain="microsoft.com", extra=[("MIME-Version", "1.0")],
          text="Your subscription will renew soon\n\nHello Priya,\n\n"
               "Your Microsoft 365 Business Standard subscription for Northwind Trading Ltd will automatically renew on December 12, 2026.\n\n"
               "Subscription: Microsoft 365 Business Standard\nLicences: 48\nBilling frequency: Annual\n"
               "Payment method: Invoice (bank transfer)\nEstimated charge: €6,048.00 plus applicable taxes\n\n"
               "You don't need to do anything. To review or change your subscription, go to the Microsoft 365 admin center:\n"
               "https://admin.microsoft.com/Adminportal/Home#/subscriptions\n\n"
               "Microsoft respects your privacy. Read our privacy statement: https://go.microsoft.com/fwlink/?LinkId=521839\n\n"
               "Microsoft Ireland Operations Limited, One Microsoft Place, South County Business Park, Leopardstown, Dublin 18, Ireland\n")


def h04_workspace_alert() -> None:
    d = when(11, 19, "08:55:21")
    build("ham/04_google_workspace_alert.eml", frm="Google Workspace Alerts <google-workspace-alerts-noreply@google.com>",
          subject="Alert: Suspicious login blocked", date=d,
          msgid="<000000000000b9e1c20643a8f1d2@google.com>",
          received=[rcv("mail-sor-f69.google.com", "209.85.220.69", d, "4RhB2z7Tj0z")], dkim_domain="google.com",
          extra=[("MIME-Version", "1.0")],
          text="Google Workspace\n\nSuspicious login blocked\n\n"
               "Google blocked a sign-in attempt that looked suspicious for a user in your domain northwind.example.\n\n"
               "User: o.brandt@northwind.example\nTime: 19 Nov 2026, 08:49 UTC\nIP address: 185.220.101.34\nLocation: unknown\n\n"
               "Review this alert in the Alert Center:\nhttps://admin.google.com/ac/ac/alerts/1a7e9f32-58c4-4d0b-b1a2-3e6f0c9d4b71\n\n"
               "You received this mandatory email service announcement to update you about important changes to your Google Workspace account.\n"
               "Google LLC, 1600 Amphitheatre Parkway, Mountain View, CA 94043, USA\n")


def h05_okta_enrollment() -> None:
    d = when(11, 16, "09:02:17")
    build("ham/05_okta_activation.eml", frm="Okta <noreply@okta.com>",
          subject="Welcome to Okta!", date=d,
          msgid="<1764230400.4af2.ok12-mail-01@okta.com>",
          received=[rcv("mta-201.okta.com", "198.51.100.201", d, "4Rg0pM3bQ1z")], dkim_domain="okta.com",
          extra=[("MIME-Version", "1.0")],
          text="Hi Priya,\n\nNorthwind is using Okta to manage your web applications. This means you can conveniently access all the applications "
               "you normally use, through a single, secure home page. Watch this short video to learn more:\nhttps://www.okta.com/intro-to-okta/\n\n"
               "Your system administrator has created an Okta user account for you.\nClick the following link to activate your Okta account:\n\n"
               "https://northwind.okta.com/welcome/drpKf3x9QzL2mV7wT0aB\n\n"
               "This link expires in 7 days.\n\nYour username is priya.natarajan@northwind.example\n"
               "Your organization's sign-in page is https://northwind.okta.com\n\n"
               "If you experience difficulties accessing your account, you can send a help request to your system administrator using the link:\n"
               "https://northwind.okta.com/help/login\n\nThis is an automatically generated message from Okta. Replies are not monitored or answered.\n")


def h06_docusign_partner() -> None:
    d = when(11, 18, "15:27:44")
    build("ham/06_docusign_partner_nda.eml", frm="Camille Duret via Docusign <dse_NA3@docusign.net>",
          subject="Please DocuSign: Northwind_Kestrel_MSA_Amendment_2.pdf", date=d,
          msgid="<3c9e2b71d8a04f1e9b52a6d0c4f8e731@docusign.net>",
          received=[rcv("mailch3.docusign.net", "64.207.219.73", d, "4RgQ1r5Wd8z")], dkim_domain="docusign.net",
          extra=[("Reply-To", "Camille Duret <camille.duret@kestrel-logistics.example>"), ("MIME-Version", "1.0")],
          text="Camille Duret sent you a document to review and sign.\n\nREVIEW DOCUMENT\n"
               "https://na3.docusign.net/Signing/EmailStart.aspx?a=7f3c1e92-4b0d-4a8e-b2f1-9d6c3e0a5b18&etti=24&acct=2b8e4f71-90c3-4d2a-a6e5-1f7b3c9d0e42&er=5e1d7a93-c2b4-4f08-9e6a-3b0c8d2f71a4\n\n"
               "Camille Duret\ncamille.duret@kestrel-logistics.example\n\n"
               "Hi Priya, as discussed on Tuesday: amendment 2 with the revised SLA credits (section 7.3) and the new Rotterdam lane. "
               "Legal on our side has already signed. Thanks! Camille\n\n"
               "Do Not Share This Email\nThis email contains a secure link to Docusign. Please do not share this email, link, or access code with others.\n\n"
               "Alternate Signing Method\nVisit Docusign.com, click 'Access Documents', and enter the security code:\n5E1D7A93C2B44F089E6A3B0C8D2F71A43\n\n"
               "About Docusign\nSign documents electronically in just minutes. It's safe, secure, and legally binding.\n")


def h07_zoom_webinar() -> None:
    d = when(11, 25, "13:00:02")
    build("ham/07_zoom_webinar_reminder.eml", frm="Zoom <no-reply@zoom.us>",
          subject="Reminder: EU Customs Reform 2027 – what importers need to know starts in 1 hour", date=d,
          msgid="<Dx8aPq2kR9m1TzWcLb4Y7g@zoom.us>",
          received=[rcv("mail-ams2.zoom.us", "170.114.52.44", d, "4RhZ0t6Vs2z")], dkim_domain="zoom.us",
          extra=[("Reply-To", "events@freightforum.example"), ("MIME-Version", "1.0")],
          text="Hi Priya Natarajan,\n\nThis is a reminder that \"EU Customs Reform 2027 – what importers need to know\" will begin in 1 hour on:\n"
               "Date & Time: Nov 25, 2026 03:00 PM Amsterdam, Berlin, Rome, Stockholm, Vienna\n\n"
               "Join from PC, Mac, iPad, or Android:\nhttps://us06web.zoom.us/w/84417290315?tk=Xq3vLm9sT2pKc7Rz0aB1wE4yN6uH8jF5dG.DQcAAAAUqJ0uyxZGcDN1&pwd=bE4rT7yUiO2pL9kJ8hG6fD5sA3\n"
               "Passcode: 417290\n\nAdd to Calendar: https://us06web.zoom.us/webinar/tZ0sce2qrz4iE9O_w1x/ics?user_id=priya\n\n"
               "Or One tap mobile:\n  +31707006526,,84417290315#,,,,*417290# Netherlands\n  +496971049922,,84417290315#,,,,*417290# Germany\n\n"
               "You can cancel your registration at any time.\n\nCopyright ©2026 Zoom Communications, Inc. All rights reserved.\n")


def h08_salesforce_report() -> None:
    d = when(11, 23, "07:00:33")
    build("ham/08_salesforce_report.eml", frm="Salesforce <noreply@salesforce.com>",
          subject="Report results (Open Pipeline by Stage - EMEA)", date=d,
          msgid="<Ab3Xk0000000000000000000000000000000000000000000000R7Q2TZ00yZ3c8aXQw6uFmD9kPq1gA@sfdc.net>",
          received=[rcv("smtp05-ia4-sp3.mta.salesforce.com", "13.110.6.222", d, "4RkK3pW0b9z")], dkim_domain="salesforce.com",
          extra=[("MIME-Version", "1.0")],
          html="<html><body style=\"font-family:Arial,sans-serif;font-size:12px\"><p>Open Pipeline by Stage - EMEA</p>"
               "<p>Report generated: 23/11/2026 07:00 GMT. Subscribed by Priya Natarajan.</p>"
               "<table border=\"1\" cellpadding=\"3\" style=\"border-collapse:collapse\"><tr><th>Stage</th><th>Opportunities</th><th>Amount (EUR)</th></tr>"
               "<tr><td>Qualification</td><td>31</td><td>412,800</td></tr><tr><td>Proposal</td><td>14</td><td>608,250</td></tr>"
               "<tr><td>Negotiation</td><td>6</td><td>291,400</td></tr><tr><td><b>Total</b></td><td>51</td><td>1,312,450</td></tr></table>"
               "<p><a href=\"https://northwind.lightning.force.com/lightning/r/Report/00O7Q000004kZt2UAE/view\">Click here to view the full report</a></p>"
               "<p style=\"color:#777\">To stop receiving this report, edit the subscription in Salesforce.</p></body></html>")


def h09_hubspot_newsletter() -> None:
    d = when(11, 26, "10:30:12", "-0500")
    trk = "https://d1a9K04.na1.hubspotlinks.com/Ctc/OK+113/d1a9K04/VWbT9x2r1nQmW5xHm8z3Zq0gKW1L5c2y5pYk8mN7"
    build("ham/09_hubspot_newsletter.eml", frm="Ledgerline <newsletter@ledgerline.example>",
          subject="The AP automation playbook for 2027 (+ our December webinar)", date=d,
          msgid="<1764171012345.6f2a8c1e-3b4d-4e5f-9a0b-1c2d3e4f5a6b@bf1b.hubspotemail.net>",
          received=[rcv("o1.bf1b.hubspotemail.net", "158.247.19.11", d, "4RkmT1v8Xqz")], dkim_domain="hubspotemail.net",
          extra=[("List-Unsubscribe", f"<{trk}-unsub>, <mailto:unsubscribe-6f2a8c1e@bf1b.hubspotemail.net>"),
                 ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"), ("MIME-Version", "1.0")],
          text="Ledgerline Monthly — November 2026\n\nHi Priya,\n\nYear-end close is coming. Our AP automation playbook walks through "
               f"three-way matching, supplier onboarding checks and how to stop bank-detail fraud.\n\nRead the playbook: {trk}1\n\n"
               f"December webinar: Closing the books in 5 days. Save your seat: {trk}2\n\nUnsubscribe: {trk}-unsub\n"
               "Ledgerline Inc., 200 Portland St, Boston, MA 02114\n",
          html="<html><body><table width=\"600\" align=\"center\"><tr><td><img src=\"https://f.hubspotusercontent20.net/hubfs/4417290/ledgerline-logo.png\" alt=\"Ledgerline\" width=\"140\"></td></tr>"
               "<tr><td><h2>The AP automation playbook for 2027</h2><p>Hi Priya,</p><p>Year-end close is coming. Our playbook walks through three-way matching, "
               "supplier onboarding checks and how to stop bank-detail fraud before it reaches a payment run.</p>"
               f"<p><a href=\"{trk}1\" style=\"background:#ff7a59;color:#fff;padding:10px 18px\">Read the playbook</a></p>"
               f"<h3>Webinar: Closing the books in 5 days</h3><p>10 December, 16:00 CET. <a href=\"{trk}2\">Save your seat</a></p>"
               f"<p><a href=\"{trk}3\"><img src=\"https://f.hubspotusercontent20.net/hubfs/4417290/li.png\" alt=\"LinkedIn\"></a> "
               f"<a href=\"{trk}4\"><img src=\"https://f.hubspotusercontent20.net/hubfs/4417290/yt.png\" alt=\"YouTube\"></a></p>"
               f"<p style=\"font-size:11px;color:#888\">Ledgerline Inc., 200 Portland St, Boston, MA 02114<br><a href=\"{trk}-unsub\">Unsubscribe</a> · "
               f"<a href=\"{trk}-prefs\">Manage preferences</a></p></td></tr></table>"
               "<img src=\"https://d1a9K04.na1.hubspotlinks.com/Cto/OK+113/d1a9K04/R5R8b0oPq2xL1\" width=\"1\" height=\"1\" alt=\"\" style=\"display:none\">"
               "</body></html>")


def h10_hsbc_statement() -> None:
    d = when(11, 6, "04:18:09")
    build("ham/10_hsbc_statement_ready.eml", frm="HSBC UK <noreply@email.hsbc.co.uk>",
          subject="Your statement is ready to view", date=d,
          msgid="<20261106041809.88213.hsbcuk.stmt.7731@email.hsbc.co.uk>",
          received=[rcv("mta12.email.hsbc.co.uk", "198.51.100.72", d, "4RcT6n2Lf4z")], dkim_domain="email.hsbc.co.uk",
          extra=[("MIME-Version", "1.0")],
          text="Dear Ms Natarajan,\n\nYour latest statement for your Advance Account ending 2290 is now available to view.\n\n"
               "To view it, log on to the HSBC UK app or Online Banking and select 'Statements' from the account menu.\n\n"
               "For your security, we will never include a link to log on in this type of email, and we will never ask you for your "
               "full password, PIN or Secure Key codes by email.\n\nYours sincerely,\nHSBC UK\n\n"
               "This email was sent to you by HSBC UK Bank plc. Registered in England and Wales (company number 9928412). "
               "Registered office: 1 Centenary Square, Birmingham, B1 1HQ.\n")


def h11_revolut_card() -> None:
    d = when(11, 20, "19:44:51")
    build("ham/11_revolut_business_card.eml", brand=("Revolut Business", "#191c1f"), frm="Revolut Business <no-reply@revolut.com>",
          subject="Card payment of £412.60 at EUROSTAR INTERNATIONAL – add a receipt", date=d,
          msgid="<0102019a4a9f7c21-3e8b1a6d-5f0c-4d92-8b7e-2a1c9f3d6e40-000000@eu-west-1.amazonses.com>",
          received=[rcv("b224-12.smtp-out.eu-west-1.amazonses.com", "54.240.4.12", d, "4RgY8c2Pm7z")], dkim_domain="revolut.com",
          extra=[("MIME-Version", "1.0")],
          text="Hi Priya,\n\nYour card •• 8813 was charged £412.60 at EUROSTAR INTERNATIONAL (London).\n\n"
               "Northwind's expense policy requires a receipt for payments over £50. Add it in the app or at:\n"
               "https://business.revolut.com/expenses\n\nIf you don't recognise this payment, freeze your card in the app right away.\n\n"
               "Revolut Ltd is registered in England and Wales (No. 08804411), 30 South Colonnade, Canary Wharf, London, E14 5HX.\n")


def h12_booking() -> None:
    d = when(11, 9, "21:15:37", "+0100")
    build("ham/12_booking_confirmation.eml", brand=("Booking.com", "#003580"), frm="Booking.com <noreply@booking.com>",
          subject="Thanks! Your booking is confirmed at Hotel V Nesplein", date=d,
          msgid="<20261109201537.4410.1722394051@booking.com>",
          received=[rcv("mailout-205-r2.booking.com", "185.28.222.205", d, "4Rd7xK1qN8z")], dkim_domain="booking.com",
          extra=[("MIME-Version", "1.0")],
          text="Hotel V Nesplein\nNes 49, Amsterdam City Centre, 1012 KD Amsterdam, Netherlands\n\n"
               "Your booking in Amsterdam is confirmed.\n\nConfirmation number: 4417.290.315\nPIN code: 7731\n\n"
               "Check-in: Wed 2 Dec 2026 (from 15:00)\nCheck-out: Fri 4 Dec 2026 (until 11:00)\n"
               "1 room, 1 adult — Deluxe Double Room\nTotal price: € 612.40 (includes € 43.80 city tax)\n"
               "Payment: you'll pay at the property\n\nManage your booking:\nhttps://secure.booking.com/myreservations.html?bn=4417290315&pincode=7731\n\n"
               "Free cancellation until 30 Nov 2026 23:59.\n\nBooking.com B.V., Oosterdokskade 163, 1011 DL Amsterdam\n")


def h13_airbnb_receipt() -> None:
    d = when(10, 30, "11:02:46")
    build("ham/13_airbnb_receipt.eml", brand=("Airbnb", "#ff385c"), frm="Airbnb <automated@airbnb.com>",
          subject="Your receipt from Airbnb", date=d,
          msgid="<7f2c.4b1e9a3d.20261030110246.1698@airbnb.com>",
          received=[rcv("o7.email.airbnb.com", "167.89.32.7", d, "4R9qZ3w0Ht2z")], dkim_domain="email.airbnb.com",
          extra=[("MIME-Version", "1.0")],
          text="Receipt ID: RC5X2KTM9Q · Oct 30, 2026\n\nLisbon\n3 nights in home\nSat, Nov 7, 2026 → Tue, Nov 10, 2026\n"
               "Entire rental unit hosted by Joana\nConfirmation code: HMZ4QXR82T\n\n"
               "Price breakdown\n€128.00 x 3 nights €384.00\nCleaning fee €45.00\nAirbnb service fee €60.57\nTaxes €12.00\nTotal (EUR) €501.57\n\n"
               "Payment\nVisa •••• 8813  Oct 30, 2026 11:02:41 AM GMT  €501.57\n\n"
               "View full receipt: https://www.airbnb.com/receipts/RC5X2KTM9Q\n"
               "Need help? Visit the Help Centre: https://www.airbnb.com/help\n\nAirbnb Ireland UC, 8 Hanover Quay, Dublin 2, Ireland\n")


def h14_lufthansa_checkin() -> None:
    d = when(11, 26, "07:10:04", "+0100")
    build("ham/14_lufthansa_checkin.eml", frm="Lufthansa <noreply@lufthansa.com>",
          subject="Check-in jetzt möglich: LH 993 Frankfurt – Dublin, 27.11.2026", date=d,
          msgid="<LH.CHECKIN.20261126071004.QX7R2M@lufthansa.com>",
          received=[rcv("mo-ffm-14.lufthansa.com", "198.51.100.144", d, "4RmB2f0Yq6z")], dkim_domain="lufthansa.com",
          extra=[("MIME-Version", "1.0"), ("Content-Language", "de")],
          text="Guten Tag Frau Natarajan,\n\nder Online Check-in für Ihren Flug ist jetzt geöffnet.\n\n"
               "LH 993  Fr, 27.11.2026  Frankfurt (FRA) 09:35 – Dublin (DUB) 10:55\nBuchungscode: QX7R2M\n\n"
               "Jetzt einchecken: https://www.lufthansa.com/de/de/online-check-in?pnr=QX7R2M&lastname=NATARAJAN\n\n"
               "Ihre Bordkarte erhalten Sie in der Lufthansa App oder als PDF per E-Mail.\n"
               "Bitte beachten Sie: Die Gepäckaufgabe schließt 45 Minuten vor Abflug.\n\n"
               "Wir freuen uns, Sie an Bord begrüßen zu dürfen.\nIhr Lufthansa Team\n\n"
               "Deutsche Lufthansa AG, Venloer Str. 151-153, 50672 Köln. Diese E-Mail wurde automatisch erstellt.\n")


def h15_telekom_bill() -> None:
    d = when(11, 4, "03:31:18", "+0100")
    bill = pdf_text(["Telekom Deutschland GmbH", "Rechnung November 2026", "Kundennummer 4417290315",
                     "Northwind Deutschland GmbH, Hanauer Landstr. 182, 60314 Frankfurt am Main",
                     "Business Mobil L (12 Karten)                 479,40 EUR", "Company Start (Festnetz)                       59,95 EUR",
                     "Summe netto                                   539,35 EUR", "USt 19 %                                      102,48 EUR",
                     "Rechnungsbetrag                               641,83 EUR",
                     "Der Betrag wird am 12.11.2026 von Ihrem Konto DE89 **** **** **** **30 abgebucht (SEPA-Lastschrift)."],
                    title="Rechnung 11/2026", producer="Telekom Rechnung Online")
    build("ham/15_telekom_rechnung.eml", frm="Telekom Deutschland GmbH <rechnungonline@telekom.de>",
          subject="Ihre Telekom Rechnung für November 2026", date=d,
          msgid="<20261104023118.RO.4417290315@telekom.de>",
          received=[rcv("mailout10.telekom.de", "194.25.134.84", d, "4Rb3yH7kS1z")], dkim_domain="telekom.de",
          extra=[("MIME-Version", "1.0"), ("Content-Language", "de")],
          text="Guten Tag,\n\nIhre aktuelle Rechnung für den Monat November 2026 ist da. Sie finden sie als PDF im Anhang und jederzeit im Kundencenter.\n\n"
               "Kundennummer: 4417290315\nRechnungsbetrag: 641,83 €\nAbbuchung: am 12.11.2026 per SEPA-Lastschrift\n\n"
               "Zum Kundencenter: https://www.telekom.de/kundencenter/rechnung\n\n"
               "Freundliche Grüße\nIhre Telekom\n\nTelekom Deutschland GmbH, Landgrabenweg 151, 53227 Bonn. Amtsgericht Bonn HRB 5919.\n",
          attachments=[(bill, "application", "pdf", "Rechnung_2026_11_4417290315.pdf")])


def h16_orange_facture() -> None:
    d = when(11, 8, "06:44:00", "+0100")
    build("ham/16_orange_facture.eml", frm="Orange <facture@orange.fr>",
          subject="Votre facture Orange de novembre est disponible", date=d,
          msgid="<20261108054400.FACT.0144172903@orange.fr>",
          received=[rcv("smtp-out-fact3.orange.fr", "80.12.242.43", d, "4Rd1aV5zT9z")], dkim_domain="orange.fr",
          extra=[("MIME-Version", "1.0"), ("Content-Language", "fr")],
          text="Bonjour Priya Natarajan,\n\nVotre facture Orange Pro du mois de novembre 2026 est disponible dans votre Espace Client.\n\n"
               "Compte de facturation : 0144172903\nMontant : 87,98 € TTC\nDate de prélèvement : à partir du 18/11/2026\n\n"
               "Consulter ma facture : https://espace-client-pro.orange.fr/factures-paiement\n\n"
               "Aucune action n'est nécessaire de votre part : le montant sera prélevé automatiquement.\n\n"
               "Orange vous remercie de votre confiance.\n\n"
               "Ceci est un e-mail automatique, merci de ne pas y répondre. Orange SA, 111 quai du Président Roosevelt, 92130 Issy-les-Moulineaux.\n")


def h17_vodafone_es() -> None:
    d = when(11, 10, "09:20:47", "+0100")
    build("ham/17_vodafone_factura.eml", frm="Vodafone <factura@vodafone.es>",
          subject="Tu factura de noviembre ya está disponible", date=d,
          msgid="<VF.FACT.20261110082047.72931@vodafone.es>",
          received=[rcv("mailing3.vodafone.es", "212.166.64.13", d, "4RdSk0w3Vq7z")], dkim_domain="vodafone.es",
          extra=[("MIME-Version", "1.0"), ("Content-Language", "es")],
          text="Hola Priya,\n\nYa tienes disponible tu factura de noviembre.\n\n"
               "Número de factura: CI26-0072931\nImporte: 54,45 € (IVA incluido)\nFecha de cargo: 15/11/2026\n\n"
               "Puedes consultarla y descargarla en Mi Vodafone: https://www.vodafone.es/c/mi-vodafone/\n\n"
               "Recuerda: Vodafone nunca te pedirá tus claves ni datos bancarios por email.\n\n"
               "Vodafone España S.A.U., Avda. de América 115, 28042 Madrid.\n")


def h18_ikea_nl() -> None:
    d = when(11, 14, "16:05:33", "+0100")
    build("ham/18_ikea_bestelling.eml", brand=("IKEA", "#0058a3"), frm="IKEA <noreply@ikea.nl>",
          subject="Bedankt voor je bestelling 1172039845", date=d,
          msgid="<ikea.order.1172039845.20261114150533@ikea.nl>",
          received=[rcv("mta-nl2.ikea.com", "198.51.100.22", d, "4Rf4wP6zD0z")], dkim_domain="ikea.nl",
          extra=[("MIME-Version", "1.0"), ("Content-Language", "nl")],
          text="Hej Priya,\n\nBedankt voor je bestelling! We gaan ermee aan de slag.\n\nBestelnummer: 1172039845\n\n"
               "2 x ALEX ladekast, wit (904.735.56)  € 198,00\n1 x MICKE bureau, wit (802.130.74)  € 99,99\n"
               "Bezorging (thuisbezorging, 1e verdieping)  € 49,00\nTotaal  € 346,99 (incl. btw)\n\n"
               "Verwachte levering: 21-11-2026 tussen 08:00 en 18:00. Je ontvangt een dag van tevoren een tijdvak.\n"
               "Bezorgadres: Herengracht 88-2, 1015 BS Amsterdam\n\n"
               "Bestelling volgen: https://www.ikea.com/nl/nl/purchases/1172039845/\n\nIKEA B.V., Postbus 15678, 1001 NC Amsterdam\n")


def h19_sncf() -> None:
    d = when(11, 17, "12:48:19", "+0100")
    build("ham/19_sncf_billet.eml", frm="SNCF Connect <confirmation@sncf-connect.com>",
          subject="Confirmation de votre commande - Paris → Lyon - 03/12/2026", date=d,
          msgid="<sncfc.cmd.QZR7TW.20261117114819@sncf-connect.com>",
          received=[rcv("mail-out2.sncf-connect.com", "198.51.100.33", d, "4Rg1bE4hW2z")], dkim_domain="sncf-connect.com",
          extra=[("MIME-Version", "1.0"), ("Content-Language", "fr")],
          text="Bonjour Priya,\n\nMerci pour votre commande. Vos e-billets sont disponibles dans l'application SNCF Connect.\n\n"
               "Référence de dossier : QZR7TW\n\nAller : jeudi 3 décembre 2026\nTGV INOUI 6615  Paris Gare de Lyon 08:00 → Lyon Part Dieu 09:56\n"
               "Voiture 14, place 82, 1re classe\n\nMontant total payé : 118,00 €\n\n"
               "Retrouver mon voyage : https://www.sncf-connect.com/app/trips/search\n\n"
               "Bon voyage,\nL'équipe SNCF Connect\n")


def h20_royal_mail() -> None:
    d = when(11, 26, "07:32:10")
    build("ham/20_royal_mail_delivery.eml", brand=("Royal Mail", "#da202a"), frm="Royal Mail <no-reply@royalmail.com>",
          subject="Your Royal Mail parcel from Wiggle is on its way", date=d,
          msgid="<rm.notify.WX417290315GB.20261126073210@royalmail.com>",
          received=[rcv("mta3.notifications.royalmail.com", "198.51.100.93", d, "4RkZ7q1cB5z")], dkim_domain="royalmail.com",
          extra=[("MIME-Version", "1.0")],
          text="Hello Priya,\n\nYour parcel from Wiggle is on its way and we expect to deliver it today, between 10:05 and 13:05.\n\n"
               "Tracking number: WX417290315GB\n\nTrack your item: https://www.royalmail.com/track-your-item#/tracking-results/WX417290315GB\n\n"
               "If you're not in, we'll leave it in a safe place or with a neighbour, or take it to your local Delivery Office.\n\n"
               "Royal Mail will never ask you to pay a fee by email or text without a grey 'Fee to Pay' card through your door.\n\n"
               "Royal Mail Group Limited, registered in England and Wales, number 4138203. 100 Victoria Embankment, London, EC4Y 0HQ.\n")


def h21_linkedin_jobs() -> None:
    d = when(11, 22, "18:11:09")
    build("ham/21_linkedin_job_alert.eml", brand=("LinkedIn", "#0a66c2"), frm="LinkedIn Job Alerts <jobalerts-noreply@linkedin.com>",
          subject="“Head of Finance Operations”: Lendwise - Head of Finance Operations and more", date=d,
          msgid="<1408716253.6118254.1764007869011@lva1-app7801.prod.linkedin.com>",
          received=[rcv("mailc-ac.linkedin.com", "108.174.3.172", d, "4RjB0s3Kz2z")], dkim_domain="linkedin.com",
          extra=[("List-Unsubscribe", "<https://www.linkedin.com/comm/jobs/alerts?lipi=urn%3Ali%3Apage%3Aemail_email_job_alert_digest_01>"),
                 ("MIME-Version", "1.0")],
          text="Your job alert for Head of Finance Operations in Dublin\n8 new jobs match your preferences.\n\n"
               "Head of Finance Operations\nLendwise · Dublin, County Dublin, Ireland (Hybrid)\n"
               "View job: https://www.linkedin.com/comm/jobs/view/4417290315/?trackingId=Xq3v%2FLm9sT2pKc7Rz0aB1w%3D%3D&refId=ByteString\n\n"
               "Finance Operations Manager\nStripe · Dublin (On-site)\nView job: https://www.linkedin.com/comm/jobs/view/4419981276/\n\n"
               "See all jobs: https://www.linkedin.com/comm/jobs/search?keywords=Head%20of%20Finance%20Operations&location=Dublin\n\n"
               "This email was intended for Priya Natarajan (Finance Operations Lead at Northwind)\n"
               "Unsubscribe: https://www.linkedin.com/comm/jobs/alerts\n© 2026 LinkedIn Ireland Unlimited Company, Wilton Plaza, Dublin 2.\n")


def h22_coursera() -> None:
    d = when(11, 13, "22:40:05")
    build("ham/22_coursera_certificate.eml", frm="Coursera <no-reply@m.mail.coursera.org>",
          subject="Congratulations, Priya! You've earned your certificate", date=d,
          msgid="<0100019a2b7e5c44-9c1f2a3b-4d5e-6f70-8192-a3b4c5d6e7f8-000000@email.amazonses.com>",
          received=[rcv("a9-33.smtp-out.amazonses.com", "54.240.9.33", d, "4Rf0Yq2xS6z")], dkim_domain="m.mail.coursera.org",
          extra=[("MIME-Version", "1.0")],
          text="Congratulations, Priya!\n\nYou've completed Financial Planning & Analysis: Building a Company's Budget, offered by the University of Virginia.\n\n"
               "View and share your certificate:\nhttps://www.coursera.org/account/accomplishments/certificate/QX7R2M9KTWZL\n\n"
               "Add it to your LinkedIn profile to show what you've learned.\n\nKeep learning,\nThe Coursera Team\n\n"
               "Coursera, 2440 W. El Camino Real, Suite 500, Mountain View, CA 94040\n")


def h23_github_advisory() -> None:
    d = when(11, 21, "02:17:48")
    build("ham/23_github_dependabot.eml", frm="dependabot[bot] <notifications@github.com>",
          to="northwind/invoice-portal <invoice-portal@noreply.github.com>",
          subject="[northwind/invoice-portal] Dependabot alert: fast-xml-parser vulnerable to ReDoS in attribute parsing (#37)", date=d,
          msgid="<northwind/invoice-portal/security/dependabot/37@github.com>",
          received=[rcv("out-25.smtp.github.com", "192.30.252.208", d, "4Rj1Tc8gK4z")], dkim_domain="github.com",
          extra=[("Cc", "Security alert <security_alert@noreply.github.com>"), ("List-ID", "northwind/invoice-portal <invoice-portal.northwind.github.com>"),
                 ("X-GitHub-Reason", "security_alert"), ("MIME-Version", "1.0")],
          text="Dependabot alert #37\n\nHigh severity · fast-xml-parser (npm)\n"
               "fast-xml-parser vulnerable to ReDoS in attribute parsing\nGHSA-9q2x-7mvc-4rw3 · CVE-2026-41729\n\n"
               "Package: fast-xml-parser\nAffected versions: < 4.5.4\nPatched version: 4.5.4\nManifest: package-lock.json\n\n"
               "Dependabot will open a pull request to update fast-xml-parser to 4.5.4.\n\n"
               "View alert: https://github.com/northwind/invoice-portal/security/dependabot/37\n\n"
               "You are receiving this because you are subscribed to security alerts for this repository.\n"
               "Manage notifications: https://github.com/settings/notifications\n")


def h24_npm_publish() -> None:
    d = when(11, 19, "14:56:02")
    build("ham/24_npm_published.eml", frm="npm <support@npmjs.com>",
          subject="Successfully published @northwind/ui-kit@4.2.0", date=d,
          msgid="<20261119145602.1c9f.npm-publish.8f3d2a@npmjs.com>",
          received=[rcv("o3.email.npmjs.com", "149.72.172.3", d, "4RhF3w7Lq1z")], dkim_domain="npmjs.com",
          extra=[("MIME-Version", "1.0")],
          text="Hi priya-nw!\n\nA new version of the package @northwind/ui-kit (4.2.0) was published at 2026-11-19T14:55:58.412Z "
               "from GitHub Actions (https://github.com/northwind/ui-kit/actions/runs/11872390451) with provenance.\n"
               "The shasum of this package was 3f2a7c9e1b0d4e5f6a7b8c9d0e1f2a3b4c5d6e7f.\n\n"
               "If you have questions or security concerns, you can reply to this message or email support@npmjs.com.\n\nnpm\n")


def h25_sentry() -> None:
    d = when(11, 27, "03:02:29")
    build("ham/25_sentry_alert.eml", frm="Sentry <noreply@md.getsentry.com>",
          subject="[Sentry] INVOICE-PORTAL-2K7 - TypeError: Cannot read properties of undefined (reading 'iban')", date=d,
          msgid="<20261127030229.44172.8f1c2d3e@md.getsentry.com>",
          received=[rcv("o2.md.getsentry.com", "149.72.123.2", d, "4RkQ9s2Vb0z")], dkim_domain="md.getsentry.com",
          extra=[("MIME-Version", "1.0")],
          text="New alert from invoice-portal\n\nTypeError: Cannot read properties of undefined (reading 'iban')\n"
               "at formatPayee (src/payments/payee.ts:88:21)\n\n"
               "Events: 214 in the last hour · Users affected: 37 · environment: production · release: invoice-portal@2026.11.26-3\n\n"
               "View on Sentry: https://northwind.sentry.io/issues/6120934481/?alert_rule_id=1488213&alert_type=issue&notification_uuid=4f1c2d3e-5a6b-7c8d-9e0f-1a2b3c4d5e6f\n\n"
               "You are receiving this email because you're a member of #finance-eng which has alerts configured.\n"
               "Unsubscribe: https://northwind.sentry.io/settings/account/notifications/alerts/\n")


def h26_jira_digest() -> None:
    d = when(11, 24, "17:00:41")
    build("ham/26_jira_digest.eml", frm="Jira <jira@northwind.atlassian.net>",
          subject="[JIRA] Updates for FINOPS-412, FINOPS-418 and 3 other issues", date=d,
          msgid="<JIRA.10412.1764003641000.52@Atlassian.JIRA>",
          received=[rcv("mail-ue1b.atlassian.net", "13.52.5.21", d, "4Rkp3t1Gw8z")], dkim_domain="northwind.atlassian.net",
          extra=[("MIME-Version", "1.0")],
          text="Atlassian Jira\n\nFINOPS-412 Year-end accrual template for EMEA entities\n  Oskar Brandt changed Status: In Progress → In Review\n"
               "  https://northwind.atlassian.net/browse/FINOPS-412\n\nFINOPS-418 Vendor master: block bank detail edits without second approver\n"
               "  Hannah Oyelaran commented: \"Approved for Q1. Priya, can you own the rollout?\"\n  https://northwind.atlassian.net/browse/FINOPS-418\n\n"
               "+3 more updates: https://northwind.atlassian.net/jira/your-work\n\n"
               "Manage notifications: https://northwind.atlassian.net/jira/settings/personal/notifications\n")


def h27_ceo_allhands() -> None:
    d = when(11, 23, "08:14:55", "+0000")
    build("ham/27_ceo_all_hands.eml", frm="Marcus Ellery <marcus.ellery@northwind.example>",
          to="All Staff <all-staff@northwind.example>",
          subject="All-hands Thursday: 2027 plan + Q&A", date=d,
          msgid="<CAL8x2vQm4pR7ZtYe1KsD0bN9wH3uF6gJ5cA2@mail.northwind.example>",
          received=[f"from exch02.corp.northwind.example (10.20.4.12) by mx1.northwind.example (10.20.1.5) with Microsoft SMTP Server id 15.2.1544.4; {d}"],
          dkim_domain="northwind.example", extra=[("MIME-Version", "1.0")],
          text="Hi all,\n\nQuick reminder that Thursday's all-hands is at 16:00 in the Atrium (and on Teams for Dublin and Frankfurt).\n\n"
               "Agenda:\n- 2027 plan and the three things we will not do (me)\n- Q3 numbers (Hannah)\n- Warehouse move timeline (Oskar)\n- Open Q&A\n\n"
               "Please drop questions in the form on the intranet beforehand, anonymous is fine: https://intranet.northwind.example/allhands/questions\n\n"
               "Drinks afterwards, as usual.\n\nMarcus\n")


def h28_it_password_policy() -> None:
    d = when(11, 17, "10:00:12")
    build("ham/28_it_password_policy.eml", frm="Northwind IT Service Desk <it-servicedesk@northwind.example>",
          to="All Staff <all-staff@northwind.example>",
          subject="Change to our password policy from 1 December (no more 90-day expiry)", date=d,
          msgid="<20261117100012.IT.4471@northwind.example>",
          received=[f"from exch01.corp.northwind.example (10.20.4.11) by mx1.northwind.example (10.20.1.5) with Microsoft SMTP Server id 15.2.1544.4; {d}"],
          dkim_domain="northwind.example", extra=[("MIME-Version", "1.0")],
          text="Hello everyone,\n\nFrom 1 December we are changing our password policy, in line with current NCSC and NIST guidance:\n\n"
               "- Passwords no longer expire every 90 days. You will only be asked to change yours if we see a sign it was exposed.\n"
               "- The minimum length goes up to 14 characters. Passphrases (three or four random words) are encouraged.\n"
               "- MFA through Okta Verify stays mandatory for all apps.\n\n"
               "You do not need to do anything now. The next time you change your password, the new rules apply.\n\n"
               "The full policy is on the intranet: https://intranet.northwind.example/it/policies/passwords\n\n"
               "We will never ask for your password by email or phone. If anything looks off, forward it to report@northwind.example.\n\n"
               "Thanks,\nNorthwind IT Service Desk\next. 4400\n")


def h29_vendor_quote_xlsx() -> None:
    d = when(11, 20, "11:47:03", "+0000")
    sheet = xlsx([["Brightwater Industrial Supply - Quotation Q-26-1187", "", "", ""],
                  ["Item", "Description", "Qty", "Unit EUR"],
                  ["BW-PAL-1208", "Euro pallet, heat treated", 400, 11.2],
                  ["BW-SW-500", "Stretch wrap 500mm x 300m", 120, 14.85],
                  ["BW-TAPE-48", "Packing tape 48mm, printed", 600, 1.92],
                  ["", "Valid until 31/12/2026, delivery 5 working days", "", ""]], sheet="Quote")
    build("ham/29_vendor_quote_xlsx.eml", frm="Declan Farrelly <declan.farrelly@brightwater-supply.example>",
          subject="RE: Pallets + wrap for Q1 - quotation Q-26-1187", date=d,
          msgid="<DB9PR07MB8211C3E1F4A2B9D0E6F1A2B3C4D5@DB9PR07MB8211.eurprd07.prod.outlook.com>",
          received=[rcv("mail-am6eur05on2102.outbound.protection.outlook.com", "40.107.22.102", d, "4RgZb6m3Kc1z")],
          dkim_domain="brightwater-supply.example",
          extra=[("In-Reply-To", "<AS8PR03MB9934A1B2C3D4E5F6@AS8PR03MB9934.eurprd03.prod.outlook.com>"),
                 ("References", "<AS8PR03MB9934A1B2C3D4E5F6@AS8PR03MB9934.eurprd03.prod.outlook.com>"), ("MIME-Version", "1.0")],
          text="Hi Priya,\n\nPlease find our quotation attached for the Q1 pallets, wrap and tape. Prices are the same as the framework agreement, "
               "except the wrap which is up 3% since the resin increase in October.\n\nIf you send the PO through the usual portal before 18 Dec "
               "we can hold these prices and deliver in the first week of January.\n\nKind regards,\nDeclan\n\n"
               "Declan Farrelly | Account Manager\nBrightwater Industrial Supply Ltd\nT +353 1 555 0142\n\n"
               "-----Original Message-----\nFrom: Priya Natarajan <priya.natarajan@northwind.example>\nSent: 18 November 2026 16:20\n"
               "Subject: Pallets + wrap for Q1\n\nHi Declan, could you quote 400 pallets, 120 rolls of wrap and 600 tape for January? Thanks, Priya\n",
          attachments=[(sheet, "application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Q-26-1187_Northwind.xlsx")])


def h30_colleague_gmail() -> None:
    d = when(11, 27, "12:03:41", "+0000")
    build("ham/30_colleague_gmail_lunch.eml", frm="Tomasz Wierzbicki <tomasz.wierzbicki84@gmail.com>",
          subject="lunch friday?", date=d,
          msgid="<CAHx7q2bT9vL0mZ3kP8sW1rN4yD6fG5jA2cE9uK@mail.gmail.com>",
          received=[rcv("mail-ej1-f41.google.com", "209.85.218.41", d, "4RkZ1n8Wc3z", helo="mail-ej1-f41.google.com")],
          dkim_domain="gmail.com", extra=[("MIME-Version", "1.0")],
          text="hey, my work laptop is in for repair so writing from here :)\n\nlunch friday? the new ramen place on Capel St, 12:30? "
               "Aoife and Ben are in too.\n\nT\n")


def h31_apple_receipt() -> None:
    d = when(11, 15, "20:09:17")
    build("ham/31_apple_receipt.eml", brand=("Apple", "#1d1d1f"), frm="Apple <no_reply@email.apple.com>",
          subject="Your receipt from Apple.", date=d,
          msgid="<CD.E4.44172.C2F0F176@ccmail01.email.apple.com>",
          received=[rcv("rn2-txn-msbadger07104.apple.com", "17.111.110.47", d, "4RfP8k0Tz5z")], dkim_domain="email.apple.com",
          extra=[("MIME-Version", "1.0")],
          text="Receipt\n\nApple Account: priya.natarajan@icloud.com\nDate: 15 Nov 2026\nOrder ID: MT7QX2R9KW\nDocument No.: 172039845117\n\n"
               "iCloud+ with 2 TB Storage  Monthly  €9.99\nRenews 15 Dec 2026\n\nSubtotal €8.40\nVAT charged at 19% €1.59\nTotal €9.99\n\n"
               "Billed to Visa •••• 8813\n\nIf you have any questions about your bill, visit Apple Support: https://support.apple.com/billing\n"
               "Manage subscriptions: https://apps.apple.com/account/subscriptions\n\nApple Distribution International Ltd., Hollyhill Industrial Estate, Cork, Ireland.\n")


def h32_netflix_signin() -> None:
    d = when(11, 22, "21:47:30")
    build("ham/32_netflix_new_signin.eml", brand=("NETFLIX", "#e50914"), frm="Netflix <info@account.netflix.com>",
          subject="A new device is using your account", date=d,
          msgid="<20261122214730.3f9a1c2e.NFX.email@account.netflix.com>",
          received=[rcv("mail-ao-ie-8.netflix.com", "69.53.228.8", d, "4Rj2Yb7Lm0z")], dkim_domain="account.netflix.com",
          extra=[("MIME-Version", "1.0")],
          text="Hi Priya,\n\nA new device signed in to your Netflix account, priya.natarajan@gmail.com.\n\n"
               "Device: Samsung Smart TV\nLocation: Dublin, Leinster, Ireland\nTime: 22 November 2026, 21:44 GMT\n\n"
               "If this was you or someone in your household: enjoy watching!\n\n"
               "If it was someone else: we recommend you sign out of that device and change your password in Account settings at https://www.netflix.com/account/security\n\n"
               "We're here to help if you need it. Visit the Help Centre at https://help.netflix.com for more info.\n\nThe Netflix team\n")


def h33_charity_appeal() -> None:
    d = when(11, 26, "15:00:05")
    build("ham/33_wikimedia_appeal.eml", frm="Wikipedia <donate@wikimedia.org>",
          subject="Priya, a quick question before the year ends", date=d,
          msgid="<20261126150005.18226.44172903.fr-mailing@wikimedia.org>",
          received=[rcv("mx-out1001.wikimedia.org", "208.80.154.76", d, "4RkR5c1Vn9z")], dkim_domain="wikimedia.org",
          extra=[("List-Unsubscribe", "<https://donate.wikimedia.org/wiki/Special:FundraiserUnsubscribe?email=priya.natarajan%40northwind.example&contact_id=44172903>"),
                 ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"), ("MIME-Version", "1.0")],
          text="Dear Priya,\n\nLast year you were one of the readers who chipped in to keep Wikipedia online and independent. Thank you.\n\n"
               "We don't run ads, and we never will. Wikipedia is funded by readers: the average gift is about €10.\n\n"
               "If Wikipedia gave you something of value this year, would you consider renewing your gift?\n\n"
               "Donate: https://donate.wikimedia.org/?utm_medium=email&utm_source=fr-email&utm_campaign=C2026_en6C_FY2627&contact_id=44172903\n\n"
               "Thank you,\nThe Wikimedia Foundation\n\nWikimedia Foundation, Inc., P.O. Box 98204, Washington, DC 20090-8204, USA\n"
               "Unsubscribe: https://donate.wikimedia.org/wiki/Special:FundraiserUnsubscribe?contact_id=44172903\n")


def h34_conference_qr() -> None:
    d = when(10, 28, "10:22:14")
    qr = qr_png("EB-TKT-1187203984-1-PNATARAJAN-6f3c2a", scale=5)
    build("ham/34_eventbrite_ticket_qr.eml", frm="Eventbrite <noreply@order.eventbrite.com>",
          subject="Your tickets for FinOps & Treasury Summit Europe 2026", date=d,
          msgid="<1187203984.20261028102214.eb-order@eventbrite.com>",
          received=[rcv("o1.order.eventbrite.com", "167.89.60.10", d, "4R8x0Kp2Wq6z")], dkim_domain="eventbrite.com",
          extra=[("Reply-To", "FinOps & Treasury Summit <tickets@treasurysummit.example>"), ("MIME-Version", "1.0")],
          text="Order #1187203984 · 28 Oct 2026\n\nFinOps & Treasury Summit Europe 2026\nThursday, 10 December 2026, 09:00 – 18:00 CET\n"
               "Beurs van Berlage, Damrak 243, 1012 ZJ Amsterdam\n\n1 x Early Bird — Delegate  €395.00\nTotal  €395.00 (paid by Visa •••• 8813)\n\n"
               "Show the QR code below (or in the Eventbrite app) at the entrance.\n\n"
               "View your order: https://www.eventbrite.com/mytickets/1187203984\nContact the organiser: https://www.eventbrite.com/o/treasury-summit-31872039845\n",
          html="<html><body style=\"font-family:Helvetica,Arial,sans-serif\"><h2>You're going to FinOps &amp; Treasury Summit Europe 2026</h2>"
               "<p>Order #1187203984 · Thursday, 10 December 2026, 09:00 – 18:00 CET<br>Beurs van Berlage, Damrak 243, Amsterdam</p>"
               "<p>1 x Early Bird — Delegate · €395.00</p><p>Show this QR code at the entrance:</p>"
               "<p><img src=\"cid:ticketqr@eventbrite.com\" alt=\"Ticket QR code\" width=\"205\"></p>"
               "<p><a href=\"https://www.eventbrite.com/mytickets/1187203984\">View your order</a> · "
               "<a href=\"https://www.eventbrite.com/o/treasury-summit-31872039845\">Contact the organiser</a></p>"
               "<p style=\"font-size:11px;color:#6f7287\">Eventbrite, 95 Third Street, 2nd Floor, San Francisco, CA 94103</p></body></html>",
          related=[(qr, "ticketqr@eventbrite.com", "image/png")])


def h35_facturx_invoice() -> None:
    d = when(11, 25, "09:36:50", "+0100")
    xml = (b"<?xml version='1.0' encoding='UTF-8'?>\n<rsm:CrossIndustryInvoice xmlns:rsm=\"urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100\" "
           b"xmlns:ram=\"urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100\" "
           b"xmlns:udt=\"urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100\">\n"
           b"<rsm:ExchangedDocumentContext><ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>urn:cen.eu:en16931:2017</ram:ID>"
           b"</ram:GuidelineSpecifiedDocumentContextParameter></rsm:ExchangedDocumentContext>\n"
           b"<rsm:ExchangedDocument><ram:ID>FA-2026-11-0874</ram:ID><ram:TypeCode>380</ram:TypeCode><ram:IssueDateTime>"
           b"<udt:DateTimeString format=\"102\">20261125</udt:DateTimeString></ram:IssueDateTime></rsm:ExchangedDocument>\n"
           b"<rsm:SupplyChainTradeTransaction><ram:ApplicableHeaderTradeAgreement><ram:SellerTradeParty><ram:Name>Atelier Delorme Emballages SAS</ram:Name>"
           b"</ram:SellerTradeParty><ram:BuyerTradeParty><ram:Name>Northwind France SARL</ram:Name></ram:BuyerTradeParty></ram:ApplicableHeaderTradeAgreement>"
           b"<ram:ApplicableHeaderTradeSettlement><ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode><ram:SpecifiedTradeSettlementHeaderMonetarySummation>"
           b"<ram:TaxBasisTotalAmount>2840.00</ram:TaxBasisTotalAmount><ram:TaxTotalAmount currencyID=\"EUR\">568.00</ram:TaxTotalAmount>"
           b"<ram:GrandTotalAmount>3408.00</ram:GrandTotalAmount><ram:DuePayableAmount>3408.00</ram:DuePayableAmount>"
           b"</ram:SpecifiedTradeSettlementHeaderMonetarySummation></ram:ApplicableHeaderTradeSettlement></rsm:SupplyChainTradeTransaction>\n"
           b"</rsm:CrossIndustryInvoice>\n")
    inv = pdf_text(["Atelier Delorme Emballages SAS", "12 rue des Tanneurs, 69007 Lyon - SIREN 512 204 318", "",
                    "FACTURE N° FA-2026-11-0874 du 25/11/2026", "Client : Northwind France SARL, 40 quai Rambaud, 69002 Lyon",
                    "Commande : PO-FR-26-0311", "", "Caisses carton double cannelure 600x400x400   2 000 x 1,12 = 2 240,00 EUR",
                    "Calage papier kraft, rouleaux 50 m                   60 x 10,00 =   600,00 EUR", "",
                    "Total HT 2 840,00 EUR   TVA 20 % 568,00 EUR   Total TTC 3 408,00 EUR",
                    "Echeance : 25/12/2026 - virement a 30 jours, IBAN comme au contrat (inchange)",
                    "Facture electronique Factur-X (profil EN 16931)."],
                   title="FA-2026-11-0874", producer="Sage 100 Factur-X", embedded=("factur-x.xml", xml))
    build("ham/35_facturx_invoice.eml", frm="Atelier Delorme Emballages <facturation@delorme-emballages.example>",
          subject="Facture FA-2026-11-0874 - Northwind France SARL", date=d,
          msgid="<20261125083650.FA-2026-11-0874@delorme-emballages.example>",
          received=[rcv("smtp.delorme-emballages.example", "192.0.2.51", d, "4RkTe0b2Nq4z")], dkim_domain="delorme-emballages.example",
          extra=[("MIME-Version", "1.0"), ("Content-Language", "fr")],
          text="Bonjour,\n\nVeuillez trouver ci-joint notre facture FA-2026-11-0874 relative à votre commande PO-FR-26-0311, au format Factur-X.\n\n"
               "Montant TTC : 3 408,00 EUR\nÉchéance : 25/12/2026\n\nNos coordonnées bancaires sont inchangées.\n\n"
               "Cordialement,\nService comptabilité\nAtelier Delorme Emballages SAS\n04 72 55 01 87\n",
          attachments=[(inv, "application", "pdf", "FA-2026-11-0874.pdf")])


def h36_gls_parcel() -> None:
    d = when(11, 25, "06:58:12", "+0100")
    build("ham/36_gls_paket.eml", frm="GLS <noreply@gls-group.eu>",
          subject="Ihr GLS Paket kommt heute – 10:30 bis 13:30 Uhr", date=d,
          msgid="<gls.notify.ZN44172903.20261125055812@gls-group.eu>",
          received=[rcv("mailout2.gls-group.eu", "198.51.100.62", d, "4RkV2r9Hd3z")], dkim_domain="gls-group.eu",
          extra=[("MIME-Version", "1.0"), ("Content-Language", "de")],
          text="Hallo Priya Natarajan,\n\nIhr Paket von Bürobedarf Schäfer GmbH wird heute zugestellt.\n\n"
               "Paketnummer: ZN44172903\nVoraussichtliches Zeitfenster: 10:30 – 13:30 Uhr\n"
               "Lieferadresse: Northwind Deutschland GmbH, Hanauer Landstr. 182, 60314 Frankfurt am Main\n\n"
               "Sendung verfolgen oder Zustellung ändern: https://gls-group.com/DE/de/paketverfolgung?match=ZN44172903\n\n"
               "Mit freundlichen Grüßen\nIhr GLS Team\n\nGLS Germany GmbH & Co. OHG, GLS Germany-Straße 1-7, 36286 Neuenstein\n")


def h37_internal_holiday_rota() -> None:
    """A plain internal message with an inline image: the finance team's holiday card."""
    d = when(11, 27, "16:20:09")
    card = png_logo("Season's greetings - Northwind Finance", 320, 60)
    build("ham/37_internal_holiday_rota.eml", frm="Hannah Oyelaran <hannah.oyelaran@northwind.example>",
          to="Finance Team <finance@northwind.example>",
          subject="Holiday cover rota + payment run dates", date=d,
          msgid="<AM0PR07MB4417F1A2B3C4D5E6F7A8B9C0D1E2@AM0PR07MB4417.eurprd07.prod.outlook.com>",
          received=[f"from exch02.corp.northwind.example (10.20.4.12) by mx1.northwind.example (10.20.1.5) with Microsoft SMTP Server id 15.2.1544.4; {d}"],
          dkim_domain="northwind.example", extra=[("MIME-Version", "1.0")],
          text="Hi team,\n\nThe holiday rota is on the Finance SharePoint. Last payment run of the year is 22 December; "
               "nothing goes out between 23 Dec and 4 Jan except payroll. Any bank detail changes received in that window wait until "
               "January and get the usual call-back to the number on file.\n\nThanks all, great year.\nHannah\n",
          html="<html><body><p>Hi team,</p><p>The holiday rota is on the <a href=\"https://northwind.sharepoint.com/sites/Finance/Shared%20Documents/Rota-2026.xlsx\">Finance SharePoint</a>. "
               "Last payment run of the year is 22 December; nothing goes out between 23 Dec and 4 Jan except payroll. Any bank detail changes "
               "received in that window wait until January and get the usual call-back to the number on file.</p><p>Thanks all, great year.<br>Hannah</p>"
               "<p><img src=\"cid:card@northwind.example\" alt=\"Season's greetings\"></p></body></html>",
          related=[(card, "card@northwind.example", "image/png")])
