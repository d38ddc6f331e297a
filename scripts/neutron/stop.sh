#!/usr/bin/env bash
# Stops the Neutron started by start.sh, by its pid file (and only if that pid is our neutron-server).
#   stop.sh            stop; keep the state directory (database)
#   stop.sh --purge    stop, then delete the state directory
set -Eeuo pipefail
REPO_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
STATE=${NEUTRON_STATE_DIR:-$REPO_DIR/.neutron}
log() { printf '[neutron] %s\n' "$*" >&2; }
[[ -d $STATE ]] || { log "no state directory $STATE: nothing to stop"; exit 0; }
pid=$(cat "$STATE/neutron.pid" 2>/dev/null || true)
if [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null && grep -qa 'neutron-server' "/proc/$pid/cmdline"; then
  kill -TERM "$pid"; for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  log "stopped neutron-server (pid $pid)"
else
  log "neutron-server is not running"
fi
rm -f "$STATE/neutron.pid" "$STATE/.running-config"
if [[ ${1:-} == --purge ]]; then
  [[ -f $STATE/neutron.conf ]] && grep -q 'scripts/neutron/start.sh' "$STATE/neutron.conf" \
    || { log "refusing to delete $STATE: it is not a state directory of start.sh"; exit 1; }
  rm -rf -- "$STATE"; log "removed $STATE"
fi
