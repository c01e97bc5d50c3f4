"""Alembic's environment for the audit schema. Run through stepwise_storage.migrate,
which passes the connection (and holds the migration lock)."""
from alembic import context

from actions.audit import metadata
from stepwise_storage.migrate import VERSION_TABLE

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - always called with a connection
    raise RuntimeError("run the audit migrations through `python -m stepwise_storage.migrate`")

context.configure(
    connection=connection,
    target_metadata=metadata,
    version_table=VERSION_TABLE,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying them
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
