# The environment of the test rigs' scripts (sourced by scripts/keystone/lib.sh and scripts/neutron/start.sh): Debian's
# python and tools, never a pyenv/venv shim; loopback traffic never goes through a proxy.
export PATH="/usr/sbin:/usr/bin:/sbin:/bin${PATH:+:$PATH}"
unset PYTHONHOME PYTHONPATH PYTHONSTARTUP VIRTUAL_ENV
export PYTHONNOUSERSITE=1 LC_ALL=C.UTF-8 LANG=C.UTF-8
export NO_PROXY="127.0.0.1,localhost${NO_PROXY:+,$NO_PROXY}" no_proxy="127.0.0.1,localhost${no_proxy:+,$no_proxy}"
PY=/usr/bin/python3
HOST=127.0.0.1
