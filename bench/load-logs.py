#!/usr/bin/env python3
"""Loads LOGS positions into the service with batch POSTs, then checks GET /logs holds them all.

    python3 bench/load-logs.py BASE_URL LOGS [TOKEN]      (standard library only)
"""
import http.client
import json
import sys
import urllib.parse

base, logs = sys.argv[1], int(sys.argv[2])
token = sys.argv[3] if len(sys.argv) > 3 else ""
auth = {"Authorization": "Bearer " + token} if token else {}
channels = ["Application", "Security", "Microsoft-Windows-Sysmon/Operational",
            "Microsoft-Windows-PowerShell/Operational", "Microsoft-Windows-TaskScheduler/Operational",
            "Microsoft-Windows-Windows Defender/Operational",
            "Microsoft-Windows-TerminalServices-LocalSessionManager/Operational",
            "Microsoft-Windows-Bits-Client/Operational"]
url = urllib.parse.urlsplit(base)
conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
for start in range(0, logs, 500):
    entries = [{"name": "host-%06d/%s" % (i // 8, channels[i % 8]), "record_number": 1,
                "timestamp": "2024-05-01T08:00:00Z"} for i in range(start, min(logs, start + 500))]
    conn.request("POST", "/logs", json.dumps({"event_logs": entries}),
                 {"Content-Type": "application/json", **auth})
    response = conn.getresponse()
    response.read()
    if response.status >= 300:
        sys.exit("POST /logs answered %d" % response.status)
conn.request("GET", "/logs", headers={"Accept": "application/json", **auth})
response = conn.getresponse()
body = json.loads(response.read())
count = len(body["event_logs"]) if isinstance(body, dict) else len(body)
print("service holds %d logs" % count, file=sys.stderr)
if count < logs:
    sys.exit("expected %d logs" % logs)
