#!/usr/bin/env bash
# Installs the Debian packages that the tests and benchmarks use: Postfix (for smtp-source,
# smtp-sink and the reference relay in bench/), swaks and nmap (real SMTP clients and probes),
# PostgreSQL's server programs (tests/support/postgres.py starts a private cluster; the
# system cluster is neither needed nor started here).
# Idempotent: does nothing when everything is already there.
set -euo pipefail
need=()

# The server programs, not just psql: Debian keeps them in /usr/lib/postgresql/<version>/bin.
have_postgres_server() {
  local d
  for d in /usr/lib/postgresql/*/bin; do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/postgres" ]; then
      return 0
    fi
  done
  return 1
}
command -v swaks >/dev/null 2>&1 || need+=(swaks)
command -v nmap >/dev/null 2>&1 || need+=(nmap)
{ command -v smtp-sink >/dev/null 2>&1 || [ -x /usr/sbin/smtp-sink ]; } || need+=(postfix)
[ -x /usr/sbin/postfix ] || need+=(postfix)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
have_postgres_server || need+=(postgresql)
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
# Installing postgresql creates a system cluster and tries to start it; in a container without
# an init system that start can fail the install. The tests never use it: forbid service starts
# during the install (Debian's policy-rc.d convention) unless a policy is already in place.
policy=/usr/sbin/policy-rc.d
if [[ " ${need[*]} " == *" postgresql "* ]] && [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null
  $SUDO chmod 755 "$policy"
  trap '$SUDO rm -f "$policy"' EXIT
fi
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" </dev/null
