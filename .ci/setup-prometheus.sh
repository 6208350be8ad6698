#!/usr/bin/env bash
# Installs Debian's prometheus package for its binaries only: `prometheus`
# (tests start their own server on a random loopback port) and `promtool`
# (`promtool check metrics` lints the /actuator/prometheus exposition).
# The packaged service must not stay running: it is stopped and disabled.
# Idempotent.
set -euo pipefail
cd "$(dirname "$0")"
. ./lib.sh

# 1. Packages.
apt_install prometheus

# 2. Stop and disable the Debian service, in case the install started it
#    (it does where /usr/sbin/policy-rc.d allows service starts).
if [ -d /run/systemd/system ] && command -v systemctl >/dev/null; then
  systemctl disable --now prometheus.service >/dev/null 2>&1 || true
fi
if [ -x /etc/init.d/prometheus ]; then
  /etc/init.d/prometheus status >/dev/null 2>&1 && /etc/init.d/prometheus stop >/dev/null 2>&1 || true
  update-rc.d prometheus disable >/dev/null 2>&1 || true
fi
if [ -f /run/prometheus.pid ] && kill -0 "$(cat /run/prometheus.pid)" 2>/dev/null; then
  log "stopping packaged prometheus (pid $(cat /run/prometheus.pid))"
  kill "$(cat /run/prometheus.pid)" || true
fi

# 3. Versions.
prometheus --version 2>&1 | head -n1
promtool --version 2>&1 | head -n1
log "done in $(elapsed)s"
