# Shared settings of the Keystone test rig: sourced by start.sh, stop.sh and test.sh.
# Every setting comes from the environment, with the defaults below.
#
#   KEYSTONE_STATE_DIR          state directory (default: <repo>/.keystone)
#   KEYSTONE_PORT               port on 127.0.0.1 (5000)
#   KEYSTONE_ADMIN_PASSWORD     password of the bootstrapped admin user ("admin-secret")
#   KEYSTONE_REGION             region of the identity endpoints (RegionOne)
#   KEYSTONE_TOKEN_EXPIRATION   token lifetime in seconds (3600)
#   KEYSTONE_LIST_LIMIT         [DEFAULT] list_limit; empty = no limit ("")
#   KEYSTONE_HASH_ROUNDS        bcrypt cost for passwords (4 = fast; Keystone's default is 12)
#   KEYSTONE_WAIT_SECS          readiness timeout in seconds (120)
#   KEYSTONE_DEBUG              1 = debug log in <state>/keystone.log (1)

RIG_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
REPO_DIR=$(cd "$RIG_DIR/../.." && pwd -P)
source "$REPO_DIR/scripts/rig-env.sh"

PORT=${KEYSTONE_PORT:-5000}
ADMIN_PASSWORD=${KEYSTONE_ADMIN_PASSWORD:-admin-secret}
REGION=${KEYSTONE_REGION:-RegionOne}
TOKEN_EXPIRATION=${KEYSTONE_TOKEN_EXPIRATION:-3600}
LIST_LIMIT=${KEYSTONE_LIST_LIMIT:-}
HASH_ROUNDS=${KEYSTONE_HASH_ROUNDS:-4}
WAIT_SECS=${KEYSTONE_WAIT_SECS:-120}
DEBUG=${KEYSTONE_DEBUG:-1}

STATE=${KEYSTONE_STATE_DIR:-$REPO_DIR/.keystone}
PIDFILE=$STATE/keystone.pid
SEED_FILE=$STATE/seed.json
AUTH_URL="http://$HOST:$PORT/v3"

rig_log() { printf '[keystone] %s\n' "$*" >&2; }
rig_die() { rig_log "ERROR: $*"; exit 1; }

rig_validate() {
  local v
  for v in PORT TOKEN_EXPIRATION HASH_ROUNDS WAIT_SECS; do
    [[ ${!v} =~ ^[0-9]+$ ]] || rig_die "KEYSTONE_$v must be a whole number (got '${!v}')"
  done
  [[ -z $LIST_LIMIT || $LIST_LIMIT =~ ^[0-9]+$ ]] || rig_die "KEYSTONE_LIST_LIMIT must be a whole number (got '$LIST_LIMIT')"
  ((HASH_ROUNDS >= 4 && HASH_ROUNDS <= 31)) || rig_die "KEYSTONE_HASH_ROUNDS must be 4..31 (bcrypt cost)"
}

# Serialise start/stop per state directory: parallel callers wait for each other.
rig_lock() {
  mkdir -p "$STATE"
  exec 9>"$STATE/.lock"
  flock -w 300 9 || rig_die "could not lock $STATE/.lock within 300 s"
}

# Prints the server's pid if the pid file names a live gunicorn of ours.
rig_pid() {
  local pid
  [[ -s $PIDFILE ]] || return 1
  pid=$(<"$PIDFILE")
  [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q gunicorn || return 1
  echo "$pid"
}

rig_kill() {
  local pid=$1 i
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$PIDFILE"
}
