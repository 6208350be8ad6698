-- etcd 3.4's JSON gateway: POST /v3/kv/put {"key": base64(name), "value": base64(position)},
-- the same names and the same position JSON as put.lua. etcd fsyncs its log for every put.
dofile(os.getenv("BENCH_LUA") .. "/common.lua")

local bit = require("bit")
local band, rshift = bit.band, bit.rshift
local alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
local chars = {}
for i = 1, 64 do chars[i - 1] = alphabet:sub(i, i) end

local function base64(data)
  local out, n = {}, #data
  for i = 1, n - 2, 3 do
    local a, b, c = data:byte(i, i + 2)
    local v = a * 65536 + b * 256 + c
    out[#out + 1] = chars[rshift(v, 18)] .. chars[band(rshift(v, 12), 63)] .. chars[band(rshift(v, 6), 63)] .. chars[band(v, 63)]
  end
  local rest = n % 3
  if rest == 1 then
    local v = data:byte(n) * 65536
    out[#out + 1] = chars[rshift(v, 18)] .. chars[band(rshift(v, 12), 63)] .. "=="
  elseif rest == 2 then
    local a, b = data:byte(n - 1, n)
    local v = a * 65536 + b * 256
    out[#out + 1] = chars[rshift(v, 18)] .. chars[band(rshift(v, 12), 63)] .. chars[band(rshift(v, 6), 63)] .. "="
  end
  return table.concat(out)
end

local keys = {}
local counter = 0
local headers = { ["Content-Type"] = "application/json" }

function init(args)
  counter = (thread_id or 0) * 7919
  math.randomseed(seed or 1)
end

function request()
  counter = counter + 1
  local i = pick(counter)
  local key = keys[i]
  if key == nil then
    key = base64(log_name(i))
    keys[i] = key
  end
  local body = string.format('{"key": "%s", "value": "%s"}', key, base64(position_json(record_base + counter)))
  return wrk.format("POST", "/v3/kv/put", headers, body)
end
