#!/usr/bin/env python3
"""Records reference fixtures from the real python-openstackclient (`openstack`) against the project's real Keystone
and Neutron rigs (scripts/keystone/start.sh, scripts/neutron/start.sh). Driven by scripts/cli/record-osc.sh; python3
standard library only.

  record_osc.py env      prints `export OS_...=...` lines for the rig's admin, read from the Keystone seed.json
  record_osc.py sweep    deletes every scratch resource (name or description starting with osc-fixture-)
  record_osc.py record   creates scratch resources, runs the commands, writes the two fixture files

Fixtures (pretty-printed, fixed key order):
  test/fixtures/cli/osc-keys.json    the sorted keys of the JSON each `-f json` command printed (for a list: of its first
                                     row), the stdout and exit code of set / delete / add / remove commands ("quiet"),
                                     the `-f value -c` forms of `project list` ("value") and what did not work ("notes")
  test/fixtures/cli/osc-errors.json  the exit code and first stderr line of three failing commands
"""
import concurrent.futures
import datetime
import json
import os
import secrets
import shlex
import subprocess
import sys

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SEED = os.path.join(os.environ.get("KEYSTONE_STATE_DIR", os.path.join(REPO, ".keystone")), "seed.json")
OUT_DIR = os.path.join(REPO, "test", "fixtures", "cli")
PREFIX = "osc-fixture-"
# Read-only commands run a few at a time: most of an `openstack` call's 1-2 s is Python starting up.
PARALLEL = int(os.environ.get("OSC_RECORD_PARALLEL", "4"))


def pool():
    """A thread pool that, when the block fails (or is interrupted), drops the commands not yet started."""
    return _Pool(PARALLEL)


class _Pool(concurrent.futures.ThreadPoolExecutor):
    def __exit__(self, exc_type, exc, tb):
        self.shutdown(wait=True, cancel_futures=exc_type is not None)
        return False


def log(msg):
    print(f"[record-osc] {msg}", file=sys.stderr, flush=True)


# -- the rig's admin ------------------------------------------------------------------------------------------------
def admin_env():
    """The OS_* variables of the rig's admin (seed.py bootstraps admin/admin on domain Default)."""
    with open(SEED, encoding="utf-8") as f:
        seed = json.load(f)
    env = {
        "OS_AUTH_URL": seed["auth_url"],
        "OS_USERNAME": "admin",
        "OS_PASSWORD": seed["users"]["admin"]["password"],
        "OS_PROJECT_NAME": seed["projects"]["admin"]["name"],
        "OS_USER_DOMAIN_NAME": seed["domains"]["default"]["name"],
        "OS_PROJECT_DOMAIN_NAME": seed["domains"]["default"]["name"],
        "OS_IDENTITY_API_VERSION": "3",
    }
    # The catalog has RegionOne and RegionTwo; only RegionOne's network endpoint (:9696) has a Neutron behind it, and
    # RegionOne (the first region of the seed) is the one Keystone was bootstrapped in.
    regions = seed.get("regions") or []
    if regions:
        env["OS_REGION_NAME"] = regions[0]
    return env


# -- running openstack ----------------------------------------------------------------------------------------------
class Result:
    def __init__(self, argv, rc, out, err):
        self.argv, self.rc, self.out, self.err = argv, rc, out, err

    def first_err_line(self):
        lines = [l for l in self.err.splitlines() if l.strip()]
        return lines[0] if lines else ""

    def json(self):
        return json.loads(self.out)


def osc(*args):
    argv = ["openstack", *args]
    p = subprocess.run(argv, capture_output=True, text=True, timeout=180, stdin=subprocess.DEVNULL)
    return Result(argv, p.returncode, p.stdout, p.stderr)


def osc_ok(*args):
    """Runs openstack and fails loudly unless it exits 0."""
    r = osc(*args)
    if r.rc != 0:
        raise RuntimeError(f"{shlex.join(r.argv)} exited {r.rc}: {r.err.strip()}")
    return r


def osc_json(*args):
    return osc_ok(*args, "-f", "json").json()


# -- sweep: delete every scratch resource ---------------------------------------------------------------------------
def named(rows, key="Name"):
    return [r["ID"] for r in rows if str(r.get(key) or "").startswith(PREFIX)]


def sweep():
    """Deletes everything a run (this one, or an interrupted earlier one) may have left. Best effort: each step is
    independent and a failure is only logged."""
    lists = {
        "fip": ("floating", "ip", "list", "--long"),
        "router": ("router", "list"),
        "port": ("port", "list"),
        "sg": ("security", "group", "list"),
        "network": ("network", "list"),
        "appcred": ("application", "credential", "list"),
        "user": ("user", "list"),
        "group": ("group", "list"),
        "project": ("project", "list"),
        "role": ("role", "list"),
        "domain": ("domain", "list"),
    }
    found = {}
    with pool() as workers:
        futures = {k: workers.submit(osc, *argv, "-f", "json") for k, argv in lists.items()}
        for k, fut in futures.items():
            r = fut.result()
            found[k] = r.json() if r.rc == 0 else []
            if r.rc != 0:
                log(f"sweep: {' '.join(lists[k])} failed: {r.first_err_line()}")
    ids = {
        "fip": named(found["fip"], "Description"),
        **{k: named(found[k]) for k in found if k != "fip"},
    }
    if not any(ids.values()):
        log("sweep: no scratch resources left")
        return

    def delete(*args):
        r = osc(*args)
        if r.rc != 0:
            log(f"sweep: {shlex.join(r.argv)} exited {r.rc}: {r.first_err_line()}")

    log("sweep: deleting " + ", ".join(f"{len(v)} {k}" for k, v in ids.items() if v))
    if ids["fip"]:
        delete("floating", "ip", "delete", *ids["fip"])
    for router in ids["router"]:  # interfaces first: a router with interfaces cannot be deleted
        r = osc("router", "show", router, "-f", "json")
        for itf in (r.json().get("interfaces_info") or []) if r.rc == 0 else []:
            delete("router", "remove", "port", router, itf["port_id"])
    if ids["router"]:
        delete("router", "delete", *ids["router"])
    if ids["port"]:
        delete("port", "delete", *ids["port"])
    if ids["sg"]:
        delete("security", "group", "delete", *ids["sg"])
    if ids["network"]:  # Neutron deletes the networks' subnets with them
        delete("network", "delete", *ids["network"])
    if ids["appcred"]:
        delete("application", "credential", "delete", *ids["appcred"])
    for kind in ("user", "group", "project", "role"):
        if ids[kind]:
            delete(kind, "delete", *ids[kind])
    for domain in ids["domain"]:  # only a disabled domain can be deleted
        delete("domain", "set", "--disable", domain)
    if ids["domain"]:
        delete("domain", "delete", *ids["domain"])


# -- record ---------------------------------------------------------------------------------------------------------
class Recorder:
    def __init__(self):
        self.commands = {}  # label -> sorted keys
        self.quiet = {}  # label -> {"argv", "exit", "stdout"}
        self.notes = {}  # label -> text
        self.failures = []  # labels whose keys could not be recorded (and are not allowed to fail)

    @staticmethod
    def keys_of(result):
        data = result.json()
        if isinstance(data, list):
            return sorted(data[0].keys()) if data else []
        return sorted(data.keys())

    def take(self, label, result, allowed_to_fail=False):
        """Records the keys of a `-f json` command's result under label."""
        if result.rc != 0:
            self.commands[label] = None
            self.notes[label] = f"exit {result.rc}: {result.err.strip()}"
            if not allowed_to_fail:
                self.failures.append(label)
            log(f"FAILED {label}: {result.first_err_line()}")
            return None
        try:
            self.commands[label] = self.keys_of(result)
        except (ValueError, AttributeError) as e:
            self.commands[label] = None
            self.notes[label] = f"output is not a JSON object or array of objects ({e}): {result.out[:200]!r}"
            self.failures.append(label)
            return None
        if self.commands[label] == []:
            self.notes[label] = "printed an empty array"
        return result.json()

    def keys(self, label, *args, allowed_to_fail=False):
        return self.take(label, osc(*args, "-f", "json"), allowed_to_fail)

    def run_quiet(self, label, *args, allowed_to_fail=False):
        r = osc(*args)
        self.quiet[label] = {"exit": r.rc, "stdout": r.out}
        if r.rc != 0:
            self.notes[label] = f"exit {r.rc}: {r.err.strip()}"
            if not allowed_to_fail:
                self.failures.append(label)
            log(f"FAILED {label}: {r.first_err_line()}")
        elif r.out:
            self.notes[label] = "printed to stdout"
        return r


def record():
    rec = Recorder()
    run = f"{datetime.datetime.now(datetime.timezone.utc):%Y%m%d%H%M%S}-{secrets.token_hex(3)}"
    name = lambda kind: f"{PREFIX}{kind}-{run}"  # noqa: E731
    version = subprocess.run(["openstack", "--version"], capture_output=True, text=True)
    version = (version.stdout or version.stderr).strip()

    # -- 1. scratch resources, each create recorded ---------------------------------------------------------------
    log(f"creating scratch resources ({PREFIX}*-{run})")
    domain = rec.keys("domain create", "domain", "create", "--description", "scratch", name("domain"))
    project = rec.keys("project create", "project", "create", "--domain", "Default", "--description", "scratch",
                       name("project"))
    user = rec.keys("user create", "user", "create", "--domain", "Default", "--password", "osc-fixture-secret",
                    "--project", project["id"], "--email", "fixture@example.org", name("user"))
    group = rec.keys("group create", "group", "create", "--domain", "Default", "--description", "scratch",
                     name("group"))
    role = rec.keys("role create", "role", "create", name("role"))
    appcred = rec.keys("application credential create", "application", "credential", "create", "--description",
                       "scratch", name("appcred"))
    net = rec.keys("network create", "network", "create", "--description", "scratch", name("net"))
    subnet = rec.keys("subnet create", "subnet", "create", "--network", net["id"], "--subnet-range",
                      "10.231.0.0/24", name("subnet"))
    port = rec.keys("port create", "port", "create", "--network", net["id"], "--fixed-ip",
                    f"subnet={subnet['id']}", name("port"))
    router = rec.keys("router create", "router", "create", name("router"))
    sg = rec.keys("security group create", "security", "group", "create", "--description", "scratch", name("sg"))
    rule = rec.keys("security group rule create", "security", "group", "rule", "create", "--protocol", "tcp",
                    "--dst-port", "22", "--remote-ip", "192.0.2.0/24", sg["id"])
    # The external network floating IPs come from, its subnet, and a router between it and the scratch subnet.
    ext = osc_json("network", "create", "--external", "--description", "scratch", name("ext"))
    ext_subnet = osc_json("subnet", "create", "--network", ext["id"], "--subnet-range", "198.51.100.0/24",
                          "--no-dhcp", name("ext-subnet"))
    rec.run_quiet("router set --external-gateway", "router", "set", "--external-gateway", ext["id"], router["id"])
    rec.run_quiet("router add subnet", "router", "add", "subnet", router["id"], subnet["id"])
    fip = rec.keys("floating ip create", "floating", "ip", "create", "--description", name("fip"), ext["id"],
                   allowed_to_fail=True)
    if fip is not None:
        rec.run_quiet("floating ip set --port", "floating", "ip", "set", "--port", port["id"], fip["id"],
                      allowed_to_fail=True)
    rec.run_quiet("group add user", "group", "add", "user", group["id"], user["id"])
    rec.run_quiet("role add", "role", "add", "--project", project["id"], "--user", user["id"], role["id"])

    # -- 2. read-only commands, a few at a time -------------------------------------------------------------------
    endpoints = osc_json("endpoint", "list", "--service", "identity", "--interface", "public")
    reads = [
        ("token issue", ("token", "issue")),
        ("catalog list", ("catalog", "list")),
        ("catalog show identity", ("catalog", "show", "identity")),
        ("endpoint list", ("endpoint", "list")),
        ("endpoint show", ("endpoint", "show", endpoints[0]["ID"])),
        ("service list", ("service", "list")),
        ("service show identity", ("service", "show", "identity")),
        ("region list", ("region", "list")),
        ("region show", ("region", "show", os.environ.get("OS_REGION_NAME", "RegionOne"))),
        ("project list", ("project", "list")),
        ("project list --long", ("project", "list", "--long")),
        ("project show", ("project", "show", project["id"])),
        ("user list", ("user", "list")),
        ("user list --long", ("user", "list", "--long")),
        ("user show", ("user", "show", user["id"])),
        ("group list", ("group", "list")),
        ("group show", ("group", "show", group["id"])),
        ("role list", ("role", "list")),
        ("role show", ("role", "show", role["id"])),
        ("role assignment list", ("role", "assignment", "list")),
        ("role assignment list --names", ("role", "assignment", "list", "--names")),
        ("role assignment list --effective", ("role", "assignment", "list", "--effective")),
        ("domain list", ("domain", "list")),
        ("domain show", ("domain", "show", domain["id"])),
        ("application credential list", ("application", "credential", "list")),
        ("application credential show", ("application", "credential", "show", appcred["id"])),
        ("network list", ("network", "list")),
        ("network list --long", ("network", "list", "--long")),
        ("network show", ("network", "show", net["id"])),
        ("subnet list", ("subnet", "list")),
        ("subnet list --long", ("subnet", "list", "--long")),
        ("subnet show", ("subnet", "show", subnet["id"])),
        ("port list", ("port", "list")),
        ("port list --long", ("port", "list", "--long")),
        ("port show", ("port", "show", port["id"])),
        ("router list", ("router", "list")),
        ("router list --long", ("router", "list", "--long")),
        ("router show", ("router", "show", router["id"])),
        ("security group list", ("security", "group", "list")),
        ("security group show", ("security", "group", "show", sg["id"])),
        ("security group rule list", ("security", "group", "rule", "list")),
        ("security group rule show", ("security", "group", "rule", "show", rule["id"])),
        ("floating ip list", ("floating", "ip", "list")),
    ]
    if fip is not None:
        reads.append(("floating ip show", ("floating", "ip", "show", fip["id"])))
    value_forms = {
        "project list -f value -c ID": ("project", "list", "-f", "value", "-c", "ID"),
        "project list -f value -c id": ("project", "list", "-f", "value", "-c", "id"),
    }
    log(f"running {len(reads) + len(value_forms)} read-only commands, {PARALLEL} at a time")
    with pool() as workers:
        futures = [(label, workers.submit(osc, *argv, "-f", "json")) for label, argv in reads]
        value_futures = {label: workers.submit(osc, *argv) for label, argv in value_forms.items()}
        for label, fut in futures:
            rec.take(label, fut.result(), allowed_to_fail=label.startswith("floating ip"))
        value = {}
        for label, fut in value_futures.items():
            r = fut.result()
            lines = r.out.splitlines()
            value[label] = {
                "exit": r.rc,
                "one_id_per_line": r.rc == 0 and bool(lines) and all(len(l) == 32 and l.isalnum() for l in lines),
                "lines": len(lines),
                "stderr_first_line": r.first_err_line(),
            }
    if fip is None:
        rec.commands["floating ip show"] = None
        rec.notes["floating ip show"] = "not run: floating ip create failed"

    # -- 3. set commands --------------------------------------------------------------------------------------------
    log("set / add / remove / delete commands")
    q = rec.run_quiet
    q("project set", "project", "set", "--description", "scratch, changed", project["id"])
    q("user set", "user", "set", "--email", "changed@example.org", user["id"])
    q("group set", "group", "set", "--description", "scratch, changed", group["id"])
    q("role set", "role", "set", "--description", "scratch, changed", role["id"])
    q("domain set", "domain", "set", "--description", "scratch, changed", domain["id"])
    q("network set", "network", "set", "--description", "scratch, changed", net["id"])
    q("subnet set", "subnet", "set", "--description", "scratch, changed", subnet["id"])
    q("port set", "port", "set", "--description", "scratch, changed", port["id"])
    q("router set", "router", "set", "--description", "scratch, changed", router["id"])
    q("security group set", "security", "group", "set", "--description", "scratch, changed", sg["id"])

    # -- 4. remove / delete, in dependency order (the sweep of record-osc.sh's trap then finds nothing) -------------
    if fip is not None:
        q("floating ip unset --port", "floating", "ip", "unset", "--port", fip["id"], allowed_to_fail=True)
        q("floating ip delete", "floating", "ip", "delete", fip["id"], allowed_to_fail=True)
    q("router remove subnet", "router", "remove", "subnet", router["id"], subnet["id"])
    q("router unset --external-gateway", "router", "unset", "--external-gateway", router["id"])
    q("router delete", "router", "delete", router["id"])
    q("port delete", "port", "delete", port["id"])
    q("security group rule delete", "security", "group", "rule", "delete", rule["id"])
    q("security group delete", "security", "group", "delete", sg["id"])
    q("subnet delete", "subnet", "delete", subnet["id"], ext_subnet["id"])
    q("network delete", "network", "delete", net["id"], ext["id"])
    q("application credential delete", "application", "credential", "delete", appcred["id"])
    q("role remove", "role", "remove", "--project", project["id"], "--user", user["id"], role["id"])
    q("group remove user", "group", "remove", "user", group["id"], user["id"])
    q("user delete", "user", "delete", user["id"])
    q("group delete", "group", "delete", group["id"])
    q("project delete", "project", "delete", project["id"])
    q("role delete", "role", "delete", role["id"])
    q("domain set --disable", "domain", "set", "--disable", domain["id"])
    q("domain delete", "domain", "delete", domain["id"])

    # -- 5. errors ----------------------------------------------------------------------------------------------------
    log("error cases")
    errors_argv = {
        "project show does-not-exist": ("project", "show", "does-not-exist"),
        "--os-password wrong project list": ("--os-password", "wrong", "project", "list"),
        "project frobnicate": ("project", "frobnicate"),
    }
    with pool() as workers:
        futs = {label: workers.submit(osc, *argv) for label, argv in errors_argv.items()}
        errors = {}
        for label, fut in futs.items():
            r = fut.result()
            # `stdout` too: cliff prints an unknown command's message there, not on stderr
            errors[label] = {"argv": ["openstack", *errors_argv[label]], "exit": r.rc,
                             "stderr_first_line": r.first_err_line(), "stdout": r.out}

    # -- 6. the fixtures ------------------------------------------------------------------------------------------------
    if rec.failures:
        for label in rec.failures:
            log(f"not recorded: {label}: {rec.notes.get(label)}")
        raise SystemExit(f"{len(rec.failures)} command(s) failed; the fixtures were not written")
    recorded = {"date": datetime.datetime.now(datetime.timezone.utc).date().isoformat(), "openstack": version,
                "os_region_name": os.environ.get("OS_REGION_NAME")}
    keys = {
        "recorded": recorded,
        "commands": rec.commands,
        "quiet": rec.quiet,
        "value": value,
        "notes": dict(sorted(rec.notes.items())),
    }
    write(os.path.join(OUT_DIR, "osc-keys.json"), keys)
    write(os.path.join(OUT_DIR, "osc-errors.json"), {"recorded": recorded, "errors": errors})
    empty = [k for k, v in rec.commands.items() if v == []]
    log(f"recorded {len(rec.commands)} commands ({len(empty)} empty: {empty}), {len(rec.quiet)} quiet ones, "
        f"{len(errors)} errors")


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=2, ensure_ascii=False)
        f.write("\n")
    os.replace(tmp, path)
    log(f"wrote {os.path.relpath(path, REPO)}")


def main():
    cmd = sys.argv[1] if len(sys.argv) == 2 else ""
    if cmd == "env":
        for k, v in admin_env().items():
            print(f"export {k}={shlex.quote(v)}")
    elif cmd == "sweep":
        sweep()
    elif cmd == "record":
        record()
    else:
        raise SystemExit(f"usage: {sys.argv[0]} env|sweep|record")


if __name__ == "__main__":
    main()
