#!/usr/bin/env bash
# Installs the Debian packages that bench/detection_compare.py puts next to relaywarden:
# SpamAssassin (spamassassin, spamd, spamc) and Rspamd (rspamd, rspamc). Neither daemon is
# left running or enabled: the benchmark starts its own instances on loopback under /tmp.
# Idempotent: does nothing when everything is already there.
set -euo pipefail
need=()
command -v spamassassin >/dev/null 2>&1 || need+=(spamassassin)
{ command -v spamd >/dev/null 2>&1 || [ -x /usr/sbin/spamd ]; } || need+=(spamd)
command -v spamc >/dev/null 2>&1 || need+=(spamc)
{ command -v rspamd >/dev/null 2>&1 || [ -x /usr/bin/rspamd ]; } || need+=(rspamd)
command -v rspamc >/dev/null 2>&1 || need+=(rspamd)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
else
  SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
# Installing must not start the packaged daemons: policy-rc.d exit 101 tells invoke-rc.d
# "not allowed", and it is removed again however the install ends.
policy=/usr/sbin/policy-rc.d
made_policy=
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null
  $SUDO chmod 755 "$policy"
  made_policy=1
fi
cleanup() { if [ -n "$made_policy" ]; then $SUDO rm -f "$policy"; fi; }
trap cleanup EXIT
$SUDO apt-get update -qq
# printf|sort -u: rspamd may be listed twice (daemon and client come in one package).
mapfile -t pkgs < <(printf '%s\n' "${need[@]}" | sort -u)
$SUDO apt-get install -y -qq --no-install-recommends "${pkgs[@]}" </dev/null
