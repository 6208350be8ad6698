#!/usr/bin/env bash
# Installs Debian's Docker engine, starts dockerd in the background and builds
# the local base images the tests use (no registry is reachable here, so
# nothing can be pulled):
#   local/debian:bookworm  debootstrap'ed from the Debian mirror apt uses
#   local/jre:17           .ci/images/jre       (OpenJDK 17 JRE, `java` on PATH)
#   local/postgres:15      .ci/images/postgres  (PostgreSQL 15, official-image-like env vars)
# Idempotent: an answering daemon is reused; an image is rebuilt only when it is
# missing or its .ci/images/<name> folder changed (tracked by a label).
set -euo pipefail
cd "$(dirname "$0")"
. ./lib.sh

DOCKERD_LOG=/tmp/dockerd.log

# 1. Packages: the engine (dockerd, containerd, runc) and debootstrap.
apt_install docker.io debootstrap

# Use the client that ships with the engine: the machine image may carry a
# newer stand-alone client earlier on PATH.
if [ -x /usr/bin/docker ]; then DOCKER=/usr/bin/docker; else DOCKER=docker; fi
docker_() { "$DOCKER" "$@"; }

# 2. The daemon: start it in its own session unless one already answers.
if docker_ info >/dev/null 2>&1; then
  log "dockerd already answering"
else
  # A dockerd killed uncleanly leaves its pid file; it then refuses to start.
  if [ -f /var/run/docker.pid ] && ! kill -0 "$(cat /var/run/docker.pid)" 2>/dev/null; then
    rm -f /var/run/docker.pid
  fi
  if ! pgrep -x dockerd >/dev/null; then
    log "starting dockerd (log: $DOCKERD_LOG)"
    setsid -f dockerd >>"$DOCKERD_LOG" 2>&1 </dev/null
  fi
  for i in $(seq 1 120); do
    docker_ info >/dev/null 2>&1 && break
    if [ "$i" -eq 120 ]; then
      log "dockerd did not answer within 120 s; last lines of $DOCKERD_LOG:"
      tail -n 40 "$DOCKERD_LOG" >&2 || true
      exit 1
    fi
    sleep 1
  done
  log "dockerd up after ${i}s"
fi
docker_ version --format 'docker server {{.Server.Version}} (API {{.Server.APIVersion}})' >&2

# The Debian mirror apt uses on this machine (deb822 "URIs:" or one-line
# "deb URL bookworm ..." entries), skipping the security archive.
debian_mirror() {
  local m
  m=$( (grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}';
        grep -hs '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list | awk '$3 ~ /^bookworm/ {print $2}') \
       | grep -v -- '-security' | grep '/debian/\?$' | head -n1 || true)
  echo "${m:-http://deb.debian.org/debian}"
}

# 3. local/debian:bookworm from debootstrap (minbase: apt, dpkg, bash, coreutils).
if docker_ image inspect local/debian:bookworm >/dev/null 2>&1; then
  log "image local/debian:bookworm present"
else
  MIRROR=$(debian_mirror)
  ROOTFS=$(mktemp -d /var/tmp/ci-rootfs.XXXXXX)
  trap 'rm -rf --one-file-system "$ROOTFS"' EXIT
  log "debootstrap bookworm from $MIRROR into $ROOTFS"
  debootstrap --variant=minbase bookworm "$ROOTFS" "$MIRROR" >/tmp/debootstrap.log 2>&1 \
    || { tail -n 40 /tmp/debootstrap.log >&2; exit 1; }
  # Keep images small and apt quiet; accept a mirror snapshot's old Release
  # dates the same way this machine's own apt does.
  cat >"$ROOTFS/etc/apt/apt.conf.d/99ci" <<'APT'
APT::Install-Recommends "false";
APT::Install-Suggests "false";
Acquire::Check-Valid-Until "false";
Acquire::Check-Date "false";
Acquire::Languages "none";
APT
  rm -rf "$ROOTFS"/var/lib/apt/lists/* "$ROOTFS"/var/cache/apt/archives/*.deb
  log "importing local/debian:bookworm"
  tar -C "$ROOTFS" -c . | docker_ import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8' \
    --change 'CMD ["bash"]' \
    - local/debian:bookworm >/dev/null
  rm -rf --one-file-system "$ROOTFS"
  trap - EXIT
fi

# 4. Images built from .ci/images/<name>/Dockerfile on top of local/debian.
#    --network=host: apt inside the build reaches the mirror like the host does.
build_image() {
  local tag=$1 dir=$2 hash have
  hash=$( (cd "$dir" && find . -type f -print0 | sort -z | xargs -0 sha256sum) | sha256sum | cut -c1-16)
  have=$(docker_ image inspect -f '{{ index .Config.Labels "ci.context-hash" }}' "$tag" 2>/dev/null || true)
  if [ "$have" = "$hash" ]; then
    log "image $tag present (context $hash)"
    return 0
  fi
  log "building $tag from $dir"
  docker_ build --network=host --label "ci.context-hash=$hash" -t "$tag" "$dir" >"/tmp/docker-build-${tag//[\/:]/_}.log" 2>&1 \
    || { tail -n 40 "/tmp/docker-build-${tag//[\/:]/_}.log" >&2; exit 1; }
}
build_image local/jre:17 images/jre
build_image local/postgres:15 images/postgres

docker_ images --format '{{.Repository}}:{{.Tag}}  {{.Size}}' | grep '^local/' >&2
log "done in $(elapsed)s"
