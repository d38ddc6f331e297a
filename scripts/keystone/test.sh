#!/usr/bin/env bash
# npm run test:keystone — starts the real Keystone (or reuses a running one) and runs test/keystone/ against it.
# A second instance, with 5-second tokens and a list limit of 3, serves the tests about expiry and truncation
# (KEYSTONE_SHORT_AUTH_URL / _SEED_FILE); it lives in .keystone-short/ on the next port.
# Extra arguments go to vitest (e.g. a test file or a name filter).
set -Eeuo pipefail
rig=$(dirname "${BASH_SOURCE[0]}")
repo=$(cd "$rig/../.." && pwd -P)
value() { sed -n "s/^$1=//p" <<<"$2"; }

main=$(bash "$rig/start.sh")
short=$(KEYSTONE_STATE_DIR="$repo/.keystone-short" KEYSTONE_PORT=$((${KEYSTONE_PORT:-5000} + 1)) \
  KEYSTONE_TOKEN_EXPIRATION=5 KEYSTONE_LIST_LIMIT=3 bash "$rig/start.sh")
KEYSTONE_AUTH_URL=$(value KEYSTONE_AUTH_URL "$main")
KEYSTONE_SEED_FILE=$(value KEYSTONE_SEED_FILE "$main")
KEYSTONE_SHORT_AUTH_URL=$(value KEYSTONE_AUTH_URL "$short")
KEYSTONE_SHORT_SEED_FILE=$(value KEYSTONE_SEED_FILE "$short")
export KEYSTONE_AUTH_URL KEYSTONE_SEED_FILE KEYSTONE_SHORT_AUTH_URL KEYSTONE_SHORT_SEED_FILE
exec vitest run --project keystone "$@"
