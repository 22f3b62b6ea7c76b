"""The configuration: embedded defaults, the documented example, every kind of bad input
(each error must name the key and the problem), path resolution, the insecure-settings
warnings, and `relaywarden check-config` run as a real process."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import get_origin

import pytest

from relaywarden.config import Config, ConfigError, insecure_settings, load_config, parse_config

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "docs" / "relaywarden.example.toml"


def write(tmp_path: Path, text: str, name: str = "relaywarden.toml") -> Path:
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    return f


def load_error(tmp_path: Path, text: str) -> str:
    f = write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_config(f)
    return str(info.value)


def listener(name: str = "mx", role: str = "inbound", address: str = "0.0.0.0", port: object = 25) -> str:
    port_toml = f'"{port}"' if isinstance(port, str) else str(port)
    return f'[[listeners]]\nname = "{name}"\nrole = "{role}"\naddress = "{address}"\nport = {port_toml}\n'


# --- embedded defaults ------------------------------------------------------------------------


def test_embedded_defaults() -> None:
    cfg = load_config(None)
    assert [(lst.name, lst.role, lst.address, lst.port) for lst in cfg.listeners] == [
        ("inbound", "inbound", "127.0.0.1", 2525),
        ("submission", "submission", "127.0.0.1", 2587),
        ("submissions", "submissions", "127.0.0.1", 2465),
    ]
    assert cfg.server.hostname == "relaywarden.localhost"
    assert cfg.data_dir == Path("relaywarden-data")
    assert cfg.database.url == ""
    assert cfg.database_url == f"sqlite:///{(Path('relaywarden-data') / 'state.db').resolve()}"
    assert cfg.tls.cert_file is None and cfg.tls.key_file is None  # self-signed, generated
    assert cfg.tls.min_version == "1.2"
    assert cfg.auth.require_tls is True
    assert cfg.auth.senders == {}
    assert cfg.relay.local_domains == ["relaywarden.localhost"]
    assert cfg.relay.relay_domains == []
    assert cfg.relay.trusted_networks == ["127.0.0.0/8", "::1/128"]
    assert cfg.limits.max_message_size == 25 * 1024 * 1024
    assert cfg.protocol.bare_newline == "reject"
    assert cfg.delivery.tls == "opportunistic"
    assert cfg.delivery.smarthost is None
    assert cfg.delivery.transport == {}
    assert cfg.dns.nameservers == []
    assert insecure_settings(cfg) == []


def test_empty_file_gives_the_defaults_with_data_dir_beside_it(tmp_path: Path) -> None:
    cfg = load_config(write(tmp_path, "# nothing set\n"))
    defaults = load_config(None)
    assert cfg.data_dir == tmp_path / "relaywarden-data"
    assert cfg.database_url == f"sqlite:///{tmp_path / 'relaywarden-data' / 'state.db'}"
    assert cfg.model_dump(exclude={"server"}) == defaults.model_dump(exclude={"server"})


def test_a_section_given_replaces_only_the_keys_written(tmp_path: Path) -> None:
    cfg = load_config(write(tmp_path, "[limits]\nmax_recipients = 50\n"))
    assert cfg.limits.max_recipients == 50
    assert cfg.limits.max_message_size == 26_214_400


def test_lists_given_replace_the_default_list(tmp_path: Path) -> None:
    cfg = load_config(write(tmp_path, '[relay]\ntrusted_networks = ["192.168.10.0/24"]\n' + listener()))
    assert cfg.relay.trusted_networks == ["192.168.10.0/24"]  # loopback is no longer trusted
    assert [lst.name for lst in cfg.listeners] == ["mx"]


# --- the documented example -------------------------------------------------------------------


def test_example_file_loads_and_is_safe() -> None:
    cfg = load_config(EXAMPLE)
    assert cfg.server.hostname == "mx.example.org"
    assert [(lst.role, lst.address, lst.port) for lst in cfg.listeners] == [
        ("inbound", "0.0.0.0", 25),
        ("submission", "0.0.0.0", 587),
        ("submissions", "0.0.0.0", 465),
    ]
    assert cfg.relay.local_domains == ["example.org"]
    assert "192.168.10.0/24" in cfg.relay.trusted_networks
    assert cfg.delivery.transport == {"example.org": "smtp:10.0.0.5:25"}
    assert cfg.auth.senders["scanner"] == ["scanner@example.org"]
    assert cfg.delivery.smarthost is None
    assert insecure_settings(cfg) == []


def test_example_smarthost_block_is_valid_when_uncommented(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    block = re.search(r"^# \[delivery\.smarthost\]\n(?:^# .*\n)+", text, re.MULTILINE)
    assert block is not None
    enabled = text.replace(block.group(0), re.sub(r"^# ", "", block.group(0), flags=re.MULTILINE))
    cfg = load_config(write(tmp_path, enabled))
    assert cfg.delivery.smarthost is not None
    assert cfg.delivery.smarthost.host == "smtp.provider.example"
    assert cfg.delivery.smarthost.tls == "required"
    assert insecure_settings(cfg) == []


def test_example_documents_every_section() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    for section in Config.model_fields:
        assert re.search(rf"^#? ?\[\[?{section}[\].]", text, re.MULTILINE), section


def test_reference_documents_every_option() -> None:
    """docs/configuration.md names every option of every section."""
    doc = (REPO / "docs" / "configuration.md").read_text(encoding="utf-8")
    from pydantic import BaseModel

    def walk(model: type[BaseModel], prefix: str) -> list[str]:
        """Sections as "[a.b]", options as "`name`", the way the reference writes them."""
        keys: list[str] = []
        for name, field in model.model_fields.items():
            ann = field.annotation
            subs = [s for s in (ann, *getattr(ann, "__args__", ())) if isinstance(s, type)]
            models = [s for s in subs if issubclass(s, BaseModel)]
            if get_origin(ann) is dict:  # a free-form table (auth.senders): documented as a section
                keys.append(f"[{prefix}{name}]")
            elif not models:
                keys.append(f"`{name}`")
            for sub in models:
                keys.append(f"[{prefix}{name}]")
                keys += walk(sub, f"{prefix}{name}.")
        return keys

    missing = [k for k in walk(Config, "") if k not in doc]
    assert missing == []


# --- bad input: each error names the key and the problem --------------------------------------

BAD: list[tuple[str, str, str, str]] = [
    # (id, toml, key, problem)
    ("scan thresholds out of order", "[scan.thresholds]\nquarantine = 20.0\nreject = 15.0\n", "scan.thresholds",
     "must not be below"),
    ("DLP pattern that is no regex", '[[scan.dlp.patterns]]\nname = "ssn"\nregex = "("\n',
     "scan.dlp.patterns.0.regex", "not a valid regular expression"),
    ("negative MIME bound", "[scan.mime]\nmax_parts = -1\n", "scan.mime.max_parts", "greater than or equal"),
    ("list entry that can never match", '[[scan.lists.block]]\nkind = "ip"\nvalue = "nope"\n',
     "scan.lists.block.0", "not an IP address"),
    ("unknown top-level section", '[sever]\nhostname = "mx.example.org"\n', "sever", "unknown key"),
    ("unknown top-level key", "workers = 4\n", "workers", "unknown key"),
    ("unknown nested key", '[relay]\ntrusted_network = ["10.0.0.0/8"]\n', "relay.trusted_network",
     "unknown key"),
    ("unknown key two levels down", "[auth.lockout]\nmax_failure = 3\n", "auth.lockout.max_failure",
     "unknown key"),
    ("unknown key in a listener", listener() + "tls = true\n", "listeners.0.tls", "unknown key"),
    ("string for int", listener(port="smtp"), "listeners.0.port", "valid integer"),
    ("string with unit for int", '[limits]\nmax_message_size = "25M"\n', "limits.max_message_size",
     "valid integer"),
    ("fraction for int", "[limits]\nmax_recipients = 2.5\n", "limits.max_recipients", "integer"),
    ("list for string", '[server]\nhostname = ["mx.example.org"]\n', "server.hostname", "valid string"),
    ("number for string", "[server]\nhostname = 25\n", "server.hostname", "valid string"),
    ("string for list", '[relay]\ntrusted_networks = "10.0.0.0/8"\n', "relay.trusted_networks",
     "valid list"),
    ("word for bool", '[auth]\nrequire_tls = "maybe"\n', "auth.require_tls", "valid boolean"),
    ("unquoted TLS version", "[tls]\nmin_version = 1.2\n", "tls.min_version", "'1.2'"),
    ("unknown choice", '[delivery]\ntls = "always"\n', "delivery.tls",
     "'opportunistic', 'required' or 'none'"),
    ("unknown role", listener(role="relay"), "listeners.0.role", "'inbound', 'submission' or 'submissions'"),
    ("unknown mechanism", '[auth]\nmechanisms = ["CRAM-MD5"]\n', "auth.mechanisms.0", "'PLAIN' or 'LOGIN'"),
    ("missing required key", '[[listeners]]\nname = "mx"\nrole = "inbound"\n', "listeners.0.port",
     "Field required"),
    ("smarthost without host", "[delivery.smarthost]\nport = 587\n", "delivery.smarthost.host",
     "Field required"),
    ("port 0", listener(port=0), "listeners.0.port", "greater than or equal to 1"),
    ("port 70000", listener(port=70000), "listeners.0.port", "less than or equal to 65535"),
    ("smarthost username without password_file",
     '[delivery.smarthost]\nhost = "smtp.example.net"\nusername = "gw"\n', "delivery.smarthost",
     "username is set but password_file is not"),
    ("smarthost port 70000", '[delivery.smarthost]\nhost = "smtp.example.net"\nport = 70000\n',
     "delivery.smarthost.port", "less than or equal to 65535"),
    ("negative size", "[limits]\nmax_message_size = -1\n", "limits.max_message_size",
     "greater than or equal to 0"),
    ("zero recipients", "[limits]\nmax_recipients = 0\n", "limits.max_recipients",
     "greater than or equal to 1"),
    ("negative timeout", "[limits]\ncommand_timeout = -5\n", "limits.command_timeout", "greater than 0"),
    ("negative cache", "[dns]\ncache_size = -1\n", "dns.cache_size", "greater than or equal to 0"),
    ("command line below RFC minimum", "[limits]\nmax_command_line = 100\n", "limits.max_command_line",
     "greater than or equal to 512"),
    ("retry_max < retry_initial", "[queue]\nretry_initial = 600\nretry_max = 60\n", "queue",
     "retry_max must not be smaller than retry_initial"),
    ("CIDR with host bits", '[relay]\ntrusted_networks = ["10.0.0.1/8"]\n', "relay.trusted_networks",
     "'10.0.0.1/8' is not a network in CIDR form (10.0.0.1/8 has host bits set)"),
    ("CIDR prefix 33", '[relay]\ntrusted_networks = ["10.0.0.0/33"]\n', "relay.trusted_networks",
     "'10.0.0.0/33' is not a network in CIDR form"),
    ("CIDR that is a name", '[relay]\ntrusted_networks = ["office"]\n', "relay.trusted_networks",
     "'office' is not a network in CIDR form"),
    ("listener on a host name", listener(address="localhost"), "listeners.0.address",
     "'localhost' is not an IP address"),
    ("listener on a bad IPv4 address", listener(address="256.1.1.1"), "listeners.0.address",
     "'256.1.1.1' is not an IP address"),
    ("cert_file without key_file", '[tls]\ncert_file = "cert.pem"\n', "tls",
     "cert_file and key_file must be set together"),
    ("key_file without cert_file", '[tls]\nkey_file = "key.pem"\n', "tls",
     "cert_file and key_file must be set together"),
    ("duplicate listener address/port", listener("a") + listener("b"), "listeners",
     "two listeners on 0.0.0.0:25"),
    ("duplicate listener name", listener("a", port=25) + listener("a", port=26), "listeners",
     "two listeners named 'a'"),
    ("transport without port", '[delivery.transport]\n"example.org" = "smtp:10.0.0.5"\n',
     "delivery.transport", "'smtp:10.0.0.5' must be smtp:HOST:PORT"),
    ("transport to port 0", '[delivery.transport]\n"example.org" = "smtp:10.0.0.5:0"\n',
     "delivery.transport", "must be smtp:HOST:PORT"),
    ("transport without host", '[delivery.transport]\n"example.org" = "smtp::25"\n',
     "delivery.transport", "must be smtp:HOST:PORT"),
    ("transport of unknown kind", '[delivery.transport]\n"example.org" = "lmtp:10.0.0.5:24"\n',
     "delivery.transport", "example.org: 'lmtp:10.0.0.5:24' is not maildir, mx or smtp:HOST:PORT"),
    ("transport for a bad domain", '[delivery.transport]\n"example..org" = "mx"\n', "delivery.transport",
     "'example..org' is not a domain name"),
    ("local domain with empty label", '[relay]\nlocal_domains = ["example..org"]\n', "relay.local_domains",
     "'example..org' is not a domain name"),
    ("local domain that is an address", '[relay]\nlocal_domains = ["postmaster@example.org"]\n',
     "relay.local_domains", "'postmaster@example.org' is not a domain name"),
    ("relay domain that is empty", '[relay]\nrelay_domains = [""]\n', "relay.relay_domains",
     "'' is not a domain name"),
    ("hostname with a space", '[server]\nhostname = "mx example.org"\n', "server.hostname",
     "'mx example.org' is not a domain name"),
]


@pytest.mark.parametrize(("toml", "key", "problem"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_input_names_key_and_problem(tmp_path: Path, toml: str, key: str, problem: str) -> None:
    message = load_error(tmp_path, toml)
    lines = message.splitlines()
    assert lines[0] == f"{tmp_path / 'relaywarden.toml'}: invalid configuration:"
    matching = [line for line in lines[1:] if line.startswith(f"  {key}: ")]
    assert matching, message
    assert any(problem in line for line in matching), message


def test_every_bad_key_is_reported_at_once(tmp_path: Path) -> None:
    message = load_error(tmp_path, "[limits]\nmax_message_size = -1\nmax_recipients = 0\n[dns]\ntimout = 3\n")
    assert "limits.max_message_size:" in message
    assert "limits.max_recipients:" in message
    assert "dns.timout: unknown key" in message


def test_parse_config_names_its_source() -> None:
    with pytest.raises(ConfigError, match=r"^inline: invalid configuration:\n  sever: unknown key$"):
        parse_config({"sever": {}}, "inline")


def test_a_quoted_number_is_accepted_for_an_int(tmp_path: Path) -> None:
    """Documented leniency: pydantic's lax mode turns an unambiguous "25" into 25."""
    assert load_config(write(tmp_path, listener(port="25"))).listeners[0].port == 25


# --- files that cannot be read or parsed ---------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    f = tmp_path / "absent.toml"
    with pytest.raises(ConfigError, match=rf"^{re.escape(str(f))}: cannot read: No such file or directory$"):
        load_config(f)


def test_directory_instead_of_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=rf"^{re.escape(str(tmp_path))}: cannot read: Is a directory$"):
        load_config(tmp_path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file(tmp_path: Path) -> None:
    f = write(tmp_path, "")
    f.chmod(0)
    with pytest.raises(ConfigError, match=r"cannot read: Permission denied$"):
        load_config(f)


def test_invalid_toml_names_the_line(tmp_path: Path) -> None:
    message = load_error(tmp_path, '[server]\nhostname = "mx.example.org\n')
    assert message.startswith(f"{tmp_path / 'relaywarden.toml'}: not valid TOML: ")
    assert "line 2" in message


def test_duplicate_toml_key_is_invalid_toml(tmp_path: Path) -> None:
    message = load_error(tmp_path, "[limits]\nmax_recipients = 10\nmax_recipients = 20\n")
    assert "not valid TOML" in message


def test_non_utf8_file(tmp_path: Path) -> None:
    f = tmp_path / "latin1.toml"
    text = '# Konfiguration für den Mailserver\n[server]\nhostname = "mx.example.org"\n'
    f.write_bytes(text.encode("latin-1"))
    with pytest.raises(ConfigError, match=rf"^{re.escape(str(f))}: not valid TOML: .*utf-8.*can't decode"):
        load_config(f)


# --- relative paths ---------------------------------------------------------------------------------


def test_relative_paths_are_relative_to_the_config_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    etc = tmp_path / "etc"
    etc.mkdir()
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    f = write(etc, '[server]\ndata_dir = "state"\n'
                   '[tls]\ncert_file = "tls/cert.pem"\nkey_file = "../keys/key.pem"\n'
                   '[delivery.smarthost]\nhost = "smtp.example.net"\npassword_file = "smarthost.pw"\n')
    monkeypatch.chdir(elsewhere)
    cfg = load_config(Path("..") / "etc" / f.name)  # a relative path to the file itself
    assert cfg.data_dir.is_absolute()
    assert cfg.data_dir.resolve() == etc / "state"
    assert cfg.database_url == f"sqlite:///{etc / 'state' / 'state.db'}"
    assert cfg.tls.cert_file is not None and cfg.tls.cert_file.resolve() == etc / "tls" / "cert.pem"
    assert cfg.tls.key_file is not None and cfg.tls.key_file.resolve() == tmp_path / "keys" / "key.pem"
    assert cfg.delivery.smarthost is not None and cfg.delivery.smarthost.password_file is not None
    assert cfg.delivery.smarthost.password_file.resolve() == etc / "smarthost.pw"


def test_absolute_paths_are_kept(tmp_path: Path) -> None:
    f = write(tmp_path, '[server]\ndata_dir = "/var/lib/relaywarden"\n'
                        '[tls]\ncert_file = "/etc/ssl/c.pem"\nkey_file = "/etc/ssl/k.pem"\n')
    cfg = load_config(f)
    assert cfg.data_dir == Path("/var/lib/relaywarden")
    assert (cfg.tls.cert_file, cfg.tls.key_file) == (Path("/etc/ssl/c.pem"), Path("/etc/ssl/k.pem"))


# --- insecure settings ---------------------------------------------------------------------------------

INSECURE: list[tuple[str, str, str]] = [
    # (id, toml, expected warning: its start names the key)
    ("every IPv4 address", '[relay]\ntrusted_networks = ["0.0.0.0/0"]\n',
     "relay.trusted_networks: 0.0.0.0/0 trusts every address: this is an open relay"),
    ("every IPv6 address", '[relay]\ntrusted_networks = ["::/0"]\n',
     "relay.trusted_networks: ::/0 trusts every address: this is an open relay"),
    ("an IPv4 /4", '[relay]\ntrusted_networks = ["16.0.0.0/4"]\n',
     "relay.trusted_networks: 16.0.0.0/4 is wider than any one organisation needs"),
    ("an IPv6 /16", '[relay]\ntrusted_networks = ["2001::/16"]\n',
     "relay.trusted_networks: 2001::/16 is wider than any one organisation needs"),
    ("a public IPv4 /16", '[relay]\ntrusted_networks = ["8.8.0.0/16"]\n',
     "relay.trusted_networks: 8.8.0.0/16 trusts a large public range"),
    ("a public IPv6 /40", '[relay]\ntrusted_networks = ["2a00:1450::/40"]\n',
     "relay.trusted_networks: 2a00:1450::/40 trusts a large public range"),
    ("AUTH without TLS", "[auth]\nrequire_tls = false\n",
     "auth.require_tls = false: passwords can cross the network in clear text"),
    ("TLS 1.0", '[tls]\nmin_version = "1.0"\n', "tls.min_version"),
    ("TLS 1.1", '[tls]\nmin_version = "1.1"\n', "tls.min_version"),
    ("no size limit", "[limits]\nmax_message_size = 0\n",
     "limits.max_message_size = 0: no size limit, one client can fill the disk"),
    ("outbound never encrypted", '[delivery]\ntls = "none"\n',
     "delivery.tls = none: outbound mail is never encrypted"),
    ("smarthost password without TLS",
     '[delivery.smarthost]\nhost = "smtp.example.net"\nusername = "gw"\npassword_file = "pw"\n'
     'tls = "opportunistic"\n',
     "delivery.smarthost: AUTH credentials may be sent without TLS"),
    ("bare newlines normalised", '[protocol]\nbare_newline = "normalize"\n',
     "protocol.bare_newline = normalize: bare LF/CR are accepted and rewritten"),
]


@pytest.mark.parametrize(("toml", "warning"), [i[1:] for i in INSECURE], ids=[i[0] for i in INSECURE])
def test_insecure_setting_is_warned(tmp_path: Path, toml: str, warning: str) -> None:
    warnings = insecure_settings(load_config(write(tmp_path, toml)))
    assert len(warnings) == 1, warnings
    assert warnings[0].startswith(warning)


def test_tls_below_1_2_warning_says_which_key() -> None:
    for version in ("1.0", "1.1"):
        [warning] = insecure_settings(parse_config({"tls": {"min_version": version}}))
        assert warning.startswith("tls.min_version")
        assert "1.2" in warning


def test_submission_on_all_addresses_without_tls_only_auth_is_warned() -> None:
    cfg = parse_config({
        "auth": {"require_tls": False},
        "listeners": [{"name": "sub", "role": "submission", "address": "0.0.0.0", "port": 587}],
    })
    warnings = insecure_settings(cfg)
    assert any(w.startswith("auth.require_tls") for w in warnings)
    assert "listeners.sub: submission on all addresses without TLS-only AUTH" in warnings


def test_several_problems_give_several_warnings() -> None:
    cfg = parse_config({"relay": {"trusted_networks": ["0.0.0.0/0", "::/0"]},
                        "limits": {"max_message_size": 0}})
    assert len(insecure_settings(cfg)) == 3


@pytest.mark.parametrize("net", ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "192.168.10.0/24",
                                 "203.0.113.7/32", "8.8.8.0/24", "fd12:3456:789a::/48", "2001:db8:1::/48",
                                 "::1/128"])
def test_ordinary_trusted_networks_are_not_warned(net: str) -> None:
    assert insecure_settings(parse_config({"relay": {"trusted_networks": [net]}})) == []


def test_safe_config_gives_no_warnings(tmp_path: Path) -> None:
    cfg = load_config(write(tmp_path, listener(port=25) + listener("sub", "submission", port=587) + (
        '[tls]\nmin_version = "1.3"\n'
        '[relay]\ntrusted_networks = ["192.168.10.0/24"]\n'
        '[delivery]\ntls = "required"\nverify_certificates = true\n'
        '[delivery.smarthost]\nhost = "smtp.example.net"\nusername = "gw"\npassword_file = "pw"\n'
    )))
    assert insecure_settings(cfg) == []


# --- the command line: relaywarden check-config -------------------------------------------------------


def _cli() -> list[str]:
    script = Path(sys.executable).parent / "relaywarden"
    return [str(script)] if script.exists() else [sys.executable, "-m", "relaywarden"]


def check_config(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "TERM": "dumb"}
    return subprocess.run([*_cli(), "check-config", *args], capture_output=True, text=True, timeout=60,
                          env=env, check=False)


def flat(text: str) -> str:
    """Rich wraps long lines at the terminal width; compare with whitespace collapsed."""
    return " ".join(text.split())


def test_cli_valid_file() -> None:
    proc = check_config("--config", str(EXAMPLE))
    assert proc.returncode == 0, proc.stderr
    assert "configuration is valid (0 warning(s))" in flat(proc.stdout)
    assert proc.stderr == ""


def test_cli_embedded_defaults() -> None:
    proc = check_config()
    assert proc.returncode == 0, proc.stderr
    assert "embedded defaults: configuration is valid" in flat(proc.stdout)


def test_cli_insecure_file_warns_on_stderr(tmp_path: Path) -> None:
    f = write(tmp_path, '[relay]\ntrusted_networks = ["0.0.0.0/0"]\n[delivery]\ntls = "none"\n')
    proc = check_config("--config", str(f))
    assert proc.returncode == 0, proc.stderr
    err = flat(proc.stderr)
    assert "warning: relay.trusted_networks: 0.0.0.0/0 trusts every address" in err
    assert "warning: delivery.tls = none" in err
    assert "configuration is valid (2 warning(s))" in flat(proc.stdout)


def test_cli_bad_file_exits_2_naming_the_key(tmp_path: Path) -> None:
    f = write(tmp_path, '[relay]\ntrusted_networks = ["10.0.0.1/8"]\n[limits]\nmax_mesage_size = 1\n')
    proc = check_config("--config", str(f))
    assert proc.returncode == 2
    err = flat(proc.stderr)
    assert "Traceback" not in proc.stderr
    assert "error:" in err
    assert "relay.trusted_networks:" in err and "has host bits set" in err
    assert "limits.max_mesage_size: unknown key" in err
    assert "valid" not in proc.stdout


@pytest.mark.parametrize("content", [b"[relay\n", b"\xff\xfe[server]\n"], ids=["invalid TOML", "not UTF-8"])
def test_cli_unparsable_file_exits_2(tmp_path: Path, content: bytes) -> None:
    f = tmp_path / "c.toml"
    f.write_bytes(content)
    proc = check_config("--config", str(f))
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "not valid TOML" in flat(proc.stderr)


def test_cli_missing_file_exits_2(tmp_path: Path) -> None:
    proc = check_config("--config", str(tmp_path / "absent.toml"))
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "cannot read" in flat(proc.stderr)


def test_cli_prints_values_literally_even_if_they_look_like_markup(tmp_path: Path) -> None:
    """The error echoes what the file said; brackets in it are text, not Rich markup."""
    f = write(tmp_path, '[relay]\nlocal_domains = ["[/b]..[bold]x"]\n')
    proc = check_config("--config", str(f))
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "'[/b]..[bold]x' is not a domain name" in flat(proc.stderr)
