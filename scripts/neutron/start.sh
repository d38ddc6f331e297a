#!/usr/bin/env bash
# Starts a real Neutron (Debian bookworm's python3-neutron, Zed 21) API-only on 127.0.0.1 for the integration tests,
# beside the Keystone of scripts/keystone/start.sh (which must be running: its catalog lists the network endpoint
# http://127.0.0.1:9696), and prints the facts as KEY=value lines on stdout:
#
#   eval "$(scripts/neutron/start.sh)"   # NEUTRON_URL, NEUTRON_STATE_DIR, NEUTRON_PID
#
# ML2 with no mechanism drivers and no agents, oslo.messaging's in-process fake driver, SQLite: nothing touches host
# networking (ports stay DOWN and unbound). Idempotent: a running server with the same configuration is reused; one
# started with another configuration is restarted. Progress and errors go to stderr.
#
#   NEUTRON_STATE_DIR   state directory (default: <repo>/.neutron)
#   NEUTRON_PORT        port on 127.0.0.1 (9696: the port in the Keystone rig's catalog)
#   NEUTRON_PAGE_SIZE   pagination_max_limit: the most items Neutron answers per page (3: the tests cross pages)
#   NEUTRON_WAIT_SECS   readiness timeout in seconds (90)
#   KEYSTONE_STATE_DIR  the Keystone rig's state directory (default: <repo>/.keystone), for its seed.json
set -Eeuo pipefail
RIG_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
REPO_DIR=$(cd "$RIG_DIR/../.." && pwd -P)
source "$REPO_DIR/scripts/rig-env.sh"
PORT=${NEUTRON_PORT:-9696}
PAGE_SIZE=${NEUTRON_PAGE_SIZE:-3}
WAIT_SECS=${NEUTRON_WAIT_SECS:-90}
STATE=${NEUTRON_STATE_DIR:-$REPO_DIR/.neutron}
KS_SEED=${KEYSTONE_STATE_DIR:-$REPO_DIR/.keystone}/seed.json
URL="http://$HOST:$PORT"
PIDFILE=$STATE/neutron.pid

log() { printf '[neutron] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
for v in PORT PAGE_SIZE WAIT_SECS; do [[ ${!v} =~ ^[0-9]+$ ]] || die "NEUTRON_$v must be a whole number (got '${!v}')"; done
[[ -s $KS_SEED ]] || die "no $KS_SEED: start the Keystone rig first (scripts/keystone/start.sh)"
mkdir -p "$STATE/log" "$STATE/lock"
exec 9>"$STATE/.lock"
flock -w 300 9 || die "could not lock $STATE/.lock within 300 s"

answers() { curl -fsS --noproxy '*' -m 3 -o /dev/null "$URL/" 2>/dev/null; }
our_pid() {
  local pid; [[ -s $PIDFILE ]] || return 1; pid=$(<"$PIDFILE")
  [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null && grep -qa 'neutron-server' "/proc/$pid/cmdline" && echo "$pid"
}
stop_pid() { kill -TERM "$1" 2>/dev/null || true; for _ in $(seq 20); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done; kill -KILL "$1" 2>/dev/null || true; }
report() { echo "NEUTRON_URL=$URL"; echo "NEUTRON_STATE_DIR=$STATE"; echo "NEUTRON_PID=$(<"$PIDFILE")"; }

# -- 1. Debian package (python3-neutron only: neutron-server / neutron-common bring dbconfig-common and services) ----
if [[ $(dpkg-query -W -f='${Status}' python3-neutron 2>/dev/null) != "install ok installed" ]]; then
  sudo=(); [[ $(id -u) == 0 ]] || sudo=(sudo)
  log "installing python3-neutron (log: $STATE/log/apt.log)"
  apt=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=300)
  "${apt[@]}" update >>"$STATE/log/apt.log" 2>&1 \
    && "${apt[@]}" install -y --no-install-recommends python3-neutron >>"$STATE/log/apt.log" 2>&1 \
    || { tail -n 20 "$STATE/log/apt.log" >&2; die "apt-get failed"; }
fi
PASTE=/usr/lib/python3/dist-packages/neutron/tests/etc/api-paste.ini   # identical to upstream etc/api-paste.ini
[[ -f $PASTE ]] || die "missing $PASTE"
cp "$PASTE" "$STATE/api-paste.ini"

# -- 2. The service user in Keystone (project service, roles admin and service), through the API ----------------------
KS_AUTH_URL=$(KS_SEED=$KS_SEED "$PY" "$RIG_DIR/service_user.py") || die "could not create the neutron user in Keystone"

# -- 3. Configuration ------------------------------------------------------------------------------------------------
cat >"$STATE/neutron.conf" <<CONF
# Written by scripts/neutron/start.sh; rewritten on every start.
[DEFAULT]
core_plugin = ml2
service_plugins = router
auth_strategy = keystone
bind_host = $HOST
bind_port = $PORT
api_paste_config = $STATE/api-paste.ini
transport_url = fake:/
debug = false
log_file = $STATE/neutron.log
use_stderr = false
state_path = $STATE
notify_nova_on_port_status_changes = false
notify_nova_on_port_data_changes = false
dhcp_agent_notification = false
allow_overlapping_ips = true
pagination_max_limit = $PAGE_SIZE
api_workers = 0
rpc_workers = 0
rpc_state_report_workers = 0
[database]
connection = sqlite:///$STATE/neutron.db
[oslo_concurrency]
lock_path = $STATE/lock
[ml2]
type_drivers = flat,vlan,vxlan
tenant_network_types = vxlan
mechanism_drivers =
extension_drivers = port_security
[ml2_type_vxlan]
vni_ranges = 1:1000
[ml2_type_flat]
flat_networks = *
[ml2_type_vlan]
network_vlan_ranges = physnet1:100:200
[keystone_authtoken]
www_authenticate_uri = $KS_AUTH_URL
auth_url = $KS_AUTH_URL
auth_type = password
username = neutron
password = neutron-secret
project_name = service
user_domain_id = default
project_domain_id = default
CONF
signature=$({ cat "$STATE/neutron.conf"; echo "port=$PORT"; } | sha256sum | cut -c1-16)

if pid=$(our_pid); then
  if [[ "$(cat "$STATE/.running-config" 2>/dev/null)" == "$signature" ]] && answers; then
    log "reusing neutron-server (pid $pid) at $URL"; report; exit 0
  fi
  log "restarting neutron-server (pid $pid): its configuration changed or it does not answer"
  stop_pid "$pid"
fi
rm -f "$PIDFILE"
(exec 3<>"/dev/tcp/$HOST/$PORT") 2>/dev/null && die "$HOST:$PORT is in use by a process this script did not start"

# -- 4. Schema: Neutron's migrations do not run on SQLite (ALTER of constraints), so the tables are made from the models
#       (as Neutron's own unit tests do) and the alembic heads stamped.
if [[ ! -s $STATE/neutron.db ]]; then
  log "creating the database schema"
  "$PY" -c 'import sys, sqlalchemy as sa; from neutron.db.migration.models import head
head.get_metadata().create_all(sa.create_engine("sqlite:///" + sys.argv[1]))' "$STATE/neutron.db" \
    >"$STATE/log/schema.log" 2>&1 \
  && "$PY" -c 'import sys; sys.argv[0] = "neutron-db-manage"; from neutron.db.migration.cli import main; sys.exit(main())' \
       --config-file "$STATE/neutron.conf" stamp heads >>"$STATE/log/schema.log" 2>&1 \
  || { rm -f "$STATE/neutron.db"; tail -n 20 "$STATE/log/schema.log" >&2; die "schema creation failed"; }
fi

# -- 5. Server: one eventlet process; fd 9 (our lock) closed so that the daemon cannot hold it -------------------------
log "starting neutron-server on $URL"
(cd "$STATE" && exec setsid "$PY" -c 'import sys; sys.argv[0] = "neutron-server"
from neutron.cmd.eventlet.server import main; sys.exit(main())' --config-file "$STATE/neutron.conf" \
  </dev/null >>"$STATE/log/server.log" 2>&1 9>&-) &
pid=$!; echo "$pid" >"$PIDFILE"
t0=$SECONDS
until answers; do
  kill -0 "$pid" 2>/dev/null || { rm -f "$PIDFILE"; tail -n 30 "$STATE/log/server.log" "$STATE/neutron.log" >&2; die "neutron-server exited"; }
  if ((SECONDS - t0 >= WAIT_SECS)); then
    tail -n 20 "$STATE/neutron.log" >&2; stop_pid "$pid"; rm -f "$PIDFILE"
    die "neutron-server did not answer within $WAIT_SECS s"
  fi
  sleep 0.2
done
echo "$signature" >"$STATE/.running-config"
log "neutron-server answers (pid $pid) after $((SECONDS - t0)) s"
report
