"""The base of every configuration section, in a module of its own so that feature packages
(scan, assess) can define their sections without importing relaywarden.config, which imports
them: unknown keys refused, values frozen, defaults validated."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)
