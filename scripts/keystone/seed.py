"""Seeds the test rig's Keystone with identity data through the v3 API, then writes the facts
the tests read (ids, names, passwords, endpoints) to a JSON file.

Idempotent: every object is looked up by name first and created only when missing, so running it
again against the same database yields the same ids. Standard library only (Debian's python3).

Environment: RIG_AUTH_URL, RIG_ADMIN_PASSWORD, RIG_REGION, RIG_SEED_FILE.
"""
import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request

AUTH_URL = os.environ["RIG_AUTH_URL"].rstrip("/")
ADMIN_PASSWORD = os.environ["RIG_ADMIN_PASSWORD"]
REGION_ONE, REGION_TWO = os.environ["RIG_REGION"], "RegionTwo"
SEED_FILE = os.environ["RIG_SEED_FILE"]
NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def http(method, path, body=None, token=None, ok=(200, 201, 204)):
    """One API call; returns (status, headers, decoded body). Retries a 5xx (SQLite lock) a few times."""
    data = None if body is None else json.dumps(body).encode()
    for attempt in range(5):
        request = urllib.request.Request(AUTH_URL + path, data=data, method=method)
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("X-Auth-Token", token)
        try:
            with NO_PROXY.open(request, timeout=60) as response:
                status, headers, raw = response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            status, headers, raw = error.code, error.headers, error.read()
        if status < 500 or attempt == 4:
            break
        time.sleep(0.5 * (attempt + 1))
    if ok and status not in ok:
        raise SystemExit(f"{method} {path}: HTTP {status} {raw[:300]!r}")
    return status, headers, (json.loads(raw) if raw else None)


def authenticate(name, password, project=None, domain="default"):
    """Password authentication; returns (token, token body)."""
    auth = {"identity": {"methods": ["password"],
                         "password": {"user": {"name": name, "domain": {"id": domain}, "password": password}}}}
    if project:
        auth["scope"] = {"project": {"id": project}}
    _, headers, body = http("POST", "/auth/tokens", {"auth": auth}, ok=(201,))
    return headers["X-Subject-Token"], body["token"]


ADMIN_TOKEN, admin_body = authenticate("admin", ADMIN_PASSWORD)
_, _, scoped = http("GET", "/auth/projects", token=ADMIN_TOKEN)
admin_project = next(p for p in scoped["projects"] if p["name"] == "admin")
ADMIN_TOKEN, admin_body = authenticate("admin", ADMIN_PASSWORD, admin_project["id"])


def query(**params):
    return "?" + urllib.parse.urlencode(params)


def ensure(collection, member, match, body, update=None):
    """The first object of `collection` matching `match`, created from `body` if there is none;
    `update` is PATCHed onto an existing one (so passwords and flags are always as declared)."""
    _, _, found = http("GET", f"/{collection}" + query(**match), token=ADMIN_TOKEN)
    if found[collection]:
        current = found[collection][0]
        if update:
            current = http("PATCH", f"/{collection}/{current['id']}", {member: update}, token=ADMIN_TOKEN)[2][member]
        return current
    return http("POST", f"/{collection}", {member: body}, token=ADMIN_TOKEN)[2][member]


# -- domains and projects --------------------------------------------------------------------
acme = ensure("domains", "domain", {"name": "acme"}, {"name": "acme", "description": "second domain"})
domains = {"default": {"id": "default", "name": "Default"}, "acme": {"id": acme["id"], "name": "acme"}}


def project(name, domain_id, parent=None, tags=()):
    body = {"name": name, "domain_id": domain_id, "description": f"test project {name}", "tags": list(tags)}
    if parent:
        body["parent_id"] = parent["id"]
    p = ensure("projects", "project", {"name": name, "domain_id": domain_id}, body)
    return {"id": p["id"], "name": name, "domain_id": domain_id, "parent_id": p["parent_id"], "tags": p.get("tags", [])}


projects = {"admin": {"id": admin_project["id"], "name": "admin", "domain_id": "default",
                      "parent_id": "default", "tags": []}}
projects["demo"] = project("demo", "default", tags=("seeded", "demo"))
projects["demo-child"] = project("demo-child", "default", parent=projects["demo"])
projects["alt"] = project("alt", "default")
projects["acme-project"] = project("acme-project", acme["id"])

# -- roles -------------------------------------------------------------------------------------
roles = {}
for role in ("admin", "member", "reader", "observer"):
    r = ensure("roles", "role", {"name": role}, {"name": role})
    roles[role] = {"id": r["id"], "name": role}

# -- users ---------------------------------------------------------------------------------------
def user(name, domain_id, password, default_project=None, enabled=True):
    settings = {"password": password, "enabled": enabled, "email": f"{name}@example.org"}
    if default_project:
        settings["default_project_id"] = default_project["id"]
    u = ensure("users", "user", {"name": name, "domain_id": domain_id},
               {"name": name, "domain_id": domain_id, **settings}, update=settings)
    return {"id": u["id"], "name": name, "password": password, "domain_id": domain_id,
            "default_project_id": default_project["id"] if default_project else None, "enabled": enabled}


users = {"admin": {"id": admin_body["user"]["id"], "name": "admin", "password": ADMIN_PASSWORD,
                   "domain_id": "default", "default_project_id": None, "enabled": True}}
users["demo"] = user("demo", "default", "demo-secret", projects["demo"])
users["noproject"] = user("noproject", "default", "noproject-secret")
users["acme-user"] = user("acme-user", acme["id"], "acme-secret", projects["acme-project"])
users["disabled-user"] = user("disabled-user", "default", "disabled-secret", enabled=False)

# -- a group with a role, and role assignments -------------------------------------------------
group = ensure("groups", "group", {"name": "demo-group", "domain_id": "default"},
               {"name": "demo-group", "domain_id": "default", "description": "test group"})
for member in ("noproject",):
    http("PUT", f"/groups/{group['id']}/users/{users[member]['id']}", token=ADMIN_TOKEN)
groups = {"demo-group": {"id": group["id"], "name": "demo-group", "domain_id": "default", "members": ["noproject"]}}

assignments = []


def grant(role, user=None, group=None, project=None, domain=None):
    target = f"/projects/{projects[project]['id']}" if project else f"/domains/{domains[domain]['id']}"
    actor = f"/users/{users[user]['id']}" if user else f"/groups/{groups[group]['id']}"
    http("PUT", f"{target}{actor}/roles/{roles[role]['id']}", token=ADMIN_TOKEN)
    assignments.append({"role": role, "user": user, "group": group, "project": project, "domain": domain})


grant("member", user="demo", project="demo")
grant("observer", user="demo", project="demo")
grant("reader", user="demo", project="demo-child")
grant("member", group="demo-group", project="alt")
grant("member", user="acme-user", project="acme-project")
grant("admin", user="admin", domain="default")
grant("admin", user="admin", domain="acme")

# -- regions, services, endpoints (all three interfaces; block-storage only in RegionTwo) ---------
if http("GET", f"/regions/{REGION_TWO}", token=ADMIN_TOKEN, ok=None)[0] == 404:
    http("POST", "/regions", {"region": {"id": REGION_TWO, "description": "second region"}}, token=ADMIN_TOKEN)

SERVICES = [  # type, name, port, path, regions, interfaces -- nothing listens on these (but Neutron may on 9696)
    ("compute", "nova", 8774, "/v2.1", (REGION_ONE, REGION_TWO), ("public", "internal", "admin")),
    ("network", "neutron", 9696, "", (REGION_ONE, REGION_TWO), ("public", "internal", "admin")),
    ("image", "glance", 9292, "", (REGION_ONE, REGION_TWO), ("public", "internal", "admin")),
    ("block-storage", "cinderv3", 8776, "/v3/$(project_id)s", (REGION_TWO,), ("public",)),
]


def endpoint_url(port, path, region, interface):
    """Unique per (region, interface): RegionTwo is on port + 10000, internal/admin carry a prefix."""
    prefix = "" if interface == "public" else f"/{interface}"
    return f"http://127.0.0.1:{port + (10000 if region == REGION_TWO else 0)}{prefix}{path}"


services, endpoints = {}, []
for service_type, name, port, path, regions, interfaces in SERVICES:
    svc = ensure("services", "service", {"type": service_type},
                 {"type": service_type, "name": name, "description": f"{name} (test catalog entry)"})
    services[service_type] = {"id": svc["id"], "type": service_type, "name": name}
    for region in regions:
        for interface in interfaces:
            url = endpoint_url(port, path, region, interface)
            ep = ensure("endpoints", "endpoint", {"service_id": svc["id"], "region_id": region, "interface": interface},
                        {"service_id": svc["id"], "region_id": region, "interface": interface, "url": url},
                        update={"url": url})
            endpoints.append({"id": ep["id"], "service_type": service_type, "region": region,
                              "interface": interface, "url": url})
_, _, identity = http("GET", "/services" + query(type="identity"), token=ADMIN_TOKEN)
services["identity"] = {"id": identity["services"][0]["id"], "type": "identity", "name": identity["services"][0]["name"]}

# -- an application credential of demo on demo (its secret is known only when it is created) ----
try:
    previous = json.load(open(SEED_FILE))["application_credentials"]["demo"]
except (OSError, ValueError, KeyError):
    previous = {}
demo_token, demo_body = authenticate("demo", "demo-secret", projects["demo"]["id"])
demo_id = users["demo"]["id"]
_, _, found = http("GET", f"/users/{demo_id}/application_credentials" + query(name="demo-appcred"), token=demo_token)
credential = found["application_credentials"][0] if found["application_credentials"] else None
if credential and credential["id"] != previous.get("id"):
    http("DELETE", f"/users/{demo_id}/application_credentials/{credential['id']}", token=demo_token)
    credential = None
if credential is None:
    secret = "demo-appcred-secret"
    credential = http("POST", f"/users/{demo_id}/application_credentials", {"application_credential": {
        "name": "demo-appcred", "secret": secret, "roles": [{"name": "member"}],
        "description": "member on demo"}}, token=demo_token)[2]["application_credential"]
else:
    secret = previous["secret"]
application_credentials = {"demo": {"id": credential["id"], "name": "demo-appcred", "secret": secret,
                                    "user_id": demo_id, "project_id": projects["demo"]["id"], "roles": ["member"]}}

# -- check what we seeded through the API, then write the facts atomically ----------------------
catalog = {(s["type"], e["region_id"], e["interface"]) for s in demo_body["catalog"] for e in s["endpoints"]}
assert ("block-storage", REGION_TWO, "public") in catalog and ("compute", REGION_ONE, "admin") in catalog, catalog
_, _, by_credential = http("POST", "/auth/tokens", {"auth": {"identity": {
    "methods": ["application_credential"],
    "application_credential": {"id": credential["id"], "secret": secret}}}}, ok=(201,))
assert by_credential["token"]["project"]["id"] == projects["demo"]["id"]

facts = {"auth_url": AUTH_URL, "regions": [REGION_ONE, REGION_TWO], "domains": domains, "projects": projects,
         "roles": roles, "users": users, "groups": groups, "role_assignments": assignments,
         "services": services, "endpoints": endpoints, "application_credentials": application_credentials}
with open(SEED_FILE + ".tmp", "w") as out:
    json.dump(facts, out, indent=2, sort_keys=True)
os.replace(SEED_FILE + ".tmp", SEED_FILE)
print(f"seeded {len(projects)} projects, {len(users)} users, 1 group, {len(assignments)} role assignments, "
      f"{len(services)} services, {len(endpoints)} endpoints, 1 application credential")
print(f"facts: {SEED_FILE}")
