#!/usr/bin/env bash
# Optional benchmark tools (not used by .ci/run): wrk and hey (HTTP load
# generators) and etcd-server (etcd 3.4, a peer to compare against).
# The etcd service is not left running; benchmarks start their own on loopback.
# Idempotent.
set -euo pipefail
cd "$(dirname "$0")"
. ./lib.sh

apt_install wrk hey etcd-server etcd-client

# Don't leave the packaged etcd running (where the install was allowed to start it).
if [ -d /run/systemd/system ] && command -v systemctl >/dev/null; then
  systemctl disable --now etcd.service >/dev/null 2>&1 || true
fi
if [ -x /etc/init.d/etcd ]; then
  /etc/init.d/etcd status >/dev/null 2>&1 && /etc/init.d/etcd stop >/dev/null 2>&1 || true
  update-rc.d etcd disable >/dev/null 2>&1 || true
fi

wrk -v 2>&1 | head -n1 || true
command -v hey
etcd --version | head -n1
log "done in $(elapsed)s"
