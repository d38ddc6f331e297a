#!/usr/bin/env bash
# npm run test:cloud — starts the real servers (or reuses running ones) and runs test/keystone/ and test/neutron/
# against them:
#   - Keystone (scripts/keystone/start.sh) on KEYSTONE_PORT (5000);
#   - a second Keystone, with 5-second tokens and a list limit of 3, for the tests about expiry and truncation
#     (KEYSTONE_SHORT_AUTH_URL / _SEED_FILE), in .keystone-short/ on the next port;
#   - Neutron (scripts/neutron/start.sh) on 9696, the port in Keystone's catalog, with pages of 3 items;
#   - Redis (scripts/redis/start.sh) on 6390, for the fleet tests (REDIS_URL; REDIS_STATE_DIR to kill and restart it).
# Extra arguments go to vitest (e.g. a test file or a name filter).
set -Eeuo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
value() { sed -n "s/^$1=//p" <<<"$2"; }

main=$(bash "$repo/scripts/keystone/start.sh")
short=$(KEYSTONE_STATE_DIR="$repo/.keystone-short" KEYSTONE_PORT=$((${KEYSTONE_PORT:-5000} + 1)) \
  KEYSTONE_TOKEN_EXPIRATION=5 KEYSTONE_LIST_LIMIT=3 bash "$repo/scripts/keystone/start.sh")
KEYSTONE_AUTH_URL=$(value KEYSTONE_AUTH_URL "$main")
KEYSTONE_SEED_FILE=$(value KEYSTONE_SEED_FILE "$main")
KEYSTONE_SHORT_AUTH_URL=$(value KEYSTONE_AUTH_URL "$short")
KEYSTONE_SHORT_SEED_FILE=$(value KEYSTONE_SEED_FILE "$short")
neutron=$(KEYSTONE_STATE_DIR=$(value KEYSTONE_STATE_DIR "$main") bash "$repo/scripts/neutron/start.sh")
NEUTRON_URL=$(value NEUTRON_URL "$neutron")
redis=$(bash "$repo/scripts/redis/start.sh")
REDIS_URL=$(value REDIS_URL "$redis")
REDIS_STATE_DIR=$(value REDIS_STATE_DIR "$redis")
export KEYSTONE_AUTH_URL KEYSTONE_SEED_FILE KEYSTONE_SHORT_AUTH_URL KEYSTONE_SHORT_SEED_FILE NEUTRON_URL REDIS_URL REDIS_STATE_DIR
exec vitest run --project cloud "$@"
