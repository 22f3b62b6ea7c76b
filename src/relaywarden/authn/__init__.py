"""Email authentication: SPF, DKIM, DMARC and ARC (issue 3)."""
