#!/usr/bin/env python3
"""Sustained non-durable load: RATE positions/s for SECONDS as batch POSTs of BATCH positions to
random names among LOGS (record numbers above any the other runs sent, so no
rewind is audited), paced by the clock (not as fast as possible), on 2 connections.
Measures the service's CPU (all threads, and the flush and snapshot threads apart) from /proc.

Usage: bench/steady-batches.py BASE_URL PID LOGS [RATE] [SECONDS] [BATCH]
Prints one line: STEADY positions_per_s=.. requests=.. non2xx=.. p99_ms=.. cpu_core=.. flush_core=.. snapshot_core=.."""
import http.client, json, os, random, sys, threading, time, urllib.parse

base, pid, logs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rate = int(sys.argv[4]) if len(sys.argv) > 4 else 10000
seconds = int(sys.argv[5]) if len(sys.argv) > 5 else 60
batch = int(sys.argv[6]) if len(sys.argv) > 6 else 1000
CHANNELS = ["Application", "Security", "Microsoft-Windows-Sysmon/Operational",
            "Microsoft-Windows-PowerShell/Operational", "Microsoft-Windows-TaskScheduler/Operational",
            "Microsoft-Windows-Windows Defender/Operational",
            "Microsoft-Windows-TerminalServices-LocalSessionManager/Operational",
            "Microsoft-Windows-Bits-Client/Operational"]
TICK = os.sysconf("SC_CLK_TCK")


def cpu_ticks():
    """Total ticks of the process, and of its threads by name (Linux cuts names to 15 bytes)."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    total = int(fields[11]) + int(fields[12])
    threads = {}
    for tid in os.listdir("/proc/%d/task" % pid):
        try:
            with open("/proc/%d/task/%s/comm" % (pid, tid)) as f:
                name = f.read().strip()
            with open("/proc/%d/task/%s/stat" % (pid, tid)) as f:
                t = f.read().rsplit(")", 1)[1].split()
            threads[name] = threads.get(name, 0) + int(t[11]) + int(t[12])
        except OSError:
            pass
    return total, threads


url = urllib.parse.urlsplit(base)
requests_total = rate * seconds // batch
interval = batch / rate
latencies, failures = [], [0]
lock = threading.Lock()
start = time.monotonic()
slots = iter(range(requests_total))


def worker(seed):
    rnd = random.Random(seed)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    while True:
        with lock:
            n = next(slots, None)
        if n is None:
            return
        wait = start + n * interval - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        entries = []
        for i in rnd.sample(range(logs), batch):  # a name at most once per batch
            entries.append({"name": "host-%06d/%s" % (i // 8, CHANNELS[i % 8]), "record_number": 1_000_000_000 + n,
                            "timestamp": "2024-05-01T09:00:00Z"})
        body = json.dumps({"event_logs": entries})
        t0 = time.monotonic()
        conn.request("POST", "/logs", body, {"Content-Type": "application/json"})
        response = conn.getresponse()
        payload = response.read()
        with lock:
            latencies.append(time.monotonic() - t0)
            if response.status >= 300:
                failures[0] += 1
                if failures[0] == 1:
                    print("first failure: %d %s" % (response.status, payload[:300]), file=sys.stderr)


cpu0, threads0 = cpu_ticks()
workers = [threading.Thread(target=worker, args=(s,)) for s in range(2)]
for w in workers:
    w.start()
for w in workers:
    w.join()
elapsed = time.monotonic() - start
cpu1, threads1 = cpu_ticks()


def share(prefix):
    ticks = sum(v - threads0.get(k, 0) for k, v in threads1.items() if k.startswith(prefix))
    return ticks / TICK / elapsed


latencies.sort()
# The snapshot thread's CPU since start-up, to divide by checkpoint_snapshots_total: a snapshot
# comes every snapshot-journal-size bytes, so a 60 s window may hold none or one.
snapshot_total = sum(v for k, v in threads1.items() if k.startswith("checkpoint-snap")) / TICK
print("STEADY positions_per_s=%.0f requests=%d non2xx=%d p99_ms=%.1f cpu_core=%.3f flush_core=%.3f snapshot_core=%.3f snapshot_cpu_since_start_s=%.2f"
      % (len(latencies) * batch / elapsed, len(latencies), failures[0],
         latencies[int(len(latencies) * 0.99) - 1] * 1000 if latencies else 0,
         (cpu1 - cpu0) / TICK / elapsed, share("checkpoint-flus"), share("checkpoint-snap"), snapshot_total))
