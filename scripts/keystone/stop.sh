#!/usr/bin/env bash
# Stops the Keystone started by start.sh, by its pid file (and only if that pid is our gunicorn).
#   stop.sh            stop; keep the state directory (database, keys, seed.json)
#   stop.sh --purge    stop, then delete the state directory
set -Eeuo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
[[ -d $STATE ]] || { rig_log "no state directory $STATE: nothing to stop"; exit 0; }
rig_lock
if pid=$(rig_pid); then
  rig_kill "$pid"
  rig_log "stopped keystone (pid $pid)"
else
  rm -f "$PIDFILE"
  rig_log "keystone is not running"
fi
if [[ ${1:-} == --purge ]]; then
  [[ -f $STATE/keystone.conf ]] && grep -q 'scripts/keystone/start.sh' "$STATE/keystone.conf" \
    || rig_die "refusing to delete $STATE: it is not a state directory of start.sh"
  rm -rf -- "$STATE"
  rig_log "removed $STATE"
fi
