#!/usr/bin/env bash
# Installs Go and Go's gopkg.in/yaml.v2 (2.4.0, the version Winlogbeat pins) from Debian's
# packages: GoYamlCompatibilityTests builds src/test/go/checkpointyaml in GOPATH mode against
# /usr/share/gocode, so no module proxy is needed. Idempotent.
set -euo pipefail
cd "$(dirname "$0")"
. ./lib.sh

apt_install golang-go golang-gopkg-yaml.v2-dev

go version
test -f /usr/share/gocode/src/gopkg.in/yaml.v2/yaml.go
log "done in $(elapsed)s"
