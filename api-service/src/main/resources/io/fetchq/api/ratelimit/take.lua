-- fetchq rate limiter: for each of N requests, takes its COST tokens from two token buckets at
-- once, or from neither. The requests are taken in order, each seeing what the ones before it
-- took. The Java model of one take is io.fetchq.api.ratelimit.domain.BucketPair; keep them equal.
--
-- KEYS[1] the global bucket; KEYS[1 + i] the bucket of request i's tenant (same hash slot: every
--         key carries {rl}; a tenant may appear several times).
-- ARGV    for each request i, five values: cost, global per second, global burst, tenant per
--         second, tenant burst.
-- A bucket is a hash {t = tokens at u, u = microseconds of Redis' clock}; an absent bucket is
-- full. Time is Redis' own (TIME, read once per call), so the clocks of the API instances never
-- matter. A bucket is written only when tokens are taken, and expires when it would be full again.
-- Returns, for each request, four integers: verdict (1 granted, 0 refused, -1 cost above a
-- bucket's size), scope (0 none, 1 tenant, 2 global), tenant tokens after * 1000 (floored),
-- microseconds until both buckets hold COST tokens (0 unless refused).
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])

local function level(key, rate, burst)
  local state = redis.call('HMGET', key, 't', 'u')
  local tokens, updated = tonumber(state[1]), tonumber(state[2])
  if tokens == nil or updated == nil then
    return burst
  end
  local elapsed = now - updated
  if elapsed < 0 then
    elapsed = 0
  end
  return math.min(burst, tokens + elapsed * rate / 1000000)
end

local function wait(cost, rate, tokens)
  if tokens >= cost then
    return 0
  end
  return math.ceil((cost - tokens) * 1000000 / rate)
end

local function store(key, rate, burst, tokens)
  redis.call('HSET', key, 't', string.format('%.17g', tokens), 'u', string.format('%.0f', now))
  redis.call('PEXPIRE', key, math.ceil((burst - tokens) * 1000 / rate) + 1000)
end

local function take(tenant_key, cost, global_rate, global_burst, tenant_rate, tenant_burst)
  local g = level(KEYS[1], global_rate, global_burst)
  local t = level(tenant_key, tenant_rate, tenant_burst)
  if cost > tenant_burst then
    return -1, 1, math.floor(t * 1000), 0
  end
  if cost > global_burst then
    return -1, 2, math.floor(t * 1000), 0
  end
  local tenant_wait, global_wait = wait(cost, tenant_rate, t), wait(cost, global_rate, g)
  if tenant_wait > 0 or global_wait > 0 then
    if tenant_wait >= global_wait then
      return 0, 1, math.floor(t * 1000), tenant_wait
    end
    return 0, 2, math.floor(t * 1000), global_wait
  end
  if cost > 0 then
    g, t = g - cost, t - cost
    store(KEYS[1], global_rate, global_burst, g)
    store(tenant_key, tenant_rate, tenant_burst, t)
  end
  return 1, 0, math.floor(t * 1000), 0
end

local replies = {}
for i = 1, #KEYS - 1 do
  local a = (i - 1) * 5
  local verdict, scope, tokens, waited = take(KEYS[1 + i], tonumber(ARGV[a + 1]),
    tonumber(ARGV[a + 2]), tonumber(ARGV[a + 3]), tonumber(ARGV[a + 4]), tonumber(ARGV[a + 5]))
  local r = (i - 1) * 4
  replies[r + 1], replies[r + 2], replies[r + 3], replies[r + 4] = verdict, scope, tokens, waited
end
return replies
