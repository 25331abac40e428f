-- wrk script of bench/run (scenarios submit-16, submit-64): POST /api/v1/jobs with a small job
-- (FETCHQ_KEY, TARGET_URL); with IDEMPOTENCY=1 every request carries a unique Idempotency-Key.
local key = os.getenv("FETCHQ_KEY")
local target = os.getenv("TARGET_URL")
local idempotency = os.getenv("IDEMPOTENCY") == "1"
local counter = 0
local threads = 0

-- setup runs in the main Lua state: hand every thread its own number (a global in its state)
function setup(thread)
  thread:set("thread_number", threads)
  threads = threads + 1
end

function init(args)
  math.randomseed(os.time() + thread_number)
  prefix = string.format("%d-%d-%d", os.time(), thread_number, math.random(1, 1000000000))
end

function request()
  counter = counter + 1
  local headers = {
    ["Authorization"] = "Bearer " .. key,
    ["Content-Type"] = "application/json",
  }
  if idempotency then
    headers["Idempotency-Key"] = prefix .. "-" .. counter
  end
  local body = '{"url":"' .. target .. '?n=' .. counter .. '","retry":{"maxAttempts":1}}'
  return wrk.format("POST", "/api/v1/jobs", headers, body)
end

statuses = {}
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  io.write(string.format("errors: connect=%d read=%d write=%d timeout=%d status(non-2xx/3xx)=%d\n",
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout,
    summary.errors.status))
end
