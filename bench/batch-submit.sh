#!/usr/bin/env bash
# Latency of 1000-job batches against a running fetchq (e.g. `./fetchq standalone`): submits WARMUP
# batches (default 10) to warm the JVM, then RUNS (default 30) measured ones, one at a time, and
# prints p50/p90/max in milliseconds. The jobs target example.org and are never awaited.
#   FETCHQ_API=http://127.0.0.1:8080 FETCHQ_KEY=... bench/batch-submit.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export FETCHQ_KEY=${FETCHQ_KEY:-$(cat data/admin-key 2>/dev/null || echo dev-admin-key)}
java_bin=$(ls -d /usr/lib/jvm/*/bin/java | sort -V | tail -n 1)
exec "$java_bin" bench/BatchSubmit.java
