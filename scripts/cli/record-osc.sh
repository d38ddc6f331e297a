#!/usr/bin/env bash
# Records the reference fixtures of the openstack-client-compatible CLI from the real python-openstackclient
# (`openstack`, Debian's python3-openstackclient) against the project's real Keystone and Neutron rigs:
#
#   test/fixtures/cli/osc-keys.json     for each `openstack ... -f json` command, the sorted keys of the object it printed
#                                       (of the first row for a list); the stdout and exit code of the set / add /
#                                       remove / delete commands ("quiet"); the `project list -f value -c ID|id` forms
#                                       ("value"); what did not work ("notes")
#   test/fixtures/cli/osc-errors.json   the exit code and first stderr line of three failing commands
#
#   bash scripts/cli/record-osc.sh      # ~1-2 minutes; re-runnable
#
# It starts the rigs (scripts/keystone/start.sh, scripts/neutron/start.sh) only when they do not answer, and leaves
# them running. It works as the rig's admin (from the Keystone rig's seed.json) on scratch resources named
# osc-fixture-*, which it deletes at the end; an EXIT trap sweeps whatever is left (also what an interrupted earlier
# run left). The fixtures are written only when every command could be recorded (floating IPs may fail into "notes").
set -euo pipefail
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
REPO_DIR=$(cd "$SCRIPT_DIR/../.." && pwd -P)
# Debian's python and tools, no proxy for loopback (the rigs' own environment).
source "$REPO_DIR/scripts/rig-env.sh"
HELPER=("$PY" "$SCRIPT_DIR/record_osc.py")
log() { printf '[record-osc] %s\n' "$*" >&2; }

command -v openstack >/dev/null || { log "ERROR: no openstack command (apt-get install python3-openstackclient)"; exit 1; }

# -- 1. The rigs: started only when they do not answer (start.sh would reuse them anyway, but costs a few seconds) ---
answers() { curl -fsS --noproxy '*' -m 3 -o /dev/null "$1" 2>/dev/null; }
if ! answers http://127.0.0.1:5000/v3; then
  log "starting the Keystone rig"
  bash "$REPO_DIR/scripts/keystone/start.sh" >/dev/null
fi
if ! answers http://127.0.0.1:9696/; then
  log "starting the Neutron rig"
  bash "$REPO_DIR/scripts/neutron/start.sh" >/dev/null
fi

# -- 2. The admin's OS_* variables, and nothing else of the caller's (no OS_CLOUD, no stray token) --------------------
while IFS= read -r var; do unset "$var"; done < <(compgen -e | grep '^OS_' || true)
admin_env=$("${HELPER[@]}" env)
eval "$admin_env"
log "as $OS_USERNAME on project $OS_PROJECT_NAME at $OS_AUTH_URL (region ${OS_REGION_NAME:-none}), $(openstack --version 2>&1)"

# -- 3. Scratch resources swept on exit, whatever happens; and before, what an interrupted run may have left ---------
sweep() { "${HELPER[@]}" sweep || log "WARNING: the sweep failed; delete the osc-fixture-* resources by hand"; }
trap sweep EXIT
trap 'exit 130' INT
trap 'exit 143' TERM   # a signal ends the script through its EXIT trap
sweep

# -- 4. Create, run, record, delete; write the fixtures -------------------------------------------------------------
"${HELPER[@]}" record
