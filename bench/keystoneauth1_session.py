"""The same work through keystoneauth1's Session (Debian's python3-keystoneauth1): a v3 password plugin against the
bench server, then authenticated GETs of /v3/projects, sequentially and from 64 threads. Prints JSON."""
import json
import sys
import time
from concurrent.futures import ThreadPoolExecutor

from keystoneauth1 import session
from keystoneauth1.identity import v3

port, count = int(sys.argv[1]), int(sys.argv[2])
base = f"http://127.0.0.1:{port}/v3"
auth = v3.Password(auth_url=base, username="bench", password="bench", user_domain_id="default", project_id="p1")
sess = session.Session(auth=auth)


def get(_):
    sess.get(f"{base}/projects").json()


get(0)
for _ in range(200):
    get(0)
start = time.perf_counter()
for i in range(count):
    get(i)
sequential = (time.perf_counter() - start) / count
with ThreadPoolExecutor(64) as pool:
    start = time.perf_counter()
    list(pool.map(get, range(count)))
    concurrent = (time.perf_counter() - start) / count
print(json.dumps({"c1": sequential * 1e6, "c64": concurrent * 1e6}))
