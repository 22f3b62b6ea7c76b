# ruff: noqa: E501
"""The modern ham messages, one function each (see ../README.md)."""

from __future__ import annotations

from common import build, ics, ooxml, pdf, png_logo, rcv, safelink

H = "ham/"


def amazon_order() -> None:
    html = """<!doctype html><html><head><meta charset="utf-8"><style>td{font-family:Arial}</style></head><body>
<table width="100%" cellpadding="0" cellspacing="0"><tr><td align="center">
<table width="600"><tr><td><a href="https://www.amazon.com/gp/r.html?C=2KXQ8&amp;R=1QW9&amp;T=C&amp;U=https%3A%2F%2Fwww.amazon.com%2Fref%3Dpe_386300_440135490_TE_simp_hd&amp;H=ABCD"><img src="https://m.media-amazon.com/images/G/01/x-locale/cs/te/logo._CB485931140_.png" alt="amazon" width="110"></a></td>
<td align="right"><b>Order Confirmation</b><br>Order #112-4438102-7755423</td></tr></table>
<p>Hello Alex,</p>
<p>Thank you for shopping with us. We'll send a confirmation when your item ships.</p>
<table><tr><td><b>Arriving:</b> Thursday, November 20</td></tr>
<tr><td>Ship to: Alex Morgan, 1200 Market St, Philadelphia PA</td></tr>
<tr><td><a href="https://www.amazon.com/gp/r.html?C=2KXQ8&amp;R=1QW9&amp;T=C&amp;U=https%3A%2F%2Fwww.amazon.com%2Fgp%2Fcss%2Forder-details%3ForderID%3D112-4438102-7755423&amp;H=EFGH" style="background:#ffd814;padding:8px 18px;border-radius:8px;color:#0f1111;text-decoration:none">View or manage order</a></td></tr></table>
<p>Anker USB-C Charger 65W, Qty 1 &nbsp; $39.99<br>Order Total: <b>$42.79</b></p>
<p style="font-size:11px;color:#555">By placing your order, you agree to Amazon.com's <a href="https://www.amazon.com/gp/help/customer/display.html?nodeId=508088">Conditions of Use</a>.
This email was sent from a notification-only address that cannot accept incoming email. Please do not reply.</p>
</td></tr></table></body></html>"""
    text = ("Hello Alex,\n\nThank you for shopping with us. We'll send a confirmation when your item ships.\n\n"
            "Arriving: Thursday, November 20\nOrder #112-4438102-7755423\n\nView or manage order:\n"
            "https://www.amazon.com/gp/css/order-details?orderID=112-4438102-7755423\n\n"
            "Anker USB-C Charger 65W  $39.99\nOrder Total: $42.79\n")
    build(H + "01_amazon_order_confirmation.eml", frm='"Amazon.com" <auto-confirm@amazon.com>',
          subject='Your Amazon.com order #112-4438102-7755423', date="Mon, 17 Nov 2025 14:02:11 +0000",
          msgid="<0100019a92f1c3d1-6b1e2c8a-8f6f-4e0a-9d61-2f2b0b3f9a11-000000@email.amazonses.com>",
          received=[rcv("a48-93.smtp-out.amazonses.com", "54.240.48.93", "mx1.example.com", "Mon, 17 Nov 2025 14:02:12 +0000", "4dA1kz3")],
          dkim_domain="amazon.com", extra=[("Feedback-ID", "1.us-east-1.abc123:AmazonSES")], text=text, html=html)


def ups_shipping() -> None:
    html = """<html><body style="font-family:Roboto,Arial">
<img src="https://www.ups.com/assets/resources/images/UPS_logo.svg" width="48" alt="UPS">
<h2>Your package is on the way</h2>
<p>Ship To: ALEX MORGAN, PHILADELPHIA, PA, US</p>
<p><b>Scheduled Delivery:</b> Thursday, 11/20/2025 by End of Day</p>
<p>Tracking Number: <a href="https://www.ups.com/track?loc=en_US&amp;tracknum=1Z999AA10123456784&amp;requester=ST/trackdetails">1Z999AA10123456784</a></p>
<p><a href="https://www.ups.com/track?loc=en_US&amp;tracknum=1Z999AA10123456784" style="background:#ffc400;color:#121212;padding:10px 20px;border-radius:20px;text-decoration:none">Track Package</a></p>
<p>Want to change your delivery? <a href="https://www.ups.com/mychoice?loc=en_US">Sign up for UPS My Choice&reg;</a> to reschedule or redirect.</p>
<p style="font-size:10px">&copy; 2025 United Parcel Service of America, Inc. UPS, the UPS brandmark, and the color brown are trademarks. Please do not reply directly to this email. <a href="https://www.ups.com/us/en/support/contact-us.page">Contact UPS</a> | <a href="https://www.ups.com/us/en/help-center/legal-terms-conditions/privacy-notice.page">Privacy Notice</a></p>
</body></html>"""
    build(H + "02_ups_shipping_notice.eml", frm="UPS <mcinfo@ups.com>",
          subject="UPS Update: Package Scheduled for Delivery Thursday, 11/20/2025",
          date="Tue, 18 Nov 2025 06:41:09 -0500", msgid="<20251118114109.3F7A2B1C@ups.com>",
          received=[rcv("pawf2-out.ups.com", "153.2.234.81", "mx1.example.com", "Tue, 18 Nov 2025 11:41:10 +0000", "9Qw2")],
          dkim_domain="ups.com",
          text="Your package is on the way.\nScheduled Delivery: Thursday, 11/20/2025\nTracking Number: 1Z999AA10123456784\n"
               "https://www.ups.com/track?loc=en_US&tracknum=1Z999AA10123456784\n", html=html)


def github_password_reset() -> None:
    text = """Hey alexmorgan!

We heard that you lost your GitHub password. Sorry about that!

But don't worry! You can use the following button to reset your password:

https://github.com/password_reset/8f2e6c1a9b7d4e3f0a5c2b8d1e6f9a4c7b3d0e2f

If you don't use this link within 3 hours, it will expire. To get a new password reset link, visit: https://github.com/password_reset

Thanks,
The GitHub Team
"""
    html = """<html><body><div style="max-width:544px;margin:0 auto;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Helvetica,Arial">
<img src="https://github.githubassets.com/images/email/global/octocat-logo.png" width="32" alt="GitHub">
<h2>Reset your GitHub password</h2>
<p>We heard that you lost your GitHub password. Sorry about that!</p>
<p>But don&#8217;t worry! You can use the following button to reset your password:</p>
<p><a href="https://github.com/password_reset/8f2e6c1a9b7d4e3f0a5c2b8d1e6f9a4c7b3d0e2f" style="background:#2da44e;color:#fff;padding:12px 20px;border-radius:6px;text-decoration:none">Reset your password</a></p>
<p>If you don&#8217;t use this link within 3 hours, it will expire. <a href="https://github.com/password_reset">Click here to get a new password reset link</a>.</p>
<p>Thanks,<br>The GitHub Team</p>
<p style="font-size:12px;color:#6a737d">You're receiving this email because a password reset was requested for your account.<br>GitHub, Inc. &#12539;88 Colin P Kelly Jr Street &#12539;San Francisco, CA 94107</p></div></body></html>"""
    build(H + "03_github_password_reset.eml", frm="GitHub <noreply@github.com>",
          subject="[GitHub] Please reset your password", date="Wed, 19 Nov 2025 08:15:44 -0800",
          msgid="<6552a1f0b3c2e_3b8d2b1c8a9f1@lowworker-5d7f8c9b4-2xq8p.mail>",
          received=[rcv("out-21.smtp.github.com", "192.30.252.204", "mx1.example.com", "Wed, 19 Nov 2025 16:15:45 +0000", "7Hh1")],
          dkim_domain="github.com", text=text, html=html)


def microsoft_2fa_code() -> None:
    text = """Microsoft account

Your single-use code

We received your request for a single-use code to use with your Microsoft account.

Your single-use code is: 482913

Only enter this code on an official website or app. Don't share it with anyone. We'll never ask for it outside an official platform.

Thanks,
The Microsoft account team
"""
    html = f"""<html><body><table dir="ltr"><tr><td style="font-family:'Segoe UI Semibold';font-size:17px;color:#707070">Microsoft account</td></tr>
<tr><td style="font-family:'Segoe UI Light';font-size:41px;color:#2672ec">Your single-use code</td></tr>
<tr><td style="padding-top:25px">We received your request for a single-use code to use with your Microsoft account.</td></tr>
<tr><td style="padding-top:25px">Your single-use code is: <span style="font-weight:bold">482913</span></td></tr>
<tr><td style="padding-top:25px">Only enter this code on an official website or app. Don't share it with anyone. We'll never ask for it outside an official platform.</td></tr>
<tr><td style="padding-top:25px">Security info: <a href="https://account.live.com/proofs/Manage">Review your security info</a> &middot; <a href="https://go.microsoft.com/fwlink/?LinkID=521839">Privacy statement</a></td></tr>
<tr><td>Thanks,<br>The Microsoft account team</td></tr></table>{""}</body></html>"""
    build(H + "04_microsoft_2fa_code.eml",
          frm="Microsoft account team <account-security-noreply@accountprotection.microsoft.com>",
          subject="Your single-use code", date="Wed, 19 Nov 2025 17:03:20 +0000",
          msgid="<RJT2B0G5X4U4.8R0KVZ2B6KQ2@BL02EPF0001A0FD>",
          received=[rcv("mail-dm6nam12on2045.outbound.protection.outlook.com", "40.107.243.45", "mx1.example.com",
                        "Wed, 19 Nov 2025 17:03:21 +0000", "2Zz9")],
          dkim_domain="accountprotection.microsoft.com", text=text, html=html)


def saas_invoice() -> None:
    text = """Receipt from Figma, Inc.
Receipt #2419-7731

Amount paid: $180.00
Date paid: November 1, 2025
Payment method: Visa - 4242

Professional plan (12 seats x $15.00), Nov 1 - Dec 1, 2025

Download invoice: https://invoice.stripe.com/i/acct_1Fg2xyZ9kQ/live_YWNjdF8xRmcyeHlaOWtRLF9SYkNkRWZHaEpr0200abcdEfgh

If you have any questions, contact us at billing@figma.com.
"""
    html = """<html><body style="background:#f6f9fc"><table width="100%"><tr><td align="center"><table width="480" style="background:#fff;font-family:-apple-system,'SF Pro Display',Ubuntu,sans-serif">
<tr><td><h1 style="font-size:24px">Receipt from Figma, Inc.</h1><p style="color:#8898aa">Receipt #2419-7731</p></td></tr>
<tr><td><table><tr><td>AMOUNT PAID<br><b>$180.00</b></td><td>DATE PAID<br><b>Nov 1, 2025</b></td><td>PAYMENT METHOD<br><b>Visa - 4242</b></td></tr></table></td></tr>
<tr><td>Professional plan &times; 12 &nbsp; Nov 1 &ndash; Dec 1, 2025 &nbsp; $180.00</td></tr>
<tr><td><a href="https://invoice.stripe.com/i/acct_1Fg2xyZ9kQ/live_YWNjdF8xRmcyeHlaOWtRLF9SYkNkRWZHaEpr0200abcdEfgh" style="color:#635bff">Download invoice</a> &middot; <a href="https://invoice.stripe.com/i/acct_1Fg2xyZ9kQ/live_YWNjdF8xRmcyeHlaOWtRLF9SYkNkRWZHaEpr0200abcdEfgh/pdf">Download receipt</a></td></tr>
<tr><td style="font-size:12px;color:#8898aa">If you have any questions, contact us at <a href="mailto:billing@figma.com">billing@figma.com</a>. Something wrong with the email? <a href="https://stripe.com/receipts">View it in your browser</a>.<br>You're receiving this email because you made a purchase at Figma, Inc., which partners with <a href="https://stripe.com">Stripe</a> to provide invoicing and payment processing.</td></tr>
</table></td></tr></table></body></html>"""
    invoice = pdf(["Figma, Inc.", "760 Market Street, San Francisco CA", "", "INVOICE 2419-7731", "Bill to: Example Corp",
                   "Professional plan x 12 seats    $180.00", "Total due: $0.00 (paid)"])
    build(H + "05_figma_stripe_receipt.eml", frm="Figma <invoice+statements@figma.com>",
          subject="Your receipt from Figma, Inc. #2419-7731", date="Sat, 01 Nov 2025 09:12:33 +0000",
          msgid="<0101019a3e0c2b51-2f7d33a4-1b9e-4a11-8f2e-9d5c0a6b7e21-000000@us-west-2.amazonses.com>",
          received=[rcv("a27-185.smtp-out.us-west-2.amazonses.com", "54.240.27.185", "mx1.example.com",
                        "Sat, 01 Nov 2025 09:12:34 +0000", "1Aa3")],
          dkim_domain="stripe.com", extra=[("Reply-To", "Figma <billing@figma.com>")], text=text, html=html,
          attachments=[(invoice, "application", "pdf", "Invoice-2419-7731.pdf")])


def calendar_invite() -> None:
    text = ("Priya Nair has invited you to Q4 planning sync\n\nWhen: Tuesday 25 Nov 2025 10:00 - 11:00 (EST)\n"
            "Join with Google Meet: https://meet.google.com/xkq-bwzt-hpa\n\nView all guest info: "
            "https://calendar.google.com/calendar/event?action=VIEW&eid=NWVlMmJkdWxpOGQ2&tok=MTkjcHJpeWEubmFpckBleGFtcGxlLmNvbQ\n\n"
            "Reply for alex.morgan@example.com\nYes https://calendar.google.com/calendar/event?action=RESPOND&eid=NWVlMmJk&rst=1\n"
            "No https://calendar.google.com/calendar/event?action=RESPOND&eid=NWVlMmJk&rst=2\n\n"
            "Invitation from Google Calendar: https://calendar.google.com/calendar/\n")
    html = ("<html><body><div><h2>Q4 planning sync</h2><p>Tuesday 25 Nov 2025 &middot; 10:00 &ndash; 11:00 (Eastern Time - New York)</p>"
            "<p><a href=\"https://meet.google.com/xkq-bwzt-hpa\" style=\"background:#1a73e8;color:#fff;padding:8px 16px\">Join with Google Meet</a></p>"
            "<p>Organizer: Priya Nair &lt;priya.nair@example.com&gt;</p><p>Reply for alex.morgan@example.com: "
            "<a href=\"https://calendar.google.com/calendar/event?action=RESPOND&amp;eid=NWVlMmJk&amp;rst=1\">Yes</a> "
            "<a href=\"https://calendar.google.com/calendar/event?action=RESPOND&amp;eid=NWVlMmJk&amp;rst=2\">No</a> "
            "<a href=\"https://calendar.google.com/calendar/event?action=RESPOND&amp;eid=NWVlMmJk&amp;rst=3\">Maybe</a></p>"
            "<p style=\"font-size:11px\">Invitation from Google Calendar. You are receiving this email because you are an attendee on the event.</p></div></body></html>")
    cal = ics("Q4 planning sync", "20251125T150000Z", "20251125T160000Z", "priya.nair@example.com",
              "alex.morgan@example.com", "Conference room 4B", "5ee2bduli8d6@google.com")
    build(H + "06_google_calendar_invite.eml", frm='"Priya Nair (Google Calendar)" <calendar-notification@google.com>',
          subject="Invitation: Q4 planning sync @ Tue Nov 25, 2025 10am - 11am (EST) (alex.morgan@example.com)",
          date="Mon, 17 Nov 2025 09:15:02 +0000", msgid="<calendar-5f3b1e7a-2c4d-4e8f-9a1b-6c7d8e9f0a1b@google.com>",
          received=[rcv("mail-sor-f73.google.com", "209.85.220.73", "mx1.example.com", "Mon, 17 Nov 2025 09:15:03 +0000", "0Kk2")],
          dkim_domain="google.com", extra=[("Reply-To", "Priya Nair <priya.nair@example.com>"), ("Sender", "Google Calendar <calendar-notification@google.com>")],
          text=text, html=html, attachments=[(cal, "text", "calendar", "invite.ics")])


def github_pr() -> None:
    text = """@jkowalski requested changes on this pull request.

In src/relay/queue.py:
> @@ -212,7 +212,9 @@ def requeue(self, item):
> -        self._heap.push(item)
> +        if item.attempts < self.max_attempts:
> +            self._heap.push(item)

Should we log when we drop the item? Silent drops were the root cause of the outage in March.

--
Reply to this email directly, view it on GitHub:
https://github.com/example-org/relay/pull/418#pullrequestreview-2451177823
You are receiving this because you authored the thread.

Message ID: <example-org/relay/pull/418/review/2451177823@github.com>
"""
    html = """<p><b>@jkowalski</b> requested changes on this pull request.</p>
<hr><p>In <a href="https://github.com/example-org/relay/pull/418#discussion_r1851234567">src/relay/queue.py</a>:</p>
<pre style="color:#555">&gt; +        if item.attempts &lt; self.max_attempts:
&gt; +            self._heap.push(item)</pre>
<p>Should we log when we drop the item? Silent drops were the root cause of the outage in March.</p>
<p style="font-size:small;color:#666">&mdash;<br>Reply to this email directly, <a href="https://github.com/example-org/relay/pull/418#pullrequestreview-2451177823">view it on GitHub</a>, or <a href="https://github.com/notifications/unsubscribe-auth/AB3XKQ2HGF7ZL5LYQW4M6CD2BVQZPAVCNFSM6AAAAABR">unsubscribe</a>.<br>You are receiving this because you authored the thread.<img src="https://github.com/notifications/beacon/AB3XKQ7VRGZ.gif" height="1" width="1" alt=""></p>
<script type="application/ld+json">[{"@context":"http://schema.org","@type":"EmailMessage","potentialAction":{"@type":"ViewAction","target":"https://github.com/example-org/relay/pull/418#pullrequestreview-2451177823","url":"https://github.com/example-org/relay/pull/418#pullrequestreview-2451177823","name":"View Pull Request"},"description":"View this Pull Request on GitHub","publisher":{"@type":"Organization","name":"GitHub","url":"https://github.com"}}]</script>"""
    build(H + "07_github_pr_review.eml", frm="Jan Kowalski <notifications@github.com>",
          subject="Re: [example-org/relay] queue: cap requeue attempts (PR #418)",
          date="Thu, 20 Nov 2025 10:44:05 -0800", msgid="<example-org/relay/pull/418/review/2451177823@github.com>",
          received=[rcv("out-28.smtp.github.com", "192.30.252.211", "mx1.example.com", "Thu, 20 Nov 2025 18:44:06 +0000", "3Ee4")],
          dkim_domain="github.com",
          extra=[("Reply-To", "example-org/relay <reply+AB3XKQ4NWJ3EVBNHHFAFGXF5DD@reply.github.com>"),
                 ("In-Reply-To", "<example-org/relay/pull/418@github.com>"),
                 ("List-ID", "example-org/relay <relay.example-org.github.com>"),
                 ("List-Archive", "https://github.com/example-org/relay"),
                 ("List-Unsubscribe", "<mailto:unsub+AB3XKQ@reply.github.com>, <https://github.com/notifications/unsubscribe/AB3XKQ>"),
                 ("X-GitHub-Reason", "author")], text=text, html=html)


def gitlab_pipeline() -> None:
    text = """Pipeline #1532287 has failed!

Project: infra / terraform-modules ( https://gitlab.com/example-infra/terraform-modules )
Branch: main ( https://gitlab.com/example-infra/terraform-modules/-/commits/main )
Commit: 9c1e2a7f ( https://gitlab.com/example-infra/terraform-modules/-/commit/9c1e2a7f )
Commit Author: Alex Morgan

Pipeline #1532287 ( https://gitlab.com/example-infra/terraform-modules/-/pipelines/1532287 ) triggered by Alex Morgan
had 1 failed job.

Job #8841023 ( https://gitlab.com/example-infra/terraform-modules/-/jobs/8841023/raw )
Stage: validate
Name: tflint

You're receiving this email because of your account on gitlab.com. Manage all notifications: https://gitlab.com/-/profile/notifications
"""
    build(H + "08_gitlab_pipeline_failed.eml", frm="GitLab <gitlab@mg.gitlab.com>",
          subject="Failed pipeline for main | terraform-modules | 9c1e2a7f", date="Thu, 20 Nov 2025 12:01:55 +0000",
          msgid="<6751a3c9e1f2a_2c8b3a1d4e5f6@gitlab-sidekiq-catchall-v2-7d9f8b6c5-x2k4p.mail>",
          received=[rcv("mail-155-97.mg.gitlab.com", "192.237.158.143", "mx1.example.com", "Thu, 20 Nov 2025 12:01:56 +0000", "5Tt1")],
          dkim_domain="mg.gitlab.com",
          extra=[("X-GitLab-Project", "terraform-modules"), ("X-GitLab-Pipeline-Id", "1532287"),
                 ("List-Id", "example-infra/terraform-modules <23451870.terraform-modules.example-infra.gitlab.com>"),
                 ("List-Unsubscribe", "<https://gitlab.com/-/sent_notifications/9a1b2c/unsubscribe>")], text=text)


def jira() -> None:
    html = """<html><body style="font-family:-apple-system,'Segoe UI',Roboto"><table width="100%"><tr><td>
<p><a href="https://example-corp.atlassian.net/jira/people/5b10ac8d82e05b22cc7d4ef5">Maria Lopez</a> <b>changed the status</b> to In Review</p>
<h3><a href="https://example-corp.atlassian.net/browse/OPS-2231?atlOrigin=eyJpIjoiMmUxZjVjYTQ">OPS-2231: Rotate TLS certificates on edge relays</a></h3>
<p>IN PROGRESS &rarr; IN REVIEW</p>
<p><a href="https://example-corp.atlassian.net/browse/OPS-2231?atlOrigin=eyJpIjoiMmUxZjVjYTQ" style="background:#0052cc;color:#fff;padding:6px 12px;border-radius:3px;text-decoration:none">View issue</a></p>
<p style="font-size:12px;color:#6b778c">Get Jira notifications on your phone! Download the Jira Cloud app for <a href="https://play.google.com/store/apps/details?id=com.atlassian.android.jira.core">Android</a> or <a href="https://apps.apple.com/app/jira-cloud-by-atlassian/id1006972087">iOS</a>.<br>
<a href="https://example-corp.atlassian.net/jira/settings/personal/notifications">Manage notifications</a> &bull; <a href="https://example-corp.atlassian.net/secure/ViewProfile.jspa">Give feedback</a> &bull; <a href="https://www.atlassian.com/legal/privacy-policy">Privacy policy</a></p>
</td></tr></table></body></html>"""
    build(H + "09_jira_status_change.eml", frm="Maria Lopez (Jira) <jira@example-corp.atlassian.net>",
          subject="[JIRA] (OPS-2231) Rotate TLS certificates on edge relays", date="Fri, 21 Nov 2025 15:22:10 +0000",
          msgid="<JIRA.118822.1763738530000.5521.1763738530123@Atlassian.JIRA>",
          received=[rcv("eu-west-1.mail.atlassian.net", "185.166.143.22", "mx1.example.com", "Fri, 21 Nov 2025 15:22:11 +0000", "8Uu0")],
          dkim_domain="example-corp.atlassian.net", extra=[("Auto-Submitted", "auto-generated")],
          text="Maria Lopez changed the status to In Review\nOPS-2231: Rotate TLS certificates on edge relays\n"
               "https://example-corp.atlassian.net/browse/OPS-2231\n", html=html)


def slack_digest() -> None:
    html = """<html><body style="font-family:Slack-Lato,Lato,appleLogo,sans-serif">
<img src="https://a.slack-edge.com/80588/img/slack_logo_240.png" width="120" alt="Slack">
<h1 style="font-size:28px">You have 7 new messages in Example Corp</h1>
<p>Hi Alex, you have 7 unread messages and 2 mentions.</p>
<p><b>#release-train</b><br>Tom Becker: @alex can you confirm the relay canary is green before we promote? (2 replies)</p>
<p><b>Direct message</b><br>Priya Nair: sent the Q4 sheet, take a look when you can</p>
<p><a href="https://slack.com/app_redirect?team=T02EXAMPL&amp;channel=C0REL3ASE&amp;utm_source=email&amp;utm_medium=digest" style="background:#611f69;color:#fff;padding:14px 30px;border-radius:4px;text-decoration:none">Open Slack</a></p>
<p style="font-size:12px;color:#696969">This email was sent to you because you have notifications turned on for mentions and direct messages.
<a href="https://example-corp.slack.com/account/notifications?utm_source=email">Change preferences</a> &middot; <a href="https://slack.com/unsubscribe?t=eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9">Unsubscribe</a><br>Slack Technologies, LLC, a Salesforce company. 415 Mission Street, San Francisco CA 94105</p>
</body></html>"""
    build(H + "10_slack_digest.eml", frm="Slack <notification@slack.com>",
          subject="[Slack] Notifications from the Example Corp workspace", date="Fri, 21 Nov 2025 18:00:41 +0000",
          msgid="<notification.1763748041.T02EXAMPL.U04ALEX@slack.com>",
          received=[rcv("o1.email.slack.com", "167.89.115.21", "mx1.example.com", "Fri, 21 Nov 2025 18:00:42 +0000", "6Yy3")],
          dkim_domain="slack.com",
          extra=[("List-Unsubscribe", "<https://slack.com/unsubscribe?t=eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9>"),
                 ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")],
          text="You have 7 new messages in Example Corp.\nOpen Slack: https://slack.com/app_redirect?team=T02EXAMPL\n",
          html=html)


def substack_newsletter() -> None:
    def link(i: int) -> str:
        return (f"https://substack.com/redirect/2/eyJlIjoiaHR0cHM6Ly93d3cucGxhdGZvcm1lci5uZXdzL3AvYXJ0aWNsZS17aX0i"
                f"LCJwIjoxNTI0{i}MjE3LCJzIjo3NjYxOCwiZiI6dHJ1ZX0.Tk9UX0FfUkVBTF9TSUc{i}")
    paras = "".join(f"<p style=\"font-size:17px;line-height:26px\">Paragraph {i}: The week in platform policy brought another round of changes "
                    f"to how large providers handle bulk senders. <a href=\"{link(i)}\">Read the filing</a>.</p>" for i in range(1, 9))
    html = f"""<!DOCTYPE html><html><head><meta name="viewport" content="width=device-width"><style>@media(max-width:600px){{.c{{padding:0!important}}}}</style></head>
<body><div class="preview" style="display:none;max-height:0;overflow:hidden">Inside the new rules for bulk email senders &#847; &zwnj; &nbsp; &#847; &zwnj; &nbsp;</div>
<table class="c" width="100%"><tr><td><h1><a href="{link(0)}">The bulk-sender crackdown, one year in</a></h1>
<p>By Casey Newton &middot; Nov 18</p>
<p><a href="https://substack.com/app-link/post?publication_id=7618&amp;post_id=152421&amp;utm_source=post-email-title&amp;isFreemail=true&amp;r=2b7kx">READ IN APP</a></p>
{paras}
<p><a href="https://www.platformer.news/subscribe?utm_medium=email" style="background:#ff6719;color:#fff;padding:12px 22px;border-radius:4px">Subscribe now</a></p>
<p style="font-size:12px;color:#777">&copy; 2025 Platformer<br>548 Market Street PMB 72296, San Francisco, CA 94104<br>
<a href="https://www.platformer.news/action/disable_email?token=eyJ1c2VyX2lkIjoxMjM0">Unsubscribe</a></p>
<p><a href="https://substack.com/signup?utm_source=substack&amp;utm_medium=email&amp;utm_content=footer"><img src="https://substackcdn.com/image/fetch/w_270,c_limit/https%3A%2F%2Fsubstack.com%2Fimg%2Femail%2Fgeneric-app-button%402x.png" alt="Start writing" width="135"></a></p>
</td></tr></table><img src="https://eotrx.substackcdn.com/open?token=eyJtIjoiPDIwMjUxMTE4" width="1" height="1" alt=""></body></html>"""
    build(H + "11_substack_newsletter.eml", frm="Platformer <platformer@substack.com>",
          subject="The bulk-sender crackdown, one year in", date="Tue, 18 Nov 2025 14:00:12 +0000",
          msgid="<20251118140012.3.a1b2c3d4e5f60718@mg1.substack.com>",
          received=[rcv("mg1.substack.com", "198.61.254.21", "mx1.example.com", "Tue, 18 Nov 2025 14:00:13 +0000", "1Pp7")],
          dkim_domain="substack.com",
          extra=[("List-Unsubscribe", "<https://www.platformer.news/action/disable_email?token=eyJ1c2VyX2lkIjoxMjM0>"),
                 ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"), ("List-URL", "<https://www.platformer.news/>"),
                 ("List-Id", "<platformer.substack.com>"), ("Precedence", "bulk")],
          text="The bulk-sender crackdown, one year in\n\nRead in app: https://substack.com/app-link/post?publication_id=7618\n", html=html)


def mailchimp_newsletter() -> None:
    def mc(i: int) -> str:
        return f"https://northwindcoffee.us5.list-manage.com/track/click?u=8d2f1b3c4a5e6d7f8a9b0c1d2&id={i:010x}&e=4f3a2b1c0d"
    items = [("Holiday blend is back", "Our Ethiopian-Colombian holiday blend returns this Friday."),
             ("Brew guide: the perfect pour-over", "Water at 94 C, 1:16 ratio, and patience."),
             ("Members get 15% off", "Sign in to your account to see your member price at checkout.")]
    blocks = "".join(f"<tr><td><img src=\"https://mcusercontent.com/8d2f1b3c4a5e6d7f8a9b0c1d2/images/{i}.jpg\" width=\"560\" alt=\"\">"
                     f"<h2>{t}</h2><p>{d}</p><a href=\"{mc(i)}\" style=\"background:#3b2314;color:#fff;padding:10px 24px\">"
                     f"{'Sign in to your account' if i == 2 else 'Shop now'}</a></td></tr>" for i, (t, d) in enumerate(items))
    html = f"""<!doctype html><html xmlns="http://www.w3.org/1999/xhtml" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office">
<head><meta charset="UTF-8"><title>Holiday blend is back</title><!--[if mso]><style>table{{border-collapse:collapse}}</style><![endif]--></head>
<body><span class="mcnPreviewText" style="display:none">Plus a pour-over guide and a member discount</span>
<table width="100%" id="bodyTable"><tr><td align="center"><table width="600">
<tr><td><a href="{mc(10)}"><img src="https://mcusercontent.com/8d2f1b3c4a5e6d7f8a9b0c1d2/images/logo.png" alt="Northwind Coffee" width="200"></a></td></tr>
{blocks}
<tr><td style="font-size:12px;color:#656565"><em>Copyright &copy; 2025 Northwind Coffee Roasters, All rights reserved.</em><br>You are receiving this email because you opted in via our website.<br>
<a href="https://northwindcoffee.us5.list-manage.com/profile?u=8d2f1b3c4a5e6d7f8a9b0c1d2&amp;id=3c1a&amp;e=4f3a2b1c0d">update your preferences</a> or <a href="https://northwindcoffee.us5.list-manage.com/unsubscribe?u=8d2f1b3c4a5e6d7f8a9b0c1d2&amp;id=3c1a&amp;e=4f3a2b1c0d">unsubscribe from this list</a>.<br>
<a href="http://www.mailchimp.com/email-referral/?utm_source=freemium_newsletter"><img src="https://cdn-images.mailchimp.com/monkey_rewards/intuit-mc-rewards-text-dark.png" alt="Intuit Mailchimp" width="139"></a></td></tr>
</table></td></tr></table><img src="https://northwindcoffee.us5.list-manage.com/track/open.php?u=8d2f1b3c4a5e6d7f8a9b0c1d2&amp;id=3c1a&amp;e=4f3a2b1c0d" height="1" width="1" alt=""></body></html>"""
    build(H + "12_mailchimp_coffee_newsletter.eml", frm="Northwind Coffee Roasters <hello@northwindcoffee.example>",
          subject="☕ Holiday blend is back (+15% for members)", date="Thu, 13 Nov 2025 16:30:04 +0000",
          msgid="<d1c2b3a4e5f60718293a4b5c6.3c1a.4f3a2b1c0d@mail186.atl221.mcdlv.net>",
          received=[rcv("mail186.atl221.mcdlv.net", "198.2.186.186", "mx1.example.com", "Thu, 13 Nov 2025 16:30:05 +0000", "4Rr2")],
          dkim_domain="northwindcoffee.example",
          extra=[("Sender", "Northwind Coffee Roasters <hello=northwindcoffee.example@mail186.atl221.mcdlv.net>"),
                 ("List-Unsubscribe", "<https://northwindcoffee.us5.list-manage.com/unsubscribe?u=8d2f1b3c4a5e6d7f8a9b0c1d2&id=3c1a&e=4f3a2b1c0d&c=8f0a>, <mailto:unsubscribe-mc.us5_8d2f1b3c4a5e6d7f8a9b0c1d2.8f0a-4f3a2b1c0d@mailin.mcsv.net?subject=unsubscribe>"),
                 ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
                 ("List-Id", "8d2f1b3c4a5e6d7f8a9b0c1d2mc list <8d2f1b3c4a5e6d7f8a9b0c1d2.512347.list-id.mcsv.net>"),
                 ("X-Mailer", "Mailchimp Mailer - **CIDd1c2b3a4e5f6**"), ("Precedence", "bulk")],
          text="Holiday blend is back.\nShop now: " + mc(0) + "\n", html=html)


def sendgrid_product_update() -> None:
    def sg(i: int) -> str:
        return (f"https://u1234567.ct.sendgrid.net/ls/click?upn=u001.Qk9HVVMtVVBOLUZPUi1URVNUUy{i}1ub3QtYS1yZWFsLXRva2Vu"
                f"-2FZ3xQ{i}b8R_0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8")
    html = f"""<html><body style="font-family:ui-sans-serif"><table width="600" align="center">
<tr><td><img src="https://www.notion.so/images/logo-ios.png" width="36" alt="Notion"></td></tr>
<tr><td><h1>What's new in Notion: Mail, Forms and faster databases</h1>
<p>Hi Alex, here is what shipped in November.</p>
<h3>Notion Mail is here</h3><p>An inbox that organizes itself. <a href="{sg(1)}">Try Notion Mail</a></p>
<h3>Forms, now with conditional logic</h3><p>Build intake forms that branch. <a href="{sg(2)}">Learn more</a></p>
<h3>Databases load 2x faster</h3><p><a href="{sg(3)}">Read the engineering post</a></p>
<p><a href="{sg(4)}" style="background:#000;color:#fff;padding:10px 16px;border-radius:6px">Log in to Notion</a></p>
<p style="font-size:12px;color:#999">Notion Labs, Inc. 2300 Harrison St, San Francisco, CA 94110<br><a href="{sg(5)}">Unsubscribe</a> &middot; <a href="{sg(6)}">Email preferences</a></p>
</td></tr></table><img src="https://u1234567.ct.sendgrid.net/wf/open?upn=u001.b3Blbi1waXhlbA" width="1" height="1" alt=""></body></html>"""
    build(H + "13_notion_sendgrid_update.eml", frm="Notion Team <team@mail.notion.so>",
          subject="What's new in Notion: Mail, Forms and faster databases", date="Wed, 12 Nov 2025 17:05:00 +0000",
          msgid="<Qk9HVVMtTVNHSUQ.1a2b3c@geopod-ismtpd-12>",
          received=[rcv("o2.ptr1234.mail.notion.so", "149.72.120.33", "mx1.example.com", "Wed, 12 Nov 2025 17:05:01 +0000", "2Ww8")],
          dkim_domain="mail.notion.so",
          extra=[("List-Unsubscribe", f"<{sg(5)}>"), ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")],
          text="What's new in Notion.\nTry Notion Mail: " + sg(1) + "\n", html=html)


def linkedin_marketing() -> None:
    html = """<html><body><table width="512" align="center" style="font-family:-apple-system,system-ui,Roboto">
<tr><td><a href="https://www.linkedin.com/comm/feed/?lipi=urn%3Ali%3Apage%3Aemail_email_weekly_profile_views&amp;midToken=AQH2z&amp;trk=eml-email_weekly_profile_views-header-0-home_glimmer"><img src="https://static.licdn.com/aero-v1/sc/h/8fkga714vy9b2wk5auqo5reeb" alt="LinkedIn" width="84"></a></td></tr>
<tr><td><h2>Your profile was viewed by 14 people this week</h2>
<p>See who's looking at your profile, including recruiters at 3 companies.</p>
<p><a href="https://www.linkedin.com/comm/me/profile-views/?lipi=urn%3Ali%3Apage%3Aemail&amp;midToken=AQH2z&amp;trk=eml-email_weekly_profile_views-0-cta" style="background:#0a66c2;color:#fff;padding:10px 24px;border-radius:24px;text-decoration:none">Sign in to see who viewed</a></p>
<p>You appeared in 37 searches. Keep your account secure: <a href="https://www.linkedin.com/comm/psettings/sign-in-and-security?trk=eml-footer">review your sign-in settings</a>.</p>
<p style="font-size:12px;color:#666">This email was intended for Alex Morgan (Platform Engineer at Example Corp). <a href="https://www.linkedin.com/help/linkedin/answer/4788?lang=en&amp;trk=eml-footer">Learn why we included this.</a><br>
You are receiving LinkedIn notification emails. <a href="https://www.linkedin.com/comm/psettings/email-unsubscribe?lipi=urn%3Ali%3Apage%3Aemail&amp;midToken=AQH2z&amp;loid=AQF1">Unsubscribe</a> &middot; <a href="https://www.linkedin.com/help/linkedin/answer/67?trk=eml-footer">Help</a><br>&copy; 2025 LinkedIn Corporation, 1000 West Maude Avenue, Sunnyvale, CA 94085.</p></td></tr></table></body></html>"""
    build(H + "14_linkedin_profile_views.eml", frm="LinkedIn <notifications-noreply@linkedin.com>",
          subject="Alex, your profile was viewed by 14 people", date="Sun, 16 Nov 2025 13:11:20 +0000",
          msgid="<1203487651.5544321.1763298680123@lva1-app4567.prod.linkedin.com>",
          received=[rcv("mail-a-e.linkedin.com", "108.174.0.203", "mx1.example.com", "Sun, 16 Nov 2025 13:11:21 +0000", "7Ii6")],
          dkim_domain="linkedin.com",
          extra=[("List-Unsubscribe", "<https://www.linkedin.com/comm/psettings/email-unsubscribe?lipi=urn%3Ali&midToken=AQH2z>"),
                 ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")],
          text="Your profile was viewed by 14 people this week.\nhttps://www.linkedin.com/comm/me/profile-views/\n", html=html)


def internal_xlsx() -> None:
    text = """Hi Alex,

Attached is the Q3 vendor spend breakdown you asked for in Tuesday's sync. Tab "Q3" has the totals per
vendor; I flagged the three renewals coming up in January in yellow.

Can you double-check the hosting line? I think the reserved-instance discount is missing.

Thanks,
Priya

--
Priya Nair | Finance Operations | Example Corp
+1 215 555 0142
"""
    build(H + "15_internal_colleague_xlsx.eml", frm="Priya Nair <priya.nair@example.com>",
          subject="Q3 vendor spend - breakdown", date="Thu, 20 Nov 2025 11:02:37 -0500",
          msgid="<CAF3n8Yx1kq2Lr9+T4vQm7GzXh2JpZsW0aB=dQeC5@mail.example.com>",
          received=[rcv("mail.example.com", "198.51.100.10", "mx1.example.com", "Thu, 20 Nov 2025 16:02:38 +0000", "0Oo1")],
          dkim_domain="example.com", extra=[("X-Mailer", "Microsoft Outlook 16.0")], text=text,
          attachments=[(ooxml("xlsx"), "application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        "Q3_vendor_spend_v2.xlsx")])


def internal_pdf() -> None:
    text = """Team,

Here's the signed SOW for the relay migration (PDF). Kickoff is Monday at 10:00 in 4B.

Please read section 3 (acceptance criteria) before then; Tom will walk us through the rollback plan.

Dana
"""
    html = ("<div dir=\"ltr\">Team,<div><br></div><div>Here's the signed SOW for the relay migration (PDF). Kickoff is Monday at 10:00 in 4B.</div>"
            "<div><br></div><div>Please read section 3 (acceptance criteria) before then; Tom will walk us through the rollback plan.</div>"
            "<div><br></div><div>Dana</div></div>")
    doc = pdf(["STATEMENT OF WORK - Relay migration", "Example Corp / Contoso Consulting", "", "1. Scope",
               "2. Timeline", "3. Acceptance criteria", "", "Signed: D. Whitfield, CEO"])
    build(H + "16_internal_ceo_pdf.eml", frm="Dana Whitfield <dana.whitfield@example.com>",
          to="Platform Team <platform@example.com>",
          subject="Signed SOW - relay migration", date="Fri, 21 Nov 2025 09:48:12 -0500",
          msgid="<CAJ8xPq2m+Wk0aV1bN3=Lr5eYtZs7uHc9gFdXk2@mail.gmail.com>",
          received=[rcv("mail-ej1-f44.google.com", "209.85.218.44", "mx1.example.com", "Fri, 21 Nov 2025 14:48:13 +0000", "3Ll9")],
          dkim_domain="example.com", text=text, html=html,
          attachments=[(doc, "application", "pdf", "SOW_relay_migration_signed.pdf")])


def mailing_list() -> None:
    text = """On Tue, Nov 18, 2025 at 3:12 PM Sam Patel <sam@patel.example> wrote:
> Has anyone measured the cost of MTA-STS policy fetches at scale? We see
> a lot of repeated HTTPS fetches for the same policy id.

We cache by policy id and max_age, and only refetch when the TXT id changes.
In practice that is one fetch per domain per week for us. RFC 8461 section 3.3
is explicit that you should not refetch on every message.

The bigger issue was domains that publish max_age=86400 and then rotate the
id daily. We just log those.

--\x20
Lena Hoffmann
"""
    build(H + "17_mailing_list_post.eml", frm="Lena Hoffmann <lena@hoffmann.example>",
          to="mailops@lists.example",
          subject="Re: [mailop] MTA-STS policy fetch caching", date="Wed, 19 Nov 2025 08:30:51 +0100",
          msgid="<a7c9e1f3-5b2d-4e6f-8a0c-1d3e5f7a9b2c@hoffmann.example>",
          received=[rcv("lists.example", "203.0.113.25", "mx1.example.com", "Wed, 19 Nov 2025 07:30:55 +0000", "9Mm4")],
          dkim_domain="lists.example",
          extra=[("In-Reply-To", "<CAK9v2@patel.example>"), ("Reply-To", "mailops@lists.example"),
                 ("List-Id", "Mail operators <mailops.lists.example>"),
                 ("List-Post", "<mailto:mailops@lists.example>"),
                 ("List-Unsubscribe", "<https://lists.example/mailman/options/mailops>, <mailto:mailops-request@lists.example?subject=unsubscribe>"),
                 ("List-Archive", "<https://lists.example/pipermail/mailops/>"), ("Precedence", "list"),
                 ("Sender", "mailops <mailops-bounces@lists.example>")], text=text)


def personal() -> None:
    build(H + "18_personal_short.eml", frm="Jordan Lee <jordan.lee.pdx@gmail.com>",
          subject="sat?", date="Thu, 20 Nov 2025 19:44:02 -0800",
          msgid="<CAHx7+Qp9WzN2dfk3Lr1mB=Yv8tGs4Kc0eJhX5@mail.gmail.com>",
          received=[rcv("mail-pl1-f180.google.com", "209.85.214.180", "mx1.example.com", "Fri, 21 Nov 2025 03:44:03 +0000", "5Ss5")],
          dkim_domain="gmail.com",
          text="hey! still on for dinner saturday? thinking that thai place on 9th around 7. "
               "lmk if sam is coming so i can book for 4\n\nj\n\nSent from my iPhone\n")


def google_security_alert() -> None:
    html = """<html><body><table width="516" align="center" style="font-family:'Google Sans',Roboto,Arial;border:1px solid #dadce0;border-radius:8px">
<tr><td align="center"><img src="https://www.gstatic.com/images/branding/googlelogo/2x/googlelogo_color_74x24dp.png" width="74" alt="Google"></td></tr>
<tr><td align="center"><div style="font-size:24px">New sign-in to your account</div><div>alex.morgan@example.com</div></td></tr>
<tr><td>We noticed a new sign-in to your Google Account on a Windows device. If this was you, you don't need to do anything. If not, we'll help you secure your account.</td></tr>
<tr><td align="center"><a href="https://accounts.google.com/AccountChooser?Email=alex.morgan@example.com&amp;continue=https://myaccount.google.com/alert/nt/1763740000000?rfn%3D325%26rfnc%3D1%26eid%3D-4477%26et%3D0" style="background:#4184f3;color:#fff;padding:10px 24px;border-radius:5px;text-decoration:none">Check activity</a></td></tr>
<tr><td style="font-size:12px">You can also see security activity at<br><a href="https://myaccount.google.com/notifications">https://myaccount.google.com/notifications</a></td></tr>
<tr><td style="font-size:11px;color:rgba(0,0,0,.54)">You received this email to let you know about important changes to your Google Account and services.<br>&copy; 2025 Google LLC, 1600 Amphitheatre Parkway, Mountain View, CA 94043, USA</td></tr></table></body></html>"""
    build(H + "19_google_new_signin_alert.eml", frm="Google <no-reply@accounts.google.com>",
          subject="Security alert", date="Fri, 21 Nov 2025 16:06:40 +0000",
          msgid="<Y7mN2kQ0aR3bT6cU9dV1eW4fX@notifications.google.com>",
          received=[rcv("mail-sor-f69.google.com", "209.85.220.69", "mx1.example.com", "Fri, 21 Nov 2025 16:06:41 +0000", "4Gg8")],
          dkim_domain="accounts.google.com",
          text="New sign-in to your account\n\nWe noticed a new sign-in to your Google Account on a Windows device. "
               "If this was you, you don't need to do anything. If not, we'll help you secure your account.\n\n"
               "Check activity\nhttps://accounts.google.com/AccountChooser?Email=alex.morgan@example.com&continue=https://myaccount.google.com/alert/nt/1763740000000\n\n"
               "You can also see security activity at\nhttps://myaccount.google.com/notifications\n", html=html)


def microsoft_unusual_signin() -> None:
    text = """Microsoft account

Unusual sign-in activity

We detected something unusual about a recent sign-in to the Microsoft account al**n@example.com.

Sign-in details

Country/region: Germany
IP address: 203.0.113.77
Date: 11/21/2025 7:12 AM (UTC)
Platform: Windows
Browser: Firefox

Please go to your recent activity page to let us know whether or not this was you. If this wasn't you, we'll help you secure your account. If this was you, we'll trust similar activity in the future.

Review recent activity
https://account.live.com/Activity

To opt out or change where you receive security notifications, click here: https://account.live.com/SecurityNotifications/Update

Thanks,
The Microsoft account team
"""
    html = """<html><body><table dir="ltr"><tr><td style="font-family:'Segoe UI Semibold';font-size:17px;color:#707070">Microsoft account</td></tr>
<tr><td style="font-family:'Segoe UI Light';font-size:41px;color:#2672ec">Unusual sign-in activity</td></tr>
<tr><td>We detected something unusual about a recent sign-in to the Microsoft account <a dir="ltr" href="mailto:al**n@example.com">al**n@example.com</a>.</td></tr>
<tr><td><b>Sign-in details</b><br>Country/region: Germany<br>IP address: <a href="https://account.live.com/Activity">203.0.113.77</a><br>Date: 11/21/2025 7:12 AM (UTC)<br>Platform: Windows<br>Browser: Firefox</td></tr>
<tr><td>Please go to your recent activity page to let us know whether or not this was you. If this wasn't you, we'll help you secure your account. If this was you, we'll trust similar activity in the future.</td></tr>
<tr><td><a href="https://account.live.com/Activity" style="background:#2672ec;color:#fff;padding:5px 20px">Review recent activity</a></td></tr>
<tr><td>To opt out or change where you receive security notifications, <a href="https://account.live.com/SecurityNotifications/Update">click here</a>.</td></tr>
<tr><td>Thanks,<br>The Microsoft account team</td></tr></table></body></html>"""
    build(H + "20_microsoft_unusual_signin.eml",
          frm="Microsoft account team <account-security-noreply@accountprotection.microsoft.com>",
          subject="Microsoft account unusual sign-in activity", date="Fri, 21 Nov 2025 07:14:02 +0000",
          msgid="<QK4T1XJ9RVU4.2N8M0F7CZ1S3@BY1PEPF00012A7C>",
          received=[rcv("mail-bn8nam12on2087.outbound.protection.outlook.com", "40.107.237.87", "mx1.example.com",
                        "Fri, 21 Nov 2025 07:14:03 +0000", "6Ff7")],
          dkim_domain="accountprotection.microsoft.com", text=text, html=html)


def german_bahn() -> None:
    text = """Guten Tag Alex Morgan,

vielen Dank für Ihre Buchung. Im Anhang finden Sie Ihr Online-Ticket.

Auftragsnummer: 7Q3K9M
Hinfahrt: Fr, 28.11.2025, Frankfurt(Main)Hbf 08:54 -> Berlin Hbf 13:02, ICE 1092
Preis: 59,99 EUR (Super Sparpreis, 2. Klasse)

Bitte führen Sie das Ticket und einen gültigen Lichtbildausweis mit. Ihre Buchung können Sie
jederzeit in der App DB Navigator oder unter https://www.bahn.de/buchung/reiseuebersicht einsehen.

Gute Reise wünscht Ihnen
Ihre Deutsche Bahn

Deutsche Bahn Fernverkehr AG, Sitz Frankfurt am Main, Registergericht Frankfurt am Main HRB 83303
Impressum: https://www.bahn.de/impressum
"""
    html = """<html><body style="font-family:DBSans,Arial"><table width="600"><tr><td><img src="https://www.bahn.de/assets/db-logo.png" width="60" alt="DB"></td></tr>
<tr><td><h2>Ihre Buchungsbestätigung</h2><p>Guten Tag Alex Morgan,</p><p>vielen Dank für Ihre Buchung. Im Anhang finden Sie Ihr Online-Ticket.</p>
<p>Auftragsnummer: <b>7Q3K9M</b><br>Hinfahrt: Fr, 28.11.2025, Frankfurt(Main)Hbf 08:54 &rarr; Berlin Hbf 13:02, ICE 1092<br>Preis: 59,99 EUR</p>
<p><a href="https://www.bahn.de/buchung/reiseuebersicht?auftragsnummer=7Q3K9M" style="background:#ec0016;color:#fff;padding:10px 18px">Zur Reiseübersicht</a></p>
<p style="font-size:11px">Deutsche Bahn Fernverkehr AG &middot; <a href="https://www.bahn.de/impressum">Impressum</a> &middot; <a href="https://www.bahn.de/datenschutz">Datenschutz</a></p></td></tr></table></body></html>"""
    ticket = pdf(["DB Online-Ticket", "Auftragsnummer 7Q3K9M", "Frankfurt(Main)Hbf -> Berlin Hbf", "Fr 28.11.2025 ICE 1092",
                  "Super Sparpreis, 2. Klasse, 59,99 EUR"])
    build(H + "21_de_bahn_buchung.eml", frm="DB Fernverkehr <buchungsbestaetigung@bahn.de>",
          subject="Ihre Buchungsbestätigung (Auftrag 7Q3K9M)", date="Sat, 22 Nov 2025 10:05:33 +0100",
          msgid="<20251122100533.7Q3K9M.1@noreply.bahn.de>",
          received=[rcv("mout.bahn.de", "81.200.198.51", "mx1.example.com", "Sat, 22 Nov 2025 09:05:34 +0000", "8Dd2")],
          dkim_domain="bahn.de", text=text, html=html, attachments=[(ticket, "application", "pdf", "Ticket_7Q3K9M.pdf")])


def french_order() -> None:
    html = """<html><body style="font-family:Helvetica,Arial"><table width="600" align="center">
<tr><td><img src="https://static.fnac-static.com/multimedia/Images/logo-fnac.png" width="90" alt="Fnac"></td></tr>
<tr><td><h2>Votre commande est expédiée</h2><p>Bonjour Alex,</p>
<p>Bonne nouvelle : votre commande <b>n° 5F2K8Q1W</b> a été expédiée. Elle sera livrée en point relais entre le mardi 25 et le mercredi 26 novembre.</p>
<p><a href="https://clic.fnac.com/ct/?u=https%3A%2F%2Fsecure.fnac.com%2Forders%2F5F2K8Q1W%3Forigin%3Demail&amp;k=Rk5BQy1UUks" style="background:#e1a925;color:#000;padding:10px 20px">Suivre mon colis</a></p>
<p>Pour retrouver le détail de votre commande, connectez-vous à votre compte client sur <a href="https://clic.fnac.com/ct/?u=https%3A%2F%2Fwww.fnac.com%2Fcompte&amp;k=Rk5BQy1BQ0M">fnac.com</a>.</p>
<p style="font-size:11px;color:#777">Cet e-mail vous est envoyé automatiquement, merci de ne pas y répondre. Fnac Darty - 9 rue des Bateaux-Lavoirs, 94200 Ivry-sur-Seine.<br>
<a href="https://clic.fnac.com/ct/?u=https%3A%2F%2Fwww.fnac.com%2Fdesinscription&amp;k=Rk5BQy1VTlM">Se désinscrire</a></p></td></tr></table></body></html>"""
    build(H + "22_fr_fnac_expedition.eml", frm="Fnac.com <service-client@info.fnac.com>",
          subject="Votre commande n° 5F2K8Q1W est expédiée", date="Mon, 24 Nov 2025 08:12:45 +0100",
          msgid="<5F2K8Q1W.20251124081245.x8@info.fnac.com>",
          received=[rcv("mta-201.info.fnac.com", "185.47.20.201", "mx1.example.com", "Mon, 24 Nov 2025 07:12:46 +0000", "1Bb6")],
          dkim_domain="info.fnac.com",
          extra=[("List-Unsubscribe", "<https://clic.fnac.com/ct/?u=https%3A%2F%2Fwww.fnac.com%2Fdesinscription>")],
          text="Bonjour Alex,\nVotre commande n° 5F2K8Q1W a été expédiée.\nSuivre mon colis : https://secure.fnac.com/orders/5F2K8Q1W\n",
          html=html)


def spanish_bank() -> None:
    text = """Hola, Alex:

Ya tienes disponible tu extracto de la tarjeta terminada en 4417 correspondiente a octubre de 2025.

Importe a pagar: 312,48 EUR
Fecha de cargo: 5 de diciembre de 2025

Puedes consultarlo en la app BBVA o en bbva.es, en el apartado Tarjetas > Extractos.
Por tu seguridad, BBVA nunca te pedirá tus claves ni códigos por correo electrónico ni por teléfono.

Un saludo,
BBVA
"""
    html = """<html><body style="font-family:BentonSans,Arial"><table width="600" align="center"><tr><td>
<img src="https://www.bbva.es/content/dam/public-web/global/images/logos/logo_bbva_blanco.png" width="90" alt="BBVA"></td></tr>
<tr><td><p>Hola, Alex:</p><p>Ya tienes disponible tu extracto de la tarjeta terminada en <b>4417</b> correspondiente a octubre de 2025.</p>
<p>Importe a pagar: <b>312,48 EUR</b><br>Fecha de cargo: 5 de diciembre de 2025</p>
<p><a href="https://www.bbva.es/personas/area-cliente.html?utm_source=email&amp;utm_campaign=extracto" style="background:#1973b8;color:#fff;padding:12px 24px">Accede a tu cuenta</a></p>
<p style="font-size:11px">Por tu seguridad, BBVA nunca te pedirá tus claves ni códigos por correo electrónico ni por teléfono. Banco Bilbao Vizcaya Argentaria, S.A. Plaza de San Nicolás 4, 48005 Bilbao.</p></td></tr></table></body></html>"""
    build(H + "23_es_bbva_extracto.eml", frm="BBVA <bbva@comunicaciones.bbva.es>",
          subject="Tu extracto de octubre ya está disponible", date="Tue, 18 Nov 2025 07:30:00 +0100",
          msgid="<20251118073000.4417.extracto@comunicaciones.bbva.es>",
          received=[rcv("mail2.comunicaciones.bbva.es", "195.235.92.14", "mx1.example.com", "Tue, 18 Nov 2025 06:30:01 +0000", "2Cc1")],
          dkim_domain="comunicaciones.bbva.es", text=text, html=html)


def paypal_receipt() -> None:
    html = """<html><body><table width="600" align="center" style="font-family:PayPalOpen,'Helvetica Neue',Arial">
<tr><td><img src="https://www.paypalobjects.com/digitalassets/c/system-triggered-email/n/layout/images/paypal-rebranding/pp-logo-in-circle-2x.png" width="40" alt="PayPal"></td></tr>
<tr><td><h1 style="font-size:28px">You sent $64.00 USD to Jordan Lee</h1><p>Note: concert tickets, thanks!</p>
<p>Transaction ID: <a href="https://www.paypal.com/myaccount/transaction/details/7UX43218AB091552K">7UX43218AB091552K</a><br>Transaction date: November 19, 2025</p>
<p><a href="https://www.paypal.com/myaccount/transactions/?v=1&amp;utm_source=unp&amp;utm_medium=email" style="background:#003087;color:#fff;padding:10px 20px;border-radius:25px">View transaction details</a></p>
<p style="font-size:11px;color:#687173">Don't recognize this transaction? <a href="https://www.paypal.com/us/cshelp/contact-us">Contact us</a>.<br>
PayPal is located at 2211 North First Street, San Jose, CA 95131. Please don't reply to this email. To get in touch, click <b>Help &amp; Contact</b>.<br>
&copy;1999-2025 PayPal, Inc. All rights reserved. PayPal RT000186:en_US(en-US):1.1.0:5e7c2f1a4b9d0</p></td></tr></table></body></html>"""
    build(H + "24_paypal_payment_sent.eml", frm="service@paypal.com",
          subject="You sent a $64.00 USD payment", date="Wed, 19 Nov 2025 20:41:17 -0800",
          msgid="<PAYPAL-1763613677.7UX43218AB091552K@mx1.slc.paypal.com>",
          received=[rcv("mx0.slc.paypal.com", "173.0.84.226", "mx1.example.com", "Thu, 20 Nov 2025 04:41:18 +0000", "3Hh5")],
          dkim_domain="paypal.com", text="You sent $64.00 USD to Jordan Lee.\nTransaction ID 7UX43218AB091552K\n", html=html)


def docusign_completed() -> None:
    html = """<html><body style="background:#eaeaea"><table width="640" align="center" style="background:#fff;font-family:Helvetica,Arial">
<tr><td><img src="https://na3.docusign.net/Signing/Images/email/Email_Logo.png" width="116" alt="DocuSign"></td></tr>
<tr><td style="background:#1e4ca1;color:#fff;padding:28px"><p>Your document has been completed</p>
<p><a href="https://na3.docusign.net/Member/EmailStart.aspx?a=4f8c1e2a-9b3d-4c5e-8f7a-1b2c3d4e5f6a&amp;acct=2f1e3d4c-5b6a-7980-1a2b-3c4d5e6f7a8b&amp;er=0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d" style="background:#ffc820;color:#333;padding:12px 24px;border-radius:2px;text-decoration:none">VIEW COMPLETED DOCUMENT</a></p></td></tr>
<tr><td><p>All parties have completed Please DocuSign: Example Corp - Contoso MSA 2026.pdf.</p>
<p><b>Do Not Share This Email</b><br>This email contains a secure link to DocuSign. Please do not share this email, link, or access code with others.</p>
<p><b>About DocuSign</b><br>Sign documents electronically in just minutes. It's safe, secure, and legally binding.</p>
<p style="font-size:11px">If you have trouble signing, visit "<a href="https://support.docusign.com/s/articles/How-do-I-sign-a-DocuSign-document-Basic-Signing">How to Sign a Document</a>" on our <a href="https://support.docusign.com/">DocuSign Support Center</a>.<br>
This message was sent to you by Contoso Legal who is using the DocuSign Electronic Signature Service.</p></td></tr></table></body></html>"""
    build(H + "25_docusign_completed.eml", frm='"Contoso Legal via Docusign" <dse_NA3@docusign.net>',
          subject="Completed: Please DocuSign: Example Corp - Contoso MSA 2026.pdf", date="Mon, 24 Nov 2025 18:22:09 +0000",
          msgid="<a1f2e3d4c5b64789a0b1c2d3e4f5a6b7@docusign.net>",
          received=[rcv("mailna3.docusign.net", "64.207.219.13", "mx1.example.com", "Mon, 24 Nov 2025 18:22:10 +0000", "4Jj2")],
          dkim_domain="docusign.net", extra=[("Reply-To", "Contoso Legal <legal@contoso.example>")],
          text="All parties have completed Please DocuSign: Example Corp - Contoso MSA 2026.pdf.\n", html=html)


def sharepoint_share_safelinks() -> None:
    target = "https://contoso.sharepoint.com/:x:/s/Finance/EYk3Jq2mV1FHp8wBq5nY9tQBf2X0oHc7_k1nT9Zb3r4QpA?e=4fK2qL"
    html = f"""<html><body><table width="100%" style="font-family:'Segoe UI',sans-serif"><tr><td>
<p><b>Tom Becker</b> shared a file with you</p>
<table style="border:1px solid #ddd;padding:12px"><tr><td><img src="https://res-1.cdn.office.net/files/fabric-cdn-prod_20230815.002/assets/item-types/48/xlsx.png" width="48" alt=""></td>
<td>Here is the capacity model we discussed.<br><b>Relay capacity model FY26.xlsx</b></td></tr></table>
<p><a href="{safelink(target)}" originalsrc="{target}" style="background:#0078d4;color:#fff;padding:8px 20px;text-decoration:none">Open</a></p>
<p style="font-size:11px;color:#666">This link only works for the direct recipients of this message.<br>
<img src="https://res-1.cdn.office.net/files/fabric-cdn-prod_20230815.002/assets/brand-icons/product/png/microsoft_32x1.png" width="16" alt="Microsoft"> <a href="{safelink('https://privacy.microsoft.com/en-US/privacystatement')}">Privacy Statement</a></p>
</td></tr></table></body></html>"""
    build(H + "26_sharepoint_share_safelinks.eml", frm="Tom Becker (via SharePoint Online) <no-reply@sharepointonline.com>",
          subject='Tom Becker shared "Relay capacity model FY26" with you', date="Tue, 25 Nov 2025 13:40:11 +0000",
          msgid="<5b2a1c3d-4e6f-4a8b-9c0d-1e2f3a4b5c6d@odspnotify>",
          received=[rcv("mail-sn1nam02on2101.outbound.protection.outlook.com", "40.107.96.101", "mx1.example.com",
                        "Tue, 25 Nov 2025 13:40:12 +0000", "5Kk3")],
          dkim_domain="sharepointonline.com", extra=[("Reply-To", "Tom Becker <tom.becker@example.com>")],
          text=f"Tom Becker shared a file with you\nRelay capacity model FY26.xlsx\nOpen: {safelink(target)}\n", html=html)


def it_announcement_safelinks() -> None:
    text = f"""Hi all,

Reminder: the VPN client update (GlobalProtect 6.2) rolls out this Thursday. Nothing to do if your laptop is
managed; it installs itself overnight. You may be asked to sign in again Friday morning.

Release notes and FAQ: {safelink("https://wiki.example.com/it/vpn-6.2")}
Questions: open a ticket at {safelink("https://help.example.com/servicedesk/customer/portal/2")}

Thanks,
IT Service Desk
"""
    build(H + "27_internal_it_notice_safelinks.eml", frm="IT Service Desk <servicedesk@example.com>",
          to="All Staff <all-staff@example.com>",
          subject="VPN client update this Thursday", date="Mon, 24 Nov 2025 15:00:00 +0000",
          msgid="<DM6PR11MB4123A1B2C3D4E5F6@DM6PR11MB4123.namprd11.prod.outlook.com>",
          received=[rcv("mail-dm6nam11on2040.outbound.protection.outlook.com", "40.107.223.40", "mx1.example.com",
                        "Mon, 24 Nov 2025 15:00:01 +0000", "6Nn1")],
          dkim_domain="example.com", text=text)


def zoom_invite() -> None:
    text = """Tom Becker is inviting you to a scheduled Zoom meeting.

Topic: Relay cutover go/no-go
Time: Nov 26, 2025 04:00 PM Eastern Time (US and Canada)

Join Zoom Meeting
https://example.zoom.us/j/84512376690?pwd=bXh2Z0lQa2N6a0RzY1ZHaFp4ZzNvUT09

Meeting ID: 845 1237 6690
Passcode: 553812

---
One tap mobile
+13126266799,,84512376690#,,,,*553812# US (Chicago)
"""
    build(H + "28_zoom_invite_from_colleague.eml", frm="Tom Becker <tom.becker@example.com>",
          subject="Relay cutover go/no-go", date="Tue, 25 Nov 2025 10:12:30 -0500",
          msgid="<BN8PR11MB36669D4C1E2A@BN8PR11MB3666.namprd11.prod.outlook.com>",
          received=[rcv("mail.example.com", "198.51.100.10", "mx1.example.com", "Tue, 25 Nov 2025 15:12:31 +0000", "7Vv5")],
          dkim_domain="example.com", text=text)


def apple_receipt() -> None:
    html = """<html><body style="font-family:-apple-system,'SF Pro Text','Helvetica Neue'"><table width="640" align="center">
<tr><td><img src="https://www.apple.com/ac/globalnav/7/en_US/images/be15095f-5a20-57d0-ad14-cf4c638e223a/globalnav_apple_image__b5er5ngrzxqq_large.svg" width="22" alt="Apple"></td><td align="right"><b>Receipt</b></td></tr>
<tr><td colspan="2"><p>APPLE ACCOUNT alex.morgan@example.com<br>DATE Nov 15, 2025<br>ORDER ID MT4K2QX9PZ<br>DOCUMENT NO. 192837465012</p>
<p>iCloud+ with 200 GB storage &nbsp; Monthly &nbsp; $2.99<br>Renews Dec 15, 2025</p>
<p>TOTAL $2.99</p>
<p><a href="https://reportaproblem.apple.com/?s=6&amp;p=MT4K2QX9PZ">Report a Problem</a> &middot; <a href="https://apps.apple.com/account/subscriptions">Manage subscriptions</a></p>
<p style="font-size:10px;color:#888">Apple Account | <a href="https://www.apple.com/legal/itunes/us/terms.html">Terms of Sale</a> | <a href="https://www.apple.com/legal/privacy/">Privacy Policy</a><br>Copyright &copy; 2025 Apple Inc. One Apple Park Way, Cupertino, CA 95014, USA</p></td></tr></table></body></html>"""
    build(H + "29_apple_receipt.eml", frm="Apple <no_reply@email.apple.com>",
          subject="Your receipt from Apple.", date="Sat, 15 Nov 2025 23:51:02 -0800",
          msgid="<4F.B1.12345.ABCDEF12@mr85p00im-ztdg06021101.me.com>",
          received=[rcv("rn3-txn-msbadger07105.apple.com", "17.111.110.103", "mx1.example.com", "Sun, 16 Nov 2025 07:51:03 +0000", "8Xx0")],
          dkim_domain="email.apple.com", text="Receipt\nORDER ID MT4K2QX9PZ\niCloud+ with 200 GB storage $2.99\n", html=html,
          related=[(png_logo("Apple"), "apple-logo@apple.com", "image/png")])


def norton_renewal_receipt() -> None:
    html = """<html><body style="font-family:Arial,Helvetica"><table width="600" align="center"><tr><td>
<img src="https://static.norton.com/email/logo/norton-logo-2x.png" width="120" alt="Norton">
<h2>Your Norton 360 subscription has been renewed</h2>
<p>Hi Alex,</p>
<p>Thanks for staying protected. Your Norton 360 Deluxe subscription renewed automatically on November 24, 2025, and $119.99 has been charged to your Visa ending in 4417.</p>
<p>Order number: NU-55120987 &middot; Devices: 5 &middot; Next renewal: November 24, 2026</p>
<p>If you did not authorize this renewal, you can request a refund within 60 days at <a href="https://my.norton.com/extspa/refund?ref=rn_email">my.norton.com</a> or call us at 1-844-555-0131.</p>
<p><a href="https://my.norton.com/extspa/subscriptions?ref=rn_email" style="background:#ffe01a;color:#000;padding:10px 20px;text-decoration:none">Manage subscription</a></p>
<p style="font-size:11px;color:#666">Gen Digital Inc., 60 E Rio Salado Pkwy, Tempe, AZ 85281. <a href="https://www.norton.com/privacy">Privacy</a></p>
</td></tr></table></body></html>"""
    build(H + "30_norton_renewal_receipt.eml", frm="Norton <noreply@mail.norton.com>",
          subject="Your Norton 360 subscription has been renewed", date="Mon, 24 Nov 2025 10:02:13 +0000",
          msgid="<20251124100213.NU55120987@mail.norton.com>",
          received=[rcv("mta-120.mail.norton.com", "192.0.2.120", "mx1.example.com", "Mon, 24 Nov 2025 10:02:14 +0000", "N0r1")],
          dkim_domain="mail.norton.com", html=html)


def shop_receipt_paypal_phone() -> None:
    text = """Hi Alex,

Thanks for your order! Your order of 1 x Commuter Pannier Set (black) has been charged to your PayPal account.

Order #1043
Subtotal: $89.00
Shipping: $7.50
Total: $96.50

We ship within two business days. To cancel or change your order, call us at (503) 555-0182 or just reply to this email.

Harbor Bikes
2211 SE Division St, Portland OR
https://harborbikes.example/orders/1043
"""
    build(H + "31_shop_receipt_paypal_phone.eml", frm="Harbor Bikes <orders@harborbikes.example>",
          subject="Your Harbor Bikes order #1043", date="Sat, 22 Nov 2025 18:30:45 -0800",
          msgid="<order-1043.1763865045@harborbikes.example>",
          received=[rcv("outbound.shopmail.example", "198.51.100.90", "mx1.example.com", "Sun, 23 Nov 2025 02:30:46 +0000", "Hb43")],
          dkim_domain="harborbikes.example", text=text)


def personal_gym_cancel() -> None:
    text = """hey, heads up - the gym sent me a notice that our memberships will be renewed automatically on the 1st
and it will be charged to your card too since we signed up together. if you want to cancel, call the front desk at
(503) 555-0123 before friday, they won't do it by email.

m
"""
    build(H + "32_personal_gym_cancel.eml", frm="Maya Chen <maya.chen.pdx@gmail.com>",
          subject="gym renewal", date="Tue, 25 Nov 2025 20:14:33 -0800",
          msgid="<CAJ3x+Vn2TqY8mRk0pL7dW4s@mail.gmail.com>",
          received=[rcv("mail-pj1-f53.google.com", "209.85.216.53", "mx1.example.com", "Wed, 26 Nov 2025 04:14:34 +0000", "Gy53")],
          dkim_domain="gmail.com", text=text)


def dropbox_shared_folder() -> None:
    link = "https://www.dropbox.com/scl/fo/8k2m4q7x1z9c3v5b6n0p2/h?rlkey=7d3f9a1c5e2b8g4h6j0k1m3n5p&dl=0"
    html = f"""<html><body style="font-family:'Atlas Grotesk',Helvetica,Arial"><table width="560"><tr><td>
<img src="https://cfl.dropboxstatic.com/static/images/emails/glyph/glyph_34@2x.png" width="34" alt="Dropbox">
<p style="font-size:18px">Sam Ortiz shared &ldquo;Q4 Planning&rdquo; with you</p>
<p><a href="{link}" style="background:#0061fe;color:#fff;padding:10px 18px;border-radius:4px;text-decoration:none">Go to folder</a></p>
<p style="font-size:12px;color:#637282">Enjoy!<br>The Dropbox team</p>
<p style="font-size:11px;color:#637282">You received this email because Sam Ortiz shared a folder with you. <a href="https://www.dropbox.com/account/notifications">Manage notifications</a> &middot; Dropbox, Inc., PO Box 77767, San Francisco, CA 94107</p>
</td></tr></table></body></html>"""
    build(H + "33_dropbox_shared_folder.eml", frm="Sam Ortiz (via Dropbox) <no-reply@dropbox.com>",
          subject="Sam Ortiz shared \"Q4 Planning\" with you", date="Tue, 25 Nov 2025 15:02:44 +0000",
          msgid="<20251125150244.1a2b3c4d5e6f@dropbox.com>",
          received=[rcv("mail-sender-1.dropbox.com", "162.125.6.4", "mx1.example.com", "Tue, 25 Nov 2025 15:02:45 +0000", "Db33")],
          dkim_domain="dropbox.com", extra=[("Reply-To", "Sam Ortiz <sam.ortiz@northwind.example>")],
          text=f"Sam Ortiz shared \"Q4 Planning\" with you.\nGo to folder: {link}\n", html=html)


def airline_checkin() -> None:
    text = """Hi Alex,

It's time to check in for your flight.

Confirmation number: K7QZ2M
UA 1143  Philadelphia (PHL) to Denver (DEN)
Wednesday, December 3, 2025  Departs 7:15 AM

Check in now: https://www.united.com/en/us/checkin?cn=K7QZ2M&ln=MORGAN

Bags: your fare includes one carry-on bag. Checked bags are $40 for the first bag when you prepay.
Need help? Visit united.com/help or call 1-800-864-8331.

United Airlines
"""
    build(H + "34_airline_checkin.eml", frm="United Airlines <unitedairlines@news.united.com>",
          subject="Check in for your flight to Denver", date="Tue, 02 Dec 2025 07:16:02 +0000",
          msgid="<ci.K7QZ2M.20251202071602@news.united.com>",
          received=[rcv("mta12.news.united.com", "192.0.2.112", "mx1.example.com", "Tue, 02 Dec 2025 07:16:03 +0000", "Ua34")],
          dkim_domain="news.united.com", text=text)


def bank_statement_ready() -> None:
    html = """<html><body style="font-family:Arial"><table width="600"><tr><td>
<img src="https://www.chase.com/etc/designs/chase-ux/css/img/newheaderlogo.svg" width="120" alt="Chase">
<h3>Your credit card statement is ready</h3>
<p>Account ending in 4417</p>
<p>Statement balance: $1,284.19<br>Minimum payment due: $40.00<br>Payment due date: 12/21/2025</p>
<p>Sign in to chase.com or the Chase Mobile&reg; app to see your statement.</p>
<p><a href="https://secure.chase.com/web/auth/dashboard#/dashboard/documents/myDocs/index">See statement</a></p>
<p style="font-size:11px;color:#666">This service email was sent to you because you have a Chase account. Please don't reply to this automated message.<br>
&copy; 2025 JPMorgan Chase &amp; Co. <a href="https://www.chase.com/digital/resources/privacy-security">Privacy</a></p>
</td></tr></table></body></html>"""
    build(H + "35_chase_statement_ready.eml", frm="Chase <no.reply.alerts@chase.com>",
          subject="Your credit card statement is ready", date="Fri, 28 Nov 2025 11:05:31 +0000",
          msgid="<stmt.20251128110531.4417@alerts.chase.com>",
          received=[rcv("mailout2.chase.com", "159.53.110.81", "mx1.example.com", "Fri, 28 Nov 2025 11:05:32 +0000", "Ch35")],
          dkim_domain="chase.com", html=html)


def uber_receipt() -> None:
    text = """Thanks for riding, Alex

Total $23.40
Friday, November 21, 2025

Trip fare      $18.12
Booking fee     $2.79
Tip             $2.49

Payment: Visa ending in 4417
Pickup 6:42 PM  1200 Market St, Philadelphia
Dropoff 7:03 PM  30th Street Station

Rate or tip: https://riders.uber.com/trips/5c1d7e2a-8b3f-4a6e-9d0c-1f2e3a4b5c6d
Lost something? Visit help.uber.com

Uber Technologies, 1725 3rd Street, San Francisco, CA 94158
"""
    build(H + "36_uber_receipt.eml", frm="Uber Receipts <noreply@uber.com>",
          subject="Your Friday evening trip with Uber", date="Sat, 22 Nov 2025 00:04:12 +0000",
          msgid="<rcpt.5c1d7e2a8b3f@uber.com>",
          received=[rcv("o1.ptr4321.uber.com", "192.0.2.43", "mx1.example.com", "Sat, 22 Nov 2025 00:04:13 +0000", "Ub36")],
          dkim_domain="uber.com", text=text)


def slack_password_changed() -> None:
    text = """Hi Alex,

The password for your Slack account alex.morgan@example.com on the workspace examplecorp.slack.com
was changed on November 26, 2025 at 2:14 PM (EST) from Chrome on macOS.

If you made this change, you don't need to do anything.

If you didn't change your password, reset it right away: https://examplecorp.slack.com/forgot
and let your workspace admin know.

Cheers,
The team at Slack
"""
    build(H + "37_slack_password_changed.eml", frm="Slack <feedback@slack.com>",
          subject="Your Slack password has been changed", date="Wed, 26 Nov 2025 19:14:40 +0000",
          msgid="<0100018c-pwchange-7f3e@email.slack.com>",
          received=[rcv("a48-93.smtp-out.amazonses.com", "54.240.48.93", "mx1.example.com", "Wed, 26 Nov 2025 19:14:41 +0000", "Sl37")],
          dkim_domain="slack.com", text=text)


def zoom_recording() -> None:
    link = "https://examplecorp.zoom.us/rec/share/Xk2mQ7pL9vN4sT1bR8dC3fH6jW0yZ5aE"
    text = f"""Hi Alex Morgan,

Your cloud recording is now available.

Topic: Weekly product sync
Date: Nov 24, 2025 10:00 AM Eastern Time (US and Canada)

Share recording with viewers:
{link}

Passcode: 7c#Qm2!p

Thank you for choosing Zoom.
-The Zoom Team
"""
    build(H + "38_zoom_recording_ready.eml", frm="Zoom <no-reply@zoom.us>",
          subject="Cloud Recording - Weekly product sync is now available", date="Mon, 24 Nov 2025 16:21:08 +0000",
          msgid="<rec.20251124162108.abc123@zoom.us>",
          received=[rcv("mx-out-2.zoom.us", "170.114.10.74", "mx1.example.com", "Mon, 24 Nov 2025 16:21:09 +0000", "Zm38")],
          dkim_domain="zoom.us", text=text)


def all_ham() -> None:
    for f in (amazon_order, ups_shipping, github_password_reset, microsoft_2fa_code, saas_invoice, calendar_invite,
              github_pr, gitlab_pipeline, jira, slack_digest, substack_newsletter, mailchimp_newsletter,
              sendgrid_product_update, linkedin_marketing, internal_xlsx, internal_pdf, mailing_list, personal,
              google_security_alert, microsoft_unusual_signin, german_bahn, french_order, spanish_bank, paypal_receipt,
              docusign_completed, sharepoint_share_safelinks, it_announcement_safelinks, zoom_invite, apple_receipt,
              norton_renewal_receipt, shop_receipt_paypal_phone, personal_gym_cancel, dropbox_shared_folder,
              airline_checkin, bank_statement_ready, uber_receipt, slack_password_changed, zoom_recording):
        f()
