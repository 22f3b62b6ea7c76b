"""relaywarden: a secure SMTP relay and mail security gateway."""

__version__ = "0.1.0"
