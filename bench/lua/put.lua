-- PUT /logs/{name}: one position per request, names cycling through LOGS logs.
-- DURABLE=true adds ?durable=true (the answer waits until the position is on disk).
dofile(os.getenv("BENCH_LUA") .. "/common.lua")

local suffix = (os.getenv("DURABLE") == "true") and "?durable=true" or ""
local counter = 0
local paths = {}
local headers = api_headers({ ["Content-Type"] = "application/json" })

function init(args)
  counter = (thread_id or 0) * 7919
  math.randomseed(seed or 1)
end

function request()
  counter = counter + 1
  local i = pick(counter)
  local path = paths[i]
  if path == nil then
    path = "/logs/" .. log_path(i) .. suffix
    paths[i] = path
  end
  return wrk.format("PUT", path, headers, position_json(record_base + counter))
end
