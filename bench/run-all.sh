#!/usr/bin/env bash
# Reproduces every number and plot of docs/benchmarks.md in one go (about 27 minutes):
# the JMH benchmarks and heap measurement (bench/jmh.sh), the HTTP load test against etcd with
# the service's defaults and again with flushes spaced out (bench/http-load.sh), then the plots
# (bench/plot.py writes docs/img/*.png).
# Needs what those scripts need (wrk, etcd, python3 with matplotlib for the plots); installs nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
bench/jmh.sh
bench/http-load.sh
SKIP_BUILD=true APP_ARGS=--checkpoint.max-updates=100000 bench/http-load.sh
python3 bench/plot.py
