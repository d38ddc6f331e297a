#!/usr/bin/env bash
# Installs the Python anchors of the benchmarks, if missing: Debian's python3-keystoneauth1 (the Session), and
# python3-openstacksdk / python3-openstackclient (a new process's first list, the CLI).
set -euo pipefail
packages=(python3-keystoneauth1 python3-openstacksdk python3-openstackclient)
missing=()
for p in "${packages[@]}"; do
  [[ $(dpkg-query -W -f='${Status}' "$p" 2>/dev/null) == "install ok installed" ]] || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0
sudo=(); [[ $(id -u) == 0 ]] || sudo=(sudo)
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -q update >&2
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -q install -y --no-install-recommends "${missing[@]}" >&2
