#!/usr/bin/env bash
# npm run test:keystone — starts the real Keystone (or reuses a running one) and runs test/keystone/ against it.
# Extra arguments go to vitest (e.g. a test name filter).
set -Eeuo pipefail
rig=$(dirname "${BASH_SOURCE[0]}")
eval "$(bash "$rig/start.sh")"
export KEYSTONE_AUTH_URL KEYSTONE_SEED_FILE
exec vitest run --project keystone "$@"
