"""Creates (or finds) Neutron's service user in the Keystone of the rig: project `service`, user `neutron` with the
password `neutron-secret` and the roles admin and service there. Prints the Keystone URL. Reads the rig's seed.json
(KS_SEED) for the admin credentials."""
import json
import os
import urllib.parse
import urllib.request

seed = json.load(open(os.environ["KS_SEED"]))
AUTH_URL = seed["auth_url"]
admin = seed["users"]["admin"]
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def call(method, path, body=None, token=None):
    request = urllib.request.Request(AUTH_URL + path, method=method,
                                     data=None if body is None else json.dumps(body).encode())
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("X-Auth-Token", token)
    with opener.open(request, timeout=60) as response:
        raw = response.read()
        return response.headers, (json.loads(raw) if raw else None)


headers, _ = call("POST", "/auth/tokens", {"auth": {
    "identity": {"methods": ["password"], "password": {"user": {"id": admin["id"], "password": admin["password"]}}},
    "scope": {"project": {"name": "admin", "domain": {"id": "default"}}}}})
TOKEN = headers["X-Subject-Token"]


def find_or_create(collection, key, filters, body):
    _, found = call("GET", f"/{collection}?" + urllib.parse.urlencode(filters), token=TOKEN)
    return found[collection][0] if found[collection] else call("POST", f"/{collection}", {key: body}, TOKEN)[1][key]


project = find_or_create("projects", "project", {"name": "service", "domain_id": "default"},
                         {"name": "service", "domain_id": "default", "description": "service project"})
user = find_or_create("users", "user", {"name": "neutron", "domain_id": "default"},
                      {"name": "neutron", "domain_id": "default", "password": "neutron-secret",
                       "default_project_id": project["id"]})
for role_name in ("admin", "service"):
    role = find_or_create("roles", "role", {"name": role_name}, {"name": role_name})
    call("PUT", f"/projects/{project['id']}/users/{user['id']}/roles/{role['id']}", token=TOKEN)
print(AUTH_URL)
