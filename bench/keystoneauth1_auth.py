"""keystoneauth1's side of the authentication benchmark (Debian's python3-keystoneauth1): a v3 password plugin on one
Session, then `calls` authenticated GETs from 256 threads (`cold`: with no token yet; `expiry`: after one call, once
its token is within keystoneauth1's 120 s); or (`file`) one GET, as one of many processes (keystoneauth1 keeps no
token between processes). Prints the burst's wall time in ms, as JSON."""
import json
import sys
import time
from concurrent.futures import ThreadPoolExecutor

from keystoneauth1 import session
from keystoneauth1.identity import v3

mode, port, calls = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
base = f"http://127.0.0.1:{port}/v3"
auth = v3.Password(auth_url=base, username="bench", password="bench", user_domain_id="default", project_id="p1")
sess = session.Session(auth=auth)


def get(_):
    sess.get(f"{base}/projects").json()


if mode == "expiry":
    get(0)
    time.sleep(5.5)
start = time.perf_counter()
if mode == "file":
    get(0)
else:
    with ThreadPoolExecutor(256) as pool:
        list(pool.map(get, range(calls)))
print(json.dumps({"ms": (time.perf_counter() - start) * 1000}))
