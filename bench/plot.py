#!/usr/bin/env python3
"""Draws the plots of docs/benchmarks.md from the results in bench/results/.

    python3 bench/plot.py     (after bench/jmh.sh and bench/http-load.sh)

Writes docs/img/flush-time.png (flush and load time against number of logs, from flush.csv) and
docs/img/http-request-path.png (the latest run with an overload pass: secured, open and etcd),
docs/img/http-throughput.png (PUT throughput against connections: the latest run of http.csv with
the service's defaults, and the latest run with APP_ARGS, as http-runs.csv tells them apart), and
docs/img/journal-durable.png (durable PUT rate and p99 of the service and etcd at 32 and 1
connections, from the latest run of journal.csv written by bench/journal-load.sh).

Needs matplotlib. It installs nothing: on Debian, `apt-get install python3-matplotlib` provides it
for /usr/bin/python3, which this script switches to when the python3 first on PATH lacks it.
"""
import csv
import os
import sys

try:
    import matplotlib
except ImportError:
    if os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3") and os.path.exists("/usr/bin/python3"):
        os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
    sys.exit("plot.py needs matplotlib: apt-get install python3-matplotlib (Debian), then run it again")

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RESULTS = os.path.join(ROOT, "bench", "results")
IMG = os.path.join(ROOT, "docs", "img")


def read(name):
    path = os.path.join(RESULTS, name)
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return list(csv.DictReader(f))


def flush_plot(rows):
    logs = [int(r["logs"]) for r in rows]
    fig, ax = plt.subplots(figsize=(8, 5))
    series = [("engine_flush_ms", "flush (engine: snapshot, write, fsync, rename)", "o-"),
              ("engine_flush_new_log_ms", "flush when a new log joined (its name merged into the order)", "s--"),
              ("store_save_ms", "YAML store save alone (sorted snapshot given)", "^:"),
              ("store_load_ms", "load (read and parse the file)", "D-"),
              ("engine_start_ms", "engine start (load and fill the map)", "v--")]
    for column, label, style in series:
        points = [(n, float(r[column])) for n, r in zip(logs, rows) if r.get(column) not in (None, "", "nan")]
        if points:
            ax.plot([p[0] for p in points], [p[1] for p in points], style, label=label)
    ax.plot([100_000, 1_000_000], [350, 3500], "rx", markersize=10, label="flush targets (350 ms, 3.5 s)")
    ax.plot([100_000], [500], "r+", markersize=12, label="load target (500 ms)")
    ax.plot([100_000], [3400], "k*", markersize=10, label="Go original, 100k flush (issue's reference)")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("tracked logs")
    ax.set_ylabel("time per operation (ms)")
    ax.set_title("YAML checkpoint file: flush (fsync included) and load time")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    path = os.path.join(IMG, "flush-time.png")
    fig.savefig(path, dpi=110)
    print("wrote", path)


def throughput_plot(rows, runs):
    """The latest run with the service's defaults, plus the latest run with APP_ARGS if there is one."""
    args = {r["run"]: r["app_args"] for r in (runs or [])}
    # Runs in order, only those that got as far as the connection sweep.
    ordered = list(dict.fromkeys(r["run"] for r in rows if r["scenario"] == "put-sweep"))
    default_runs = [run for run in ordered if not args.get(run)]
    main_run = default_runs[-1] if default_runs else ordered[-1]
    other_runs = [run for run in ordered if args.get(run)]
    series = [(main_run, "service", "checkpoint service: PUT /logs/{name} (defaults)", "o-"),
              (main_run, "etcd", "etcd 3.4: POST /v3/kv/put (fsync per put)", "s--")]
    if other_runs:
        series.append((other_runs[-1], "service", "checkpoint service with " + args[other_runs[-1]], "^-."))
        series.append((other_runs[-1], "etcd", "etcd 3.4, run of the line above", "x:"))
    fig, ax = plt.subplots(figsize=(8, 5))
    for run, target, label, style in series:
        points = sorted((int(r["connections"]), float(r["requests_per_s"])) for r in rows
                        if r["run"] == run and r["target"] == target and r["scenario"] == "put-sweep")
        if points:
            ax.plot([p[0] for p in points], [p[1] for p in points], style, label=label)
    ax.set_xscale("log", base=2)
    ax.set_xticks([1, 2, 4, 8, 16, 32, 64])
    ax.get_xaxis().set_major_formatter(matplotlib.ticker.ScalarFormatter())
    ax.set_xlabel("connections (wrk, same 2-core machine)")
    ax.set_ylabel("requests per second")
    ax.set_title("Single-position PUT throughput against connections (run %s)" % main_run)
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    path = os.path.join(IMG, "http-throughput.png")
    fig.savefig(path, dpi=110)
    print("wrote", path)


def request_path_plot(rows):
    """Issue 13: secured and open service against etcd, at 32 connections and at 2,000, one run."""
    runs = [r["run"] for r in rows if r["scenario"] == "overload" and r["target"] == "etcd"]
    if not runs:
        return
    run = runs[-1]
    rows = [r for r in rows if r["run"] == run]

    def one(target, scenario):
        return next((r for r in rows if r["target"] == target and r["scenario"] == scenario), None)

    series = (("service", "service, bearer token (as the Helm chart ships it)"),
              ("service-open", "service, no token"), ("etcd", "etcd 3.4"))
    groups = (("put", "PUT, 32 connections", "p99_ms", "p99"), ("overload", "PUT, 2,000 connections", "max_ms", "slowest"))
    fig, (rate, latency) = plt.subplots(1, 2, figsize=(10, 4.5))
    width = 0.27
    for k, (target, label) in enumerate(series):
        xs, rates, lats = [], [], []
        for i, (scenario, _, column, _) in enumerate(groups):
            r = one(target, scenario)
            if r:
                xs.append(i + (k - 1) * width)
                rates.append(float(r["requests_per_s"]))
                lats.append(float(r[column]))
        rate.bar(xs, rates, width, label=label)
        latency.bar(xs, lats, width, label=label)
    rate.set_ylabel("requests per second")
    rate.set_title("throughput")
    latency.set_ylabel("ms (log scale)")
    latency.set_yscale("log")
    latency.set_title("p99 at 32 connections, slowest answer at 2,000")
    for ax in (rate, latency):
        ax.set_xticks(range(len(groups)))
        ax.set_xticklabels([g[1] for g in groups])
        ax.grid(True, axis="y", alpha=0.3)
    handles, labels = rate.get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=3, fontsize=8)
    fig.suptitle("Request path (issue 13), 100,000 logs loaded, run %s" % run, fontsize=10)
    fig.tight_layout(rect=(0, 0.06, 1, 1))
    path = os.path.join(IMG, "http-request-path.png")
    fig.savefig(path, dpi=110)
    print("wrote", path)


def journal_plot(rows):
    """Durable PUTs to random names among 1M logs: the service and etcd of one run, side by side."""
    run = [r["run"] for r in rows if r["scenario"] == "durable"][-1]
    rows = [r for r in rows if r["run"] == run and r["scenario"] == "durable"]
    fig, (rate, p99) = plt.subplots(1, 2, figsize=(10, 4.5))
    width = 0.38
    for k, (target, label) in enumerate((("service", "checkpoint service (journal)"), ("etcd", "etcd 3.4"))):
        points = sorted((int(r["connections"]), float(r["requests_per_s"]), float(r["p99_ms"])) for r in rows
                        if r["target"] == target)
        xs = [i + (k - 0.5) * width for i in range(len(points))]
        rate.bar(xs, [p[1] for p in points], width, label=label)
        p99.bar(xs, [p[2] for p in points], width, label=label)
        ticks = ["%d connection%s" % (p[0], "" if p[0] == 1 else "s") for p in points]
    for ax, title, unit in ((rate, "durable PUT rate", "requests per second"), (p99, "durable PUT p99", "ms")):
        ax.set_xticks(range(len(ticks)))
        ax.set_xticklabels(ticks)
        ax.set_ylabel(unit)
        ax.set_title(title)
        ax.grid(True, axis="y", alpha=0.3)
        ax.legend(fontsize=8)
    fig.suptitle("PUT ?durable=true to random names, 1,000,000 logs loaded (run %s)" % run, fontsize=10)
    fig.tight_layout()
    path = os.path.join(IMG, "journal-durable.png")
    fig.savefig(path, dpi=110)
    print("wrote", path)


def main():
    os.makedirs(IMG, exist_ok=True)
    flush = read("flush.csv")
    http = read("http.csv")
    if not flush and not http and not read("journal.csv"):
        sys.exit("no results in %s: run bench/jmh.sh and bench/http-load.sh first" % RESULTS)
    if flush:
        flush_plot(flush)
    if http:
        throughput_plot(http, read("http-runs.csv"))
        request_path_plot(http)
    journal = read("journal.csv")
    if journal:
        journal_plot(journal)


if __name__ == "__main__":
    main()
