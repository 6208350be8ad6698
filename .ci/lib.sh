# Shared helpers for the .ci/ setup scripts. Source it, don't run it.
# Everything here is idempotent and works without a terminal (CI has no stdin).

export DEBIAN_FRONTEND=noninteractive

log() { printf '[%s %s] %s\n' "$(date +%H:%M:%S)" "$(basename "$0")" "$*" >&2; }

# Refresh apt's package lists at most once per machine boot, shared by all
# scripts (the stamp lives in /run, which is empty after a reboot).
APT_STAMP=/run/ci-apt-updated
apt_update_once() {
  if [ ! -e "$APT_STAMP" ]; then
    log "apt-get update"
    apt-get update -qq
    touch "$APT_STAMP"
  fi
}

# Install the given Debian packages unless they are all already installed.
# Service autostart is governed by /usr/sbin/policy-rc.d (the image has one that
# denies starts); scripts that must not leave a service running stop it explicitly.
apt_install() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    log "already installed: $*"
    return 0
  fi
  apt_update_once
  log "apt-get install ${missing[*]}"
  apt-get install -y -qq -o DPkg::Lock::Timeout=300 --no-install-recommends "${missing[@]}" >/dev/null
}

# Seconds since the script started, for timing reports.
elapsed() { echo "$SECONDS"; }
