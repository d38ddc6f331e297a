#!/usr/bin/env bash
# Regenerates test/fixtures/clouds/*/expected.json with Debian's openstacksdk (python3-openstacksdk 0.101 on bookworm).
# Installs it with apt when it is missing (needs root or sudo). Usage: bash scripts/openstacksdk/regenerate.sh [case dir…]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

if ! /usr/bin/python3 -c 'import openstack.config.loader' 2>/dev/null; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3-openstacksdk
fi
/usr/bin/python3 -c 'import openstack.version as v; print("openstacksdk", v.__version__)'
exec /usr/bin/python3 "$here/resolve.py" "$@"
