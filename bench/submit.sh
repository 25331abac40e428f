#!/usr/bin/env bash
# Single-job submit throughput and latency against a running fetchq (e.g. `./fetchq standalone`):
# creates a tenant with a rate limit high enough not to bind (or uses FETCHQ_KEY as given), then
# runs wrk for DURATION (default 30s) at CONNECTIONS (default "16 64") connections and prints wrk's
# latency distribution (p50/p75/p90/p99) and requests/s for each. The jobs fetch TARGET_URL
# (default: fetchq's own liveness endpoint, so no other server is needed; run fetchq with
# FETCHQ_ALLOWED_CIDRS=127.0.0.0/8). Needs wrk (Debian package `wrk`).
#   FETCHQ_ADMIN_KEY=... bench/submit.sh         IDEMPOTENCY=1 adds a unique Idempotency-Key
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
command -v wrk >/dev/null || { echo "submit.sh: wrk is not installed (apt-get install wrk)" >&2; exit 1; }
api=${FETCHQ_API:-http://127.0.0.1:8080}
admin=${FETCHQ_ADMIN_KEY:-$(cat data/admin-key 2>/dev/null || true)}
export TARGET_URL=${TARGET_URL:-$api/actuator/health/liveness}
if [[ -z "${FETCHQ_KEY:-}" ]]; then
  [[ -n "$admin" ]] || { echo "submit.sh: set FETCHQ_ADMIN_KEY (or FETCHQ_KEY)" >&2; exit 1; }
  name="bench$(date +%s)"
  tenant=$(curl -sf "$api/api/v1/admin/tenants" -H "Authorization: Bearer $admin" \
    -H 'Content-Type: application/json' \
    -d "{\"name\":\"$name\",\"rateLimit\":{\"perSecond\":100000,\"burst\":1000000}}" |
    sed -E 's/.*"id":"([^"]+)".*/\1/')
  FETCHQ_KEY=$(curl -sf "$api/api/v1/admin/tenants/$tenant/api-keys" \
    -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
    -d '{"scopes":["jobs:write","jobs:read"]}' | sed -E 's/.*"key":"([^"]+)".*/\1/')
  echo "tenant $name ($tenant)"
fi
export FETCHQ_KEY
for c in ${CONNECTIONS:-16 64}; do
  echo "== $c connections, ${DURATION:-30s}, idempotency=${IDEMPOTENCY:-0}"
  wrk -t2 -c"$c" -d"${DURATION:-30s}" --latency -s bench/submit.lua "$api/api/v1/jobs"
done
