#!/usr/bin/env bash
# Starts a real Keystone (Debian bookworm's python3-keystone under gunicorn) on 127.0.0.1 for the
# integration tests, seeds test data, and prints the facts as KEY=value lines on stdout:
#
#   eval "$(scripts/keystone/start.sh)"   # KEYSTONE_AUTH_URL, KEYSTONE_SEED_FILE, KEYSTONE_STATE_DIR, KEYSTONE_PID
#
# Idempotent: a running server with the same configuration is reused (about 0.1 s); one started with
# another configuration is restarted. Progress and errors go to stderr. Settings: see lib.sh.
set -Eeuo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
rig_validate
rig_lock
mkdir -p "$STATE/log"

# -- 1. Debian packages, only when missing -------------------------------------------------------
install_packages() {
  local pkgs=(python3-keystone gunicorn curl) missing=() p sudo=()
  for p in "${pkgs[@]}"; do
    [[ $(dpkg-query -W -f='${Status}' "$p" 2>/dev/null) == "install ok installed" ]] || missing+=("$p")
  done
  ((${#missing[@]})) || return 0
  [[ $(id -u) == 0 ]] || { command -v sudo >/dev/null || rig_die "root or sudo is needed to install ${missing[*]}"; sudo=(sudo); }
  rig_log "installing Debian packages: ${missing[*]} (log: $STATE/log/apt.log)"
  local t0=$SECONDS apt=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=300)
  "${apt[@]}" update >>"$STATE/log/apt.log" 2>&1 || { tail -n 20 "$STATE/log/apt.log" >&2; rig_die "apt-get update failed"; }
  "${apt[@]}" install -y --no-install-recommends "${missing[@]}" >>"$STATE/log/apt.log" 2>&1 \
    || { tail -n 20 "$STATE/log/apt.log" >&2; rig_die "apt-get install failed"; }
  rig_log "packages installed in $((SECONDS - t0)) s"
}

# -- 2. Configuration ----------------------------------------------------------------------------
write_config() {
  cat >"$STATE/keystone.conf.new" <<CONF
# Written by scripts/keystone/start.sh; rewritten on every start.
[DEFAULT]
debug = $([[ $DEBUG == 1 ]] && echo true || echo false)
log_file = $STATE/keystone.log
use_stderr = false
$([[ -n $LIST_LIMIT ]] && echo "list_limit = $LIST_LIMIT")

[database]
connection = sqlite:///$STATE/keystone.db
sqlite_synchronous = false

[token]
provider = fernet
expiration = $TOKEN_EXPIRATION

[fernet_tokens]
key_repository = $STATE/fernet-keys

[fernet_receipts]
key_repository = $STATE/fernet-keys

[credential]
key_repository = $STATE/credential-keys
# Keystone 22 caches credentials already decrypted, and then fails to decrypt them again on the next TOTP
# authentication of the same user (KeyError: 'encrypted_blob', HTTP 500): do not cache them.
caching = false

[identity]
password_hash_rounds = $HASH_ROUNDS

[auth]
methods = external,password,token,oauth1,mapped,application_credential,totp

[cache]
# In-process cache: without it each authenticated request costs 0.3-1 s. It is consistent only
# because the server is one process.
enabled = true
backend = dogpile.cache.memory
expiration_time = 600
CONF
  mv "$STATE/keystone.conf.new" "$STATE/keystone.conf"
}

# A running server is reused only if it was started with this very configuration.
config_signature() { { cat "$STATE/keystone.conf"; echo "port=$PORT"; } | sha256sum | cut -c1-16; }

# -- 3. Database, keys, admin --------------------------------------------------------------------
manage() {  # manage <log name> <keystone-manage args...>
  local name=$1; shift
  keystone-manage --config-file "$STATE/keystone.conf" "$@" >"$STATE/log/manage-$name.log" 2>&1 \
    || { tail -n 25 "$STATE/log/manage-$name.log" >&2; rig_log "keystone-manage $name failed"; return 1; }
}

prepare_database() {
  local version pids=() p
  version=$(dpkg-query -W -f='${Version}' python3-keystone)
  mkdir -p "$STATE/fernet-keys" "$STATE/credential-keys"
  chmod 700 "$STATE/fernet-keys" "$STATE/credential-keys"
  # Each keystone-manage call spends ~3 s importing; the independent ones run in parallel
  # (with our lock's fd closed, so a straggler cannot hold it).
  if [[ "$(cat "$STATE/.db-version" 2>/dev/null)" != "$version" ]]; then
    rig_log "creating the database schema"
    (manage db_sync db_sync && echo "$version" >"$STATE/.db-version") 9>&- & pids+=($!)
  fi
  if [[ ! -f $STATE/fernet-keys/0 ]]; then
    manage fernet_setup fernet_setup --keystone-user "$(id -un)" --keystone-group "$(id -gn)" 9>&- & pids+=($!)
  fi
  if [[ ! -f $STATE/credential-keys/0 ]]; then
    manage credential_setup credential_setup --keystone-user "$(id -un)" --keystone-group "$(id -gn)" 9>&- & pids+=($!)
  fi
  for p in "${pids[@]}"; do wait "$p" || rig_die "database or key setup failed (logs: $STATE/log/manage-*.log)"; done
  # Keystone nests database sessions within one request: in SQLite's default journal mode an outer reader blocks the
  # inner writer of the same thread ("database is locked", e.g. on token revocation). WAL lets readers and a writer
  # coexist. The mode is stored in the database file; setting it again is a no-op.
  "$PY" -c 'import sqlite3, sys; sqlite3.connect(sys.argv[1]).execute("PRAGMA journal_mode=WAL").fetchone()' \
    "$STATE/keystone.db" || rig_die "could not switch $STATE/keystone.db to WAL"
}

bootstrap_admin() {
  local signature="$PORT|$ADMIN_PASSWORD|$REGION"
  [[ "$(cat "$STATE/.bootstrap" 2>/dev/null)" == "$signature" ]] && return 0
  rig_log "bootstrapping the admin user, project and identity endpoints"
  manage bootstrap bootstrap --bootstrap-username admin --bootstrap-password "$ADMIN_PASSWORD" \
    --bootstrap-project-name admin --bootstrap-role-name admin --bootstrap-service-name keystone \
    --bootstrap-region-id "$REGION" --bootstrap-public-url "$AUTH_URL" \
    --bootstrap-internal-url "$AUTH_URL" --bootstrap-admin-url "$AUTH_URL" || return 1
  echo "$signature" >"$STATE/.bootstrap"
  rm -f "$SEED_FILE"   # the admin or the URLs changed: seed again
}

# -- 4. Server -----------------------------------------------------------------------------------
answers() { curl -fsS --noproxy '*' -m 3 -o /dev/null "$AUTH_URL" 2>/dev/null; }

log_tail() {
  local f
  for f in "$STATE/log/gunicorn.log" "$STATE/keystone.log"; do
    [[ -f $f ]] || continue
    rig_log "---- last lines of $f ----"
    grep -v ' DEBUG ' "$f" | tail -n 25 >&2 || true
  done
}

start_server() {
  rig_log "starting keystone on $AUTH_URL"
  # One sync worker: SQLite and the in-process cache need a single process and thread, and sync
  # workers answer "Connection: close", so clients never race a half-closed keep-alive socket.
  # setsid detaches it from this shell; fd 9 (our lock) is closed so the daemon cannot hold it.
  (cd "$STATE" && OS_KEYSTONE_CONFIG_DIR=$STATE OS_KEYSTONE_CONFIG_FILES=keystone.conf exec setsid \
    "$PY" /usr/bin/gunicorn --bind "$HOST:$PORT" --workers 1 --worker-class sync --timeout 120 \
    --graceful-timeout 5 --pythonpath "$RIG_DIR" --chdir "$STATE" --capture-output \
    --error-logfile "$STATE/log/gunicorn.log" --access-logfile "$STATE/log/access.log" \
    wsgi:application </dev/null >>"$STATE/log/gunicorn.log" 2>&1 9>&-) &
  echo $! >"$PIDFILE"
}

wait_until_ready() {
  local pid=$1 t0=$2
  until answers; do
    kill -0 "$pid" 2>/dev/null || { rm -f "$PIDFILE"; log_tail; rig_die "keystone exited while starting"; }
    if ((SECONDS - t0 >= WAIT_SECS)); then
      log_tail; rig_kill "$pid"; rig_die "keystone did not answer GET $AUTH_URL within $WAIT_SECS s"
    fi
    sleep 0.3
  done
  rig_log "keystone answers (pid $pid) after $((SECONDS - t0)) s"
}

# -- 5. Test data --------------------------------------------------------------------------------
seed() {
  if [[ -s $SEED_FILE ]] && grep -q "\"auth_url\": \"$AUTH_URL\"" "$SEED_FILE"; then return 0; fi
  rig_log "seeding test data (log: $STATE/log/seed.log)"
  RIG_AUTH_URL=$AUTH_URL RIG_ADMIN_PASSWORD=$ADMIN_PASSWORD RIG_REGION=$REGION RIG_SEED_FILE=$SEED_FILE \
    "$PY" "$RIG_DIR/seed.py" >"$STATE/log/seed.log" 2>&1 || { tail -n 30 "$STATE/log/seed.log" >&2; rig_die "seeding failed"; }
  tail -n 3 "$STATE/log/seed.log" >&2
}

report() {
  echo "KEYSTONE_AUTH_URL=$AUTH_URL"
  echo "KEYSTONE_SEED_FILE=$SEED_FILE"
  echo "KEYSTONE_STATE_DIR=$STATE"
  echo "KEYSTONE_PID=$(<"$PIDFILE")"
}

# -- main ----------------------------------------------------------------------------------------
install_packages
write_config
signature=$(config_signature)
if pid=$(rig_pid); then
  if [[ "$(cat "$STATE/.running-config" 2>/dev/null)" == "$signature" ]] && answers; then
    rig_log "reusing keystone (pid $pid) at $AUTH_URL"
    seed; report; exit 0
  fi
  rig_log "restarting keystone (pid $pid): its configuration changed or it does not answer"
  rig_kill "$pid"
fi
rm -f "$PIDFILE"
if (exec 3<>"/dev/tcp/$HOST/$PORT") 2>/dev/null; then
  rig_die "$HOST:$PORT is in use by a process this script did not start; set KEYSTONE_PORT"
fi
prepare_database
started=$SECONDS
start_server
pid=$(<"$PIDFILE")
# bootstrap writes to the database while gunicorn imports keystone (~3 s each, in parallel);
# the server has cached nothing yet, so it sees the result.
bootstrap_admin || { rig_kill "$pid"; rig_die "bootstrap failed"; }
wait_until_ready "$pid" "$started"
echo "$signature" >"$STATE/.running-config"
seed
report
