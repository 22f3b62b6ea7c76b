# ruff: noqa: E501
"""Legitimate 2024-2026 mail for the blind set: one function per message, written as the real
senders write (fictional people, ids and amounts; real service domains)."""

from __future__ import annotations

from email.header import Header

from fresh_common import (
    build,
    mailchimp,
    mx_in,
    pdf,
    pixel,
    preheader,
    rcv,
    safelink,
    sendgrid,
    token,
    urldefense,
)


def _shell(body: str, footer: str, pre: str = "", width: int = 600) -> str:
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<meta name="x-apple-disable-message-reformatting"><title></title></head><body style="margin:0;padding:0;background:#f4f4f4">'
            f"{preheader(pre) if pre else ''}"
            f'<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"><tr><td align="center">'
            f'<table role="presentation" width="{width}" cellpadding="0" cellspacing="0" border="0" style="background:#ffffff;font-family:Helvetica,Arial,sans-serif;color:#222">'
            f'<tr><td style="padding:24px">{body}</td></tr>'
            f'<tr><td style="padding:16px 24px;font-size:11px;color:#888;line-height:16px">{footer}</td></tr>'
            f"</table></td></tr></table></body></html>")


def h01_allbirds_black_friday() -> None:
    base = "https://ctrk.klclick.com/l/01JD8{t}_{n}"
    links = {n: base.format(t=token("ab" + str(n), 22, "0123456789ABCDEFGHJKMNPQRSTVWXYZ"), n=n) for n in range(6)}
    html = _shell(
        f'<p style="text-align:center"><a href="{links[0]}"><img src="https://d3k81ch9hvuctc.cloudfront.net/company/Kc3bDE/images/bf-hero-2025.jpg" width="552" alt="Black Friday: 40% off everything" style="display:block;width:100%"></a></p>'
        '<h1 style="text-align:center;font-size:30px;margin:16px 0">40% off everything.<br>Today only.</h1>'
        '<p style="text-align:center;font-size:16px">Our biggest sale of the year is here. Tree Runners, Wool Loungers, Sweaters, socks &mdash; it&rsquo;s all 40% off, no code needed. Ends at midnight PT.</p>'
        f'<p style="text-align:center"><a href="{links[1]}" style="background:#212a2f;color:#fff;padding:14px 36px;text-decoration:none;font-weight:bold;display:inline-block">SHOP WOMEN</a>&nbsp;&nbsp;'
        f'<a href="{links[2]}" style="background:#212a2f;color:#fff;padding:14px 36px;text-decoration:none;font-weight:bold;display:inline-block">SHOP MEN</a></p>'
        f'<p style="text-align:center;font-size:13px"><a href="{links[3]}" style="color:#222">Find a store</a> &middot; <a href="{links[4]}" style="color:#222">Free returns for 30 days</a></p>',
        f'Discount applied automatically at checkout. Excludes gift cards. Offer valid 11/28/2025 12:00am&ndash;11:59pm PT on allbirds.com and in US stores.<br>'
        f'Allbirds, Inc. &middot; 730 Montgomery St &middot; San Francisco, CA 94111<br>'
        f'<a href="https://manage.kmail-lists.com/subscriptions/unsubscribe?a=Kc3bDE&amp;c=01JD8QZ3&amp;k={token("abk", 32, "0123456789abcdef")}" style="color:#888">Unsubscribe</a> &middot; '
        f'<a href="{links[5]}" style="color:#888">Privacy policy</a>'
        + pixel(f"https://trk.klclick.com/open?a=Kc3bDE&m={token('abo', 20)}"),
        pre="No code needed. Ends at midnight. Yes, really everything.")
    text = ("40% off everything. Today only.\n\nOur biggest sale of the year is here. Tree Runners, Wool Loungers, Sweaters, socks - "
            "it's all 40% off, no code needed. Ends at midnight PT.\n\n"
            f"Shop women: {links[1]}\nShop men: {links[2]}\n\nAllbirds, Inc., 730 Montgomery St, San Francisco, CA 94111\n")
    build("ham/01_allbirds_black_friday.eml", frm="Allbirds <hello@mail.allbirds.com>", subject="Black Friday is ON: 40% off everything \U0001f45f",
          date="Fri, 28 Nov 2025 08:01:14 +0000", msgid=f"<01JD8QZ3{token('abm', 18)}@klaviyomail.com>", return_path=f"bounces+{token('abr', 10)}@send.klaviyomail.com",
          received=[mx_in("a48-93.smtp-out.klaviyomail.com", "168.245.93.48", "Fri, 28 Nov 2025 08:01:16 +0000", "4dN2q51XyZz9Q")],
          dkim_domain="mail.allbirds.com", selector="kl",
          extra=[("List-Unsubscribe", f"<https://manage.kmail-lists.com/subscriptions/unsubscribe?a=Kc3bDE&c=01JD8QZ3&k={token('abk', 32, '0123456789abcdef')}>, <mailto:unsubscribe@klaviyomail.com?subject=Kc3bDE>"),
                 ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"), ("Feedback-ID", "Kc3bDE:01JD8QZ3:klaviyo"), ("Precedence", "bulk")],
          text=text, html=html, bstyle="esp")


def h02_levis_last_chance() -> None:
    def c(n: int) -> str:
        return f"https://click.e.levi.com/?qs={token('lv' + str(n), 96, '0123456789abcdef')}"
    html = _shell(
        f'<p style="text-align:center;font-size:12px;letter-spacing:2px">FREE SHIPPING FOR RED TAB&trade; MEMBERS</p>'
        f'<a href="{c(1)}"><img src="https://image.e.levi.com/lib/fe9e15707566017871/m/1/lastchance-hero.jpg" alt="Last chance" width="600" style="display:block;width:100%"></a>'
        '<h2 style="text-align:center;font-family:Georgia,serif">Last chance: up to 50% off</h2>'
        '<p style="text-align:center">The Cyber Week sale ends tonight. Grab your favorite 501&reg; fits, trucker jackets and more before they&rsquo;re gone.</p>'
        f'<p style="text-align:center"><a href="{c(2)}" style="color:#c41230;font-weight:bold">SHOP THE SALE &rsaquo;</a></p>'
        f'<p style="text-align:center"><a href="{c(3)}">Men</a> | <a href="{c(4)}">Women</a> | <a href="{c(5)}">Kids</a> | <a href="{c(6)}">Find a Store</a></p>',
        f'You are receiving this email because you signed up for Levi&rsquo;s&reg; emails with alex.morgan@example.com.<br>'
        f'<a href="{c(7)}">Update preferences</a> | <a href="{c(8)}">Unsubscribe</a> | <a href="{c(9)}">Privacy Policy</a><br>'
        'Levi Strauss &amp; Co., 1155 Battery Street, San Francisco, CA 94111'
        + pixel(f"https://click.e.levi.com/open.aspx?ffcb10-{token('lvo', 40, '0123456789abcdef')}"),
        pre="Ends tonight at 11:59 PM PT. Don't miss it.")
    build("ham/02_levis_last_chance.eml", frm="Levi's <levi@e.levi.com>", subject="Last chance \u23f0 Up to 50% off ends TONIGHT",
          date="Mon, 01 Dec 2025 16:12:40 -0600", msgid=f"<{token('lvm', 36, '0123456789abcdef')}@s10.exacttarget.com>", return_path=f"bounce-1357_HTML-{token('lvr', 10, '0123456789')}-1357-7003124-17@bounce.e.levi.com",
          received=[mx_in("mta17.e.levi.com", "13.111.23.17", "Mon, 01 Dec 2025 22:12:43 +0000", "4dPa0C1kQvz1Tb")],
          dkim_domain="e.levi.com", selector="200608",
          extra=[("List-Unsubscribe", f"<mailto:leave-{token('lvu', 40, '0123456789abcdef')}@leave.e.levi.com>, <https://click.e.levi.com/unsub_center.aspx?qs={token('lvu', 60, '0123456789abcdef')}>"),
                 ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"), ("x-job", "7003124_1357")],
          html=html, bstyle="esp")


def h03_sephora_abandoned_cart() -> None:
    def c(n: int) -> str:
        return f"https://click.em.sephora.com/?qs={token('se' + str(n), 88, '0123456789abcdef')}"
    html = _shell(
        f'<img src="https://image.em.sephora.com/lib/fe8f1372756c0c7570/m/1/sephora-logo.png" width="160" alt="SEPHORA">'
        '<h2>Still thinking it over?</h2><p>Good news: the items in your basket are still available. Check out now before they sell out.</p>'
        '<table width="100%" style="border-top:1px solid #eee;border-bottom:1px solid #eee"><tr>'
        f'<td width="110"><img src="https://www.sephora.com/productimages/sku/s2689838-main-zoom.jpg?imwidth=100" width="100" alt=""></td>'
        '<td><b>Rare Beauty</b><br>Soft Pinch Liquid Blush<br>Color: Hope<br>$25.00</td></tr><tr>'
        f'<td width="110"><img src="https://www.sephora.com/productimages/sku/s2518959-main-zoom.jpg?imwidth=100" width="100" alt=""></td>'
        '<td><b>Summer Fridays</b><br>Lip Butter Balm<br>Vanilla Beige<br>$24.00</td></tr></table>'
        f'<p style="text-align:center"><a href="{c(1)}" style="background:#000;color:#fff;padding:12px 40px;text-decoration:none;display:inline-block">CHECK OUT NOW</a></p>'
        '<p style="font-size:13px">Beauty Insiders earn 1 point per $1 spent. Free standard shipping on orders $35+.</p>',
        'Prices and availability are subject to change. Items in your basket are not reserved.<br>'
        f'Sephora USA, Inc., 350 Mission Street, Floor 7, San Francisco, CA 94105 &middot; <a href="{c(2)}">Unsubscribe</a> &middot; <a href="{c(3)}">Privacy Policy</a>'
        + pixel(f"https://click.em.sephora.com/open.aspx?ffcb10-{token('seo', 40, '0123456789abcdef')}"),
        pre="Your picks are waiting for you.")
    text = ("Still thinking it over?\n\nGood news: the items in your basket are still available.\n\n"
            "Rare Beauty Soft Pinch Liquid Blush, Hope - $25.00\nSummer Fridays Lip Butter Balm, Vanilla Beige - $24.00\n\n"
            f"Check out now: {c(1)}\n\nSephora USA, Inc., 350 Mission Street, Floor 7, San Francisco, CA 94105\nUnsubscribe: {c(2)}\n")
    build("ham/03_sephora_abandoned_cart.eml", frm="Sephora <sephora@em.sephora.com>", subject="You left something behind...",
          date="Sun, 19 Oct 2025 19:44:02 -0600", msgid=f"<{token('sem', 36, '0123456789abcdef')}@atl1s07mta1024.xt.local>",
          received=[mx_in("mta123.em.sephora.com", "13.111.64.123", "Mon, 20 Oct 2025 01:44:05 +0000", "4cqQ1T5bGpz2Rk")],
          dkim_domain="em.sephora.com", selector="200608",
          extra=[("List-Unsubscribe", f"<https://click.em.sephora.com/unsub_center.aspx?qs={token('seu', 60, '0123456789abcdef')}>"),
                 ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")],
          text=text, html=html, bstyle="esp")


def h04_going_flight_deals() -> None:
    deals = [("Denver", "Lisbon", "$412", "Mar-May"), ("Denver", "Tokyo", "$589", "Jan-Apr"), ("Denver", "Cancun", "$198", "Jan-Mar"), ("Denver", "Reykjavik", "$327", "Feb-Apr")]
    rows = ""
    text_rows = ""
    for i, (a, b, p, w) in enumerate(deals):
        link = sendgrid(f"https://www.going.com/deals/{b.lower()}-{i}", f"go{i}", host="u1843920.ct.sendgrid.net")
        rows += f'<tr><td style="padding:10px;border-bottom:1px solid #eee"><b>{a} &rarr; {b}</b><br><span style="color:#666">{w} &middot; nonstop or 1 stop</span></td><td style="text-align:right"><b style="font-size:20px;color:#2b7a4b">{p}</b><br><a href="{link}">See deal</a></td></tr>'
        text_rows += f"{a} -> {b}: {p} roundtrip ({w})\n{link}\n\n"
    acct = sendgrid("https://www.going.com/account/preferences", "goacc", host="u1843920.ct.sendgrid.net")
    html = _shell(f'<img src="https://www.going.com/images/going-logo-email.png" width="110" alt="Going"><h2>4 new deals from Denver (DEN)</h2>'
                  '<p>Prices like these usually last 1-3 days. Book directly with the airline; you&rsquo;ll have 24 hours to cancel for free on US bookings.</p>'
                  f'<table width="100%">{rows}</table>',
                  f'You&rsquo;re getting this because you follow DEN on Going. <a href="{acct}">Manage airports</a> &middot; '
                  f'<a href="{sendgrid("https://www.going.com/unsubscribe", "gou", host="u1843920.ct.sendgrid.net")}">Unsubscribe</a><br>Going, 1001 Bannock St, Denver, CO 80204'
                  + pixel(f"https://u1843920.ct.sendgrid.net/wf/open?upn=u001.{token('goo', 80)}"),
                  pre="Lisbon for $412 roundtrip, Tokyo under $600")
    build("ham/04_going_flight_deals.eml", frm="Going <deals@going.com>", subject="Lisbon for $412, Tokyo for $589 + 2 more deals",
          date="Tue, 13 Jan 2026 14:05:51 +0000", msgid=f"<{token('gom', 22)}@geopod-ismtpd-3>",
          return_path=f"bounces+1843920-{token('gob', 4, '0123456789abcdef')}-alex.morgan=example.com@em4821.going.com",
          received=[mx_in("o1.ptr3318.going.com", "149.72.188.31", "Tue, 13 Jan 2026 14:05:53 +0000", "4dsK2m0cMhz5x1")],
          dkim_domain="going.com", selector="s1",
          extra=[("List-Unsubscribe", f"<{sendgrid('https://www.going.com/unsubscribe', 'gou', host='u1843920.ct.sendgrid.net')}>"),
                 ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")],
          text="4 new deals from Denver (DEN)\n\n" + text_rows + "Going, 1001 Bannock St, Denver, CO 80204\n", html=html, bstyle="esp")


def h05_capitalone_new_device() -> None:
    html = _shell(
        '<img src="https://www.capitalone.com/assets/shell/capitalone-logo.png" width="140" alt="Capital One">'
        '<h2 style="font-weight:normal">New device signed in to your account</h2>'
        '<p>Hi Alex,</p><p>We noticed a sign-in to your Capital One account from a new device.</p>'
        '<table style="background:#f6f7f8;padding:12px;width:100%"><tr><td>Device: Chrome on Mac<br>Location (approximate): Denver, CO<br>'
        'Date: January 22, 2026 at 7:14 PM MT</td></tr></table>'
        '<p>If this was you, there&rsquo;s nothing else you need to do.</p>'
        '<p>If this wasn&rsquo;t you, please review your account activity and change your password. You can also call us at the number on the back of your card.</p>'
        f'<p><a href="https://verified.capitalone.com/auth/signin?ref=newdevice_{token("co", 10, "0123456789")}" style="color:#0276b1">Review account activity</a></p>'
        '<p style="font-size:12px;color:#555">Capital One will never ask for your password, PIN or one-time code by email or text.</p>',
        'This email was sent to alex.morgan@example.com. To contact us, please do not reply to this email; visit capitalone.com/contact-us.<br>'
        '&copy;2026 Capital One. Capital One is a federally registered service mark. 1680 Capital One Drive, McLean, VA 22102.')
    build("ham/05_capitalone_new_device.eml", frm="Capital One <capitalone@notification.capitalone.com>", subject="A new device signed in to your account",
          date="Thu, 22 Jan 2026 19:15:33 -0700", msgid=f"<{token('com', 30, '0123456789')}.JavaMail.root@cotxm3p04>",
          received=[mx_in("mailout12.notification.capitalone.com", "204.63.43.112", "Fri, 23 Jan 2026 02:15:36 +0000", "4dxW3v6fF8z3Lm")],
          dkim_domain="notification.capitalone.com",
          text="New device signed in to your account\n\nHi Alex,\n\nWe noticed a sign-in to your Capital One account from a new device.\n\n"
               "Device: Chrome on Mac\nLocation (approximate): Denver, CO\nDate: January 22, 2026 at 7:14 PM MT\n\n"
               "If this was you, there's nothing else you need to do.\nIf this wasn't you, review your account activity at capitalone.com and change your password, "
               "or call us at the number on the back of your card.\n\nCapital One will never ask for your password, PIN or one-time code by email or text.\n",
          html=html)


def h06_canva_password_reset() -> None:
    link = f"https://www.canva.com/password/reset?token={token('cv', 43)}&email=alex.morgan%40example.com"
    html = _shell('<img src="https://static.canva.com/emails/canva-logo.png" width="90" alt="Canva"><p>Hi Alex,</p>'
                  '<p>We received a request to reset the password for your Canva account. Click the button below to choose a new one. This link expires in 1 hour.</p>'
                  f'<p><a href="{link}" style="background:#8b3dff;color:#fff;padding:12px 24px;border-radius:8px;text-decoration:none;display:inline-block">Reset password</a></p>'
                  '<p>If you didn&rsquo;t ask to reset your password, you can ignore this email &mdash; your password won&rsquo;t change.</p><p>Thanks,<br>The Canva Team</p>',
                  "Canva, 110 Kippax Street, Surry Hills NSW 2010, Australia")
    build("ham/06_canva_password_reset.eml", frm="Canva <no-reply@account.canva.com>", subject="Reset your Canva password",
          date="Wed, 04 Feb 2026 09:31:07 +0000", msgid=f"<0100019c{token('cvm', 24, '0123456789abcdef')}-000000@email.amazonses.com>",
          received=[mx_in("a8-31.smtp-out.amazonses.com", "54.240.8.31", "Wed, 04 Feb 2026 09:31:08 +0000", "4f0Hk51Ncrz6Bq")],
          dkim_domain="account.canva.com",
          text=f"Hi Alex,\n\nWe received a request to reset the password for your Canva account. Use the link below to choose a new one (it expires in 1 hour):\n\n{link}\n\n"
               "If you didn't ask to reset your password, you can ignore this email.\n\nThanks,\nThe Canva Team\n",
          html=html)


def h07_aws_verification_code() -> None:
    text = ("Amazon Web Services\n\nVerify your identity\n\nHello,\n\nWe received a request to sign in to your AWS account root user "
            "(alex.morgan@example.com).\n\nVerification code: 481 927\n\nThis code expires 10 minutes after it was sent.\n\n"
            "If you did not try to sign in, we recommend that you change your password immediately.\n\n"
            "AWS will never email you asking to disclose or verify your password, credit card or banking account number.\n\n"
            "Amazon Web Services, Inc. is a subsidiary of Amazon.com, Inc. Amazon.com is a registered trademark of Amazon.com, Inc. "
            "This message was produced and distributed by Amazon Web Services Inc., 410 Terry Ave. North, Seattle, WA 98109.\n")
    html = _shell('<img src="https://d1.awsstatic.com/logos/aws-logo-lockups/poweredbyaws/PB_AWS_logo_RGB_stacked.547f032d90171cdea4dd90c258f47373c5573db5.png" width="80" alt="AWS">'
                  '<h2>Verify your identity</h2><p>Hello,</p><p>We received a request to sign in to your AWS account root user (alex.morgan@example.com).</p>'
                  '<p style="font-size:13px">Verification code</p><p style="font-size:32px;font-weight:bold;letter-spacing:4px">481927</p>'
                  '<p>This code expires 10 minutes after it was sent.</p><p>If you did not try to sign in, we recommend that you change your password immediately.</p>',
                  "AWS will never email you asking to disclose or verify your password, credit card or banking account number.<br>"
                  "Amazon Web Services, Inc., 410 Terry Ave. North, Seattle, WA 98109.")
    build("ham/07_aws_verification_code.eml", frm="Amazon Web Services <no-reply@signin.aws>", subject="AWS Verification Code",
          date="Mon, 09 Feb 2026 16:20:44 +0000", msgid=f"<0100019c4{token('awm', 23, '0123456789abcdef')}-000000@email.amazonses.com>",
          received=[mx_in("a48-112.smtp-out.amazonses.com", "54.240.48.112", "Mon, 09 Feb 2026 16:20:45 +0000", "4f4ZdT2w8Rz7Nn")],
          dkim_domain="signin.aws", text=text, html=html)


def h08_fedex_delivery() -> None:
    tn = "774291830265"
    link = f"https://www.fedex.com/fedextrack/?trknbr={tn}&trkqual=12029~{tn}~FDEG"
    html = _shell('<img src="https://www.fedex.com/content/dam/fedex-com/logos/logo.png" width="120" alt="FedEx">'
                  '<h2 style="color:#4d148c">Your package is scheduled for delivery today</h2>'
                  f'<p>Tracking ID: <a href="{link}">{tn}</a></p>'
                  '<table style="width:100%;font-size:14px"><tr><td>Ship date:</td><td>Tue 2/17/2026</td></tr><tr><td>Scheduled delivery:</td><td><b>Thu 2/19/2026 by end of day</b></td></tr>'
                  '<tr><td>From:</td><td>B&amp;H PHOTO VIDEO, NEW YORK, NY, US</td></tr><tr><td>To:</td><td>ALEX MORGAN, DENVER, CO, US</td></tr>'
                  '<tr><td>Reference:</td><td>BH-58213904</td></tr><tr><td>Service:</td><td>FedEx Ground</td></tr></table>'
                  f'<p><a href="https://www.fedex.com/apps/fdmenrollment/?trknbr={tn}" style="background:#ff6200;color:#fff;padding:10px 20px;text-decoration:none;display:inline-block">Manage delivery</a></p>',
                  'Please do not respond to this message. This email was sent from an unattended mailbox. This report was generated at approximately 6:02 AM CST on 02/19/2026.<br>'
                  '&copy; FedEx 1995-2026. FedEx Corporation, 942 South Shady Grove Road, Memphis, TN 38120. '
                  '<a href="https://www.fedex.com/en-us/trust-center.html">Privacy policy</a>')
    build("ham/08_fedex_delivery_today.eml", frm="FedEx Delivery Manager <TrackingUpdates@fedex.com>", subject=f"FedEx Shipment {tn}: Your package is scheduled for delivery today",
          date="Thu, 19 Feb 2026 06:02:18 -0600", msgid=f"<{token('fdm', 16, '0123456789')}.{token('fdm2', 8, '0123456789')}@fedex.com>",
          received=[mx_in("mx-out-b1.fedex.com", "199.81.199.42", "Thu, 19 Feb 2026 12:02:20 +0000", "4fBfLx0JXhz8Rt")],
          dkim_domain="fedex.com",
          text=f"Your package is scheduled for delivery today\n\nTracking ID: {tn}\nShip date: Tue 2/17/2026\nScheduled delivery: Thu 2/19/2026 by end of day\n"
               f"From: B&H PHOTO VIDEO, NEW YORK, NY, US\nReference: BH-58213904\nService: FedEx Ground\n\nTrack: {link}\n",
          html=html)


def h09_dhl_express_ondemand() -> None:
    awb = "4719038265"
    link = f"https://delivery.dhl.com/?AWB={awb}&lang=en&ctry=US&sid={token('dh', 12)}"
    html = _shell('<img src="https://www.dhl.com/content/dam/dhl/global/core/images/logos/dhl-logo.svg" width="120" alt="DHL Express">'
                  '<h2>Your DHL Express shipment is on its way</h2><p>Dear Alex Morgan,</p>'
                  f'<p>Your shipment from <b>Keychron Ltd (Shenzhen, CN)</b> with waybill number <b>{awb}</b> is on its way and is scheduled to be delivered on <b>Tuesday, 3 March 2026</b>.</p>'
                  '<p>Import duties and taxes for this shipment have been prepaid by the shipper (DDP). Nothing is due on delivery.</p>'
                  f'<p><a href="{link}" style="background:#d40511;color:#fff;padding:10px 20px;text-decoration:none;display:inline-block">Track or change delivery</a></p>'
                  '<p>With On Demand Delivery you can choose to have your shipment left with a neighbour, delivered to a DHL Service Point or delivered on a different day.</p>',
                  "DHL Express will never ask for payment details or passwords by email. This is an automatically generated email, please do not reply.<br>"
                  "DHL Express (USA), Inc. &middot; 1210 South Pine Island Road, Plantation, FL 33324")
    build("ham/09_dhl_express_on_its_way.eml", frm="DHL Express <noreply@dhl.com>", subject=f"DHL On Demand Delivery: Shipment {awb} is on its way",
          date="Sat, 28 Feb 2026 11:47:09 +0100", msgid=f"<{token('dhm', 20, '0123456789')}@odd.dhl.com>",
          received=[mx_in("mailout2.dhl.com", "165.72.200.12", "Sat, 28 Feb 2026 10:47:12 +0000", "4fJ4qm2Y3tz9Vd")],
          dkim_domain="dhl.com",
          text=f"Dear Alex Morgan,\n\nYour shipment from Keychron Ltd (Shenzhen, CN) with waybill number {awb} is on its way and is scheduled to be delivered on Tuesday, 3 March 2026.\n"
               f"Import duties and taxes have been prepaid by the shipper (DDP). Nothing is due on delivery.\n\nTrack or change delivery: {link}\n",
          html=html, html_cte="base64")


def h10_laposte_colissimo_fr() -> None:
    num = "6A24871903562"
    link = f"https://www.laposte.fr/outils/suivre-vos-envois?code={num}"
    html = _shell('<img src="https://www.laposte.fr/ecom/occ/ecommerce/medias/sys_master/images/logo-laposte.png" width="100" alt="La Poste">'
                  '<h2>Votre Colissimo arrive demain</h2><p>Bonjour Alex Morgan,</p>'
                  f'<p>Votre colis n&deg; <b>{num}</b> envoy&eacute; par <b>Decathlon</b> sera livr&eacute; demain, <b>mercredi 11 mars</b>, entre 9h et 13h.</p>'
                  '<p>Absent&nbsp;? Vous pouvez choisir une autre date, un lieu de livraison ou un point de retrait.</p>'
                  f'<p><a href="{link}" style="background:#ffc700;color:#000;padding:10px 20px;text-decoration:none;display:inline-block;font-weight:bold">Suivre mon colis</a></p>'
                  '<p style="font-size:12px">La Poste ne vous demandera jamais de payer des frais de livraison par e-mail ou SMS pour un colis Colissimo d&eacute;j&agrave; affranchi.</p>',
                  "Ceci est un message automatique, merci de ne pas y r&eacute;pondre.<br>La Poste &ndash; SA au capital de 5 364 851 364 &euro; &ndash; 9 rue du Colonel Pierre Avia, 75015 Paris")
    build("ham/10_fr_laposte_colissimo.eml", frm="Colissimo <noreply@notif-colissimo-laposte.info>", subject=f"Votre colis {num} arrive demain",
          date="Tue, 10 Mar 2026 17:22:05 +0100", msgid=f"<{token('lpm', 24, '0123456789abcdef')}@notif-colissimo-laposte.info>",
          received=[mx_in("mta-out12.notif-colissimo-laposte.info", "185.255.12.44", "Tue, 10 Mar 2026 16:22:07 +0000", "4fRj0b3KcVz1Ph")],
          dkim_domain="notif-colissimo-laposte.info",
          text=f"Bonjour Alex Morgan,\n\nVotre colis n° {num} envoyé par Decathlon sera livré demain, mercredi 11 mars, entre 9h et 13h.\n"
               f"Absent ? Vous pouvez choisir une autre date ou un point de retrait.\n\nSuivre mon colis : {link}\n\n"
               "La Poste ne vous demandera jamais de payer des frais de livraison par e-mail ou SMS pour un colis Colissimo déjà affranchi.\n",
          html=html, charset="utf-8")


def h11_postnl_nl() -> None:
    code = "3SDEVC7361048"
    link = f"https://jouw.postnl.nl/track-and-trace/{code}-NL-2517KL?language=nl"
    html = _shell('<img src="https://www.postnl.nl/Images/postnl-logo_tcm10-1.png" width="70" alt="PostNL">'
                  '<h2>Je pakket van bol komt morgen</h2><p>Hoi Alex,</p>'
                  '<p>Goed nieuws! Je pakket wordt morgen, <b>donderdag 19 maart</b>, tussen <b>14:15 en 16:45</b> bezorgd.</p>'
                  f'<p>Track &amp; Trace: <a href="{link}">{code}</a></p>'
                  '<p>Niet thuis? Kies in de PostNL-app of via de link hierboven een ander moment of een PostNL-punt bij jou in de buurt.</p>'
                  f'<p><a href="{link}" style="background:#ed7000;color:#fff;padding:10px 20px;border-radius:4px;text-decoration:none;display:inline-block">Bekijk je pakket</a></p>',
                  "Dit is een automatisch verstuurde e-mail. PostNL vraagt je nooit om via een link in een e-mail of sms te betalen voor de bezorging van een pakket.<br>PostNL, Waldorpstraat 3, 2521 CA Den Haag")
    build("ham/11_nl_postnl_pakket.eml", frm="PostNL <noreply@notificatie.postnl.nl>", subject="Je pakket komt morgen tussen 14:15 en 16:45",
          date="Wed, 18 Mar 2026 18:03:41 +0100", msgid=f"<{token('pnm', 26, '0123456789abcdef')}@notificatie.postnl.nl>",
          received=[mx_in("mail2.notificatie.postnl.nl", "145.97.132.20", "Wed, 18 Mar 2026 17:03:43 +0000", "4fZ1Lq0gWTz2Hc")],
          dkim_domain="notificatie.postnl.nl", to="Alex Morgan <alex.morgan@example.com>",
          text=f"Hoi Alex,\n\nGoed nieuws! Je pakket wordt morgen, donderdag 19 maart, tussen 14:15 en 16:45 bezorgd.\n\nTrack & Trace: {code}\n{link}\n\n"
               "Niet thuis? Kies in de PostNL-app een ander moment of een PostNL-punt.\n", html=html)


def h12_atlassian_invoice() -> None:
    inv = "IN-004-829-173"
    att = pdf(["Atlassian Pty Ltd", "Level 6, 341 George Street, Sydney NSW 2000, Australia", "", f"TAX INVOICE {inv}", "Invoice date: 1 Apr 2026",
               "Bill to: Example Corp, Attn: Alex Morgan, alex.morgan@example.com", "", "Jira Software (Cloud) Standard - 25 users   Monthly   USD 197.50",
               "Confluence (Cloud) Standard - 25 users        Monthly   USD 151.25", "", "Subtotal USD 348.75   Tax USD 0.00   Total USD 348.75",
               "Paid by Visa ending 4417 on 1 Apr 2026. Thank you."])
    link = f"https://admin.atlassian.com/o/{token('ato', 8, '0123456789abcdef')}-{token('ato2', 4, '0123456789abcdef')}/billing/history"
    html = _shell('<img src="https://wac-cdn.atlassian.com/dam/jcr:e348b562-4152-4cdc-8a55-3d297e509cc8/Atlassian-horizontal-blue-rgb.png" width="160" alt="Atlassian">'
                  f'<h2>Your invoice {inv}</h2><p>Hi Alex,</p><p>Thanks for your payment. Your invoice for example-corp.atlassian.net is attached.</p>'
                  '<table style="width:100%;font-size:14px"><tr><td>Amount paid</td><td align="right"><b>USD 348.75</b></td></tr><tr><td>Payment method</td><td align="right">Visa ending 4417</td></tr>'
                  '<tr><td>Billing period</td><td align="right">Apr 1 &ndash; Apr 30, 2026</td></tr></table>'
                  f'<p><a href="{link}">View billing history</a></p><p>Cheers,<br>The Atlassian Team</p>',
                  "Atlassian Pty Ltd, ABN 53 102 443 916, 341 George Street, Sydney NSW 2000, Australia")
    build("ham/12_atlassian_invoice.eml", frm="Atlassian <noreply@am.atlassian.com>", subject=f"Atlassian invoice {inv} for example-corp.atlassian.net",
          date="Wed, 01 Apr 2026 04:11:36 +0000", msgid=f"<0100019d{token('atm', 24, '0123456789abcdef')}-000000@email.amazonses.com>",
          received=[mx_in("a27-7.smtp-out.us-west-2.amazonses.com", "54.240.27.7", "Wed, 01 Apr 2026 04:11:38 +0000", "4fmB2n3XpRz4Jw")],
          dkim_domain="am.atlassian.com",
          text=f"Hi Alex,\n\nThanks for your payment. Your invoice {inv} for example-corp.atlassian.net is attached.\n\nAmount paid: USD 348.75\nPayment method: Visa ending 4417\n"
               f"Billing period: Apr 1 - Apr 30, 2026\n\nBilling history: {link}\n\nCheers,\nThe Atlassian Team\n",
          html=html, attachments=[(att, "application/pdf", f"Invoice-{inv}.pdf")])


def h13_aws_billing_statement() -> None:
    text = ("Greetings from Amazon Web Services,\n\nThis e-mail confirms that your latest billing statement, for the account ending in ****7720, is available on the "
            "AWS web site. Your account will be charged the following:\n\nTotal: $1,284.61\n\n"
            "You can see a complete break down of all charges on the Billing & Cost Management page located here:\n"
            "https://console.aws.amazon.com/billing/home#/bills?year=2026&month=3\n\n"
            "Thank you for using Amazon Web Services.\n\nSincerely,\nAmazon Web Services\n\n"
            "This message was produced and distributed by Amazon Web Services, Inc., 410 Terry Ave. North, Seattle, WA 98109-5210.\n")
    build("ham/13_aws_billing_statement.eml", frm="Amazon Web Services <no-reply-aws@amazon.com>", subject="Amazon Web Services Billing Statement Available [Account: ****7720]",
          date="Thu, 02 Apr 2026 23:48:12 +0000", msgid=f"<0100019d{token('awb', 24, '0123456789abcdef')}-000000@email.amazonses.com>",
          received=[mx_in("a8-58.smtp-out.amazonses.com", "54.240.8.58", "Thu, 02 Apr 2026 23:48:13 +0000", "4fp1Sd6RrXz5Kq")],
          dkim_domain="amazon.com", text=text, text_cte="7bit")


def h14_google_workspace_invoice() -> None:
    att = pdf(["Google LLC", "1600 Amphitheatre Parkway, Mountain View, CA 94043, USA", "", "Invoice number: 5219038471", "Invoice date: Apr 30, 2026",
               "Billing ID: 8317-2640-1195", "Domain: example.com", "", "Google Workspace Business Standard   12 users x $14.00   $168.00", "",
               "Total in USD: $168.00", "Amount will be charged to Mastercard ending 1182"])
    html = _shell('<img src="https://www.gstatic.com/images/branding/googlelogo/2x/googlelogo_color_92x30dp.png" width="92" alt="Google">'
                  '<h2 style="font-weight:normal">Your Google Workspace invoice is available</h2>'
                  '<p>Your Google Workspace monthly invoice is available. Please find the PDF document attached at the bottom of this email.</p>'
                  '<table style="font-size:14px"><tr><td>Billing ID</td><td>8317-2640-1195</td></tr><tr><td>Domain name</td><td>example.com</td></tr>'
                  '<tr><td>Invoice number</td><td>5219038471</td></tr><tr><td>Amount</td><td>$168.00</td></tr></table>'
                  '<p><a href="https://admin.google.com/ac/billing/accounts?journey=34">View your invoices in the Admin console</a></p>',
                  "&copy; 2026 Google LLC 1600 Amphitheatre Parkway, Mountain View, CA 94043<br>You have received this mandatory service announcement to update you about important changes to your Google Workspace account.")
    build("ham/14_google_workspace_invoice.eml", frm="Google Payments <payments-noreply@google.com>", subject="Google Workspace: Your invoice is available for example.com",
          date="Fri, 01 May 2026 08:37:55 -0700", msgid=f"<{token('gwm', 28, '0123456789abcdef')}-noreply@google.com>",
          received=[mx_in("mail-sor-f69.google.com", "209.85.220.69", "Fri, 01 May 2026 15:37:57 +0000", "4g1Xv20Dkmz6Fr")],
          dkim_domain="google.com", selector="20230601",
          text="Your Google Workspace monthly invoice is available. Please find the PDF document attached.\n\nBilling ID: 8317-2640-1195\nDomain name: example.com\n"
               "Invoice number: 5219038471\nAmount: $168.00\n\nView your invoices: https://admin.google.com/ac/billing/accounts\n",
          html=html, attachments=[(att, "application/pdf", "5219038471.pdf")], bstyle="gmail")


def h15_adobe_receipt() -> None:
    html = _shell('<img src="https://www.adobe.com/content/dam/cc/icons/Adobe_Corporate_Horizontal_Red_HEX.svg" width="110" alt="Adobe">'
                  '<h2>Thanks for your payment</h2><p>Hi Alex,</p><p>We&rsquo;ve received your payment for Adobe Acrobat Pro. Here are the details.</p>'
                  '<table style="width:100%;font-size:14px;border-top:1px solid #ddd"><tr><td>Order number</td><td align="right">AD015738294116</td></tr>'
                  '<tr><td>Plan</td><td align="right">Acrobat Pro (annual, paid monthly)</td></tr><tr><td>Billing date</td><td align="right">May 14, 2026</td></tr>'
                  '<tr><td>Total</td><td align="right"><b>US$21.19</b> (incl. tax)</td></tr><tr><td>Payment</td><td align="right">Visa ****4417</td></tr></table>'
                  '<p><a href="https://account.adobe.com/orders/billing-history">View invoice</a> &middot; <a href="https://account.adobe.com/plans">Manage plan</a></p>',
                  "Adobe Inc., 345 Park Avenue, San Jose, CA 95110-2704, USA. "
                  '<a href="https://www.adobe.com/privacy.html">Privacy policy</a>' + pixel(f"https://t-info.mail.adobe.com/r/?id={token('adp', 20)}"))
    build("ham/15_adobe_acrobat_receipt.eml", frm="Adobe <message@adobe.com>", subject="Your Adobe receipt: Order AD015738294116",
          date="Thu, 14 May 2026 02:19:40 -0700", msgid=f"<{token('adm', 12, '0123456789')}.{token('adm2', 24, '0123456789abcdef')}@mail.adobe.com>",
          received=[mx_in("r2.mail.adobe.com", "130.248.154.2", "Thu, 14 May 2026 09:19:42 +0000", "4gCkL11hRxz7Gs")],
          dkim_domain="adobe.com",
          text="Thanks for your payment\n\nOrder number: AD015738294116\nPlan: Acrobat Pro (annual, paid monthly)\nBilling date: May 14, 2026\nTotal: US$21.19 (incl. tax)\n"
               "Payment: Visa ****4417\n\nView invoice: https://account.adobe.com/orders/billing-history\n", html=html)


def h16_workday_payslip() -> None:
    link = "https://wd5.myworkday.com/examplecorp/d/task/2997$2133.htmld"
    text = ("Your payslip for the pay period 05/01/2026 - 05/15/2026 is now available in Workday.\n\n"
            f"View Payslip: {link}\n\n"
            "If you have questions about your pay, please open a case with People Operations in Workday or email payroll@example.com.\n\n"
            "This email was generated automatically by Workday. Please do not reply.\n")
    html = ('<html><body style="font-family:Arial,sans-serif;font-size:14px">'
            '<p>Your payslip for the pay period 05/01/2026 - 05/15/2026 is now available in Workday.</p>'
            f'<p><a href="{link}">View Payslip</a></p>'
            '<p>If you have questions about your pay, please open a case with People Operations in Workday or email <a href="mailto:payroll@example.com">payroll@example.com</a>.</p>'
            '<p style="color:#777;font-size:12px">This email was generated automatically by Workday. Please do not reply.</p></body></html>')
    build("ham/16_workday_payslip.eml", frm="Example Corp Workday <examplecorp@myworkday.com>", subject="Payslip Available: 05/15/2026",
          date="Fri, 15 May 2026 06:00:12 -0700", msgid=f"<{token('wdm', 20, '0123456789')}.JavaMail.wd5prvwd@myworkday.com>",
          received=[mx_in("wd5-smtp-out2.myworkday.com", "216.21.165.82", "Fri, 15 May 2026 13:00:14 +0000", "4gDM5q2c7Kz8Wx")],
          dkim_domain="myworkday.com", text=text, html=html)


def h17_internal_reply_thread() -> None:
    quoted = ("From: Dana Whitfield <dana.whitfield@example.com>\nSent: Tuesday, May 19, 2026 4:52 PM\nTo: Alex Morgan <alex.morgan@example.com>; Sam Ortiz <sam.ortiz@example.com>\n"
              "Subject: Re: Q2 offsite - venue shortlist\n\nThanks both. Let's go with the Boulder option if they can do the 24th. Sam, can you check AV?\n\nDana\n\n"
              "From: Alex Morgan <alex.morgan@example.com>\nSent: Tuesday, May 19, 2026 2:10 PM\nTo: Dana Whitfield <dana.whitfield@example.com>\nCc: Sam Ortiz <sam.ortiz@example.com>\n"
              "Subject: Q2 offsite - venue shortlist\n\nHi Dana,\n\nShortlist attached in the sheet: Boulder (Chautauqua, 40 ppl, $6.2k), Golden ($5.1k, no projector), "
              "Denver downtown ($7.9k incl. lunch). I'd lean Boulder.\n\nAlex\n")
    text = ("Hi both,\n\nAV is fine at Chautauqua - they have a projector and two mics, and the 24th is open. I put a soft hold until Friday. "
            "Contract is in the usual place:\n" + safelink("https://examplecorp.sharepoint.com/:w:/s/Ops/EbX2pQ9mZ1dBl7kT0a2Yc4QBw?e=hR3kLm")
            + "\n\nSam\n\n" + "\n".join("> " + line if line else ">" for line in quoted.split("\n")))
    sl = safelink("https://examplecorp.sharepoint.com/:w:/s/Ops/EbX2pQ9mZ1dBl7kT0a2Yc4QBw?e=hR3kLm")
    html = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><style>p.MsoNormal{margin:0;font-size:11pt;font-family:Aptos,sans-serif}</style></head>'
            '<body><div class="WordSection1"><p class="MsoNormal">Hi both,</p><p class="MsoNormal">&nbsp;</p>'
            f'<p class="MsoNormal">AV is fine at Chautauqua &ndash; they have a projector and two mics, and the 24<sup>th</sup> is open. I put a soft hold until Friday. Contract is in the <a href="{sl}">usual place</a>.</p>'
            '<p class="MsoNormal">&nbsp;</p><p class="MsoNormal">Sam</p><p class="MsoNormal">&nbsp;</p>'
            '<div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0in 0in 0in">'
            + "".join(f'<p class="MsoNormal">{line or "&nbsp;"}</p>' for line in quoted.replace("<", "&lt;").replace(">", "&gt;").split("\n"))
            + "</div></div></body></html>")
    build("ham/17_internal_reply_thread.eml", frm="Sam Ortiz <sam.ortiz@example.com>", to="Dana Whitfield <dana.whitfield@example.com>, Alex Morgan <alex.morgan@example.com>",
          subject="RE: Q2 offsite - venue shortlist", date="Wed, 20 May 2026 09:14:27 -0600",
          msgid="<SJ0PR11MB5678A1B2C3D4E5F6A7B8C9D0E1F2A@SJ0PR11MB5678.namprd11.prod.outlook.com>",
          received=[rcv("NAM11-DM6-obe.outbound.protection.outlook.com", "40.107.223.61", "mx1.example.com (Postfix)", "Wed, 20 May 2026 15:14:31 +0000", "4gHr9w1pD2z9Xs"),
                    "from SJ0PR11MB5678.namprd11.prod.outlook.com (2603:10b6:a03:42c::11) by\r\n\tSJ0PR11MB5679.namprd11.prod.outlook.com with HTTPS; Wed, 20 May 2026 15:14:28 +0000"],
          dkim_domain="example.com", selector="selector1",
          extra=[("In-Reply-To", "<BY5PR11MB4040C2D3E4F5A6B7C8D9E0F1A2B3C@BY5PR11MB4040.namprd11.prod.outlook.com>"),
                 ("References", "<SJ0PR11MB5677B1C2D3E4F5A6B7C8D9E0F1A2B@SJ0PR11MB5677.namprd11.prod.outlook.com> <BY5PR11MB4040C2D3E4F5A6B7C8D9E0F1A2B3C@BY5PR11MB4040.namprd11.prod.outlook.com>"),
                 ("Thread-Topic", "Q2 offsite - venue shortlist"), ("Thread-Index", "AQHbyT3kVx2m0pQ7S0uL3ZkqgR9m5LGdAQpQ"),
                 ("X-MS-Has-Attach", ""), ("X-MS-TNEF-Correlator", ""), ("Content-Language", "en-US")],
          text=text, html=html, bstyle="outlook")


def h18_small_vendor_invoice() -> None:
    att = pdf(["BRIGHTLINE PRINTING CO.", "2231 Larimer St, Denver, CO 80205  |  (303) 555-0162", "", "INVOICE #2026-0418", "Date: May 26, 2026   Terms: Net 30",
               "Bill to: Example Corp - Attn: Alex Morgan", "", "500 x Business cards, 16pt matte, 2 names ....... $118.00",
               "250 x Tri-fold brochures, 100lb gloss ............. $342.50", "Design revisions (1.5 h @ $65) ....................... $97.50", "",
               "Subtotal $558.00   Sales tax 8.81% $49.16   TOTAL $607.16", "", "Pay by check to the address above or ACH per the details on file. Thank you!"])
    text = ("Hi Alex,\n\nAttached is the invoice for the cards and brochures we delivered Friday (#2026-0418, $607.16, net 30). "
            "Payment details are the same as always.\n\nLet me know if the brochure count looks off - we printed a few extra in case.\n\n"
            "Thanks again for the business!\n\nMaria Delgado\nBrightline Printing Co.\n2231 Larimer St, Denver, CO 80205\n(303) 555-0162\n")
    build("ham/18_small_vendor_invoice_pdf.eml", frm="Maria Delgado <maria@brightlineprinting.example>", subject="Invoice 2026-0418 - Example Corp cards & brochures",
          date="Tue, 26 May 2026 10:41:03 -0600", msgid=f"<CAF{token('bpm', 40)}@mail.gmail.com>",
          received=[mx_in("mail-sor-f41.google.com", "209.85.220.41", "Tue, 26 May 2026 16:41:06 +0000", "4gNq1V2fXkz1Cs")],
          dkim_domain="brightlineprinting.example", selector="google",
          text=text, text_cte="7bit", attachments=[(att, "application/pdf", "Invoice_2026-0418_ExampleCorp.pdf")], bstyle="gmail")


def h19_teams_calendar_invite() -> None:
    join = f"https://teams.microsoft.com/l/meetup-join/19%3ameeting_{token('tmj', 48)}%40thread.v2/0?context=%7b%22Tid%22%3a%2272f988bf-86f1-41af-91ab-2d7cd011db47%22%2c%22Oid%22%3a%22{token('tmo', 8, '0123456789abcdef')}%22%7d"
    ics = ("BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nPRODID:Microsoft Exchange Server 2010\r\nVERSION:2.0\r\nBEGIN:VTIMEZONE\r\nTZID:Mountain Standard Time\r\n"
           "BEGIN:STANDARD\r\nDTSTART:16010101T020000\r\nTZOFFSETFROM:-0600\r\nTZOFFSETTO:-0700\r\nRRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=1SU;BYMONTH=11\r\nEND:STANDARD\r\n"
           "BEGIN:DAYLIGHT\r\nDTSTART:16010101T020000\r\nTZOFFSETFROM:-0700\r\nTZOFFSETTO:-0600\r\nRRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=2SU;BYMONTH=3\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n"
           "BEGIN:VEVENT\r\nORGANIZER;CN=Priya Shah:mailto:priya.shah@example.com\r\n"
           "ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN=Alex Morgan:mailto:alex.morgan@example.com\r\n"
           "DESCRIPTION;LANGUAGE=en-US:Walk through the renewal numbers before the board deck locks.\\n\\nMicrosoft Teams meeting\\nJoin: "
           + join[:60] + "\r\n " + join[60:130] + "\r\n " + join[130:] + "\r\n"
           f"UID:040000008200E00074C5B7101A82E008000000{token('tmu', 40, '0123456789ABCDEF')}\r\nSUMMARY;LANGUAGE=en-US:Renewals review\r\n"
           "DTSTART;TZID=Mountain Standard Time:20260603T140000\r\nDTEND;TZID=Mountain Standard Time:20260603T143000\r\nCLASS:PUBLIC\r\nPRIORITY:5\r\n"
           "DTSTAMP:20260529T201204Z\r\nTRANSP:OPAQUE\r\nSTATUS:CONFIRMED\r\nSEQUENCE:0\r\nLOCATION;LANGUAGE=en-US:Microsoft Teams Meeting\r\n"
           "BEGIN:VALARM\r\nDESCRIPTION:REMINDER\r\nTRIGGER;RELATED=START:-PT15M\r\nACTION:DISPLAY\r\nEND:VALARM\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    text = ("Walk through the renewal numbers before the board deck locks.\n\n________________________________________________________________________________\n"
            f"Microsoft Teams Need help?<https://aka.ms/JoinTeamsMeeting?omkt=en-US>\nJoin the meeting now<{join}>\nMeeting ID: 241 873 905 112 6\nPasscode: Zw7qD3Ht\n"
            "________________________________________________________________________________\n")
    html = ('<html><body><p>Walk through the renewal numbers before the board deck locks.</p><div style="width:100%">'
            '<span style="white-space:nowrap;color:#5F5F5F">________________________________________________________________________________</span>'
            '<div style="margin:12px 0"><span style="font-size:24px;font-weight:700">Microsoft Teams</span> <a href="https://aka.ms/JoinTeamsMeeting?omkt=en-US">Need help?</a></div>'
            f'<div><a href="{join}" style="font-size:20px;font-weight:700;color:#5B5FC7">Join the meeting now</a></div>'
            '<div>Meeting ID: 241 873 905 112 6<br>Passcode: Zw7qD3Ht</div></div></body></html>')
    build("ham/19_teams_meeting_invite.eml", frm="Priya Shah <priya.shah@example.com>", subject="Renewals review",
          date="Fri, 29 May 2026 14:12:04 -0600", msgid="<BL1PR11MB5382E1F2A3B4C5D6E7F8A9B0C1D2E@BL1PR11MB5382.namprd11.prod.outlook.com>",
          received=[rcv("NAM10-BN7-obe.outbound.protection.outlook.com", "40.107.92.44", "mx1.example.com (Postfix)", "Fri, 29 May 2026 20:12:07 +0000", "4gRb6M0sVvz2Dt")],
          dkim_domain="example.com", selector="selector1",
          extra=[("Thread-Topic", "Renewals review"), ("Content-Language", "en-US"), ("X-MS-Has-Attach", ""), ("X-MS-TNEF-Correlator", "")],
          text=text, html=html, calendar=ics, bstyle="outlook")


def h20_pagerduty_incident() -> None:
    link = "https://examplecorp.pagerduty.com/incidents/Q2KX7M4B9TZ1LP"
    html = _shell('<p style="background:#d62b1f;color:#fff;padding:8px 12px;font-weight:bold">Triggered</p>'
                  '<h3>[FIRING:1] HighErrorRate api-gateway (prod, us-east-1)</h3>'
                  '<table style="font-size:13px"><tr><td>Service</td><td>API Gateway (prod)</td></tr><tr><td>Urgency</td><td>High</td></tr>'
                  '<tr><td>Assigned to</td><td>Alex Morgan</td></tr><tr><td>Escalation policy</td><td>Platform Primary</td></tr>'
                  '<tr><td>Details</td><td>5xx ratio 7.3% &gt; 5% for 5m</td></tr></table>'
                  f'<p><a href="{link}/acknowledge?token={token("pda", 20)}">Acknowledge</a> | <a href="{link}/resolve?token={token("pdr", 20)}">Resolve</a> | <a href="{link}">View incident</a></p>',
                  'PagerDuty, Inc. 600 Townsend St., Suite 200, San Francisco, CA 94103. <a href="https://examplecorp.pagerduty.com/users/PX7Q2M1/notification_rules">Notification rules</a>')
    build("ham/20_pagerduty_triggered.eml", frm="PagerDuty <no-reply@pagerduty.com>", subject="[PagerDuty ALERT] You have 1 TRIGGERED Incident (5a3c1)",
          date="Sun, 07 Jun 2026 03:17:52 +0000", msgid=f"<{token('pdm', 24, '0123456789abcdef')}@pagerduty.com>",
          received=[mx_in("o7.email.pagerduty.com", "167.89.40.7", "Sun, 07 Jun 2026 03:17:54 +0000", "4gZ0rT5cLnz3Fv")],
          dkim_domain="pagerduty.com",
          text=f"Triggered: [FIRING:1] HighErrorRate api-gateway (prod, us-east-1)\n\nService: API Gateway (prod)\nUrgency: High\nAssigned to: Alex Morgan\n"
               f"Details: 5xx ratio 7.3% > 5% for 5m\n\nView incident: {link}\n", html=html)


def h21_datadog_monitor() -> None:
    link = "https://app.datadoghq.com/monitors/148203917?group=host%3Adb-replica-02&from_ts=1781150400000&to_ts=1781154000000"
    text = ("%%%\n@alex.morgan@example.com\n\nDisk usage on db-replica-02 is above 90% (currently 93.4%). Consider expanding the volume or pruning WAL.\n\n"
            "** Metric value: 93.4 **\n** Threshold: 90.0 **\n\nThe monitor was last triggered at Thu Jun 11 2026 03:58:21 UTC.\n\n- - -\n\n"
            f"[Monitor Status]({link}) · [Edit Monitor](https://app.datadoghq.com/monitors/148203917/edit) · "
            "[Related Logs](https://app.datadoghq.com/logs?query=host%3Adb-replica-02)\n%%%\n")
    html = _shell('<p style="border-left:4px solid #e74c3c;padding-left:8px"><b>Triggered: [Warn] Disk usage high on db-replica-02</b></p>'
                  '<p>@alex.morgan@example.com</p><p>Disk usage on db-replica-02 is above 90% (currently 93.4%). Consider expanding the volume or pruning WAL.</p>'
                  '<p><b>Metric value: 93.4</b><br><b>Threshold: 90.0</b></p>'
                  f'<p><a href="{link}">Monitor Status</a> &middot; <a href="https://app.datadoghq.com/monitors/148203917/edit">Edit Monitor</a></p>',
                  'Datadog, Inc., 620 8th Ave, 45th Floor, New York, NY 10018. <a href="https://app.datadoghq.com/account/preferences">Notification preferences</a>')
    build("ham/21_datadog_monitor_warn.eml", frm="Datadog Alerting <alert@dtdg.co>", subject="[Warn on host:db-replica-02] Disk usage high on db-replica-02",
          date="Thu, 11 Jun 2026 03:58:40 +0000", msgid=f"<{token('ddm', 32, '0123456789abcdef')}@dtdg.co>",
          received=[mx_in("o4.mail.datadoghq.com", "149.72.247.4", "Thu, 11 Jun 2026 03:58:42 +0000", "4gcJf83QXbz4Gw")],
          dkim_domain="dtdg.co", text=text, html=html)


def h22_cron_backup_mail() -> None:
    text = ("rsync: [sender] link_stat \"/srv/share/finance/.~lock.budget-2026.xlsx#\" failed: No such file or directory (2)\n"
            "rsync warning: some files vanished before they could be transferred (code 24) at main.c(1338) [sender=3.2.7]\n\n"
            "nightly-backup: snapshot tank/share@2026-06-14_0200 created\n"
            "nightly-backup: sent 18.4G, received 2.1M, 41.7M/s, 00:07:34\n"
            "nightly-backup: offsite copy to s3://examplecorp-backups/share/ ok (1,204 objects)\n"
            "nightly-backup: done with 1 warning(s)\n")
    build("ham/22_cron_backup_output.eml", frm="Cron Daemon <root@backup01.example.com>", to="root@backup01.example.com",
          subject="Cron <root@backup01> /usr/local/sbin/nightly-backup --quiet", date="Sun, 14 Jun 2026 02:07:41 -0600",
          msgid="<20260614080741.9F2A3C0412@backup01.example.com>",
          received=["by backup01.example.com (Postfix, from userid 0)\r\n\tid 9F2A3C0412; Sun, 14 Jun 2026 02:07:41 -0600 (MDT)"],
          extra=[("X-Cron-Env", "<SHELL=/bin/sh>"), ("X-Cron-Env", "<HOME=/root>"), ("X-Cron-Env", "<LOGNAME=root>"), ("Delivered-To", "alex.morgan@example.com")],
          text=text, text_cte="7bit")


def h23_dependabot_alert() -> None:
    link = "https://github.com/examplecorp/billing-api/security/dependabot/42"
    text = ("[examplecorp/billing-api] Dependabot alert: h11 accepts some malformed Chunked-Encoding bodies\n\n"
            "Package: h11 (pip)\nSeverity: Critical\nAffected versions: < 0.16.0\nPatched version: 0.16.0\nManifest: requirements.txt\n\n"
            "A leniency in h11's parsing of line terminators in chunked-coding message bodies can lead to request smuggling vulnerabilities "
            "under certain conditions.\n\n"
            f"View alert: {link}\n\n-- \nYou are receiving this because you are subscribed to security alerts for examplecorp/billing-api.\n"
            "Manage your notification settings: https://github.com/settings/notifications\n")
    html = ('<html><body style="font-family:-apple-system,BlinkMacSystemFont,Segoe UI,Helvetica,Arial,sans-serif;font-size:14px">'
            '<p><b>examplecorp/billing-api</b></p><h3>h11 accepts some malformed Chunked-Encoding bodies</h3>'
            '<table><tr><td>Package</td><td>h11 (pip)</td></tr><tr><td>Severity</td><td><span style="color:#cf222e">Critical</span></td></tr>'
            '<tr><td>Affected versions</td><td>&lt; 0.16.0</td></tr><tr><td>Patched version</td><td>0.16.0</td></tr></table>'
            f'<p><a href="{link}" style="background:#1f883d;color:#fff;padding:6px 14px;border-radius:6px;text-decoration:none">Review security update</a></p>'
            '<p style="color:#57606a;font-size:12px">You are receiving this because you are subscribed to security alerts for examplecorp/billing-api. '
            '<a href="https://github.com/settings/notifications">Manage your notification settings</a>.<br>GitHub, Inc. 88 Colin P Kelly Jr Street, San Francisco, CA 94107</p>'
            + pixel(f"https://github.com/notifications/beacon/AB{token('ghb', 40)}.gif") + "</body></html>")
    build("ham/23_github_dependabot_alert.eml", frm="dependabot[bot] <notifications@github.com>", to="examplecorp/billing-api <billing-api@noreply.github.com>",
          subject="[examplecorp/billing-api] Critical severity alert: h11 accepts some malformed Chunked-Encoding bodies", date="Tue, 16 Jun 2026 21:04:33 -0700",
          msgid="<examplecorp/billing-api/security/dependabot/42@github.com>",
          received=[mx_in("out-21.smtp.github.com", "192.30.252.204", "Wed, 17 Jun 2026 04:04:35 +0000", "4ghB2k5WMdz5Hy")],
          dkim_domain="github.com", selector="pf2023",
          extra=[("Cc", "Alex Morgan <alex.morgan@example.com>"), ("List-ID", "examplecorp/billing-api <billing-api.examplecorp.github.com>"),
                 ("List-Archive", "https://github.com/examplecorp/billing-api"), ("List-Unsubscribe", "<mailto:unsub+AB2X@reply.github.com>, <https://github.com/notifications/unsubscribe/AB2X>"),
                 ("X-GitHub-Reason", "security_alert"), ("X-GitHub-Sender", "dependabot[bot]")],
          text=text, html=html, bstyle="java")


def h24_postgres_list_digest() -> None:
    text = ("Send pgsql-general mailing list submissions to\n\tpgsql-general@lists.postgresql.org\n\nToday's Topics:\n\n"
            "   1. Re: Logical replication lag after upgrade to 17 (Tom Lane)\n   2. VACUUM FULL vs pg_repack on a 2 TB table (Jun Takahashi)\n"
            "   3. Re: VACUUM FULL vs pg_repack on a 2 TB table (Laurenz Albe)\n\n"
            "----------------------------------------------------------------------\n\nMessage: 1\nDate: Mon, 22 Jun 2026 10:12:40 -0400\nFrom: Tom Lane <tgl@sss.pgh.pa.us>\n"
            "Subject: Re: Logical replication lag after upgrade to 17\n\n> After the upgrade the subscriber falls behind by several minutes during\n> the nightly batch.\n\n"
            "Is the subscriber applying in streaming mode?  If the batch is one giant\ntransaction, the apply worker can't start until commit unless you set\n"
            "streaming = parallel on the subscription.\n\n\t\t\tregards, tom lane\n\n------------------------------\n\nMessage: 2\n"
            "Date: Mon, 22 Jun 2026 23:40:05 +0900\nFrom: Jun Takahashi <jun.t@example.net>\nSubject: VACUUM FULL vs pg_repack on a 2 TB table\n\n"
            "Hi all, we need to reclaim ~600 GB after a big delete. VACUUM FULL needs an\nACCESS EXCLUSIVE lock for hours. Is pg_repack still the usual answer?\n\n"
            "------------------------------\n\nMessage: 3\nDate: Mon, 22 Jun 2026 18:02:11 +0200\nFrom: Laurenz Albe <laurenz.albe@example.org>\n"
            "Subject: Re: VACUUM FULL vs pg_repack on a 2 TB table\n\nYes, pg_repack is the way to go, but make sure you have twice the space\nof the table free "
            "while it runs.\n\nYours,\nLaurenz Albe\n\n------------------------------\n\nEnd of pgsql-general Digest, Vol 258, Issue 22\n"
            "**********************************************\n")
    build("ham/24_pgsql_general_digest.eml", frm="pgsql-general-request@lists.postgresql.org", to="pgsql-general@lists.postgresql.org",
          subject="pgsql-general Digest, Vol 258, Issue 22", date="Tue, 23 Jun 2026 00:00:03 +0000",
          msgid="<mailman.1782172803.4471.pgsql-general@lists.postgresql.org>",
          received=[mx_in("magus.postgresql.org", "87.238.57.229", "Tue, 23 Jun 2026 00:00:05 +0000", "4glWk03NqPz6Jz")],
          dkim_domain="lists.postgresql.org",
          extra=[("Reply-To", "pgsql-general@lists.postgresql.org"), ("List-Id", "<pgsql-general.lists.postgresql.org>"),
                 ("List-Unsubscribe", "<https://lists.postgresql.org/unsubscribe/>"), ("List-Post", "<mailto:pgsql-general@lists.postgresql.org>"),
                 ("Precedence", "list"), ("Sender", "pgsql-general-bounces@lists.postgresql.org")],
          text=text, text_cte="7bit")


def h25_running_club_newsletter() -> None:
    html = _shell('<h1 style="color:#1a6b3c">Riverside Runners &ndash; July Update</h1>'
                  '<p>Hi Alex,</p><p>Summer is here and so is our 10K training block! A few things this month:</p>'
                  f'<ul><li><b>Tuesday track nights</b> move to 6:30 pm at South High (heat). <a href="{mailchimp("rr1")}">See the schedule</a></li>'
                  f'<li><b>Club singlets</b> are back in stock &ndash; $28 for members. <a href="{mailchimp("rr2")}">Order here</a> by July 15.</li>'
                  f'<li><b>Volunteers needed</b> for the Cherry Creek 5K water station on July 26. <a href="{mailchimp("rr3")}">Sign up</a></li></ul>'
                  '<p>Membership renewals are due in August. If you paid at the spring social, you&rsquo;re all set.</p><p>See you on the trail,<br>Kim (club secretary)</p>',
                  f'Copyright &copy; 2026 Riverside Runners, All rights reserved.<br>You are receiving this email because you joined Riverside Runners.<br><br>'
                  'Our mailing address is:<br>Riverside Runners, PO Box 18244, Denver, CO 80218<br><br>'
                  f'<a href="https://riversiderunners.us12.list-manage.com/profile?u={token("rru", 25, "0123456789abcdef")}&amp;id={token("rri", 10, "0123456789abcdef")}">update your preferences</a> or '
                  f'<a href="https://riversiderunners.us12.list-manage.com/unsubscribe?u={token("rru", 25, "0123456789abcdef")}&amp;id={token("rri", 10, "0123456789abcdef")}">unsubscribe from this list</a>'
                  + pixel(f"https://riversiderunners.us12.list-manage.com/track/open.php?u={token('rru', 25, '0123456789abcdef')}&id={token('rro', 10, '0123456789abcdef')}"),
                  pre="Track nights move, singlets are back, volunteers wanted")
    build("ham/25_running_club_mailchimp.eml", frm="Riverside Runners <hello@riversiderunners.example>", subject="July update: track nights, singlets & volunteers",
          date="Wed, 01 Jul 2026 12:30:00 +0000", msgid=f"<{token('rrm', 20, '0123456789abcdef')}.{token('rrm2', 12, '0123456789abcdef')}@mail160.atl221.mcdlv.net>",
          return_path=f"bounce-mc.us12_{token('rrb', 8, '0123456789')}.{token('rrb2', 6, '0123456789')}-alex.morgan=example.com@mail160.atl221.mcdlv.net",
          received=[mx_in("mail160.atl221.mcdlv.net", "198.2.139.160", "Wed, 01 Jul 2026 12:30:03 +0000", "4gsL1m8BcQz7Ka")],
          dkim_domain="mcdlv.net", selector="k2",
          extra=[("Reply-To", "Riverside Runners <hello@riversiderunners.example>"),
                 ("List-Unsubscribe", f"<https://riversiderunners.us12.list-manage.com/unsubscribe?u={token('rru', 25, '0123456789abcdef')}&id={token('rri', 10, '0123456789abcdef')}>, <mailto:unsubscribe-mc.us12_{token('rrb', 8, '0123456789')}@unsubscribe.mailchimpapp.net>"),
                 ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"), ("X-Mailer", "Mailchimp Mailer - **CID" + token('rrc', 20, '0123456789abcdef') + "**")],
          text="Riverside Runners - July Update\n\nTuesday track nights move to 6:30 pm at South High.\nClub singlets are back: $28 for members, order by July 15.\n"
               "Volunteers needed for the Cherry Creek 5K water station on July 26.\n\nSee you on the trail,\nKim (club secretary)\n\nRiverside Runners, PO Box 18244, Denver, CO 80218\n",
          html=html, bstyle="esp")


def h26_etsy_purchase() -> None:
    html = _shell('<img src="https://www.etsy.com/images/email/etsy_logo_orange.png" width="60" alt="Etsy">'
                  '<h2>Your Etsy purchase from CedarAndLoomStudio</h2><p>Hi Alex, thanks for supporting a small shop!</p>'
                  '<table style="width:100%;font-size:14px"><tr><td><img src="https://i.etsystatic.com/31829441/r/il/6c2b1e/5923810244/il_170x135.5923810244_qk2m.jpg" width="120" alt=""></td>'
                  '<td>Handwoven wool throw, oatmeal stripe<br>Quantity: 1<br>Price: $148.00</td></tr></table>'
                  '<p>Order total: <b>$162.40</b> (incl. $14.40 shipping)<br>Order #3718290466<br>Estimated delivery: Jul 14-18</p>'
                  '<p><a href="https://www.etsy.com/your/purchases/3718290466?ref=email_receipt">View your order</a> &middot; '
                  '<a href="https://www.etsy.com/conversations/new?with_id=82910334&amp;ref=email_receipt">Message the seller</a></p>',
                  "Etsy, Inc., 117 Adams Street, Brooklyn, NY 11201. "
                  '<a href="https://www.etsy.com/your/account/notifications">Manage email preferences</a>')
    build("ham/26_etsy_purchase.eml", frm="Etsy Transactions <transaction@etsy.com>", subject="Your Etsy Purchase from CedarAndLoomStudio (3718290466)",
          date="Sat, 04 Jul 2026 15:27:19 +0000", msgid=f"<{token('etm', 30, '0123456789abcdef')}@etsy.com>",
          received=[mx_in("mta-52.etsy.com", "198.37.158.52", "Sat, 04 Jul 2026 15:27:21 +0000", "4gvXq90RtTz8Lb")],
          dkim_domain="etsy.com",
          text="Hi Alex, thanks for supporting a small shop!\n\nHandwoven wool throw, oatmeal stripe - Qty 1 - $148.00\nOrder total: $162.40\nOrder #3718290466\n\n"
               "View your order: https://www.etsy.com/your/purchases/3718290466\n", html=html, html_cte="base64")


def h27_kraken_withdrawal() -> None:
    text = ("Hello,\n\nYour withdrawal request has been processed.\n\nAsset: ETH\nAmount: 0.85000000 ETH\nFee: 0.00150000 ETH\n"
            "Destination: 0x7a3B...9fC2 (Ledger - saved address)\nReference ID: FTQ5XK-2VJ7A-MLD3PZ\nTime: 2026-07-09 18:44:12 UTC\n\n"
            "You can follow the transaction on the blockchain once it has been broadcast.\n\n"
            "If you did not make this withdrawal, lock your account right away at https://www.kraken.com/sign-in and contact support at https://support.kraken.com.\n\n"
            "Kraken will never ask for your password or 2FA codes.\n\nThe Kraken Team\n")
    html = _shell('<img src="https://assets.kraken.com/marketing/web/icons-uni-webp/s_kraken.webp" width="110" alt="Kraken">'
                  '<h2>Withdrawal processed</h2><table style="font-size:14px;width:100%"><tr><td>Asset</td><td align="right">ETH</td></tr>'
                  '<tr><td>Amount</td><td align="right">0.85000000 ETH</td></tr><tr><td>Fee</td><td align="right">0.00150000 ETH</td></tr>'
                  '<tr><td>Destination</td><td align="right">0x7a3B...9fC2 (Ledger &ndash; saved address)</td></tr><tr><td>Reference ID</td><td align="right">FTQ5XK-2VJ7A-MLD3PZ</td></tr></table>'
                  '<p>If you did not make this withdrawal, <a href="https://www.kraken.com/sign-in">lock your account</a> right away and contact <a href="https://support.kraken.com">support</a>.</p>',
                  "Kraken will never ask for your password or 2FA codes. Payward, Inc., 106 E. Lincolnway, Suite 300-A, Cheyenne, WY 82001")
    build("ham/27_kraken_withdrawal.eml", frm="Kraken <noreply@kraken.com>", subject="Withdrawal processed: 0.85 ETH",
          date="Thu, 09 Jul 2026 18:44:20 +0000", msgid=f"<0100019f{token('krm', 24, '0123456789abcdef')}-000000@email.amazonses.com>",
          received=[mx_in("a48-3.smtp-out.amazonses.com", "54.240.48.3", "Thu, 09 Jul 2026 18:44:21 +0000", "4h0Tc15QwXz9Mc")],
          dkim_domain="kraken.com", text=text, html=html)


def h28_hmrc_new_message() -> None:
    text = ("Dear Alex Morgan\n\nYou have a new message from HMRC.\n\nTo read it, sign in to your HMRC online account.\n\n"
            "You can find the sign in page by searching for 'HMRC online services' on GOV.UK.\n\n"
            "For security reasons, we have not included a link with this email.\n\n"
            "From the HMRC Self Assessment team\n\n"
            "This email is sent from an unmonitored mailbox. Do not reply to this email.\n")
    build("ham/28_hmrc_new_message.eml", frm="HMRC <noreply@tax.service.gov.uk>", subject="You have a new message from HMRC",
          date="Mon, 20 Jul 2026 09:05:43 +0100", msgid=f"<{token('hmm', 36, '0123456789abcdef')}@notifications.service.gov.uk>",
          received=[mx_in("a12-105.smtp-out.eu-west-1.amazonses.com", "54.240.12.105", "Mon, 20 Jul 2026 08:05:45 +0000", "4h8Fp24DyYz1Nd")],
          dkim_domain="tax.service.gov.uk", text=text, text_cte="7bit")


def h29_recruiter_outreach() -> None:
    text = ("Hi Alex,\n\nI hope you don't mind the cold email - I came across your talk on mail security at DenverSec last spring and thought "
            "you might be open to hearing about a role.\n\nI'm working with a 60-person logistics software company in Boulder that is hiring a "
            "Head of IT & Security (first dedicated hire; reports to the CTO; hybrid 2 days/week; $175-195k + equity). They use Google Workspace, "
            "Okta and AWS and want someone to own the security programme from scratch.\n\n"
            "No pressure at all - if it's not for you, I'd be grateful for a pointer to anyone you'd recommend. Happy to share the full brief or "
            "grab 15 minutes this week: https://calendly.com/jordan-pike-northfield/15min\n\n"
            "Best,\nJordan Pike\nPrincipal Consultant, Technology\nNorthfield Talent\n+1 720 555 0148\n")
    build("ham/29_recruiter_outreach.eml", frm="Jordan Pike <jordan.pike@northfieldtalent.example>", subject="Head of IT & Security - Boulder (not spam, promise)",
          date="Wed, 22 Jul 2026 11:38:02 -0600", msgid="<DM6PR08MB4921A7C6E5D4C3B2A1F0E9D8C7B6A@DM6PR08MB4921.namprd08.prod.outlook.com>",
          received=[mx_in("NAM04-DM6-obe.outbound.protection.outlook.com", "40.107.102.90", "Wed, 22 Jul 2026 17:38:05 +0000", "4hBR3f6HdZz2Pf")],
          dkim_domain="northfieldtalent.example", selector="selector2", text=text, bstyle="outlook")


def h30_qualtrics_survey() -> None:
    link = f"https://hilton.qualtrics.com/jfe/form/SV_3kQ9zXpL1mN7vBc?Q_DL={token('qdl', 15)}_3kQ9zXpL1mN7vBc_MLRP_{token('qml', 15)}&Q_CHL=email"
    html = _shell('<img src="https://www.hilton.com/modules/assets/svgs/logos/HI.svg" width="120" alt="Hilton">'
                  '<p>Dear Alex,</p><p>Thank you for your recent stay at <b>Hilton Chicago</b> (July 27 &ndash; 29, 2026). We&rsquo;d love to hear about your experience. '
                  'The survey takes about 5 minutes.</p>'
                  f'<p><a href="{link}" style="background:#002f61;color:#fff;padding:12px 28px;text-decoration:none;display:inline-block">Take the survey</a></p>'
                  f'<p style="font-size:12px">Or copy this link into your browser: {link}</p>',
                  f'Hilton, 7930 Jones Branch Drive, McLean, VA 22102. <a href="https://hilton.qualtrics.com/CP/Register.php?OptOut=true&amp;RID=MLRP_{token("qml", 15)}">Unsubscribe from surveys</a>')
    build("ham/30_hilton_qualtrics_survey.eml", frm="Hilton Guest Survey <hiltonsurvey@qemailserver.com>", subject="How was your stay at Hilton Chicago?",
          date="Fri, 31 Jul 2026 14:02:37 -0600", msgid=f"<{token('qtm', 32, '0123456789abcdef')}@qemailserver.com>",
          received=[mx_in("pdx1-mta-03.qemailserver.com", "162.247.216.73", "Fri, 31 Jul 2026 20:02:39 +0000", "4hKc0n1TnVz3Qg")],
          dkim_domain="qemailserver.com",
          extra=[("Reply-To", "noreply@qemailserver.com"), ("List-Unsubscribe", f"<https://hilton.qualtrics.com/CP/Register.php?OptOut=true&RID=MLRP_{token('qml', 15)}>")],
          text=f"Dear Alex,\n\nThank you for your recent stay at Hilton Chicago (July 27 - 29, 2026). We'd love to hear about your experience.\n\nTake the survey: {link}\n", html=html)


def h31_adobe_sign_please_sign() -> None:
    link = f"https://secure.na4.adobesign.com/public/esignWidget?wid={token('asw', 44)}*&hosted=false"
    html = _shell('<img src="https://secure.na4.adobesign.com/images/emailNew/adobe-acrobat-sign-logo.png" width="150" alt="Adobe Acrobat Sign">'
                  '<p>Chris Tanaka (<a href="mailto:ctanaka@meridiancleaning.example">ctanaka@meridiancleaning.example</a>) has requested your signature on '
                  '<b>Example Corp - Janitorial Services Agreement 2026-27</b>.</p>'
                  '<p>Hi Alex, here&rsquo;s the renewal we discussed on Thursday: same scope, 3% increase from September. Thanks! &ndash; Chris</p>'
                  f'<p><a href="{link}" style="background:#1473e6;color:#fff;padding:10px 24px;border-radius:16px;text-decoration:none;display:inline-block">Review and sign</a></p>'
                  '<p style="font-size:12px">Please don&rsquo;t forward this email: if you forward it, others could access your agreement.</p>',
                  'Powered by Adobe Acrobat Sign. <a href="https://www.adobe.com/privacy.html">Privacy</a> &middot; Adobe Inc., 345 Park Avenue, San Jose, CA 95110')
    build("ham/31_adobe_sign_please_sign.eml", frm="Chris Tanaka via Adobe Acrobat Sign <adobesign@adobesign.com>", subject="Please sign: Example Corp - Janitorial Services Agreement 2026-27",
          date="Mon, 10 Aug 2026 10:06:51 -0700", msgid=f"<{token('asm', 10, '0123456789')}.{token('asm2', 13, '0123456789')}.JavaMail.echosign@na4prd-app12>",
          received=[mx_in("mail-na4-a.adobesign.com", "52.39.117.60", "Mon, 10 Aug 2026 17:06:53 +0000", "4hTw6c2KgWz4Rh")],
          dkim_domain="adobesign.com", extra=[("Reply-To", "Chris Tanaka <ctanaka@meridiancleaning.example>")],
          text=f"Chris Tanaka (ctanaka@meridiancleaning.example) has requested your signature on Example Corp - Janitorial Services Agreement 2026-27.\n\n"
               f"Hi Alex, here's the renewal we discussed on Thursday: same scope, 3% increase from September. Thanks! - Chris\n\nReview and sign: {link}\n", html=html)


def h32_google_drive_share() -> None:
    link = f"https://docs.google.com/spreadsheets/d/1{token('gds', 43)}/edit?usp=sharing_eil_se_dm&ts=66b9f2a1"
    html = ('<html><body style="font-family:Google Sans,Roboto,Arial,sans-serif"><table width="100%" style="max-width:516px"><tr><td>'
            '<p style="font-size:20px">Jamie Chen shared a spreadsheet</p>'
            '<p><img src="https://lh3.googleusercontent.com/a/default-user=s64" width="32" alt=""> Jamie Chen (jamie.chen@example.com) has invited you to <b>edit</b> the following spreadsheet:</p>'
            '<p style="background:#f1f3f4;padding:12px;border-radius:8px">Can you add the Denver numbers before Thursday? Thanks!</p>'
            f'<p><a href="{link}" style="font-size:16px">FY27 headcount plan</a></p>'
            f'<p><a href="{link}" style="background:#0b57d0;color:#fff;padding:10px 24px;border-radius:18px;text-decoration:none;display:inline-block">Open</a></p>'
            '<p style="font-size:12px;color:#5f6368">Google LLC, 1600 Amphitheatre Parkway, Mountain View, CA 94043, USA<br>You have received this email because jamie.chen@example.com shared a spreadsheet with you from Google Sheets.</p>'
            '</td></tr></table></body></html>')
    build("ham/32_google_drive_share_colleague.eml", frm="\"Jamie Chen (via Google Sheets)\" <drive-shares-dm-noreply@google.com>",
          subject="Spreadsheet shared with you: \"FY27 headcount plan\"", date="Tue, 18 Aug 2026 13:22:08 -0700",
          msgid=f"<{token('gdm', 22)}-0@docos.bounces.google.com>",
          received=[mx_in("mail-sor-f73.google.com", "209.85.220.73", "Tue, 18 Aug 2026 20:22:10 +0000", "4hbQ0r3MfXz5Sj")],
          dkim_domain="google.com", selector="20230601", extra=[("Reply-To", "Jamie Chen <jamie.chen@example.com>")],
          text=f"Jamie Chen (jamie.chen@example.com) has invited you to edit the following spreadsheet:\n\nFY27 headcount plan\n{link}\n\n"
               "Can you add the Denver numbers before Thursday? Thanks!\n\nGoogle LLC, 1600 Amphitheatre Parkway, Mountain View, CA 94043, USA\n",
          html=html, bstyle="gmail")


def h33_it_trenitalia() -> None:
    html = _shell('<img src="https://www.trenitalia.com/content/dam/tcom/immagini/logo-trenitalia.png" width="130" alt="Trenitalia">'
                  '<h2>Conferma di acquisto</h2><p>Gentile Alex Morgan,</p><p>grazie per aver acquistato con Trenitalia. Di seguito il riepilogo del tuo viaggio.</p>'
                  '<table style="font-size:14px;width:100%"><tr><td>Codice biglietto (PNR)</td><td><b>KX7Q2M</b></td></tr>'
                  '<tr><td>Treno</td><td>Frecciarossa 9541</td></tr><tr><td>Partenza</td><td>Milano Centrale, 24/09/2026 ore 08:10</td></tr>'
                  '<tr><td>Arrivo</td><td>Roma Termini, 24/09/2026 ore 11:15</td></tr><tr><td>Carrozza / Posto</td><td>7 / 10A</td></tr>'
                  '<tr><td>Offerta</td><td>Economy &ndash; Business</td></tr><tr><td>Importo</td><td>&euro; 89,90</td></tr></table>'
                  '<p>Il biglietto &egrave; nominativo e va mostrato al personale di bordo insieme a un documento di identit&agrave;. Puoi modificare il viaggio dall&rsquo;area riservata o dall&rsquo;app.</p>'
                  '<p><a href="https://www.trenitalia.com/it/area-riservata.html">Gestisci il tuo viaggio</a></p>',
                  "Trenitalia S.p.A. &ndash; Piazza della Croce Rossa, 1 &ndash; 00161 Roma &ndash; P.IVA 05403151003<br>Questa &egrave; una e-mail generata automaticamente, si prega di non rispondere.")
    build("ham/33_it_trenitalia_biglietto.eml", frm="Trenitalia <noreply@trenitalia.it>", subject="Trenitalia - Conferma di acquisto PNR KX7Q2M",
          date="Sun, 30 Aug 2026 21:48:17 +0200", msgid=f"<{token('tim', 20, '0123456789')}.JavaMail.webshop@trenitalia.it>",
          received=[mx_in("smtp-out3.trenitalia.it", "151.1.185.73", "Sun, 30 Aug 2026 19:48:20 +0000", "4hkT1p5NcYz6Tk")],
          dkim_domain="trenitalia.it",
          text="Gentile Alex Morgan,\n\ngrazie per aver acquistato con Trenitalia.\n\nCodice biglietto (PNR): KX7Q2M\nTreno: Frecciarossa 9541\n"
               "Partenza: Milano Centrale, 24/09/2026 ore 08:10\nArrivo: Roma Termini, 24/09/2026 ore 11:15\nCarrozza / Posto: 7 / 10A\nImporto: € 89,90\n",
          html=html, charset="iso-8859-15")


def h34_pl_allegro_order() -> None:
    html = _shell('<img src="https://assets.allegrostatic.com/metrum/brand/allegro-347440b030.svg" width="110" alt="Allegro">'
                  '<h2>Dziękujemy za zakup!</h2><p>Cześć Alex,</p><p>Twoje zamówienie zostało opłacone i przekazane sprzedającemu.</p>'
                  '<table style="font-size:14px;width:100%"><tr><td>Słuchawki bezprzewodowe Sony WH-1000XM5, czarne</td><td align="right">1 szt.</td><td align="right">1 199,00 zł</td></tr>'
                  '<tr><td>Dostawa: Allegro Paczkomaty InPost</td><td></td><td align="right">0,00 zł</td></tr>'
                  '<tr><td><b>Razem</b></td><td></td><td align="right"><b>1 199,00 zł</b></td></tr></table>'
                  '<p>Sprzedający: <b>ElektroHurt_Poznan</b> &middot; Przewidywana dostawa: <b>pt. 11 wrz.</b></p>'
                  '<p><a href="https://allegro.pl/moje-allegro/zakupy/kupione/8f1c2a90-6b3d-11f1-9e4a-2b7c5d8e1f03">Zobacz szczegóły zakupu</a></p>',
                  "Allegro.pl sp. z o.o., ul. Grunwaldzka 182, 60-166 Poznań. Ta wiadomość została wygenerowana automatycznie.")
    build("ham/34_pl_allegro_zakup.eml", frm="Allegro <powiadomienia@allegro.pl>", subject="Dziękujemy za zakup: Słuchawki bezprzewodowe Sony WH-1000XM5",
          date="Tue, 08 Sep 2026 20:14:55 +0200", msgid=f"<{token('alm', 24, '0123456789abcdef')}@allegro.pl>",
          received=[mx_in("mx-out-7.allegro.pl", "91.207.14.37", "Tue, 08 Sep 2026 18:14:57 +0000", "4hrDk07PgZz7Vm")],
          dkim_domain="allegro.pl",
          text="Cześć Alex,\n\nTwoje zamówienie zostało opłacone i przekazane sprzedającemu.\n\nSłuchawki bezprzewodowe Sony WH-1000XM5, czarne - 1 szt. - 1 199,00 zł\n"
               "Dostawa: Allegro Paczkomaty InPost - 0,00 zł\nRazem: 1 199,00 zł\n\nPrzewidywana dostawa: pt. 11 wrz.\n", html=html, html_cte="base64", text_cte="base64")


def h35_pt_nubank_fatura() -> None:
    html = _shell('<p style="color:#820ad1;font-size:24px;font-weight:bold">nu</p>'
                  '<h2>Sua fatura fechou</h2><p>Olá, Alex!</p><p>A fatura do seu cartão de crédito Nubank fechou com o valor de <b>R$ 2.318,46</b>.</p>'
                  '<table style="font-size:14px"><tr><td>Vencimento</td><td><b>22/09/2026</b></td></tr><tr><td>Fechamento</td><td>15/09/2026</td></tr></table>'
                  '<p>Você pode pagar pelo app com Pix, boleto ou débito automático. Para ver os detalhes das compras, acesse o app do Nubank.</p>'
                  '<p style="font-size:12px">O Nubank nunca pede sua senha, código de segurança ou dados do cartão por e-mail, SMS ou telefone.</p>',
                  "Nu Pagamentos S.A. &ndash; Instituição de Pagamento. CNPJ 18.236.120/0001-58. Rua Capote Valente, 39 &ndash; São Paulo, SP &ndash; 05409-000.")
    build("ham/35_pt_nubank_fatura.eml", frm="Nubank <todomundo@nubank.com.br>", subject="Sua fatura fechou: R$ 2.318,46",
          date="Tue, 15 Sep 2026 07:02:11 -0300", msgid=f"<{token('num', 24, '0123456789abcdef')}@nubank.com.br>",
          received=[mx_in("o1.mail.nubank.com.br", "149.72.130.18", "Tue, 15 Sep 2026 10:02:13 +0000", "4hxS4q1RhJz8Wn")],
          dkim_domain="nubank.com.br",
          text="Olá, Alex!\n\nA fatura do seu cartão de crédito Nubank fechou com o valor de R$ 2.318,46.\nVencimento: 22/09/2026\n\n"
               "Você pode pagar pelo app com Pix, boleto ou débito automático.\n\nO Nubank nunca pede sua senha por e-mail, SMS ou telefone.\n", html=html)


def h36_ja_rakuten_order() -> None:
    text = ("アレックス モーガン 様\n\nこの度は楽天市場でのお買い物、誠にありがとうございます。\n以下の内容でご注文を承りました。\n\n"
            "■ 注文番号\n  281940-20261003-0718294512\n■ 注文日時\n  2026-10-03 22:41:07\n■ 店舗名\n  キッチン雑貨ハナミ\n\n"
            "[商品]\n  南部鉄器 急須 0.6L ブラック  1個  6,980円\n[送料]  0円\n[合計金額]  6,980円\n[支払方法]  クレジットカード\n\n"
            "ご注文内容の確認・キャンセルは「購入履歴」からお願いいたします。\nhttps://order.my.rakuten.co.jp/?l-id=mail_order_confirm\n\n"
            "※このメールは送信専用です。ご返信いただいてもお答えできませんのでご了承ください。\n\n楽天グループ株式会社\n〒158-0094 東京都世田谷区玉川一丁目14番1号\n")
    # Japanese mailers still encode headers in ISO-2022-JP ("JIS"), not UTF-8
    build("ham/36_ja_rakuten_chumon.eml", frm=f"{Header('楽天市場', 'iso-2022-jp').encode()} <order@rakuten.co.jp>",
          subject=Header("【楽天市場】注文内容ご確認（自動配信メール）", "iso-2022-jp").encode(linesep="\r\n"),
          date="Sat, 03 Oct 2026 22:41:09 +0900", msgid=f"<{token('rkm', 20, '0123456789')}.{token('rkm2', 8, '0123456789')}@mail.rakuten.co.jp>",
          received=[mx_in("mail-out.rakuten.co.jp", "133.237.16.21", "Sat, 03 Oct 2026 13:41:12 +0000", "4jBq2s4SkKz9Xp")],
          dkim_domain="rakuten.co.jp", text=text, text_cte="7bit", charset="iso-2022-jp")


def h37_proofpoint_vendor_reply() -> None:
    sow = "https://acmeanalytics.example/docs/SOW-EXC-2026-11-v3.pdf"
    kb = "https://support.acmeanalytics.example/hc/en-us/articles/4411029-SSO-setup"
    text = (f"Hi Alex,\n\nThanks for the quick turnaround. Updated SOW (v3) with the SSO work split out is here: {urldefense(sow, 'pp1')}\n\n"
            f"For your IT team, the SAML setup guide is: {urldefense(kb, 'pp2')}\n\n"
            "We can start the week of Nov 16 once the PO is in. Have a good weekend!\n\nBest,\nRachel Kim\nEngagement Manager | Acme Analytics\n\n"
            "-----Original Message-----\nFrom: Alex Morgan <alex.morgan@example.com>\nSent: Thursday, October 29, 2026 3:02 PM\nTo: Rachel Kim <rkim@acmeanalytics.example>\n"
            "Subject: SOW question\n\nHi Rachel, could you split the SSO integration into its own line item? Finance wants to capitalise it separately.\n\nThanks,\nAlex\n")
    build("ham/37_vendor_reply_urldefense.eml", frm="Rachel Kim <rkim@acmeanalytics.example>", to="Alex Morgan <alex.morgan@example.com>",
          subject="RE: SOW question", date="Fri, 30 Oct 2026 16:55:29 +0000", msgid="<MW4PR14MB6843C5B2A190D8E7F6A5B4C3D2E1F@MW4PR14MB6843.namprd14.prod.outlook.com>",
          received=[mx_in("mx0b-00291503.pphosted.com", "148.163.137.91", "Fri, 30 Oct 2026 16:55:33 +0000", "4jWk7x1TlLz1Yq"),
                    "from pps.filterd (m0134211.ppops.net [127.0.0.1])\r\n\tby mx0b-00291503.pphosted.com (8.18.1.2/8.18.1.2) with ESMTP id 59UGsq8K011204;\r\n\tFri, 30 Oct 2026 16:55:31 GMT"],
          dkim_domain="acmeanalytics.example", selector="selector1",
          extra=[("In-Reply-To", "<BY3PR11MB4012F1E2D3C4B5A6978812A3B4C5D@BY3PR11MB4012.namprd11.prod.outlook.com>"),
                 ("References", "<BY3PR11MB4012F1E2D3C4B5A6978812A3B4C5D@BY3PR11MB4012.namprd11.prod.outlook.com>"),
                 ("X-Proofpoint-Virus-Version", "vendor=baseguard engine=ICAP:2.0.293,Aquarius:18.0.1121,Hydra:6.0.680,FMLib:17.12.62.30 definitions=2026-10-30_06,2026-10-30_01,2026-10-29_01"),
                 ("X-Proofpoint-Spam-Details", "rule=outbound_notspam policy=outbound score=0 mlxscore=0 bulkscore=0 spamscore=0 classifier=spam adjust=0 reason=mlx scancount=1")],
          text=text, bstyle="outlook")


def all_ham() -> None:
    for fn in (h01_allbirds_black_friday, h02_levis_last_chance, h03_sephora_abandoned_cart, h04_going_flight_deals, h05_capitalone_new_device,
               h06_canva_password_reset, h07_aws_verification_code, h08_fedex_delivery, h09_dhl_express_ondemand, h10_laposte_colissimo_fr,
               h11_postnl_nl, h12_atlassian_invoice, h13_aws_billing_statement, h14_google_workspace_invoice, h15_adobe_receipt,
               h16_workday_payslip, h17_internal_reply_thread, h18_small_vendor_invoice, h19_teams_calendar_invite, h20_pagerduty_incident,
               h21_datadog_monitor, h22_cron_backup_mail, h23_dependabot_alert, h24_postgres_list_digest, h25_running_club_newsletter,
               h26_etsy_purchase, h27_kraken_withdrawal, h28_hmrc_new_message, h29_recruiter_outreach, h30_qualtrics_survey,
               h31_adobe_sign_please_sign, h32_google_drive_share, h33_it_trenitalia, h34_pl_allegro_order, h35_pt_nubank_fatura,
               h36_ja_rakuten_order, h37_proofpoint_vendor_reply):
        fn()
