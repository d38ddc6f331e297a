#!/usr/bin/env bash
# Starts a real Redis (Debian bookworm's redis-server) on 127.0.0.1 for the fleet tests (the Redis TokenStore and the
# fleet-wide rate limits), and prints the facts as KEY=value lines on stdout:
#
#   eval "$(scripts/redis/start.sh)"   # REDIS_URL, REDIS_PORT, REDIS_PID, REDIS_STATE_DIR
#
# Idempotent: a running server of ours on the port is reused. Installs redis-server when missing. No persistence
# (a restarted server is empty, as after a crash without AOF). Settings from the environment:
#   REDIS_STATE_DIR   state directory (default: <repo>/.redis)
#   REDIS_PORT        port on 127.0.0.1 (6390: not the system default 6379, so that a host's own Redis is left alone)
set -Eeuo pipefail
REPO_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
source "$REPO_DIR/scripts/rig-env.sh"
STATE=${REDIS_STATE_DIR:-$REPO_DIR/.redis}
PORT=${REDIS_PORT:-6390}
log() { printf '[redis] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
[[ $PORT =~ ^[0-9]+$ ]] || die "REDIS_PORT must be a whole number (got '$PORT')"
mkdir -p "$STATE/log"
exec 9>"$STATE/.lock"
flock -w 120 9 || die "could not lock $STATE/.lock within 120 s"

if [[ $(dpkg-query -W -f='${Status}' redis-server 2>/dev/null) != "install ok installed" ]]; then
  sudo=(); [[ $(id -u) == 0 ]] || { command -v sudo >/dev/null || die "root or sudo is needed to install redis-server"; sudo=(sudo); }
  log "installing redis-server (log: $STATE/log/apt.log)"
  apt=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=300)
  "${apt[@]}" update >>"$STATE/log/apt.log" 2>&1 || { tail -n 20 "$STATE/log/apt.log" >&2; die "apt-get update failed"; }
  "${apt[@]}" install -y --no-install-recommends redis-server >>"$STATE/log/apt.log" 2>&1 \
    || { tail -n 20 "$STATE/log/apt.log" >&2; die "apt-get install failed"; }
fi

ping() { [[ $(timeout 2 redis-cli -h "$HOST" -p "$PORT" ping 2>/dev/null) == PONG ]]; }
ours() {
  local pid; pid=$(cat "$STATE/redis.pid" 2>/dev/null || true)
  [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null && grep -qa 'redis-server' "/proc/$pid/cmdline" && echo "$pid"
}

if ! pid=$(ours) || ! ping; then
  rm -f "$STATE/redis.pid"
  redis-server --bind "$HOST" --port "$PORT" --daemonize yes --pidfile "$STATE/redis.pid" --dir "$STATE" \
    --logfile "$STATE/log/redis.log" --save "" --appendonly no --protected-mode yes >/dev/null 9>&- \
    || die "redis-server did not start (see $STATE/log/redis.log)"
  for _ in $(seq 100); do ping && break; sleep 0.05; done
  ping || { tail -n 20 "$STATE/log/redis.log" >&2; die "redis-server does not answer on $HOST:$PORT"; }
  pid=$(ours) || die "redis-server answers on $HOST:$PORT but is not ours (pid file $STATE/redis.pid)"
  log "started redis-server on $HOST:$PORT (pid $pid)"
fi
echo "REDIS_URL=redis://$HOST:$PORT"
echo "REDIS_PORT=$PORT"
echo "REDIS_PID=$pid"
echo "REDIS_STATE_DIR=$STATE"
