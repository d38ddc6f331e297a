"""WSGI entry point of the test rig's Keystone (loaded by gunicorn as wsgi:application)."""
import sqlite3
import sys

from sqlalchemy import event
from sqlalchemy.engine import Engine

# oslo.config parses sys.argv: gunicorn's own arguments would make every worker exit at start.
sys.argv = sys.argv[:1]


@event.listens_for(Engine, "connect")
def _wait_for_locks(connection, _record):
    """Wait for a lock held by another process (keystone-manage) instead of failing at once."""
    if isinstance(connection, sqlite3.Connection):
        connection.execute("PRAGMA busy_timeout = 30000")


from keystone.server.wsgi import initialize_public_application  # noqa: E402

application = initialize_public_application()
