#!/usr/bin/python3
"""Resolve each clouds.yaml fixture with openstacksdk and write what it gives to expected.json.

Usage: /usr/bin/python3 scripts/openstacksdk/resolve.py [CASE_DIR ...]
(default: every directory under test/fixtures/clouds/ that holds a case).

A case directory holds any of:
  clouds.yaml | clouds.json    the config file (passed as config_files=[...])
  secure.yaml                  passed as secure_files=[...]
  clouds-public.yaml           passed as vendor_files=[...]
  env.json                     the environment: {"OS_CLOUD": "x", ...}
  args.json                    {"cloud": ..., "region_name": ..., "overrides": {...}, "load_envvars": true}
and expected.json is written next to them.

Each case runs in its own python process (openstacksdk caches defaults and mutates module-level file lists), with an
environment that holds only HOME=/home/tester, PATH, LANG and the case's env.json: nothing leaks from the real
environment. The working directory is the case directory, and the files are passed by their relative names, so
relative paths in env.json (OS_CLIENT_CONFIG_FILE=other.yaml) resolve inside the case.

What is recorded is what openstacksdk.connection.from_config() works from: OpenStackConfig(...).get_one(cloud,
**kwargs) with validate=True (the default), i.e. CloudRegion.config, plus the values that CloudRegion derives from it
(get_requests_verify_args, get_interface, get_region_name) and, per service prefix, the per-service keys. If
openstacksdk raises, the error's type and message are recorded instead.
"""
import json
import os
import subprocess
import sys
import warnings

HOME = '/home/tester'
SUFFIXES = ('endpoint_override', 'endpoint', 'interface', 'api_version', 'region_name', 'service_name')
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CASES = os.path.join(ROOT, 'test', 'fixtures', 'clouds')


def json_safe(value):
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def services(config):
    """The per-service keys, by the prefix openstacksdk writes them with (`<service_type>_<key>`)."""
    found = {}
    for key, value in config.items():
        for suffix in SUFFIXES:
            if key.endswith('_' + suffix) and len(key) > len(suffix) + 1 and value is not None:
                prefix = key[:-(len(suffix) + 1)]
                found.setdefault(prefix, {})
                break
    result = {}
    for prefix in found:
        entry = {}
        override = config.get(prefix + '_endpoint_override') or config.get(prefix + '_endpoint')
        if override is not None:
            entry['endpoint_override'] = override
        for suffix in ('interface', 'api_version', 'region_name', 'service_name'):
            if config.get(prefix + '_' + suffix) is not None:
                entry[suffix] = config[prefix + '_' + suffix]
        result[prefix] = entry
    return result


def resolve_one(case):
    """Runs inside the isolated child process, with cwd = the case directory."""
    from openstack.config import loader
    import openstack.version

    def exists(name):
        return os.path.exists(name)

    args = {}
    if exists('args.json'):
        with open('args.json') as f:
            args = json.load(f)
    config_files = [n for n in ('clouds.yaml', 'clouds.yml', 'clouds.json') if exists(n)]
    secure_files = [n for n in ('secure.yaml',) if exists(n)]
    vendor_files = [n for n in ('clouds-public.yaml',) if exists(n)]
    out = {'openstacksdk': openstack.version.__version__}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        try:
            osc = loader.OpenStackConfig(
                config_files=config_files, secure_files=secure_files, vendor_files=vendor_files,
                load_envvars=args.get('load_envvars', True))
            kwargs = dict(args.get('overrides', {}))
            if 'region_name' in args:
                kwargs['region_name'] = args['region_name']
            region = osc.get_one(cloud=args.get('cloud'), **kwargs)
            verify, cert = region.get_requests_verify_args()
            out['result'] = json_safe({
                'name': region.name,
                'config': region.config,
                'verify': verify,
                'cert': cert,
                'interface': region.get_interface(),
                'region_name': region.get_region_name(),
                'services': services(region.config),
            })
        except Exception as e:  # what openstacksdk raised, recorded
            out['error'] = {'type': type(e).__name__, 'module': type(e).__module__, 'message': str(e)}
    messages = sorted(set(str(w.message) for w in caught))
    if messages:
        out['warnings'] = messages
    return out


def run_case(case):
    env = {'HOME': HOME, 'PATH': '/usr/bin:/bin', 'LANG': 'C.UTF-8', 'PYTHONDONTWRITEBYTECODE': '1'}
    env_file = os.path.join(case, 'env.json')
    if os.path.exists(env_file):
        with open(env_file) as f:
            case_env = json.load(f)
        for key in sorted(case_env):
            env[key] = case_env[key]
    proc = subprocess.run(
        ['/usr/bin/python3', os.path.abspath(__file__), '--one', case],
        cwd=case, env=env, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit('resolving %s failed' % case)
    result = json.loads(proc.stdout)
    with open(os.path.join(case, 'expected.json'), 'w') as f:
        json.dump(result, f, indent=2, sort_keys=True, ensure_ascii=False)
        f.write('\n')
    outcome = 'error ' + result['error']['type'] if 'error' in result else 'ok'
    print('%-40s %s' % (os.path.basename(case), outcome))


def main(argv):
    if len(argv) >= 2 and argv[0] == '--one':
        json.dump(resolve_one(argv[1]), sys.stdout)
        return
    cases = argv or sorted(
        os.path.join(CASES, d) for d in os.listdir(CASES)
        if os.path.isdir(os.path.join(CASES, d)) and not d.startswith('_'))
    for case in cases:
        run_case(os.path.abspath(case))


if __name__ == '__main__':
    main(sys.argv[1:])
