-- wrk script for .ci/bench: requests the paths listed in a file (one per
-- line, given after --), each thread starting at its own place, and prints
-- one machine-readable line: RESULT rps p50_ms p95_ms p99_ms requests errors
local paths = {}
local i = 0

function init(args)
  local f = assert(io.open(args[1], "r"))
  for line in f:lines() do
    if line ~= "" then paths[#paths + 1] = line end
  end
  f:close()
  i = math.random(#paths)
end

function request()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end

function done(summary, latency, requests)
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.timeout + e.status
  io.write(string.format("RESULT %.1f %.2f %.2f %.2f %d %d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.requests, errors))
end
