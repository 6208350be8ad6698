#!/usr/bin/env python3
"""Prints the table of one bench/http-load.sh run from bench/results/http.csv (standard library only).

    python3 bench/http-report.py bench/results/http.csv [RUN]     (RUN defaults to the latest)

Ratios compare numbers measured in the same run only: on 2 cores the load generator shares the
CPU with the server, so absolute numbers from different runs do not compare.
"""
import csv
import os
import sys


def main():
    path = sys.argv[1]
    with open(path) as f:
        rows = list(csv.DictReader(f))
    if not rows:
        sys.exit("no results in " + path)
    run = sys.argv[2] if len(sys.argv) > 2 else rows[-1]["run"]
    rows = [r for r in rows if r["run"] == run]

    def one(target, scenario, connections=None):
        for r in rows:
            if r["target"] == target and r["scenario"] == scenario and (
                    connections is None or int(r["connections"]) == connections):
                return r
        return None

    def num(row, column):
        return float(row[column]) if row else float("nan")

    put, etcd_put = one("service", "put"), one("etcd", "put")
    durable, etcd_durable = one("service", "durable"), one("etcd", "durable")
    batch, get = one("service", "batch"), one("service", "get")

    lines = []
    out = lines.append
    out("HTTP load, run %s (wrk, closed loop, loopback; load generator on the same 2 cores)" % run)
    runs_path = os.path.join(os.path.dirname(path), "http-runs.csv")
    if os.path.exists(runs_path):
        with open(runs_path) as f:
            args = {r["run"]: r["app_args"] for r in csv.DictReader(f)}
        out("service arguments: %s" % (args.get(run) or "(defaults)"))
    out("")
    out("| Measure | Service | etcd 3.4 | Ratio | Target | Met |")
    out("|---|---|---|---|---|---|")

    def row(measure, service, etcd, ratio, target, met):
        out("| %s | %s | %s | %s | %s | %s |" % (measure, service, etcd, ratio, target, met))

    r = num(put, "requests_per_s") / num(etcd_put, "requests_per_s")
    row("single PUT, 32 connections (req/s)", "%.0f" % num(put, "requests_per_s"),
        "%.0f" % num(etcd_put, "requests_per_s"), "%.2fx" % r, ">= 2x etcd", "yes" if r >= 2 else "NO")
    r = num(durable, "requests_per_s") / num(etcd_durable, "requests_per_s")
    row("durable PUT, 64 connections (req/s)", "%.0f" % num(durable, "requests_per_s"),
        "%.0f" % num(etcd_durable, "requests_per_s"), "%.2fx" % r, ">= 1x etcd", "yes" if r >= 1 else "NO")
    p99 = num(put, "p99_ms")
    row("single PUT p99 at 32 connections (ms)", "%.2f" % p99, "%.2f" % num(etcd_put, "p99_ms"), "",
        "<= 10 ms", "yes" if p99 <= 10 else "NO")
    row("single PUT p50 at 32 connections (ms)", "%.2f" % num(put, "p50_ms"), "%.2f" % num(etcd_put, "p50_ms"),
        "", "", "")
    row("durable PUT p50 / p99 at 64 connections (ms)",
        "%.2f / %.2f" % (num(durable, "p50_ms"), num(durable, "p99_ms")),
        "%.2f / %.2f" % (num(etcd_durable, "p50_ms"), num(etcd_durable, "p99_ms")), "", "", "")
    positions = num(batch, "positions_per_s")
    per_request = round(num(batch, "positions_per_s") / num(batch, "requests_per_s")) if batch else 0
    row("batch POST, %d per request, 8 connections (positions/s)" % per_request, "%.0f" % positions, "", "",
        ">= 500,000", "yes" if positions >= 500000 else "NO")
    row("batch POST p50 / p99 (ms)", "%.2f / %.2f" % (num(batch, "p50_ms"), num(batch, "p99_ms")), "", "", "", "")
    row("GET /logs with all logs, 2 connections (req/s, p50 / p99 ms)",
        "%.1f, %.0f / %.0f" % (num(get, "requests_per_s"), num(get, "p50_ms"), num(get, "p99_ms")), "", "", "", "")
    overload, etcd_overload = one("service", "overload"), one("etcd", "overload")
    if overload and etcd_overload:
        r = num(overload, "requests_per_s") / num(etcd_overload, "requests_per_s")
        late = int(overload["socket_errors"])
        row("overload PUT, %s connections (req/s)" % overload["connections"], "%.0f" % num(overload, "requests_per_s"),
            "%.0f" % num(etcd_overload, "requests_per_s"), "%.2fx" % r, ">= 1x etcd", "yes" if r >= 1 else "NO")
        row("overload PUT: slowest answer (ms), answers later than 5 s", "%.0f, %d" % (num(overload, "max_ms"), late),
            "%.0f, %s" % (num(etcd_overload, "max_ms"), etcd_overload["socket_errors"]), "", "<= 5 s, 0",
            "yes" if num(overload, "max_ms") <= 5000 and late == 0 else "NO")
    # Open against secured: summed over the pairs of fresh JVMs (one JVM each differs by 10-20%).
    def total(target, scenario, column):
        values = [num(r, column) for r in rows if r["target"] == target and r["scenario"] == scenario]
        return sum(values), ", ".join("%.0f" % v for v in values)

    for scenario, column, label in (("put", "requests_per_s", "single PUT, 32 connections (req/s)"),
                                    ("batch", "positions_per_s", "batch POST (positions/s)")):
        open_sum, open_each = total("service-open", scenario, column)
        secured_sum, secured_each = total("service-paired", scenario, column)
        if not secured_sum:
            # Runs from before the pairs: the open JVM against the main secured one.
            secured_sum, secured_each = total("service", scenario, column)
        if open_sum and secured_sum:
            r = open_sum / secured_sum
            row("open mode (no token) against secured, %s, one value per JVM" % label,
                "open %s; secured %s" % (open_each, secured_each), "", "%.2fx secured" % r, ">= secured",
                "yes" if r >= 1 else "NO")
    open_overload = one("service-open", "overload")
    if open_overload:
        row("open mode (no token): overload PUT (req/s, slowest ms)", "%.0f, %.0f" % (
            num(open_overload, "requests_per_s"), num(open_overload, "max_ms")), "", "", "", "")
    errors = sum(int(r["non2xx"]) + int(r["socket_errors"]) for r in rows
                 if r["scenario"] not in ("warmup", "overload"))
    out("")
    out("non-2xx answers and socket errors over all measured runs: %d" % errors)
    out("")
    out("PUT throughput against connections (req/s)")
    out("")
    out("| Connections | Service | etcd 3.4 | Ratio | Service p99 (ms) | etcd p99 (ms) |")
    out("|---|---|---|---|---|---|")
    connections = sorted({int(r["connections"]) for r in rows if r["scenario"] == "put-sweep"})
    for c in connections:
        s, e = one("service", "put-sweep", c), one("etcd", "put-sweep", c)
        out("| %d | %.0f | %.0f | %.2fx | %.2f | %.2f |" % (c, num(s, "requests_per_s"), num(e, "requests_per_s"),
            num(s, "requests_per_s") / num(e, "requests_per_s"), num(s, "p99_ms"), num(e, "p99_ms")))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
