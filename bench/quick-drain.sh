#!/usr/bin/env bash
# Quick drain against a running fetchq (e.g. `FETCHQ_ALLOWED_CIDRS=127.0.0.0/8 ./fetchq standalone`):
# submits JOBS jobs (default 10000) from CLIENTS concurrent clients (default 64) to a local target,
# waits until every one is terminal, and prints submit throughput plus end-to-end drain figures
# computed from the jobs' own timestamps in PostgreSQL.
#   FETCHQ_KEY=... DB=fetchq bench/quick-drain.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
DB=${DB:-fetchq}
export FETCHQ_KEY=${FETCHQ_KEY:-$(cat data/admin-key 2>/dev/null || echo dev-admin-key)}
export JOBS=${JOBS:-10000} CLIENTS=${CLIENTS:-64}
export RUN_ID=${RUN_ID:-drain$(date +%s)}
java_bin=$(ls -d /usr/lib/jvm/*/bin/java | sort -V | tail -n 1)
psql_q() { psql -h 127.0.0.1 -U postgres -d "$DB" -Atc "$1"; }

fifo=$(mktemp -u) && mkfifo "$fifo"
"$java_bin" bench/QuickDrain.java <"$fifo" &
generator=$!
exec 3>"$fifo"
trap 'exec 3>&-; wait $generator 2>/dev/null || true; rm -f "$fifo"' EXIT

pattern="%/$RUN_ID/%"
until [[ "$(psql_q "select count(*) from jobs where url like '$pattern' and status in ('completed','failed','cancelled')")" -ge "$JOBS" ]]; do
  sleep 0.5
done
psql_q "select format('drained=%s seconds=%s jobs_per_s=%s e2e_p50_ms=%s e2e_p99_ms=%s failed=%s',
  count(*),
  round(extract(epoch from max(completed_at) - min(created_at))::numeric, 2),
  round(count(*) / extract(epoch from max(completed_at) - min(created_at))::numeric),
  round((percentile_cont(0.5) within group (order by extract(epoch from completed_at - created_at)) * 1000)::numeric, 1),
  round((percentile_cont(0.99) within group (order by extract(epoch from completed_at - created_at)) * 1000)::numeric, 1),
  count(*) filter (where status <> 'completed'))
  from jobs where url like '$pattern'"
