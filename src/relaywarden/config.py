"""The one typed configuration: loaded from TOML, validated at start, insecure settings flagged.

Every option is documented in docs/configuration.md. Unknown keys, wrong types and impossible
values raise ConfigError with the dotted key path and the problem, so a typo never silently
becomes a default.
"""

from __future__ import annotations

import ipaddress
import tomllib
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, ValidationError, field_validator, model_validator

from relaywarden.configbase import Section
from relaywarden.scan.settings import ScanConfig

Role = Literal["inbound", "submission", "submissions"]


class ConfigError(Exception):
    """A configuration that must not be started; the message names each bad key."""




def _domain(value: str) -> str:
    d = value.strip().lower().rstrip(".")
    if not d or ".." in d or d.startswith(".") or " " in d or "@" in d:
        raise ValueError(f"{value!r} is not a domain name")
    return d


class ServerConfig(Section):
    hostname: str = "relaywarden.localhost"
    """Name used in the greeting, EHLO replies, Received headers and bounces."""
    data_dir: Path = Path("relaywarden-data")
    workers: Annotated[int, Field(ge=1, le=64)] = 1
    max_connections: Annotated[int, Field(ge=1, le=100_000)] = 2000
    user: str = ""
    """Unprivileged account to switch to after binding the ports when started as root."""

    @field_validator("hostname")
    @classmethod
    def _check_hostname(cls, v: str) -> str:
        return _domain(v)


class ListenerConfig(Section):
    name: str
    role: Role
    address: str = "127.0.0.1"
    port: Annotated[int, Field(ge=1, le=65535)]

    @field_validator("address")
    @classmethod
    def _check_address(cls, v: str) -> str:
        try:
            ipaddress.ip_address(v)
        except ValueError as exc:
            raise ValueError(f"{v!r} is not an IP address") from exc
        return v


def _default_listeners() -> list[ListenerConfig]:
    return [
        ListenerConfig(name="inbound", role="inbound", port=2525),
        ListenerConfig(name="submission", role="submission", port=2587),
        ListenerConfig(name="submissions", role="submissions", port=2465),
    ]


class TLSConfig(Section):
    cert_file: Path | None = None
    """PEM certificate chain; when unset a self-signed one is generated under data_dir/tls."""
    key_file: Path | None = None
    min_version: Literal["1.0", "1.1", "1.2", "1.3"] = "1.2"
    """1.0 and 1.1 exist only for legacy devices; check-config warns about them."""
    ciphers: str = "ECDHE+AESGCM:ECDHE+CHACHA20:!aNULL:!MD5:!DSS"

    @model_validator(mode="after")
    def _both_or_neither(self) -> TLSConfig:
        if (self.cert_file is None) != (self.key_file is None):
            raise ValueError("cert_file and key_file must be set together")
        return self


class LockoutConfig(Section):
    max_failures: Annotated[int, Field(ge=1, le=1000)] = 5
    window_seconds: Annotated[float, Field(gt=0)] = 600.0
    initial_seconds: Annotated[float, Field(gt=0)] = 300.0
    max_seconds: Annotated[float, Field(gt=0)] = 86_400.0


class AuthConfig(Section):
    require_tls: bool = True
    """Never advertise or accept AUTH on a connection that is not encrypted."""
    mechanisms: list[Literal["PLAIN", "LOGIN"]] = ["PLAIN", "LOGIN"]
    lockout: LockoutConfig = LockoutConfig()
    senders: dict[str, list[str]] = {}
    """user -> addresses ("a@example.com") or domains ("@example.com") it may use in MAIL FROM."""


class RelayConfig(Section):
    local_domains: list[str] = ["relaywarden.localhost"]
    relay_domains: list[str] = []
    trusted_networks: list[str] = ["127.0.0.0/8", "::1/128"]

    @field_validator("local_domains", "relay_domains")
    @classmethod
    def _check_domains(cls, v: list[str]) -> list[str]:
        return [_domain(d) for d in v]

    @field_validator("trusted_networks")
    @classmethod
    def _check_networks(cls, v: list[str]) -> list[str]:
        for net in v:
            try:
                ipaddress.ip_network(net, strict=True)
            except ValueError as exc:
                raise ValueError(f"{net!r} is not a network in CIDR form ({exc})") from exc
        return v


class LimitsConfig(Section):
    max_message_size: Annotated[int, Field(ge=0)] = 26_214_400
    """Bytes; 0 means no limit (flagged as insecure by check-config)."""
    max_recipients: Annotated[int, Field(ge=1, le=100_000)] = 100
    max_connections_per_ip: Annotated[int, Field(ge=1)] = 20
    messages_per_minute_per_ip: Annotated[float, Field(gt=0)] = 120.0
    recipients_per_minute_per_ip: Annotated[float, Field(gt=0)] = 600.0
    messages_per_minute_per_user: Annotated[float, Field(gt=0)] = 120.0
    recipients_per_minute_per_user: Annotated[float, Field(gt=0)] = 600.0
    max_command_line: Annotated[int, Field(ge=512, le=65536)] = 2048
    max_line_length: Annotated[int, Field(ge=1000, le=1_000_000)] = 10_000
    command_timeout: Annotated[float, Field(gt=0)] = 300.0
    data_timeout: Annotated[float, Field(gt=0)] = 600.0
    session_timeout: Annotated[float, Field(gt=0)] = 3600.0
    max_errors: Annotated[int, Field(ge=1)] = 20
    """Error replies (4xx/5xx) in a session before it is closed with 421 (Postfix: smtpd_hard_error_limit)."""


class ProtocolConfig(Section):
    bare_newline: Literal["reject", "normalize"] = "reject"
    """What to do with a bare LF or CR in DATA: refuse the message, or turn it into CRLF."""


class QueueConfig(Section):
    retry_initial: Annotated[float, Field(gt=0)] = 300.0
    retry_max: Annotated[float, Field(gt=0)] = 4000.0
    lifetime: Annotated[float, Field(gt=0)] = 432_000.0
    scan_interval: Annotated[float, Field(gt=0)] = 1.0
    concurrency: Annotated[int, Field(ge=1, le=10_000)] = 50
    per_destination_concurrency: Annotated[int, Field(ge=1, le=1000)] = 20
    bounces: bool = True

    @model_validator(mode="after")
    def _order(self) -> QueueConfig:
        if self.retry_max < self.retry_initial:
            raise ValueError("retry_max must not be smaller than retry_initial")
        return self


class SmarthostConfig(Section):
    host: str
    port: Annotated[int, Field(ge=1, le=65535)] = 587
    username: str = ""
    password_file: Path | None = None
    tls: Literal["required", "opportunistic", "none"] = "required"

    @model_validator(mode="after")
    def _password_with_username(self) -> SmarthostConfig:
        # Without it every message to the smarthost would wait in the queue (4.3.5) forever.
        if self.username and self.password_file is None:
            raise ValueError("username is set but password_file is not")
        return self


class DeliveryConfig(Section):
    tls: Literal["opportunistic", "required", "none"] = "opportunistic"
    verify_certificates: bool = False
    """Opportunistic TLS does not authenticate the peer (RFC 7435); set true to demand it."""
    connect_timeout: Annotated[float, Field(gt=0)] = 30.0
    command_timeout: Annotated[float, Field(gt=0)] = 300.0
    connection_reuse: Annotated[int, Field(ge=1)] = 100
    """Messages sent over one outbound connection before it is closed."""
    smarthost: SmarthostConfig | None = None
    transport: dict[str, str] = {}
    """domain -> "maildir", "smtp:HOST:PORT" or "mx"; local domains default to "maildir"."""
    mx_port: Annotated[int, Field(ge=1, le=65535)] = 25
    """Port used for MX delivery; 25 except in labs and tests."""

    @field_validator("transport")
    @classmethod
    def _check_transport(cls, v: dict[str, str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for dom, target in v.items():
            if target not in ("maildir", "mx") and not target.startswith("smtp:"):
                raise ValueError(f"{dom}: {target!r} is not maildir, mx or smtp:HOST:PORT")
            if target.startswith("smtp:"):
                _, _, hostport = target.partition(":")
                host, sep, port = hostport.rpartition(":")
                if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
                    raise ValueError(f"{dom}: {target!r} must be smtp:HOST:PORT")
            out[_domain(dom)] = target
        return out


class DNSConfig(Section):
    nameservers: list[str] = []
    """"IP" or "IP:PORT"; empty means the system resolver configuration."""
    timeout: Annotated[float, Field(gt=0)] = 5.0
    cache_size: Annotated[int, Field(ge=0)] = 10_000


class ARCSealConfig(Section):
    domain: str
    """The sealing domain (d=), usually the organisation's own."""
    selector: str
    key_file: Path
    """RSA private key (PEM); publish its record like a DKIM key (`relaywarden dkim keygen`)."""
    recipient_domains: list[str] = []
    """Seal the mail we accept for these domains and pass on (mailing lists, forwarding
    routes), so the next hop can trust our verdict when forwarding breaks SPF or DKIM."""

    @field_validator("domain")
    @classmethod
    def _check_domain(cls, v: str) -> str:
        return _domain(v)

    @field_validator("recipient_domains")
    @classmethod
    def _check_domains(cls, v: list[str]) -> list[str]:
        return [_domain(d) for d in v]


class AuthenticationConfig(Section):
    enabled: bool = True
    """Check SPF, DKIM, ARC and DMARC on mail from untrusted, unauthenticated clients."""
    authserv_id: str = ""
    """The name in our Authentication-Results headers; empty means server.hostname."""
    dmarc_enforcement: Literal["policy", "monitor"] = "policy"
    """"policy": do what the sender domain's DMARC record asks (reject, quarantine);
    "monitor": never act, only add the results to the message."""
    dmarc_overrides: dict[str, Literal["none", "quarantine", "reject"]] = {}
    """From-domain -> the action to take on a DMARC failure instead of its published policy."""
    spf_fail: Literal["reject", "mark"] = "mark"
    """"reject": refuse at RCPT when SPF fails for MAIL FROM; "mark": leave it to DMARC and
    later stages."""
    temperror: Literal["tempfail", "accept"] = "tempfail"
    """On a temporary DNS failure: answer 451 so the sender retries, or accept and mark."""
    trusted_arc_sealers: list[str] = []
    """Forwarders and mailing lists whose valid ARC chain overrides a DMARC failure."""
    psl_file: Path | None = None
    """A newer public_suffix_list.dat to use instead of the packaged one."""
    arc_seal: ARCSealConfig | None = None
    """ARC-seal verified mail we forward (RFC 8617); off when unset."""

    @field_validator("dmarc_overrides")
    @classmethod
    def _check_override_domains(cls, v: dict[str, str]) -> dict[str, str]:
        return {_domain(k): val for k, val in v.items()}

    @field_validator("trusted_arc_sealers")
    @classmethod
    def _check_sealers(cls, v: list[str]) -> list[str]:
        return [_domain(d) for d in v]


class DKIMKeyConfig(Section):
    domain: str
    selector: str
    key_file: Path
    algorithm: Literal["rsa-sha256", "ed25519-sha256"] = "rsa-sha256"
    active: bool = True
    """Only active keys sign; keep the previous selector published (inactive) while rotating."""

    @field_validator("domain")
    @classmethod
    def _check_domain(cls, v: str) -> str:
        return _domain(v)


class DKIMConfig(Section):
    sign: bool = True
    """DKIM-sign mail from authenticated users and trusted networks for domains with a key."""
    keys: list[DKIMKeyConfig] = []


class DatabaseConfig(Section):
    url: str = ""
    """SQLAlchemy URL; empty means SQLite at data_dir/state.db."""


class Config(Section):
    server: ServerConfig = ServerConfig()
    listeners: list[ListenerConfig] = Field(default_factory=_default_listeners)
    tls: TLSConfig = TLSConfig()
    auth: AuthConfig = AuthConfig()
    relay: RelayConfig = RelayConfig()
    limits: LimitsConfig = LimitsConfig()
    protocol: ProtocolConfig = ProtocolConfig()
    queue: QueueConfig = QueueConfig()
    delivery: DeliveryConfig = DeliveryConfig()
    dns: DNSConfig = DNSConfig()
    database: DatabaseConfig = DatabaseConfig()
    authentication: AuthenticationConfig = AuthenticationConfig()
    dkim: DKIMConfig = DKIMConfig()
    scan: ScanConfig = ScanConfig()

    @field_validator("listeners")
    @classmethod
    def _unique_listeners(cls, v: list[ListenerConfig]) -> list[ListenerConfig]:
        # A field validator, not a model validator, so the error is reported under "listeners".
        seen: set[tuple[str, int]] = set()
        names: set[str] = set()
        for lst in v:
            if (lst.address, lst.port) in seen:
                raise ValueError(f"two listeners on {lst.address}:{lst.port}")
            if lst.name in names:
                raise ValueError(f"two listeners named {lst.name!r}")
            seen.add((lst.address, lst.port))
            names.add(lst.name)
        return v

    @property
    def data_dir(self) -> Path:
        return self.server.data_dir

    @property
    def database_url(self) -> str:
        return self.database.url or f"sqlite:///{(self.data_dir / 'state.db').resolve()}"


def _format_errors(exc: ValidationError, source: str) -> str:
    lines = [f"{source}: invalid configuration:"]
    for err in exc.errors():
        key = ".".join(str(p) for p in err["loc"]) or "(top level)"
        msg = err["msg"]
        if err["type"] == "extra_forbidden":
            msg = "unknown key"
        lines.append(f"  {key}: {msg}")
    return "\n".join(lines)


def parse_config(data: dict[str, object], source: str = "config") -> Config:
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_format_errors(exc, source)) from None


def load_config(path: Path | None) -> Config:
    """Load and validate a TOML file, or the embedded defaults when path is None."""
    if path is None:
        return Config()
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    return _resolve_paths(parse_config(data, str(path)), path.absolute().parent)


def _resolve_paths(cfg: Config, base: Path) -> Config:
    """Relative paths are relative to the config file, so a service manager's cwd is moot."""

    def rel(p: Path) -> Path:
        return p if p.is_absolute() else base / p

    server = cfg.server.model_copy(update={"data_dir": rel(cfg.server.data_dir)})
    tls = cfg.tls
    if tls.cert_file is not None and tls.key_file is not None:
        tls = tls.model_copy(update={"cert_file": rel(tls.cert_file), "key_file": rel(tls.key_file)})
    delivery = cfg.delivery
    if delivery.smarthost is not None and delivery.smarthost.password_file is not None:
        sh = delivery.smarthost.model_copy(update={"password_file": rel(delivery.smarthost.password_file)})
        delivery = delivery.model_copy(update={"smarthost": sh})
    keys = [k.model_copy(update={"key_file": rel(k.key_file)}) for k in cfg.dkim.keys]
    dkim = cfg.dkim.model_copy(update={"keys": keys})
    authn = cfg.authentication
    if authn.psl_file is not None:
        authn = authn.model_copy(update={"psl_file": rel(authn.psl_file)})
    if authn.arc_seal is not None:
        seal = authn.arc_seal.model_copy(update={"key_file": rel(authn.arc_seal.key_file)})
        authn = authn.model_copy(update={"arc_seal": seal})
    scan = cfg.scan
    if scan.classifier.model_path is not None:
        clf = scan.classifier.model_copy(update={"model_path": rel(scan.classifier.model_path)})
        scan = scan.model_copy(update={"classifier": clf})
    return cfg.model_copy(update={"server": server, "tls": tls, "delivery": delivery, "dkim": dkim,
                                  "authentication": authn, "scan": scan})


def insecure_settings(cfg: Config) -> list[str]:
    """Warnings that check-config prints: settings that work but weaken the relay."""
    warnings: list[str] = []
    for net in cfg.relay.trusted_networks:
        n = ipaddress.ip_network(net)
        if n.prefixlen == 0:
            warnings.append(f"relay.trusted_networks: {net} trusts every address: this is an open relay")
        elif (n.version == 4 and n.prefixlen < 8) or (n.version == 6 and n.prefixlen < 32):
            warnings.append(f"relay.trusted_networks: {net} is wider than any one organisation needs")
        elif n.is_global and ((n.version == 4 and n.prefixlen < 24) or (n.version == 6 and n.prefixlen < 48)):
            warnings.append(f"relay.trusted_networks: {net} trusts a large public range")
    if not cfg.auth.require_tls:
        warnings.append("auth.require_tls = false: passwords can cross the network in clear text")
    if cfg.tls.min_version not in ("1.2", "1.3"):
        warnings.append("tls.min_version below 1.2")
    if cfg.limits.max_message_size == 0:
        warnings.append("limits.max_message_size = 0: no size limit, one client can fill the disk")
    if cfg.delivery.tls == "none":
        warnings.append("delivery.tls = none: outbound mail is never encrypted")
    sh = cfg.delivery.smarthost
    if sh and sh.tls != "required" and sh.username:
        warnings.append("delivery.smarthost: AUTH credentials may be sent without TLS")
    for lst in cfg.listeners:
        if lst.address in ("0.0.0.0", "::") and lst.role != "inbound" and not cfg.auth.require_tls:
            warnings.append(f"listeners.{lst.name}: submission on all addresses without TLS-only AUTH")
    if not cfg.authentication.enabled:
        warnings.append("authentication.enabled = false: forged senders (SPF/DKIM/DMARC failures) are not detected")
    elif cfg.authentication.dmarc_enforcement == "monitor":
        warnings.append("authentication.dmarc_enforcement = monitor: DMARC reject/quarantine policies are ignored")
    if cfg.protocol.bare_newline != "reject":
        warnings.append("protocol.bare_newline = normalize: bare LF/CR are accepted and rewritten")
    return warnings
