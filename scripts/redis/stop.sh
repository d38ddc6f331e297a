#!/usr/bin/env bash
# Stops the Redis started by start.sh, by its pid file (and only if that pid is our redis-server).
set -Eeuo pipefail
REPO_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
STATE=${REDIS_STATE_DIR:-$REPO_DIR/.redis}
log() { printf '[redis] %s\n' "$*" >&2; }
pid=$(cat "$STATE/redis.pid" 2>/dev/null || true)
if [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null && grep -qa 'redis-server' "/proc/$pid/cmdline"; then
  kill -TERM "$pid"; for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  log "stopped redis-server (pid $pid)"
else
  log "redis-server is not running"
fi
rm -f "$STATE/redis.pid"
