#!/usr/bin/env python3
"""Turns JMH's JSON result into flush.csv: one row per number of logs (standard library only)."""
import json
import sys

COLUMNS = {
    "io.eventcheckpoint.engine.EngineFlushBenchmark.flush": "engine_flush_ms",
    "io.eventcheckpoint.engine.EngineFlushBenchmark.flushAfterNewLog": "engine_flush_new_log_ms",
    "io.eventcheckpoint.store.file.YamlFlushBenchmark.save": "store_save_ms",
    "io.eventcheckpoint.store.file.YamlLoadBenchmark.load": "store_load_ms",
    "io.eventcheckpoint.store.file.YamlLoadBenchmark.startEngine": "engine_start_ms",
}

rows = {}
with open(sys.argv[1]) as f:
    for result in json.load(f):
        column = COLUMNS.get(result["benchmark"])
        size = result.get("params", {}).get("size")
        if column is None or size is None:
            continue
        metric = result["primaryMetric"]
        rows.setdefault(int(size), {})[column] = metric["score"]
        rows[int(size)][column + "_error"] = metric["scoreError"]

header = ["logs"] + [c for name in COLUMNS.values() for c in (name, name + "_error")]
print(",".join(header))
for size in sorted(rows):
    values = rows[size]
    print(",".join([str(size)] + ["%.3f" % values[c] if c in values else "" for c in header[1:]]))
