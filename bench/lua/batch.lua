-- POST /logs with BATCH positions per request (default 500). Bodies are built once per thread
-- (16 bodies, so 8000 distinct logs per thread) to keep wrk's own CPU use small on 2 cores.
dofile(os.getenv("BENCH_LUA") .. "/common.lua")

local batch = tonumber(os.getenv("BATCH") or "500")
local bodies = {}
local n = 0
local headers = api_headers({ ["Content-Type"] = "application/json" })

function init(args)
  local first = (thread_id or 0) * 16 * batch
  for b = 1, 16 do
    local entries = {}
    for k = 1, batch do
      local i = (first + (b - 1) * batch + k) % logs
      local record = record_base + b
      entries[k] = string.format('{"name": "%s", "record_number": %d, "timestamp": "2024-05-01T08:00:%02d.%09dZ"}',
        log_name(i), record, record % 60, (i * 7919) % 1000000000)
    end
    bodies[b] = '{"event_logs": [' .. table.concat(entries, ",") .. "]}"
  end
end

function request()
  n = n + 1
  return wrk.format("POST", "/logs", headers, bodies[(n % #bodies) + 1])
end
