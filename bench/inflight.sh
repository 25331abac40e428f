#!/usr/bin/env bash
# Bounded memory with 5,000 slow jobs in flight (see bench/InFlight.java) against a running fetchq
# whose JVM pid is PID: prints the fast-job probes and, every 5 s, the fetchq process's RSS and heap.
#   PID=<fetchq java pid> FETCHQ_KEY=... bench/inflight.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
: "${PID:?set PID to the fetchq JVM (standalone or worker)}"
jdk=$(ls -d /usr/lib/jvm/*/ | sort -V | tail -n 1)
"$jdk/bin/java" bench/InFlight.java &
load=$!
while kill -0 "$load" 2>/dev/null; do
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$PID/status")
  heap=$("$jdk/bin/jcmd" "$PID" GC.heap_info | awk '/garbage-first heap/ {print $9}')
  echo "sample rss_mib=$((rss / 1024)) heap_used=$heap threads=$(ls "/proc/$PID/task" | wc -l)"
  sleep 5
done
wait "$load"
