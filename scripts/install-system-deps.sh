#!/usr/bin/env bash
# Installs the Debian packages that the tests and benchmarks use: Postfix (for smtp-source,
# smtp-sink and the reference relay in bench/), swaks and nmap (real SMTP clients and probes).
# Idempotent: does nothing when everything is already there.
set -euo pipefail
need=()
command -v swaks >/dev/null 2>&1 || need+=(swaks)
command -v nmap >/dev/null 2>&1 || need+=(nmap)
{ command -v smtp-sink >/dev/null 2>&1 || [ -x /usr/sbin/smtp-sink ]; } || need+=(postfix)
[ -x /usr/sbin/postfix ] || need+=(postfix)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
else
  SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
echo "postfix postfix/main_mailer_type select No configuration" | $SUDO debconf-set-selections
echo "postfix postfix/mailname string relaywarden.test" | $SUDO debconf-set-selections
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" </dev/null
