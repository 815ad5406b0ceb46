-- wrk script for bench/wrk_answers.py: every device of the data file answers pulse 1 once.
--
--   wrk -t2 -c64 -d10s -s bench/answers.lua http://127.0.0.1:PORT -- DATA THREADS BUDGET [PULSE]
--
-- DATA has one device a line, "cv_device=...<TAB>FORMTOKEN" (the form token of pulse PULSE, 1 if
-- not given). Thread k of THREADS takes lines k, k+THREADS, ... and sends each once as POST /answer. When its slice is used up, or BUDGET seconds
-- after its first request, it sends GET /health (stores nothing, one every 100 ms a connection)
-- until every answer it sent has been answered, then stops (wrk.thread:stop()): the 200s counted
-- here are exactly the answers the server kept, none left in flight when wrk's -d ends.
-- done() prints one line for the Python side:
--   answers ok N other K sent S elapsed E exhausted X statuses 409:3,...
-- where E runs from the first request of any thread to the last accepted answer of any thread.

local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } convene_timespec;
  int clock_gettime(int clock, convene_timespec *now);
]]
local clock = ffi.new("convene_timespec")
local function now()
  ffi.C.clock_gettime(1, clock) -- CLOCK_MONOTONIC: the same clock in every thread
  return tonumber(clock.tv_sec) + tonumber(clock.tv_nsec) * 1e-9
end

-- Main state: the threads, to collect their counters in done().
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

-- Thread state. Globals, so that done() can read them with thread:get.
ok, other, sent, answered = 0, 0, 0, 0
exhausted = 0
t_first, t_last = 0, 0
statuses = {}
local answers, health, next_answer, budget, draining, verified = {}, nil, 1, 1e9, false, false

function init(args)
  local path, count = args[1], tonumber(args[2])
  budget = tonumber(args[3] or "1e9")
  local pulse = args[4] or "1"
  local host = wrk.host .. ":" .. wrk.port
  local line_number = 0
  for line in io.lines(path) do
    if line_number % count == id then
      local cookie, token = line:match("^(%S+)\t(%x+)$")
      local body = "pulse=" .. pulse .. "&token=" .. token .. "&value=" .. (line_number % 5 + 1)
      answers[#answers + 1] = wrk.format("POST", "/answer", {
        ["Host"] = host,
        ["Origin"] = "http://" .. host,
        ["Content-Type"] = "application/x-www-form-urlencoded",
        ["Cookie"] = cookie,
      }, body)
    end
    line_number = line_number + 1
  end
  health = wrk.format("GET", "/health", { ["Host"] = host })
end

function request()
  -- wrk calls request() of thread 0 once before the run, to count the requests it returns
  -- (pipelining), and never sends that one: the first call of every thread returns /health, so
  -- no answer is lost to it.
  if not verified then
    verified = true
    return health
  end
  if t_first == 0 then t_first = now() end
  if not draining and next_answer <= #answers and now() - t_first < budget then
    local r = answers[next_answer]
    next_answer = next_answer + 1
    sent = sent + 1
    return r
  end
  if next_answer > #answers then exhausted = 1 end
  draining = true
  return health
end

-- While draining, the /health requests go out slowly: they must not take the CPU from the
-- server or from the other thread still answering.
function delay()
  if draining then return 100 end
  return 0
end

function response(status, headers, body)
  -- /health answers text/plain; every reply to an answer is a page (text/html).
  local kind = ""
  for name, value in pairs(headers) do
    if name:lower() == "content-type" then kind = value end
  end
  if not (status == 200 and kind:find("text/plain", 1, true)) then
    answered = answered + 1
    if status == 200 and body:find("Thank you", 1, true) then
      ok = ok + 1
      t_last = now()
    else
      other = other + 1
      statuses[tostring(status)] = (statuses[tostring(status)] or 0) + 1
    end
  end
  if draining and answered >= sent then wrk.thread:stop() end
end

function done(summary, latency, requests)
  local total_ok, total_other, total_sent, all_exhausted = 0, 0, 0, 1
  local first, last = math.huge, 0
  local merged = {}
  for _, thread in ipairs(threads) do
    total_ok = total_ok + thread:get("ok")
    total_other = total_other + thread:get("other")
    total_sent = total_sent + thread:get("sent")
    if thread:get("exhausted") == 0 then all_exhausted = 0 end
    local started, finished = thread:get("t_first"), thread:get("t_last")
    if started > 0 and started < first then first = started end
    if finished > last then last = finished end
    for status, n in pairs(thread:get("statuses")) do merged[status] = (merged[status] or 0) + n end
  end
  local parts = {}
  for status, n in pairs(merged) do parts[#parts + 1] = status .. ":" .. n end
  local elapsed = (last > 0 and first < math.huge) and (last - first) or summary.duration / 1e6
  io.write(string.format("answers ok %d other %d sent %d elapsed %.6f exhausted %d statuses %s p50 %.2f p99 %.2f\n",
    total_ok, total_other, total_sent, elapsed, all_exhausted, #parts > 0 and table.concat(parts, ",") or "-",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
