#!/usr/bin/env python3
"""Share of answers the service itself timed within 5, 10 and 25 ms, between two scrapes of
/actuator/prometheus (its http.server.requests histogram), for one HTTP method.

Usage: server-latency.py BEFORE AFTER METHOD
Prints: requests=N le_5ms=P le_10ms=P le_25ms=P (percent of the answers between the scrapes)

The service's timer starts when its first servlet filter sees the request and stops when the
answer is written; what wrk measures beyond that is time outside the service's code: waiting in
the kernel and in Tomcat for a thread, garbage-collection pauses before the filter starts, and the
load generator's own wait for a core.
"""
import re
import sys

BUCKET = re.compile(r'^http_server_requests_seconds_bucket\{(.*)\}\s+(\S+)')


def buckets(path, method):
    totals = {}
    with open(path) as f:
        for line in f:
            m = BUCKET.match(line)
            if not m or ('method="%s"' % method) not in m.group(1):
                continue
            le = re.search(r'le="([^"]+)"', m.group(1)).group(1)
            totals[le] = totals.get(le, 0.0) + float(m.group(2))
    return totals


def main():
    before, after = buckets(sys.argv[1], sys.argv[3]), buckets(sys.argv[2], sys.argv[3])
    total = after.get("+Inf", 0.0) - before.get("+Inf", 0.0)
    parts = ["requests=%d" % total]
    for le, label in (("0.005", "le_5ms"), ("0.01", "le_10ms"), ("0.025", "le_25ms")):
        share = (after.get(le, 0.0) - before.get(le, 0.0)) / total * 100 if total else float("nan")
        parts.append("%s=%.2f" % (label, share))
    print(" ".join(parts))


if __name__ == "__main__":
    main()
