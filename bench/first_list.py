# openstacksdk's side of the cold-start benchmark: openstack.connect() from the OS_* variables and the first list of
# projects, in a new process. Prints what it found and the process's peak memory, as JSON.
import json
import resource

import openstack

conn = openstack.connect()
projects = len(list(conn.identity.projects()))
print(json.dumps({"projects": projects, "maxRssKiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
