-- GET /logs: every tracked position in one answer.
dofile(os.getenv("BENCH_LUA") .. "/common.lua")

function request()
  return wrk.format("GET", "/logs", api_headers({ ["Accept"] = "application/json" }))
end
