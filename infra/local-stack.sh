#!/usr/bin/env bash
# The distributed topology without containers: one Kafka broker, 2 × api-service and
# 3 × worker-service as separate local processes (the shape of docker-compose.yml, minus the
# load balancer and the observability stack).
#
#   infra/local-stack.sh start     # start everything, wait until every process is ready
#   infra/local-stack.sh status    # pid, port and readiness of each process
#   infra/local-stack.sh stop      # SIGTERM each process (graceful drain), SIGKILL after 60 s
#
# Needs PostgreSQL (FETCHQ_DB_URL, the database must exist) and Redis, like `./fetchq api`.
# Settings (environment): FETCHQ_LOCAL_STACK_DIR (pids and logs, default ./data/local-stack),
# FETCHQ_LOCAL_API_PORTS (default "8080 8081"), FETCHQ_LOCAL_WORKER_PORTS (default
# "8090 8091 8092"), FETCHQ_STANDALONE_KAFKA_PORT (default 9092) and every FETCHQ_* setting of
# infra/README.md, passed on to each process.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
DIR=${FETCHQ_LOCAL_STACK_DIR:-./data/local-stack}
API_PORTS=${FETCHQ_LOCAL_API_PORTS:-8080 8081}
WORKER_PORTS=${FETCHQ_LOCAL_WORKER_PORTS:-8090 8091 8092}
KAFKA_PORT=${FETCHQ_STANDALONE_KAFKA_PORT:-9092}
READY_TIMEOUT=${FETCHQ_LOCAL_READY_TIMEOUT:-300}

log() { echo "local-stack: $*" >&2; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

ready() { # port: readiness answers 200
  local status
  status=$( (exec 3<>"/dev/tcp/127.0.0.1/$1" &&
    printf 'GET /actuator/health/readiness HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3 &&
    head -n 1 <&3) 2>/dev/null || true)
  [[ "$status" == *" 200 "* ]]
}

wait_until() { # description command...
  local what=$1 deadline=$((SECONDS + READY_TIMEOUT))
  shift
  until "$@"; do
    local pidfile
    for pidfile in "$DIR"/*.pid; do
      [[ -f "$pidfile" ]] || continue
      if ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then
        log "FAILED: $(basename "$pidfile" .pid) exited while waiting for $what (log $DIR/$(basename "$pidfile" .pid).log)"
        return 1
      fi
    done
    if ((SECONDS >= deadline)); then
      log "FAILED: $what not ready after ${READY_TIMEOUT}s (logs in $DIR)"
      return 1
    fi
    sleep 1
  done
  log "$what ready"
}

launch() { # name command env...: starts `./fetchq command` in the background, records its pid
  local name=$1 command=$2
  shift 2
  if [[ -f "$DIR/$name.pid" ]] && kill -0 "$(cat "$DIR/$name.pid")" 2>/dev/null; then
    log "$name already runs (pid $(cat "$DIR/$name.pid"))"
    return
  fi
  # built once by start(): a process started later must not rebuild the jars under running ones
  env FETCHQ_NO_BUILD=1 "$@" nohup ./fetchq "$command" >"$DIR/$name.log" 2>&1 &
  echo $! >"$DIR/$name.pid"
  log "$name started (pid $!, log $DIR/$name.log)"
}

start() {
  mkdir -p "$DIR"
  ./fetchq prepare
  local bootstrap=127.0.0.1:$KAFKA_PORT port first=""
  launch broker broker FETCHQ_STANDALONE_KAFKA_PORT="$KAFKA_PORT" \
    FETCHQ_STANDALONE_DATA_DIR="${FETCHQ_STANDALONE_DATA_DIR:-$DIR/data}"
  wait_until "broker on :$KAFKA_PORT" port_open "$KAFKA_PORT"
  # the first API applies the database schema; the others start once it is ready
  for port in $API_PORTS; do
    launch "api-$port" api FETCHQ_HTTP_PORT="$port" FETCHQ_KAFKA_BOOTSTRAP="$bootstrap"
    if [[ -z "$first" ]]; then
      first=$port
      wait_until "api-$port" ready "$port"
    fi
  done
  for port in $WORKER_PORTS; do
    launch "worker-$port" worker FETCHQ_HTTP_PORT="$port" FETCHQ_KAFKA_BOOTSTRAP="$bootstrap"
  done
  for port in $API_PORTS $WORKER_PORTS; do
    [[ "$port" == "$first" ]] || wait_until "process on :$port" ready "$port"
  done
  # shellcheck disable=SC2086 # a list of ports
  log "up: API on $(printf 'http://127.0.0.1:%s ' $API_PORTS)"
}

stop() {
  local file pid name deadline
  [[ -d "$DIR" ]] || return 0
  # workers and APIs first (they drain), the broker last
  for file in "$DIR"/worker-*.pid "$DIR"/api-*.pid "$DIR"/broker.pid; do
    [[ -f "$file" ]] || continue
    pid=$(cat "$file")
    name=$(basename "$file" .pid)
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid"
      deadline=$((SECONDS + 60))
      while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do
        sleep 1
      done
      if kill -0 "$pid" 2>/dev/null; then
        log "$name (pid $pid) still runs after 60 s: SIGKILL"
        kill -KILL "$pid"
      fi
      log "$name stopped"
    fi
    rm -f "$file"
  done
}

status() {
  local file pid name port state
  for file in "$DIR"/*.pid; do
    [[ -f "$file" ]] || continue
    pid=$(cat "$file")
    name=$(basename "$file" .pid)
    port=${name#*-}
    if ! kill -0 "$pid" 2>/dev/null; then
      state=dead
    elif [[ "$name" == broker ]]; then
      state=running
    elif ready "$port"; then
      state=ready
    else
      state=starting
    fi
    printf '%-14s pid %-8s %s\n' "$name" "$pid" "$state"
  done
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *)
    sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
