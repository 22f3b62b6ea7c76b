"""The anti-open-relay decisions, each trick taken from the raw RCPT/MAIL argument to the reply."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable

import pytest

from relaywarden.policy.address import AddressError, Mailbox, parse_path, quote_local
from relaywarden.policy.relay import (
    Decision,
    SenderDecision,
    decide_recipient,
    decide_sender,
    routing_characters,
)

LOCAL = frozenset({"local.test"})
RELAY = frozenset({"relay.test"})


def rcpt(arg: str, *, trusted: bool = False, authenticated: bool = False) -> Decision:
    mailbox, _ = parse_path(arg, null_allowed=False)
    assert mailbox is not None
    return decide_recipient(
        mailbox, local_domains=LOCAL, relay_domains=RELAY, trusted=trusted, authenticated=authenticated
    )


def stranger(arg: str) -> Decision:
    return rcpt(arg)


def trusted(arg: str) -> Decision:
    return rcpt(arg, trusted=True)


def authenticated(arg: str) -> Decision:
    return rcpt(arg, authenticated=True)


def assert_relay_denied(decision: Decision) -> None:
    assert not decision.accepted
    assert (decision.code, decision.status) == (554, "5.7.1")
    assert decision.reply.startswith("554 5.7.1 ")
    assert "Relay access denied" in decision.text


# --- plain destinations ----------------------------------------------------------------------


def test_local_recipient_accepted_from_anyone() -> None:
    decision = stranger("<user@local.test>")
    assert decision == Decision(True, 250, "2.1.5", "OK", "local")
    assert decision.reply == "250 2.1.5 OK"


def test_relay_domain_recipient_accepted_from_anyone() -> None:
    assert stranger("<user@relay.test>") == Decision(True, 250, "2.1.5", "OK", "relay")


def test_remote_recipient_refused_from_a_stranger() -> None:
    decision = stranger("<user@remote.test>")
    assert_relay_denied(decision)
    assert decision.destination == "remote"
    assert decision.reply == "554 5.7.1 <user@remote.test>: Relay access denied"


@pytest.mark.parametrize("who", [trusted, authenticated])
def test_remote_recipient_accepted_from_trusted_or_authenticated(who: Callable[[str], Decision]) -> None:
    assert who("<user@remote.test>") == Decision(True, 250, "2.1.5", "OK", "remote")


def test_local_wins_when_a_domain_is_listed_twice() -> None:
    mailbox = Mailbox("user", "local.test")
    decision = decide_recipient(
        mailbox, local_domains=LOCAL, relay_domains=LOCAL, trusted=False, authenticated=False
    )
    assert decision.destination == "local"


# --- routing characters in the local part ----------------------------------------------------


@pytest.mark.parametrize(
    ("arg", "char", "name"),
    [
        ("<user%remote.test@local.test>", "%", "percent hack"),
        ("<user%remote.test@relay.test>", "%", "percent hack"),
        ("<remote.test!user@local.test>", "!", "bang path"),
        ('<"user@remote.test"@local.test>', "@", "quoted '@'"),
        ('<"user%remote.test"@local.test>', "%", "percent hack"),
        ('<"remote.test:user"@local.test>', ":", "quoted route"),
    ],
)
def test_routing_trick_refused_from_a_stranger_and_named(arg: str, char: str, name: str) -> None:
    decision = stranger(arg)
    assert not decision.accepted
    assert (decision.code, decision.status) == (554, "5.7.1")
    assert f"{char!r} in the local part ({name}" in decision.text
    assert decision.destination in ("local", "relay")


@pytest.mark.parametrize(
    ("arg", "local"),
    [
        ("<user%remote.test@local.test>", "user%remote.test"),
        ("<remote.test!user@local.test>", "remote.test!user"),
        ('<"user@remote.test"@local.test>', "user@remote.test"),
        ('<"remote.test:user"@local.test>', "remote.test:user"),
    ],
)
@pytest.mark.parametrize("who", [trusted, authenticated])
def test_routing_trick_accepted_from_trusted_or_authenticated(
    arg: str, local: str, who: Callable[[str], Decision]
) -> None:
    # The trick is kept in the local part exactly as the router will see it, unquoted.
    mailbox, _ = parse_path(arg, null_allowed=False)
    assert mailbox is not None and mailbox.local == local
    assert who(arg) == Decision(True, 250, "2.1.5", "OK", "local")


def test_routing_trick_to_a_remote_domain_is_plain_relay_denial() -> None:
    assert_relay_denied(stranger("<user%local.test@remote.test>"))


@pytest.mark.parametrize(
    ("local", "found"),
    [
        ("user", None),
        ("first.last+tag", None),
        ("user%remote", "%"),
        ("remote!user", "!"),
        ("user@remote", "@"),
        ("remote:user", ":"),
        ("a!b%c", "%"),  # several: the first in the order % ! @ : is named
    ],
)
def test_routing_characters(local: str, found: str | None) -> None:
    assert routing_characters(Mailbox(local, "local.test")) == found


def test_bang_path_without_domain_never_reaches_a_decision() -> None:
    with pytest.raises(AddressError, match="no domain") as info:
        parse_path("<remote.test!user>", null_allowed=False)
    assert info.value.code == 553


def test_multiple_at_signs_never_reach_a_decision() -> None:
    with pytest.raises(AddressError, match="more than one '@'"):
        parse_path("<user@remote.test@local.test>", null_allowed=False)


# --- source routes: the decision is on the final mailbox -------------------------------------


def test_source_route_through_us_to_a_remote_mailbox_is_refused() -> None:
    assert_relay_denied(stranger("<@local.test:user@remote.test>"))


def test_source_route_through_a_remote_host_to_us_is_local() -> None:
    assert stranger("<@remote.test:user@local.test>") == Decision(True, 250, "2.1.5", "OK", "local")


# --- domain look-alikes, case, trailing dot --------------------------------------------------


@pytest.mark.parametrize(
    "arg",
    [
        "<user@evil-local.test>",
        "<user@local.test.evil.com>",
        "<user@sub.local.test>",
        "<user@xlocal.test>",
        "<user@local.tes>",
        "<user@relay.test.evil.com>",
        "<user@sub.relay.test>",
    ],
)
def test_look_alike_domains_are_remote(arg: str) -> None:
    assert_relay_denied(stranger(arg))


@pytest.mark.parametrize("arg", ["<USER@LOCAL.TEST>", "<user@Local.Test>", "<user@local.test.>"])
def test_case_and_trailing_dot_still_local(arg: str) -> None:
    assert stranger(arg) == Decision(True, 250, "2.1.5", "OK", "local")


def test_double_trailing_dot_never_reaches_a_decision() -> None:
    with pytest.raises(AddressError, match="empty label"):
        parse_path("<user@local.test..>", null_allowed=False)


def test_configured_domains_compared_without_case() -> None:
    decision = decide_recipient(
        Mailbox("user", "local.test"),
        local_domains=frozenset({"LOCAL.Test"}),
        relay_domains=frozenset(),
        trusted=False,
        authenticated=False,
    )
    assert decision.destination == "local"


# --- IP literals -----------------------------------------------------------------------------


@pytest.mark.parametrize("arg", ["<user@[192.0.2.1]>", "<user@[IPv6:2001:db8::1]>"])
def test_ip_literal_is_never_local(arg: str) -> None:
    mailbox, _ = parse_path(arg, null_allowed=False)
    assert mailbox is not None
    listed = frozenset({mailbox.domain, "local.test"})
    decision = decide_recipient(
        mailbox, local_domains=listed, relay_domains=listed, trusted=False, authenticated=False
    )
    assert_relay_denied(decision)


def test_ip_literal_accepted_as_remote_from_trusted() -> None:
    assert trusted("<user@[192.0.2.1]>") == Decision(True, 250, "2.1.5", "OK", "remote")


@pytest.mark.parametrize(
    "arg", ["<user@[192.0.2.300]>", "<user@[IPv6:2001:db8::zz]>", "<user@[2001:db8::1]>"]
)
def test_invalid_ip_literal_never_reaches_a_decision(arg: str) -> None:
    with pytest.raises(AddressError) as info:
        parse_path(arg, null_allowed=False)
    assert info.value.code == 553


# --- postmaster ------------------------------------------------------------------------------


def test_bare_postmaster_is_local_for_anyone() -> None:
    assert stranger("<Postmaster>") == Decision(True, 250, "2.1.5", "OK", "local")


def test_postmaster_of_a_remote_domain_is_not_special() -> None:
    assert_relay_denied(stranger("<postmaster@remote.test>"))


def test_hand_built_mailbox_without_domain_is_refused() -> None:
    decision = decide_recipient(
        Mailbox("user", ""), local_domains=LOCAL, relay_domains=RELAY, trusted=True, authenticated=True
    )
    assert not decision.accepted
    assert decision.reply == "553 5.1.3 Recipient address has no domain"


# --- refusals from the parser: never a 250 ---------------------------------------------------


@pytest.mark.parametrize(
    ("arg", "status"),
    [
        ("<" + "a" * 65 + "@local.test>", "5.1.3"),
        ("<user@" + ".".join(["a" * 63] * 4) + "a>", "5.1.3"),
        ("<üser@local.test>", "5.6.7"),
        ("<user@lökal.test>", "5.6.7"),
        ("<user@local.test>\r\nDATA", "5.1.3"),
        ("<us\x00er@local.test>", "5.1.3"),
    ],
)
def test_oversized_non_ascii_and_control_refused_before_policy(arg: str, status: str) -> None:
    with pytest.raises(AddressError) as info:
        parse_path(arg, null_allowed=False)
    assert info.value.status == status
    assert info.value.code in (501, 553)


# --- senders ---------------------------------------------------------------------------------

GRANTS: dict[str, list[str]] = {
    "alice": ["alice@example.com", "@shared.example.com"],
    "printer": ["scanner@example.com"],
    "bob@example.com": [],
    "carol": ["not an address", "@bad..domain", "@"],
}


def mail_from(arg: str, auth_user: str | None) -> SenderDecision:
    mailbox, _ = parse_path(arg, null_allowed=True)
    return decide_sender(mailbox, auth_user=auth_user, grants=GRANTS, local_domains=LOCAL)


def assert_not_owned(decision: SenderDecision, user: str) -> None:
    assert not decision.accepted
    assert (decision.code, decision.status) == (553, "5.7.1")
    assert decision.text.endswith(f"Sender address rejected: not owned by user {user}")


@pytest.mark.parametrize("user", [None, "alice", "nobody"])
def test_null_sender_accepted(user: str | None) -> None:
    # Authenticated servers send bounces and delivery reports with MAIL FROM:<>.
    decision = mail_from("<>", user)
    assert decision == SenderDecision(True, 250, "2.1.0", "OK", claims_local_domain=False)
    assert decision.reply == "250 2.1.0 OK"


def test_unauthenticated_local_sender_is_accepted_but_flagged() -> None:
    decision = mail_from("<ceo@LOCAL.test>", None)
    assert decision.accepted
    assert decision.claims_local_domain


@pytest.mark.parametrize("arg", ["<someone@remote.test>", "<ceo@sub.local.test>", "<ceo@[192.0.2.1]>"])
def test_unauthenticated_foreign_sender_is_not_flagged(arg: str) -> None:
    decision = mail_from(arg, None)
    assert decision.accepted
    assert not decision.claims_local_domain


@pytest.mark.parametrize(
    ("user", "arg"),
    [
        ("alice", "<alice@example.com>"),
        ("alice", "<Alice@EXAMPLE.com.>"),  # local part and domain compared without case
        ("alice", "<anyone@shared.example.com>"),
        ("alice", "<Anyone@Shared.Example.Com>"),
        ("printer", "<scanner@example.com>"),
        ("bob@example.com", "<bob@example.com>"),  # a login that is an address owns it
        ("bob@example.com", "<BOB@example.com>"),
    ],
)
def test_granted_sender_accepted(user: str, arg: str) -> None:
    decision = mail_from(arg, user)
    assert decision == SenderDecision(True, 250, "2.1.0", "OK", claims_local_domain=False)


@pytest.mark.parametrize(
    ("user", "arg"),
    [
        ("alice", "<bob@example.com>"),
        ("alice", "<alice@sub.shared.example.com>"),  # a domain grant does not cover subdomains
        ("alice", "<alice@example.com.evil.test>"),
        ("alice", '<"alice@example.com"@evil.test>'),
        ("alice", "<alice%example.com@evil.test>"),
        ("alice", "<alice@[192.0.2.1]>"),
        ("printer", "<printer@example.com>"),
        ("bob@example.com", "<bob@example.org>"),
        ("carol", "<carol@local.test>"),  # malformed grants grant nothing
        ("mallory", "<alice@example.com>"),  # no grants at all
        ("mallory", "<mallory@local.test>"),
    ],
)
def test_ungranted_sender_refused(user: str, arg: str) -> None:
    assert_not_owned(mail_from(arg, user), user)


def test_refusal_names_the_address() -> None:
    decision = mail_from("<bob@example.com>", "alice")
    assert decision.reply == ("553 5.7.1 <bob@example.com>: Sender address rejected: not owned by user alice")


# --- property: a stranger never gets a 250 for anything but a clean local/relay address ------

if importlib.util.find_spec("hypothesis") is None:

    def test_relay_property_needs_hypothesis() -> None:
        pytest.skip("hypothesis is not installed")

else:
    from hypothesis import given
    from hypothesis import strategies as st

    # Built from pieces so that most examples parse and reach the decision.
    _LOCALS = st.text(st.sampled_from(list('abcXYZ.%!@:"\\+-_ ')), min_size=1, max_size=12)
    _DOMAINS = st.sampled_from(
        [
            "local.test",
            "LOCAL.test.",
            "relay.test",
            "sub.local.test",
            "local.test.evil.test",
            "evil-local.test",
            "remote.test",
            "[192.0.2.1]",
            "[IPv6:2001:db8::1]",
            "local.test..",
            "",
        ]
    )
    _ROUTES = st.sampled_from(["", "@local.test:", "@remote.test:", "@a.test,@relay.test:"])

    @st.composite
    def _paths(draw: st.DrawFn) -> str:
        local = draw(_LOCALS)
        if draw(st.booleans()):
            local = quote_local(local)
        return f"<{draw(_ROUTES)}{local}@{draw(_DOMAINS)}>"

    @given(_paths() | st.text(st.sampled_from(list('<>@"[]:.%!ulocaLtes')), max_size=30))
    def test_stranger_never_relays(arg: str) -> None:
        try:
            mailbox, _ = parse_path(arg, null_allowed=False)
        except AddressError:
            return
        assert mailbox is not None
        decision = decide_recipient(
            mailbox, local_domains=LOCAL, relay_domains=RELAY, trusted=False, authenticated=False
        )
        if decision.accepted:
            assert decision.code == 250
            assert not mailbox.is_literal
            bare_postmaster = mailbox.domain == "" and mailbox.local == "postmaster"
            assert mailbox.domain in LOCAL | RELAY or bare_postmaster
            assert routing_characters(mailbox) is None
        else:
            assert decision.code >= 500
