"""Alembic environment: migrations run against ``SQLModel.metadata``."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import app.metadata  # noqa: F401  (registers every table on SQLModel.metadata)
from app.db import claves_foraneas_suspendidas, crear_engine
from app.settings import cargar_settings

target_metadata = SQLModel.metadata
config = context.config


def run_migrations_offline() -> None:
    context.configure(
        url=cargar_settings().database_url,
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = crear_engine(cargar_settings().database_url)
    with (
        engine.connect() as connection,
        claves_foraneas_suspendidas(connection),
        connection.begin(),
    ):
        _run(connection)
    engine.dispose()


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
