-- fetchq rate limiter: takes COST tokens from two token buckets at once, or from neither.
-- The Java model of this script is io.fetchq.api.ratelimit.domain.BucketPair; keep them equal.
--
-- KEYS[1] the global bucket, KEYS[2] the tenant's bucket (same hash slot: both carry {rl}).
-- ARGV    cost, global per second, global burst, tenant per second, tenant burst.
-- A bucket is a hash {t = tokens at u, u = microseconds of Redis' clock}; an absent bucket is
-- full. Time is Redis' own (TIME), so the clocks of the API instances never matter. A bucket is
-- written only when tokens are taken, and expires when it would be full again.
-- Returns {verdict (1 granted, 0 refused, -1 cost above a bucket's size),
--          scope (0 none, 1 tenant, 2 global), tenant tokens after * 1000 (floored),
--          microseconds until both buckets hold COST tokens (0 unless refused)}.
local cost = tonumber(ARGV[1])
local global_rate, global_burst = tonumber(ARGV[2]), tonumber(ARGV[3])
local tenant_rate, tenant_burst = tonumber(ARGV[4]), tonumber(ARGV[5])
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

local function wait(rate, tokens)
  if tokens >= cost then
    return 0
  end
  return math.ceil((cost - tokens) * 1000000 / rate)
end

local function store(key, rate, burst, tokens)
  redis.call('HSET', key, 't', string.format('%.17g', tokens), 'u', string.format('%.0f', now))
  redis.call('PEXPIRE', key, math.ceil((burst - tokens) * 1000 / rate) + 1000)
end

local g = level(KEYS[1], global_rate, global_burst)
local t = level(KEYS[2], tenant_rate, tenant_burst)
if cost > tenant_burst then
  return {-1, 1, math.floor(t * 1000), 0}
end
if cost > global_burst then
  return {-1, 2, math.floor(t * 1000), 0}
end
local tenant_wait, global_wait = wait(tenant_rate, t), wait(global_rate, g)
if tenant_wait > 0 or global_wait > 0 then
  if tenant_wait >= global_wait then
    return {0, 1, math.floor(t * 1000), tenant_wait}
  end
  return {0, 2, math.floor(t * 1000), global_wait}
end
if cost > 0 then
  g, t = g - cost, t - cost
  store(KEYS[1], global_rate, global_burst, g)
  store(KEYS[2], tenant_rate, tenant_burst, t)
end
return {1, 0, math.floor(t * 1000), 0}
