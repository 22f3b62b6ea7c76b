from pathlib import Path

import pytest

from relaywarden.config import ConfigError, insecure_settings, load_config


def test_defaults_are_safe() -> None:
    cfg = load_config(None)
    assert [lst.port for lst in cfg.listeners] == [2525, 2587, 2465]
    assert all(lst.address == "127.0.0.1" for lst in cfg.listeners)
    assert insecure_settings(cfg) == []


def test_unknown_key_is_named(tmp_path: Path) -> None:
    f = tmp_path / "c.toml"
    f.write_text("[relay]\ntrusted_network = ['10.0.0.0/8']\n")
    with pytest.raises(ConfigError, match=r"relay\.trusted_network: unknown key"):
        load_config(f)
