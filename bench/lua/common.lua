-- Shared by the wrk scripts of bench/http-load.sh: fleet names and the result line.
-- Names look like host-012345/Microsoft-Windows-Sysmon/Operational (the same fleet as the JMH
-- benchmarks); LOGS (environment) says how many distinct logs requests cycle through.

local channels = {
  "Application", "Security", "Microsoft-Windows-Sysmon/Operational",
  "Microsoft-Windows-PowerShell/Operational", "Microsoft-Windows-TaskScheduler/Operational",
  "Microsoft-Windows-Windows Defender/Operational",
  "Microsoft-Windows-TerminalServices-LocalSessionManager/Operational",
  "Microsoft-Windows-Bits-Client/Operational",
}

logs = tonumber(os.getenv("LOGS") or "100000")

-- RANDOM=true picks each request's log at random (seeded per thread) instead of cycling.
local random_names = os.getenv("RANDOM") == "true"
function pick(counter)
  if random_names then
    return math.random(0, logs - 1)
  end
  return counter % logs
end

function log_name(i)
  return string.format("host-%06d/%s", math.floor(i / #channels), channels[(i % #channels) + 1])
end

-- A name in the path of /logs/{*name}: its slashes stay (the API captures the rest of the path),
-- spaces and the characters that end a path are percent-encoded.
function log_path(i)
  return (log_name(i):gsub("[ %%?#]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

-- Record numbers grow from one wrk run to the next, as a collector's do: each run starts at the wall
-- clock's seconds times a million. Restarting at 1 made every write of a later run a rewind, each
-- one an audit log line, which measured the logger rather than the API (issue 13).
record_base = os.time() * 1000000

function position_json(record)
  return string.format('{"record_number": %d, "timestamp": "2024-05-01T08:%02d:%02d.%09dZ"}',
    record, math.floor(record / 60) % 60, record % 60, (record * 7919) % 1000000000)
end

-- Each wrk thread starts at a different name.
local next_id = 0
function setup(thread)
  thread:set("thread_id", next_id)
  thread:set("seed", 7919 * (next_id + 1))
  next_id = next_id + 1
end

-- One machine-readable line that bench/http-load.sh parses.
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_us=%d non2xx=%d socket_errors=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d\n",
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end

-- Request headers; TOKEN (environment) adds the bearer token, as the Helm chart's services present it.
function api_headers(extra)
  local h = extra or {}
  local token = os.getenv("TOKEN")
  if token ~= nil and token ~= "" then
    h["Authorization"] = "Bearer " .. token
  end
  return h
end
