"""Threat detection: named, explained checks (symbols), a shipped classifier, behavioural
anomaly detection and outbound data-loss checks, summed into a verdict and an action.
See docs/threat-detection.md."""
