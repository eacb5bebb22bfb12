-- wrk script of bench/inbound.sh: POST /api/messages with each activity of a file in turn (one JSON body a line), with
-- an Authorization header when a token file is given; prints the result as one JSON line after "WRK-RESULT ".
--   wrk -t1 -c32 -d15s -s inbound.lua http://127.0.0.1:PORT -- BODIES_FILE [TOKEN_FILE]
local requests = {}
local index = 0

function init(args)
  local headers = { ["Content-Type"] = "application/json; charset=utf-8" }
  if args[2] ~= nil and args[2] ~= "" then
    local file = assert(io.open(args[2], "r"))
    headers["Authorization"] = "Bearer " .. file:read("*l")
    file:close()
  end
  -- Made once: building a request per call would spend the load generator's core on string work.
  for line in io.lines(args[1]) do
    if #line > 0 then requests[#requests + 1] = wrk.format("POST", "/api/messages", headers, line) end
  end
  assert(#requests > 0, "no activities in " .. args[1])
end

function request()
  index = index % #requests + 1
  return requests[index]
end

function done(summary, latency, _)
  local e = summary.errors
  io.write(string.format(
    'WRK-RESULT {"requests":%d,"durationUs":%d,"bytes":%d,"connectErrors":%d,"readErrors":%d,"writeErrors":%d,' ..
    '"statusErrors":%d,"timeouts":%d,"p50Us":%d,"p90Us":%d,"p99Us":%d,"maxUs":%d,"meanUs":%.1f}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end
