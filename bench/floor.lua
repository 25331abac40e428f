-- wrk script of bench/run's floor scenarios: one kind of request, repeated (FLOOR_KIND).
--   health  GET /actuator/health/liveness (no authentication)
--   401     POST /api/v1/jobs with a key that does not exist
--   403     POST /api/v1/jobs with a valid read-only key (FLOOR_READ_KEY)
--   422     POST /api/v1/jobs with a valid key and a job whose URL is not http(s) (FETCHQ_KEY)
--   get     GET /api/v1/jobs/{FLOOR_JOB} with a valid key (FETCHQ_KEY)
local kind = os.getenv("FLOOR_KIND")
local key = os.getenv("FETCHQ_KEY")
local headers = {["Content-Type"] = "application/json"}
local method, path, body = "POST", "/api/v1/jobs", '{"url":"http://127.0.0.1/floor","retry":{"maxAttempts":1}}'
if kind == "health" then
  method, path, body, headers = "GET", "/actuator/health/liveness", nil, {}
elseif kind == "401" then
  headers["Authorization"] = "Bearer fq_floor_no_such_key"
elseif kind == "403" then
  headers["Authorization"] = "Bearer " .. os.getenv("FLOOR_READ_KEY")
elseif kind == "422" then
  headers["Authorization"] = "Bearer " .. key
  body = '{"url":"ftp://127.0.0.1/floor","retry":{"maxAttempts":1}}'
elseif kind == "get" then
  method, path, body, headers = "GET", "/api/v1/jobs/" .. os.getenv("FLOOR_JOB"), nil, {["Authorization"] = "Bearer " .. key}
else
  error("FLOOR_KIND must be health, 401, 403, 422 or get")
end
local request_bytes

-- built once per thread, on its first request (wrk sets the Host header after loading the script)
function request()
  if request_bytes == nil then
    request_bytes = wrk.format(method, path, headers, body)
  end
  return request_bytes
end
