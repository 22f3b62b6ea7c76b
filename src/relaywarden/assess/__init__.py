"""`relaywarden audit`: grade a domain's and a mail server's security and say what to fix (issue 5)."""
