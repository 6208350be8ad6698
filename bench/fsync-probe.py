#!/usr/bin/env python3
"""Raw fsync floor of a disk: latency of a 100-byte write followed by fdatasync, appended to a
growing file and overwritten inside a preallocated one (what the journal would save by
preallocating). Usage: bench/fsync-probe.py [DIR] [COUNT]"""
import os, sys, tempfile, time

directory = sys.argv[1] if len(sys.argv) > 1 else "."
count = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
record = b"x" * 100


def measure(path, preallocate):
    fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    try:
        if preallocate:
            os.write(fd, b"\0" * (len(record) * count))
            os.fsync(fd)
            os.lseek(fd, 0, os.SEEK_SET)
        times = []
        for _ in range(count):
            start = time.perf_counter_ns()
            os.write(fd, record)
            os.fdatasync(fd)
            times.append(time.perf_counter_ns() - start)
        times.sort()
        return {p: times[min(len(times) - 1, int(len(times) * p / 100))] / 1e6 for p in (50, 90, 99, 100)}
    finally:
        os.close(fd)
        os.unlink(path)


for name, pre in (("append", False), ("preallocated", True)):
    with tempfile.NamedTemporaryFile(dir=directory, delete=False) as f:
        path = f.name
    r = measure(path, pre)
    print("fsync-probe %-12s writes=%d p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f"
          % (name, count, r[50], r[90], r[99], r[100]))
