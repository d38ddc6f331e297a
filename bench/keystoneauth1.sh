#!/usr/bin/env bash
# Installs Debian's python3-keystoneauth1 for the comparison benchmark, if it is missing.
set -euo pipefail
[[ $(dpkg-query -W -f='${Status}' python3-keystoneauth1 2>/dev/null) == "install ok installed" ]] && exit 0
sudo=(); [[ $(id -u) == 0 ]] || sudo=(sudo)
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -q update >&2
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -q install -y --no-install-recommends python3-keystoneauth1 >&2
